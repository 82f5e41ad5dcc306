// `show interfaces`: state, speed and duplex, addressing, rates and error counters of every interface.
// One parse serves three getters (interfaces, counters, addresses); the record keeps what IOS prints and
// the conversions below turn it into the NetworkSource model.
import type { Counters, Duplex, Interface, InterfaceIp } from "../types.js";
import { formatAge, parseAge } from "./age.js";
import { blocks, num, round2 } from "./text.js";

export interface InterfaceRecord {
  name: string;
  /** "up", "down", "administratively down", "reset", "deleted". */
  link: string;
  /** "up", "down", "up (connected)", "down (notconnect)", ... */
  protocol: string;
  description: string;
  address: { ip: string; prefix_length: number } | null;
  mtu: number;
  bw_kbit: number;
  /** Whether IOS printed a duplex and speed line: Ethernet ports do, loopbacks, tunnels and VLANs do not. */
  media: boolean;
  duplex: Duplex;
  /** The negotiated or fixed rate on the media line; null where IOS prints Auto-speed or no media line. */
  media_mbps: number | null;
  last_input_s: number | null;
  last_output_s: number | null;
  input_rate_bps: number;
  input_pps: number;
  output_rate_bps: number;
  output_pps: number;
  input_packets: number;
  broadcasts: number;
  input_errors: number;
  crc: number;
  runts: number;
  output_errors: number;
  collisions: number;
  late_collisions: number;
  input_drops: number;
  output_drops: number;
}

const HEADER = /^(\S+) is ([^,]+), line protocol is (.+?)\s*$/;

function duplexOf(body: string): { media: boolean; duplex: Duplex; media_mbps: number | null } {
  const line = /^\s*(Full|Half|Auto)[- ]([Dd]uplex)(?:,\s*([^,\n]+))?/m.exec(body);
  if (!line) return { media: /^\s*Unknown, Unknown,/m.test(body), duplex: "unknown", media_mbps: null };
  const rate = /^(\d+)\s*(Mb\/s|Mbps|Gb\/s|Gbps)$/.exec(line[3]?.trim() ?? "");
  return {
    media: true,
    duplex: (line[1] as string).toLowerCase() as Duplex,
    media_mbps: rate ? Number(rate[1]) * (/^G/.test(rate[2] as string) ? 1000 : 1) : null,
  };
}

function lastSeen(text: string | undefined): number | null {
  return text === undefined ? null : parseAge(text);
}

export function parseShowInterfaces(text: string): InterfaceRecord[] {
  return blocks(text, HEADER).map(([header, body]) => {
    const [, name, link, protocol] = HEADER.exec(header) as RegExpExecArray;
    const address = /Internet address is (\d+\.\d+\.\d+\.\d+)\/(\d+)/.exec(body);
    const input = /\d+ (?:minute|second) input rate (\d+) bits\/sec, (\d+) packets\/sec/.exec(body);
    const output = /\d+ (?:minute|second) output rate (\d+) bits\/sec, (\d+) packets\/sec/.exec(body);
    const last = /Last input ([^,]+), output ([^,]+),/.exec(body);
    const queue = /Input queue: \d+\/\d+\/(\d+)\/\d+/.exec(body);
    return {
      name: name as string,
      link: link as string,
      protocol: protocol as string,
      description: /^\s*Description: (.*?)\s*$/m.exec(body)?.[1] ?? "",
      address: address ? { ip: address[1] as string, prefix_length: Number(address[2]) } : null,
      mtu: num(/MTU (\d+) bytes/.exec(body)?.[1]),
      bw_kbit: num(/BW (\d+) Kbit/.exec(body)?.[1]),
      ...duplexOf(body),
      last_input_s: lastSeen(last?.[1]),
      last_output_s: lastSeen(last?.[2]),
      input_rate_bps: num(input?.[1]),
      input_pps: num(input?.[2]),
      output_rate_bps: num(output?.[1]),
      output_pps: num(output?.[2]),
      input_packets: num(/(\d+) packets input/.exec(body)?.[1]),
      broadcasts: num(/Received (\d+) broadcasts/.exec(body)?.[1]),
      input_errors: num(/(\d+) input errors/.exec(body)?.[1]),
      crc: num(/(\d+) CRC/.exec(body)?.[1]),
      runts: num(/(\d+) runts/.exec(body)?.[1]),
      output_errors: num(/(\d+) output errors/.exec(body)?.[1]),
      collisions: num(/(\d+) collisions/.exec(body)?.[1]),
      late_collisions: num(/(\d+) late collision/.exec(body)?.[1]),
      input_drops: num(queue?.[1]),
      output_drops: num(/Total output drops: (\d+)/.exec(body)?.[1]),
    };
  });
}

