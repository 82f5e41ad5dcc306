// `show ntp status` (synchronised, stratum, reference, offset) and `show ntp associations` (each server and
// whether it answers).
import type { NtpState } from "../types.js";

export function parseShowNtpStatus(text: string): Omit<NtpState, "servers"> | null {
  const head =
    /Clock is (synchronized|unsynchronized), stratum (\d+), (?:reference is (\S+)|no reference clock)/.exec(
      text,
    );
  if (!head) return null;
  const offset = /offset is (-?\d+(?:\.\d+)?) msec/.exec(text);
  return {
    synchronized: head[1] === "synchronized",
    stratum: Math.min(16, Number(head[2])),
    reference: head[3] ?? null,
    offset_ms: offset ? Number(offset[1]) : null,
  };
}

export function renderShowNtpStatus(state: Omit<NtpState, "servers">): string {
  const reference = state.reference ? `reference is ${state.reference}` : "no reference clock";
  return `Clock is ${state.synchronized ? "synchronized" : "unsynchronized"}, stratum ${state.stratum}, ${reference}
nominal freq is 250.0000 Hz, actual freq is 250.0000 Hz, precision is 2**10
ntp uptime is 1500000 (1/100 of seconds), resolution is 4000
reference time is E5A1B2C3.00000000 (00:00:00.000 UTC Mon Jan 1 2024)
clock offset is ${state.offset_ms ?? 0} msec, root delay is 1.00 msec
root dispersion is 2.00 msec, peer dispersion is 1.00 msec
loopfilter state is 'CTRL' (Normal Controlled Loop), drift is 0.000000000 s/s
system poll interval is 64, last update was 30 sec ago.
`;
}

export interface NtpAssociation {
  address: string;
  selected: boolean;
  reach: number;
}

const ROW = /^\s*([*#+\-x ]?)~?(\d+\.\d+\.\d+\.\d+)\s+\S+\s+\d+\s+\S+\s+\d+\s+([0-7]+)\s/;

export function parseShowNtpAssociations(text: string): NtpAssociation[] {
  return text.split(/\r?\n/).flatMap((line) => {
    const m = ROW.exec(line);
    return m
      ? [{ address: m[2] as string, selected: m[1] === "*", reach: Number.parseInt(m[3] as string, 8) }]
      : [];
  });
}

export function renderShowNtpAssociations(state: NtpState): string {
  const rows = state.servers.map((s) => {
    const mark = s.address === state.reference && state.synchronized ? "*" : " ";
    const reach = s.reachable ? "377" : "0";
    const stratum = s.reachable ? Math.max(1, state.stratum - 1) : 16;
    return `${mark}~${s.address.padEnd(15)} ${(s.reachable ? ".GPS." : ".INIT.").padEnd(15)} ${String(stratum).padStart(2)}     12     64 ${reach.padStart(5)}  1.000   0.500  0.100`;
  });
  return `  address         ref clock       st   when   poll reach  delay  offset   disp
${rows.join("\n")}
 * sys.peer, # selected, + candidate, - outlyer, x falseticker, ~ configured
`;
}
