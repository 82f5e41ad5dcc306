// The only commands nocbot runs on a device outside the change workflow: show commands it parses, ping and
// traceroute to an IPv4 address, each optionally filtered by one `| include` or `| begin`. Anything else
// (configure, clear, reload, copy, debug, a second line) is refused before it reaches the device.
import { NetworkError } from "../source.js";

const IP = String.raw`\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}`;

const SHOW = [
  "version",
  "clock",
  "interfaces",
  "ip interface brief",
  "ip route",
  `ip route ${IP}`,
  "ip arp",
  "ip bgp summary",
  "ip bgp neighbors",
  "ip ospf neighbor",
  "ip ospf interface brief",
  "lldp neighbors detail",
  "cdp neighbors detail",
  "logging",
  "processes cpu",
  "processes memory",
  "environment",
  "ntp status",
  "ntp associations",
  "snmp community",
  "running-config",
  "startup-config",
];

const BASE: readonly RegExp[] = [
  new RegExp(`^show (?:${SHOW.join("|")})$`),
  new RegExp(`^ping ${IP}$`),
  new RegExp(`^traceroute ${IP}$`),
];

// One filter whose regex cannot hide a second pipe: `| append`, `| redirect` and `| tee` write files.
const FILTER = /^(?:include|begin) [\w^$ .:\-\\()|]+$/;

export function isReadOnly(command: string): boolean {
  const at = command.indexOf(" | ");
  const base = at < 0 ? command : command.slice(0, at);
  const filter = at < 0 ? null : command.slice(at + 3);
  if (!BASE.some((pattern) => pattern.test(base))) return false;
  return filter === null || (FILTER.test(filter) && !/\s\||\|\s/.test(filter));
}

export function assertReadOnly(device: string, command: string): void {
  if (!isReadOnly(command)) {
    throw new NetworkError(
      "command-not-allowed",
      `${device}: '${command.slice(0, 80)}' is not on the read-only allowlist; only the change workflow changes a device`,
    );
  }
}