const load = (bps: number, bwKbit: number) =>
  bwKbit > 0 ? Math.min(255, Math.max(1, Math.round((bps / (bwKbit * 1000)) * 255))) : 1;

function duplexLine(r: InterfaceRecord): string | null {
  if (!r.media) return null;
  if (r.duplex === "unknown")
    return "  Unknown, Unknown, link type is auto, media type is unknown media type";
  const duplex = `${r.duplex[0]?.toUpperCase()}${r.duplex.slice(1)}-duplex`;
  const speed = r.media_mbps === null ? "Auto-speed" : `${r.media_mbps}Mb/s`;
  return `  ${duplex}, ${speed}, link type is auto, media type is 10/100/1000BaseTX`;
}

const age = (seconds: number | null) => (seconds === null ? "never" : formatAge(seconds));

export function renderShowInterfaces(records: readonly InterfaceRecord[]): string {
  return records
    .map((r) =>
      [
        `${r.name} is ${r.link}, line protocol is ${r.protocol}`,
        "  Hardware is iGbE, address is 5254.0012.3456 (bia 5254.0012.3456)",
        ...(r.description ? [`  Description: ${r.description}`] : []),
        ...(r.address ? [`  Internet address is ${r.address.ip}/${r.address.prefix_length}`] : []),
        `  MTU ${r.mtu} bytes, BW ${r.bw_kbit} Kbit/sec, DLY 10 usec,`,
        `     reliability 255/255, txload ${load(r.output_rate_bps, r.bw_kbit)}/255, rxload ${load(r.input_rate_bps, r.bw_kbit)}/255`,
        "  Encapsulation ARPA, loopback not set",
        "  Keepalive set (10 sec)",
        ...[duplexLine(r)].filter((line): line is string => line !== null),
        `  Last input ${age(r.last_input_s)}, output ${age(r.last_output_s)}, output hang never`,
        '  Last clearing of "show interface" counters never',
        `  Input queue: 0/75/${r.input_drops}/0 (size/max/drops/flushes); Total output drops: ${r.output_drops}`,
        "  Queueing strategy: fifo",
        "  Output queue: 0/40 (size/max)",
        `  5 minute input rate ${r.input_rate_bps} bits/sec, ${r.input_pps} packets/sec`,
        `  5 minute output rate ${r.output_rate_bps} bits/sec, ${r.output_pps} packets/sec`,
        `     ${r.input_packets} packets input, ${r.input_packets * 500} bytes, 0 no buffer`,
        `     Received ${r.broadcasts} broadcasts (0 IP multicasts)`,
        `     ${r.runts} runts, 0 giants, 0 throttles`,
        `     ${r.input_errors} input errors, ${r.crc} CRC, 0 frame, 0 overrun, 0 ignored`,
        "     0 watchdog, 0 multicast, 0 pause input",
        `     ${r.output_pps * 1000} packets output, ${r.output_pps * 500_000} bytes, 0 underruns`,
        `     ${r.output_errors} output errors, ${r.collisions} collisions, 0 interface resets`,
        "     0 unknown protocol drops",
        `     0 babbles, ${r.late_collisions} late collision, 0 deferred`,
        "     0 lost carrier, 0 no carrier, 0 pause output",
        "     0 output buffer failures, 0 output buffers swapped out",
      ].join("\n"),
    )
    .join("\n")
    .concat("\n");
}

/**
 * The speed a port runs at, from its media line; a port still auto-negotiating (down) has none. An
 * interface without media (loopback, tunnel, VLAN) runs at the bandwidth IOS assigns it.
 */
const speedOf = (r: InterfaceRecord) => r.media_mbps ?? (r.media ? 0 : r.bw_kbit / 1000);

const utilisation = (bps: number, r: InterfaceRecord) =>
  r.bw_kbit > 0 ? Math.min(100, round2((bps / (r.bw_kbit * 1000)) * 100)) : 0;

/**
 * Broadcasts per second estimated from one reading: the 5-minute packet rate times the share of broadcasts
 * among packets since the counters were cleared. A second reading gives the true rate (see the SSH driver).
 */
export function broadcastRateEstimate(r: InterfaceRecord): number {
  return r.input_packets > 0 ? round2((r.input_pps * r.broadcasts) / r.input_packets) : 0;
}

