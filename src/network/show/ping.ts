// `ping` and `traceroute` as IOS prints them.
import type { PingResult, Traceroute } from "../types.js";
import { round2 } from "./text.js";

export interface PingRecord {
  destination: string;
  sent: number;
  received: number;
  success_pct: number;
  rtt: { min: number; avg: number; max: number } | null;
}

export function parsePing(text: string): PingRecord | null {
  const sending = /Sending (\d+), \d+-byte ICMP Echos to (\S+?),/.exec(text);
  if (!sending) return null;
  const sent = Number(sending[1]);
  const rate =
    /Success rate is (\d+) percent \((\d+)\/(\d+)\)(?:, round-trip min\/avg\/max = (\d+)\/(\d+)\/(\d+) ms)?/.exec(
      text,
    );
  if (!rate) {
    // A ping of a broadcast address lists each reply instead of a success rate.
    const replies = [...text.matchAll(/^Reply to request (\d+) from \S+, (\d+) ms/gm)];
    const received = new Set(replies.map((r) => r[1])).size;
    const rtts = replies.map((r) => Number(r[2]));
    return {
      destination: sending[2] as string,
      sent,
      received,
      success_pct: sent > 0 ? Math.floor((received / sent) * 100) : 0,
      rtt:
        rtts.length > 0
          ? {
              min: Math.min(...rtts),
              avg: Math.round(rtts.reduce((a, b) => a + b, 0) / rtts.length),
              max: Math.max(...rtts),
            }
          : null,
    };
  }
  const received = Number(rate[2]);
  return {
    destination: sending[2] as string,
    sent: Number(rate[3]),
    received,
    success_pct: Number(rate[1]),
    // Some releases repeat stale figures on a run with no answer; they mean nothing then.
    rtt:
      rate[4] !== undefined && received > 0
        ? { min: Number(rate[4]), avg: Number(rate[5]), max: Number(rate[6]) }
        : null,
  };
}

export function pingResultOf(device: string, target: string, record: PingRecord): PingResult {
  return {
    source_device: device,
    target,
    sent: record.sent,
    received: record.received,
    loss_pct: record.sent > 0 ? round2(((record.sent - record.received) / record.sent) * 100) : 100,
    rtt_avg_ms: record.rtt?.avg ?? null,
  };
}

export function renderPing(result: PingResult): string {
  const marks = "!".repeat(result.received).padEnd(result.sent, ".");
  const rtt = result.rtt_avg_ms === null ? null : Math.round(result.rtt_avg_ms);
  const pct = Math.floor((result.received / result.sent) * 100);
  return `Type escape sequence to abort.
Sending ${result.sent}, 100-byte ICMP Echos to ${result.target}, timeout is 2 seconds:
${marks}
Success rate is ${pct} percent (${result.received}/${result.sent})${rtt === null ? "" : `, round-trip min/avg/max = ${rtt}/${rtt}/${rtt} ms`}
`;
}

export interface TraceProbe {
  hop: number;
  address: string | null;
  name: string | null;
  rtts: number[];
}

const HOP = /^\s*(\d+)\s+(.*)$/;
const RESPONDER =
  /^(?:(\S+) \((\d+\.\d+\.\d+\.\d+)\)|(\d+\.\d+\.\d+\.\d+))((?:\s+\[MPLS:[^\]]*\])?(?:\s+(?:\d+ msec|\*|![A-Z]?))*)\s*$/;

/** One probe line per responder, as printed: a hop may list several responders on its following lines. */
export function parseTraceroute(text: string): TraceProbe[] {
  const probes: TraceProbe[] = [];
  let hop = 0;
  for (const line of text.split(/\r?\n/)) {
    const numbered = HOP.exec(line);
    let rest: string;
    if (numbered) {
      hop = Number(numbered[1]);
      rest = (numbered[2] as string).trim();
    } else if (hop > 0 && /^\s+\S/.test(line)) {
      rest = line.trim();
    } else continue;
    if (/^(\*\s*)+$/.test(rest)) {
      probes.push({ hop, address: null, name: null, rtts: [] });
      continue;
    }
    const m = RESPONDER.exec(rest);
    if (!m) continue;
    probes.push({
      hop,
      address: (m[2] ?? m[3]) as string,
      name: m[1] ?? null,
      rtts: [...(m[4] as string).matchAll(/(\d+) msec/g)].map((r) => Number(r[1])),
    });
  }
  return probes;
}

/** One hop per TTL: its first responder that answered, the average of that responder's answers. */
export function tracerouteOf(target: string, probes: readonly TraceProbe[]): Traceroute {
  const hops: Traceroute["hops"] = [];
  for (const probe of probes) {
    const seen = hops.findIndex((h) => h.hop === probe.hop);
    if (seen >= 0 && (hops[seen]?.address !== null || probe.address === null)) continue;
    if (seen >= 0) hops.splice(seen, 1);
    hops.push({
      hop: probe.hop,
      address: probe.address,
      device: probe.name,
      rtt_ms:
        probe.rtts.length > 0 ? round2(probe.rtts.reduce((a, b) => a + b, 0) / probe.rtts.length) : null,
    });
  }
  return { target, reached: hops.some((h) => h.address === target), hops };
}

export function renderTraceroute(trace: Traceroute): string {
  // A trace to the device's own address answers at once: IOS prints the device itself as hop 1.
  const hops =
    trace.reached && trace.hops.length === 0
      ? [{ hop: 1, address: trace.target, device: null, rtt_ms: 0 }]
      : trace.hops;
  const lines = hops.map((h) => {
    const number = String(h.hop).padStart(3);
    if (h.address === null) return `${number}  *  *  * `;
    const who = h.device ? `${h.device} (${h.address})` : h.address;
    const rtt = h.rtt_ms === null ? "*" : `${Math.round(h.rtt_ms)} msec`;
    return `${number} ${who} ${rtt} ${rtt} ${rtt}`;
  });
  return `Type escape sequence to abort.
Tracing the route to ${trace.target}
VRF info: (vrf in name/id, vrf out name/id)
${lines.join("\n")}
`;
}
