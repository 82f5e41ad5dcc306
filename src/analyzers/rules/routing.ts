// Routing rules: OSPF and BGP hygiene, static routes, the services a gateway must relay.
import { canonicalInterface } from "../../network/interface-names.js";
import {
  bgpConfig,
  type InterfaceConfig,
  interfaceForAddress,
  ospfConfigs,
  staticRoutes,
} from "../../network/ios/model.js";
import { type ConfigNode, childrenMatching, firstChild } from "../../network/ios/parse.js";
import { formatPrefix, parseIpv4 } from "../../network/ip.js";
import { type DeviceContext, type DeviceRule, has, interfaceHeader } from "./rule.js";

/** Interfaces that run OSPF: covered by a network statement and not passive. */
export function ospfActiveInterfaces(ctx: DeviceContext): InterfaceConfig[] {
  return ospfConfigs(ctx.tree).flatMap((ospf) => {
    const networks = childrenMatching(ospf.node, /^network\s+\S+\s+\S+\s+area\s/).flatMap((node) => {
      const [, address, wildcard] = node.text.split(/\s+/);
      const a = parseIpv4(address ?? "");
      const w = parseIpv4(wildcard ?? "");
      return a === null || w === null ? [] : [{ a, mask: ~w >>> 0 }];
    });
    const passiveDefault = has(ospf.node, /^passive-interface default$/);
    const listed = (pattern: RegExp) =>
      new Set(
        childrenMatching(ospf.node, pattern).map((node) =>
          canonicalInterface(node.text.split(/\s+/).at(-1) as string),
        ),
      );
    const active = listed(/^no passive-interface\s+\S+$/);
    const passive = listed(/^passive-interface\s+(?!default)\S+$/);
    return ctx.interfaces.filter((iface) => {
      const address = iface.address;
      if (!address || !networks.some((n) => (address.ip & n.mask) >>> 0 === (n.a & n.mask) >>> 0))
        return false;
      return passiveDefault ? active.has(iface.name) : !passive.has(iface.name);
    });
  });
}

function externalNeighbors(ctx: DeviceContext) {
  const bgp = bgpConfig(ctx.tree);
  if (!bgp) return [];
  return bgp.neighbors
    .filter((n) => n.remoteAs !== null && n.remoteAs !== bgp.asn)
    .map((n) => ({
      bgp,
      neighbor: n,
      has: (pattern: RegExp) => n.nodes.some((node) => pattern.test(node.text)),
    }));
}

const bgpNeighborRule = (
  id: string,
  title: string,
  severity: DeviceRule["severity"],
  present: (address: string) => RegExp,
  message: (address: string) => string,
  remediation: (address: string, bgpLine: string) => string[],
): DeviceRule => ({
  id,
  scope: "device",
  category: "routing",
  severity,
  title,
  check: (ctx) =>
    externalNeighbors(ctx)
      .filter(({ neighbor, has: hasLine }) => !hasLine(present(neighbor.address)))
      .map(({ bgp, neighbor }) => ({
        line: (neighbor.nodes[0] as ConfigNode).line,
        interface: interfaceForAddress(ctx.interfaces, neighbor.address)?.name ?? null,
        message: message(neighbor.address),
        remediation: remediation(neighbor.address, bgp.node.text),
      })),
});

const escaped = (address: string) => address.replace(/\./g, "\\.");

