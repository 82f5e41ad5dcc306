// `show ip interface brief`: every interface with its address and state, one line each.

export interface BriefRow {
  interface: string;
  ip_address: string | null;
  status: string;
  protocol: string;
}

const ROW =
  /^(\S+)\s+(\S+)\s+(?:YES|NO)\s+\S+\s+(up|down|administratively down|deleted|reset)\s+(up|down)\s*$/;

export function parseShowIpInterfaceBrief(text: string): BriefRow[] {
  return text.split(/\r?\n/).flatMap((line) => {
    const m = ROW.exec(line);
    if (!m) return [];
    return [
      {
        interface: m[1] as string,
        ip_address: m[2] === "unassigned" ? null : (m[2] as string),
        status: m[3] as string,
        protocol: m[4] as string,
      },
    ];
  });
}

export function renderShowIpInterfaceBrief(rows: readonly BriefRow[]): string {
  const line = (a: string, b: string, c: string, d: string, e: string, f: string) =>
    `${a.padEnd(26)} ${b.padEnd(15)} ${c.padEnd(3)} ${d.padEnd(6)} ${e.padEnd(21)} ${f}`;
  return [
    line("Interface", "IP-Address", "OK?", "Method", "Status", "Protocol"),
    ...rows.map((r) => line(r.interface, r.ip_address ?? "unassigned", "YES", "NVRAM", r.status, r.protocol)),
  ]
    .join("\n")
    .concat("\n");
}
