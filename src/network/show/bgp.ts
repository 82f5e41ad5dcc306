// `show ip bgp summary` (every session's state, uptime and prefixes) and `show ip bgp neighbors` (what the
// summary leaves out: the description and how often the session dropped).
import { type BgpNeighbor, BgpStateSchema } from "../types.js";
import { formatAge, parseAge } from "./age.js";
import { blocks } from "./text.js";

/** "64000.2017" (asdot) or "65010" to the plain number. */
export function asNumber(text: string): number {
  const [high, low] = text.split(".");
  return low === undefined ? Number(high) : Number(high) * 65536 + Number(low);
}

export interface BgpSummary {
  router_id: string;
  local_as: number;
  neighbors: Array<{
    peer: string;
    remote_as: number;
    up_down_s: number;
    state: BgpNeighbor["state"];
    prefixes_received: number;
    /** The State/PfxRcd column as printed ("1351", "Idle (Admin)"). */
    state_text: string;
  }>;
}

const SUMMARY_HEADER = /BGP router identifier (\S+), local AS number (\S+)/;
const SUMMARY_ROW =
  /^(\d+\.\d+\.\d+\.\d+)\s+4\s+(\d+(?:\.\d+)?)\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+(\S+)\s+(.+?)\s*$/;

function stateOf(text: string): BgpNeighbor["state"] {
  if (/^\d+$/.test(text)) return "Established";
  const word = text.split(/\s/)[0] ?? "";
  const parsed = BgpStateSchema.safeParse(word);
  return parsed.success ? parsed.data : "Idle";
}

/** Null when BGP is not running ("% BGP not active"). Only the first address family's table is read. */
export function parseShowIpBgpSummary(text: string): BgpSummary | null {
  const header = SUMMARY_HEADER.exec(text);
  if (!header) return null;
  const neighbors: BgpSummary["neighbors"] = [];
  for (const line of text.slice(header.index).split(/\r?\n/)) {
    if (neighbors.length > 0 && SUMMARY_HEADER.test(line)) break;
    const m = SUMMARY_ROW.exec(line);
    if (!m) continue;
    const stateText = m[4] as string;
    neighbors.push({
      peer: m[1] as string,
      remote_as: asNumber(m[2] as string),
      up_down_s: parseAge(m[3] as string) ?? 0,
      state: stateOf(stateText),
      prefixes_received: /^\d+$/.test(stateText) ? Number(stateText) : 0,
      state_text: stateText,
    });
  }
  return { router_id: header[1] as string, local_as: asNumber(header[2] as string), neighbors };
}

export function renderShowIpBgpSummary(
  routerId: string,
  localAs: number,
  neighbors: readonly BgpNeighbor[],
): string {
  const rows = neighbors.map((n) => {
    const state = n.state === "Established" ? String(n.prefixes_received) : n.state;
    return `${n.peer.padEnd(15)} 4 ${String(n.remote_as).padStart(12)} ${"1000".padStart(7)} ${"1000".padStart(7)} ${"12".padStart(8)}    0    0 ${formatAge(n.uptime_s).padEnd(8)} ${state.padStart(8)}`;
  });
  return `BGP router identifier ${routerId}, local AS number ${localAs}
BGP table version is 12, main routing table version 12
${neighbors.reduce((sum, n) => sum + n.prefixes_received, 0)} network entries using 2480 bytes of memory
BGP activity 12/0 prefixes, 12/0 paths, scan interval 60 secs

Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd
${rows.join("\n")}
`;
}

export interface BgpNeighborDetail {
  peer: string;
  vrf: string;
  remote_as: number;
  local_as: number | null;
  description: string;
  state: BgpNeighbor["state"];
  established: number;
  dropped: number;
}

const NEIGHBOR =
  /^BGP neighbor is (\S+?),\s+(?:vrf (\S+),\s+)?remote AS (\S+?),(?:\s+local AS (\S+?)(?:,|\s))?/;

export function parseShowIpBgpNeighbors(text: string): BgpNeighborDetail[] {
  return blocks(text, NEIGHBOR).map(([header, body]) => {
    const m = NEIGHBOR.exec(header) as RegExpExecArray;
    const connections = /Connections established (\d+); dropped (\d+)/.exec(body);
    return {
      peer: m[1] as string,
      vrf: m[2] ?? "",
      remote_as: asNumber(m[3] as string),
      local_as: m[4] ? asNumber(m[4]) : null,
      description: /^ Description: (.*?)\s*$/m.exec(body)?.[1] ?? "",
      state: stateOf(/BGP state = (\S+)/.exec(body)?.[1]?.replace(/,$/, "") ?? "Idle"),
      established: Number(connections?.[1] ?? 0),
      dropped: Number(connections?.[2] ?? 0),
    };
  });
}

export function renderShowIpBgpNeighbors(routerAs: number, neighbors: readonly BgpNeighbor[]): string {
  return neighbors
    .map((n) => {
      const link = n.remote_as === n.local_as ? "internal" : "external";
      const localAs = n.local_as === routerAs ? "" : ` local AS ${n.local_as},`;
      const state =
        n.state === "Established"
          ? `Established, up for ${formatAge(n.uptime_s)}`
          : `${n.state}, down for ${formatAge(n.uptime_s)}`;
      return `BGP neighbor is ${n.peer},  remote AS ${n.remote_as},${localAs} ${link} link
${n.description ? ` Description: ${n.description}\n` : ""}  BGP version 4, remote router ID ${n.state === "Established" ? n.peer : "0.0.0.0"}
  BGP state = ${state}
  Last read 00:00:24, last write 00:00:22, hold time is 180, keepalive interval is 60 seconds

 For address family: IPv4 Unicast
                                 Sent       Rcvd
  Prefix activity:               ----       ----
    Prefixes Current:               1 ${String(n.prefixes_received).padStart(10)} (Consumes 80 bytes)

  Connections established ${n.flaps + (n.state === "Established" ? 1 : 0)}; dropped ${n.flaps}
  Last reset ${n.flaps > 0 ? formatAge(n.uptime_s) : "never"}
`;
    })
    .join("\n");
}

/** The sessions as the model sees them: the summary's rows, with the detail's description and drop count. */
export function bgpNeighborsOf(
  summary: BgpSummary | null,
  details: readonly BgpNeighborDetail[],
): BgpNeighbor[] {
  if (!summary) return [];
  return summary.neighbors.map((row) => {
    const detail = details.find((d) => d.peer === row.peer && d.vrf === "");
    return {
      peer: row.peer,
      remote_as: row.remote_as,
      local_as: detail?.local_as ?? summary.local_as,
      state: row.state,
      uptime_s: row.up_down_s,
      flaps: detail?.dropped ?? 0,
      prefixes_received: row.prefixes_received,
      description: detail?.description ?? "",
    };
  });
}