export function interfaceOf(r: InterfaceRecord, lastFlap: string | null): Interface {
  return {
    name: r.name,
    description: r.description,
    enabled: r.link !== "administratively down" && r.link !== "deleted",
    oper_up: /^up\b/.test(r.protocol),
    speed_mbps: speedOf(r),
    duplex: r.duplex,
    mtu: r.mtu,
    last_flap: lastFlap,
  };
}

export function countersOf(r: InterfaceRecord, broadcastPps: number): Counters {
  return {
    interface: r.name,
    in_errors: r.input_errors,
    out_errors: r.output_errors,
    in_discards: r.input_drops,
    out_discards: r.output_drops,
    crc: r.crc,
    runts: r.runts,
    collisions: r.collisions,
    late_collisions: r.late_collisions,
    in_broadcast_pps: broadcastPps,
    in_util_pct: utilisation(r.input_rate_bps, r),
    out_util_pct: utilisation(r.output_rate_bps, r),
  };
}

export function interfaceIpOf(r: InterfaceRecord): InterfaceIp | null {
  return r.address
    ? { interface: r.name, address: r.address.ip, prefix_length: r.address.prefix_length }
    : null;
}

/** The bandwidth IOS assumes where nothing sets it: the port's speed, or the nominal value of a virtual interface. */
function nominalKbit(iface: Interface): number {
  if (iface.speed_mbps > 0) return Math.round(iface.speed_mbps * 1000);
  if (/^Loopback/.test(iface.name)) return 8_000_000;
  if (/^Tunnel/.test(iface.name)) return 100;
  return 1_000_000;
}

/** Ports with a physical medium, whose duplex and speed IOS prints. */
const MEDIA_PORT =
  /^(?:Ethernet|FastEthernet|GigabitEthernet|TwoGigabitEthernet|FiveGigabitEthernet|TenGigabitEthernet|TwentyFiveGigE|FortyGigabitEthernet|HundredGigE)\d/;

/** Average unicast packet size assumed when turning a bit rate into a packet rate. */
const PACKET_BITS = 4000;
/** Seconds of traffic behind the cumulative counters a rendered device shows. */
const HISTORY_S = 100_000;

/** What a device would print for an interface the model describes, `secondsSinceFlap` ago. */
export function recordOf(
  iface: Interface,
  counters: Counters | undefined,
  ip: InterfaceIp | undefined,
  secondsSinceFlap: number | null,
): InterfaceRecord {
  const bw = nominalKbit(iface);
  const bps = (pct: number) => Math.round((pct / 100) * bw * 1000);
  const c = counters;
  const inRate = bps(c?.in_util_pct ?? 0);
  const broadcastPps = c?.in_broadcast_pps ?? 0;
  // Broadcasts are counted into the input packet rate, so that the estimate above gives them back exactly.
  const inPps = Math.round(inRate / PACKET_BITS) + Math.ceil(broadcastPps);
  const outRate = bps(c?.out_util_pct ?? 0);
  const physical = MEDIA_PORT.test(iface.name);
  // A link that is down has seen nothing since it went down; one that is up sees traffic all the time.
  const idle = iface.oper_up ? 0 : secondsSinceFlap;
  return {
    name: iface.name,
    link: !iface.enabled ? "administratively down" : iface.oper_up ? "up" : "down",
    protocol: iface.oper_up ? "up" : "down",
    description: iface.description,
    address: ip ? { ip: ip.address, prefix_length: ip.prefix_length } : null,
    mtu: iface.mtu,
    bw_kbit: bw,
    media: physical,
    duplex: physical ? iface.duplex : "unknown",
    media_mbps: physical && iface.speed_mbps > 0 ? iface.speed_mbps : null,
    last_input_s: idle,
    last_output_s: idle,
    input_rate_bps: inRate,
    input_pps: inPps,
    output_rate_bps: outRate,
    output_pps: Math.round(outRate / PACKET_BITS),
    input_packets: inPps * HISTORY_S,
    broadcasts: Math.round(broadcastPps * HISTORY_S),
    input_errors: c?.in_errors ?? 0,
    crc: c?.crc ?? 0,
    runts: c?.runts ?? 0,
    output_errors: c?.out_errors ?? 0,
    collisions: c?.collisions ?? 0,
    late_collisions: c?.late_collisions ?? 0,
    input_drops: c?.in_discards ?? 0,
    output_drops: c?.out_discards ?? 0,
  };
}
