// Devices abbreviate interface names in logs and commands (Gi0/1, Te1/1/1); everything we store uses the
// full IOS name so that a finding, a log line and a config section name the same interface.

const PREFIXES: ReadonlyArray<[RegExp, string]> = [
  [/^(gi|gig|gigabit|gigabitethernet)(?=\d)/i, "GigabitEthernet"],
  [/^(te|ten|tengig|tengigabitethernet)(?=\d)/i, "TenGigabitEthernet"],
  [/^(fa|fast|fastethernet)(?=\d)/i, "FastEthernet"],
  [/^(eth|ethernet)(?=\d)/i, "Ethernet"],
  [/^(po|port-channel)(?=\d)/i, "Port-channel"],
  [/^(vl|vlan)(?=\d)/i, "Vlan"],
  [/^(lo|loopback)(?=\d)/i, "Loopback"],
  [/^(tu|tunnel)(?=\d)/i, "Tunnel"],
  [/^null(?=\d)/i, "Null"],
];

export function canonicalInterface(name: string): string {
  const trimmed = name.trim();
  for (const [pattern, full] of PREFIXES) {
    const match = pattern.exec(trimmed);
    if (match) return full + trimmed.slice(match[0].length);
  }
  return trimmed;
}
