// `show ip arp`: the ARP cache. The device's own addresses show "-" as their age.
import type { ArpEntry } from "../types.js";

const ROW =
  /^Internet\s+(\d+\.\d+\.\d+\.\d+)\s+(\d+|-)\s+([0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}|Incomplete)\s+\S+\s*(\S*)\s*$/i;

export function parseShowIpArp(text: string): ArpEntry[] {
  return text.split(/\r?\n/).flatMap((line) => {
    const m = ROW.exec(line);
    if (!m || m[3] === "Incomplete") return [];
    return [
      {
        ip: m[1] as string,
        age_min: m[2] === "-" ? 0 : Number(m[2]),
        mac: (m[3] as string).toLowerCase(),
        interface: m[4] as string,
      },
    ];
  });
}

export function renderShowIpArp(entries: readonly ArpEntry[]): string {
  return [
    "Protocol  Address          Age (min)  Hardware Addr   Type   Interface",
    ...entries.map(
      (e) =>
        `Internet  ${e.ip.padEnd(16)} ${String(e.age_min).padStart(9)}   ${e.mac.padEnd(14)}  ARPA   ${e.interface}`,
    ),
  ]
    .join("\n")
    .concat("\n");
}
