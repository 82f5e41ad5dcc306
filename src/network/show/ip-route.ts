// `show ip route` (the table) and `show ip route ADDRESS` (the entry a destination uses).
import { maskToPrefix } from "../ip.js";
import type { Route } from "../types.js";
import { formatAge, parseAge } from "./age.js";

export interface RouteRow {
  vrf: string;
  /** The code column as printed: "O", "O E2", "D EX", "i L2", "B", "S", "C", "L". */
  code: string;
  candidate_default: boolean;
  prefix: string;
  distance: number | null;
  metric: number | null;
  next_hop: string | null;
  interface: string | null;
}

const IP = String.raw`\d+\.\d+\.\d+\.\d+`;
const ROUTE = new RegExp(
  String.raw`^([A-Za-z]{1,2})(\*?)\s?((?:[A-Z][A-Z0-9]|su|ia|L[12]|EX|IA|E[12]|N[12])?)\s+(${IP})(?:\/(\d+))?\s*(.*)$`,
);
const SUBNETTED = new RegExp(String.raw`^\s+(${IP})\/(\d+) is subnetted`);
const CONTINUATION = /^\s+(\[\d+\/\d+\].*)$/;

function path(rest: string): Pick<RouteRow, "distance" | "metric" | "next_hop" | "interface"> {
  const dm = /^\[(\d+)\/(\d+)\]/.exec(rest);
  const via = new RegExp(`via (${IP})`).exec(rest);
  // After the next hop come the age and the outgoing interface, comma-separated; an age is not an interface.
  const tail = rest
    .replace(/^\[\d+\/\d+\]/, "")
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part && !/^via |^is (?:directly connected|a summary)$/.test(part));
  const last = tail.at(-1);
  return {
    distance: dm ? Number(dm[1]) : null,
    metric: dm ? Number(dm[2]) : null,
    next_hop: via ? (via[1] as string) : null,
    interface: last !== undefined && parseAge(last) === null && !/^via\b/.test(last) ? last : null,
  };
}

export function parseShowIpRoute(text: string): RouteRow[] {
  const rows: RouteRow[] = [];
  let vrf = "";
  let classfulLength: number | null = null;
  let pending: Omit<RouteRow, "distance" | "metric" | "next_hop" | "interface"> | null = null;
  for (const line of text.split(/\r?\n/)) {
    const table = /^Routing Table: (\S+)/.exec(line);
    if (table) {
      vrf = table[1] as string;
      continue;
    }
    const subnetted = SUBNETTED.exec(line);
    if (subnetted) {
      classfulLength = Number(subnetted[2]);
      continue;
    }
    if (/^\s+\S+ is variably subnetted/.test(line)) {
      classfulLength = null;
      continue;
    }
    const more = CONTINUATION.exec(line);
    if (more && pending) {
      rows.push({ ...pending, ...path(more[1] as string) });
      continue;
    }
    const m = ROUTE.exec(line);
    if (!m || /^Codes:/.test(line)) continue;
    const length = m[5] !== undefined ? Number(m[5]) : classfulLength;
    if (length === null) continue;
    pending = {
      vrf,
      code: [m[1], m[3]].filter(Boolean).join(" "),
      candidate_default: m[2] === "*",
      prefix: `${m[4]}/${length}`,
    };
    const rest = (m[6] as string).trim();
    // An entry whose paths are all on the following lines ("O E2    192.168.10.168" then "[110/20] via ...").
    if (rest) rows.push({ ...pending, ...path(rest) });
  }
  return rows;
}

const PROTOCOLS: Record<string, Route["protocol"]> = {
  C: "connected",
  S: "static",
  O: "ospf",
  B: "bgp",
  D: "eigrp",
  R: "rip",
  i: "isis",
};

const DEFAULT_DISTANCE: Partial<Record<Route["protocol"], number>> = { static: 1 };

/** The global table as the model sees it; local (L) host routes are the device's own addresses and left out. */
export function routesOf(rows: readonly RouteRow[]): Route[] {
  return rows.flatMap((row) => {
    const letter = row.code.split(" ")[0] as string;
    if (row.vrf !== "" || letter === "L") return [];
    const protocol = PROTOCOLS[letter] ?? "other";
    return [
      {
        prefix: row.prefix,
        protocol,
        next_hop: row.next_hop,
        interface: row.interface,
        distance: row.distance ?? DEFAULT_DISTANCE[protocol] ?? 0,
        metric: row.metric ?? 0,
      },
    ];
  });
}