export const routingRules: DeviceRule[] = [
  {
    id: "ROUTE-OSPF-NO-ROUTER-ID",
    scope: "device",
    category: "routing",
    severity: "low",
    title: "OSPF without an explicit router-id",
    check: ({ tree }) =>
      ospfConfigs(tree)
        .filter((ospf) => ospf.routerId === null)
        .map((ospf) => ({
          line: ospf.node.line,
          message: `${ospf.node.text} picks its router-id from an interface address; it changes when that interface does`,
          remediation: [],
        })),
  },
  {
    id: "ROUTE-OSPF-NO-PASSIVE-DEFAULT",
    scope: "device",
    category: "routing",
    severity: "low",
    title: "OSPF hellos on every interface",
    check: ({ tree }) =>
      ospfConfigs(tree)
        .filter((ospf) => !has(ospf.node, /^passive-interface default$/))
        .map((ospf) => ({
          line: ospf.node.line,
          message: `${ospf.node.text} sends hellos on every covered interface, including user LANs where anyone can form an adjacency`,
          remediation: [],
        })),
  },
  {
    id: "ROUTE-OSPF-NO-AUTH",
    scope: "device",
    category: "routing",
    severity: "medium",
    title: "OSPF adjacency without authentication",
    check: (ctx) => {
      const areaAuth = ospfConfigs(ctx.tree).some((ospf) => has(ospf.node, /^area\s+\S+\s+authentication/));
      if (areaAuth) return [];
      return ospfActiveInterfaces(ctx)
        .filter((iface) => !has(iface.node, /^ip ospf authentication/))
        .map((iface) => ({
          line: iface.node.line,
          interface: iface.name,
          message: `${iface.name} runs OSPF without authentication: any device on the segment can inject routes`,
          remediation: [],
        }));
    },
  },
  {
    id: "ROUTE-BGP-NO-ROUTER-ID",
    scope: "device",
    category: "routing",
    severity: "low",
    title: "BGP without an explicit router-id",
    check: ({ tree }) => {
      const bgp = bgpConfig(tree);
      return bgp && bgp.routerId === null
        ? [{ line: bgp.node.line, message: `${bgp.node.text} has no 'bgp router-id'`, remediation: [] }]
        : [];
    },
  },
  {
    id: "ROUTE-BGP-NO-LOG-CHANGES",
    scope: "device",
    category: "routing",
    severity: "low",
    title: "BGP neighbor changes not logged",
    check: ({ tree }) => {
      const bgp = bgpConfig(tree);
      return bgp && !has(bgp.node, /^bgp log-neighbor-changes$/)
        ? [
            {
              line: bgp.node.line,
              message: "without 'bgp log-neighbor-changes' session flaps leave no trace in the log",
              remediation: [bgp.node.text, " bgp log-neighbor-changes"],
            },
          ]
        : [];
    },
  },
  {
    id: "ROUTE-BGP-AGGRESSIVE-TIMERS",
    scope: "device",
    category: "routing",
    severity: "medium",
    title: "BGP timers too aggressive",
    suggests: { label: "bgp-flap", weight: 0.35 },
    check: (ctx) => {
      const bgp = bgpConfig(ctx.tree);
      if (!bgp) return [];
      return bgp.neighbors.flatMap((n) =>
        n.nodes
          .map((node) => ({ node, match: /^neighbor \S+ timers (\d+) (\d+)/.exec(node.text) }))
          .filter(({ match }) => match && (Number(match[1]) < 10 || Number(match[2]) < 30))
          .map(({ node, match }) => ({
            line: node.line,
            interface: interfaceForAddress(ctx.interfaces, n.address)?.name ?? null,
            message: `neighbor ${n.address} uses keepalive ${match?.[1]}s / hold ${match?.[2]}s: a few lost keepalives tear the session down`,
            remediation: [bgp.node.text, ` no ${node.text}`],
          })),
      );
    },
  },
  bgpNeighborRule(
    "ROUTE-BGP-NO-PASSWORD",
    "eBGP session without MD5 authentication",
    "medium",
    (a) => new RegExp(`^neighbor ${escaped(a)} password\\s`),
    (a) => `eBGP neighbor ${a} has no password: the session can be reset or hijacked with spoofed TCP`,
    () => [],
  ),
  bgpNeighborRule(
    "ROUTE-BGP-NO-INBOUND-FILTER",
    "eBGP session without an inbound filter",
    "high",
    (a) => new RegExp(`^neighbor ${escaped(a)} (prefix-list|route-map|filter-list|distribute-list) \\S+ in$`),
    (a) => `eBGP neighbor ${a} has no inbound filter: every route it sends, including leaks, is accepted`,
    () => [],
  ),
  bgpNeighborRule(
    "ROUTE-BGP-NO-MAX-PREFIX",
    "eBGP session without maximum-prefix",
    "medium",
    (a) => new RegExp(`^neighbor ${escaped(a)} maximum-prefix\\s`),
    (a) => `eBGP neighbor ${a} has no maximum-prefix: a full-table leak fills memory`,
    (a, bgpLine) => [bgpLine, ` neighbor ${a} maximum-prefix 1000 90`],
  ),
  {
    id: "ROUTE-BGP-AS-DESCRIPTION-MISMATCH",
    scope: "device",
    category: "routing",
    severity: "high",
    title: "BGP remote-as differs from the AS in the neighbor's description",
    suggests: { label: "bgp-peer-as-mismatch", weight: 0.3 },
    check: (ctx) =>
      externalNeighbors(ctx).flatMap(({ bgp, neighbor }) => {
        const description = neighbor.nodes
          .map((node) => /^neighbor \S+ description .*\bAS ?(\d+)\b/i.exec(node.text))
          .find(Boolean);
        const documented = description ? Number(description[1]) : null;
        const remoteAs = neighbor.nodes.find((node) => / remote-as /.test(node.text));
        if (documented === null || documented === neighbor.remoteAs || !remoteAs) return [];
        return [
          {
            line: remoteAs.line,
            interface: interfaceForAddress(ctx.interfaces, neighbor.address)?.name ?? null,
            message: `neighbor ${neighbor.address} is configured as AS ${neighbor.remoteAs} but its description says AS ${documented}`,
            remediation: [bgp.node.text, ` neighbor ${neighbor.address} remote-as ${documented}`],
          },
        ];
      }),
  },
  {
    id: "ROUTE-STATIC-NULL0",
    scope: "device",
    category: "routing",
    severity: "medium",
    title: "Static route to Null0",
    suggests: { label: "wrong-static-route", weight: 0.2 },
    check: (ctx) => {
      const bgp = bgpConfig(ctx.tree);
      const announced = new Set(
        bgp ? childrenMatching(bgp.node, /^network\s/).map((node) => node.text.split(/\s+/)[1]) : [],
      );
      return staticRoutes(ctx.tree)
        .filter(
          (route) =>
            route.outInterface?.startsWith("Null") &&
            !announced.has(formatPrefix(route.prefix).split("/")[0]),
        )
        .map((route) => ({
          line: route.node.line,
          message: `${formatPrefix(route.prefix)} is routed to Null0 and not announced in BGP: traffic to it is silently dropped`,
          remediation: [`no ${route.node.text}`],
        }));
    },
  },
  {
    id: "ROUTE-DHCP-HELPER-MISSING",
    scope: "device",
    category: "routing",
    severity: "high",
    title: "User gateway without a DHCP relay",
    suggests: { label: "dhcp-relay-missing", weight: 0.6 },
    check: ({ tree, interfaces }) => {
      if (has(tree, /^ip dhcp pool\s/)) return [];
      const known = interfaces.flatMap((i) =>
        childrenMatching(i.node, /^ip helper-address\s+\S+$/).map(
          (node) => node.text.split(/\s+/)[2] as string,
        ),
      );
      return interfaces
        .filter(
          (i) =>
            i.address !== null &&
            !i.shutdown &&
            /\b(USERS?|CLIENTS?|GUEST|WLAN|STAFF)\b/i.test(i.description) &&
            !has(i.node, /^ip helper-address\s/),
        )
        .map((i) => ({
          line: i.node.line,
          interface: i.name,
          message: `${i.name} (${i.description}) is a user gateway with no 'ip helper-address' and the device serves no DHCP pool: new clients get no address`,
          remediation: known[0] ? [interfaceHeader(i), ` ip helper-address ${known[0]}`] : [],
        }));
    },
  },
  {
    id: "ROUTE-DNS-NO-NAMESERVER",
    scope: "device",
    category: "routing",
    severity: "medium",
    title: "DNS proxy without an upstream name server",
    check: ({ tree }) => {
      const server = firstChild(tree, /^ip dns server$/);
      return server && !has(tree, /^ip name-server\s/)
        ? [
            {
              line: server.line,
              message: "'ip dns server' answers clients but has no 'ip name-server' to ask",
              remediation: [],
            },
          ]
        : [];
    },
  },
];
