// `show lldp neighbors detail` and `show cdp neighbors detail`: who is at the far end of each port.
import { canonicalInterface } from "../interface-names.js";
import type { LldpNeighbor } from "../types.js";
import { blocks } from "./text.js";

export interface LldpRecord {
  /** Absent on older IOS releases, which print no "Local Intf" in the detail view. */
  local_interface: string | null;
  chassis_id: string;
  port_id: string;
  port_description: string;
  system_name: string;
}

const field = (body: string, name: string) => new RegExp(`^${name}: ?(.*?)\\s*$`, "m").exec(body)?.[1] ?? "";

export function parseShowLldpNeighborsDetail(text: string): LldpRecord[] {
  // Entries are separated by a rule; a single entry may come without one.
  const entries = /^-{20,}\s*$/m.test(text) ? blocks(text, /^-{20,}\s*$/).map(([, body]) => body) : [text];
  return entries
    .filter((body) => /^Chassis id:/m.test(body))
    .map((body) => ({
      local_interface: field(body, "Local Intf") || null,
      chassis_id: field(body, "Chassis id"),
      port_id: field(body, "Port id"),
      port_description: field(body, "Port Description"),
      system_name: field(body, "System Name"),
    }));
}

/** A port id that names a port ("Gi1/0/16", "Eth1/6", "ge-0/0/0") rather than a MAC address or an index. */
const looksLikePort = (text: string) =>
  /^[A-Za-z][A-Za-z-]*\d+([/.:]\d+)*$/.test(text) && !/^[0-9a-f]{12}$/i.test(text);

export function lldpNeighborOf(record: LldpRecord): LldpNeighbor | null {
  if (!record.local_interface) return null;
  const remote = looksLikePort(record.port_id) ? record.port_id : record.port_description || record.port_id;
  return {
    local_interface: canonicalInterface(record.local_interface),
    remote_device: record.system_name || record.chassis_id,
    remote_interface: canonicalInterface(remote),
  };
}

export function renderShowLldpNeighborsDetail(neighbors: readonly LldpNeighbor[]): string {
  const rule = "------------------------------------------------";
  const entries = neighbors.map(
    (n, i) => `${rule}
Local Intf: ${n.local_interface}
Chassis id: 5254.00${String(i).padStart(2, "0")}.0001
Port id: ${n.remote_interface}
Port Description: ${n.remote_interface}
System Name: ${n.remote_device}

System Description:
Cisco IOS Software

Time remaining: 104 seconds
System Capabilities: B,R
Enabled Capabilities: R
Management Addresses - not advertised
Auto Negotiation - not supported
Physical media capabilities - not advertised
Media Attachment Unit type - not advertised
Vlan ID: - not advertised
`,
  );
  return `${entries.join("\n")}
Total entries displayed: ${neighbors.length}
`;
}

export interface CdpRecord {
  device_id: string;
  local_interface: string;
  port_id: string;
  platform: string;
  address: string;
}

export function parseShowCdpNeighborsDetail(text: string): CdpRecord[] {
  return blocks(text, /^Device ID: ?/).map(([header, body]) => {
    const ports = /^Interface: ([^,]+),\s+Port ID \(outgoing port\): (.*?)\s*$/m.exec(body);
    return {
      device_id: header.replace(/^Device ID: ?/, "").trim(),
      local_interface: ports?.[1]?.trim() ?? "",
      port_id: ports?.[2] ?? "",
      platform: /^Platform: ([^,]+),/m.exec(body)?.[1]?.trim() ?? "",
      address: /IP(?:v4)? address: (\S+)/.exec(body)?.[1] ?? "",
    };
  });
}

export function cdpNeighborOf(record: CdpRecord): LldpNeighbor | null {
  if (!record.local_interface) return null;
  return {
    local_interface: canonicalInterface(record.local_interface),
    remote_device: record.device_id,
    remote_interface: canonicalInterface(record.port_id),
  };
}

export function renderShowCdpNeighborsDetail(neighbors: readonly LldpNeighbor[]): string {
  return neighbors
    .map(
      (n) => `-------------------------
Device ID: ${n.remote_device}
Entry address(es):
Platform: Cisco ,  Capabilities: Router
Interface: ${n.local_interface},  Port ID (outgoing port): ${n.remote_interface}
Holdtime : 150 sec

Version :
Cisco IOS Software

advertisement version: 2
`,
    )
    .join("\n")
    .concat(`\n\nTotal cdp entries displayed : ${neighbors.length}\n`);
}

/**
 * A neighbor's name as the inventory knows it: devices advertise their FQDN ("br-sw1.corp.example") or, in
 * CDP, a name with a serial in brackets, while the inventory holds the short name.
 */
export function inventoryName(advertised: string, known: ReadonlySet<string>): string {
  if (known.has(advertised)) return advertised;
  const short = advertised.replace(/\(.*\)$/, "").split(".")[0] ?? advertised;
  for (const name of known) if (name.toLowerCase() === short.toLowerCase()) return name;
  return advertised;
}