const CODES: Record<Route["protocol"], string> = {
  connected: "C",
  static: "S",
  ospf: "O",
  bgp: "B",
  eigrp: "D",
  rip: "R",
  isis: "i",
  other: "o",
};

/** The model has no route ages: a device rendered from it shows every learnt route as a week old. */
const RENDERED_AGE = formatAge(7 * 86_400);

function pathText(route: Route): string {
  if (route.protocol === "connected") return `is directly connected, ${route.interface ?? "Null0"}`;
  const via = route.next_hop ? ` via ${route.next_hop}` : "";
  const age = route.protocol === "static" ? [] : [RENDERED_AGE];
  return [
    `[${route.distance}/${route.metric}]${via}`,
    ...age,
    ...(route.interface ? [route.interface] : []),
  ].join(", ");
}

export function renderShowIpRoute(routes: readonly Route[]): string {
  const fallback = routes.find((r) => r.prefix === "0.0.0.0/0");
  const lines = [
    "Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP",
    "       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area",
    "       E1 - OSPF external type 1, E2 - OSPF external type 2",
    "       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2",
    "       ia - IS-IS inter area, * - candidate default, U - per-user static route",
    "       o - ODR, P - periodic downloaded static route, H - NHRP, l - LISP",
    "",
    fallback
      ? `Gateway of last resort is ${fallback.next_hop ?? fallback.interface} to network 0.0.0.0`
      : "Gateway of last resort is not set",
    "",
  ];
  let previous: Route | null = null;
  for (const route of routes) {
    if (previous && previous.prefix === route.prefix && previous.protocol === route.protocol) {
      lines.push(`${" ".repeat(route.prefix.length + 10)}${pathText(route)}`);
    } else {
      const code = `${CODES[route.protocol]}${route.prefix === "0.0.0.0/0" ? "*" : ""}`;
      lines.push(`${code.padEnd(9)}${route.prefix} ${pathText(route)}`);
    }
    previous = route;
  }
  return `${lines.join("\n")}\n`;
}

const KNOWN_VIA: Record<string, Route["protocol"]> = {
  connected: "connected",
  static: "static",
  ospf: "ospf",
  bgp: "bgp",
  eigrp: "eigrp",
  rip: "rip",
  isis: "isis",
};

/** `show ip route ADDRESS`: the entry the device uses, or null for "% Network not in table". */
export function parseRouteEntry(text: string): Route | null {
  const entry = new RegExp(`^Routing entry for (${IP})(?:/(\\d+)| (${IP}))`, "m").exec(text);
  const known = /Known via "(\S+)[^"]*", distance (\d+), metric (\d+)/.exec(text);
  if (!entry || !known) return null;
  const length = entry[2] !== undefined ? Number(entry[2]) : maskToPrefix(entry[3] as string);
  const block = /^\s+\* (.*)$/m.exec(text)?.[1] ?? "";
  const hop = new RegExp(`^(${IP})`).exec(block);
  return {
    prefix: `${entry[1]}/${length ?? 32}`,
    protocol: KNOWN_VIA[known[1] as string] ?? "other",
    next_hop: hop ? (hop[1] as string) : null,
    interface: /via (\S+)\s*$/.exec(block)?.[1] ?? null,
    distance: Number(known[2]),
    metric: Number(known[3]),
  };
}

export function renderRouteEntry(route: Route | null, process: string): string {
  if (route === null) return "% Network not in table\n";
  const [network, length] = route.prefix.split("/");
  const head =
    route.prefix === "0.0.0.0/0"
      ? "Routing entry for 0.0.0.0 0.0.0.0, supernet"
      : `Routing entry for ${network}/${length}`;
  const source = route.protocol === "connected" || route.protocol === "static" ? route.protocol : process;
  const hop =
    route.protocol === "connected"
      ? "directly connected"
      : [
          route.next_hop,
          route.next_hop ? `from ${route.next_hop}` : null,
          route.next_hop ? `${RENDERED_AGE} ago` : null,
        ]
          .filter(Boolean)
          .join(", ");
  return `${head}
  Known via "${source}", distance ${route.distance}, metric ${route.metric}
  Routing Descriptor Blocks:
  * ${[hop, route.interface ? `via ${route.interface}` : null].filter(Boolean).join(", ")}
      Route metric is ${route.metric}, traffic share count is 1
`;
}
