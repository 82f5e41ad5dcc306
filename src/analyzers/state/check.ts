// A state check reads one device's snapshot (and, where it needs a peer, the rest of the network) and
// reports what it sees, with the root causes it points to.
import { parseIpv4, parsePrefix, prefixContains } from "../../network/ip.js";
import type { RootCauseLabel } from "../../network/root-causes.js";
import type { Severity } from "../finding.js";
import type { DeviceSnapshot, NetworkSnapshot } from "./snapshot.js";

export interface StateHit {
  /** Defaults to the device being checked. */
  device?: string;
  interface: string | null;
  message: string;
  severity?: Severity;
  remediation?: string[];
  suggests?: Array<{ label: RootCauseLabel; weight: number; device?: string; interface?: string | null }>;
}

export interface StateCheck {
  id: string;
  title: string;
  severity: Severity;
  check(device: DeviceSnapshot, network: NetworkSnapshot): StateHit[];
}

/** The interface at the far end: from LLDP while the link is up, from shared point-to-point addressing when it is down. */
export function peerOf(
  network: NetworkSnapshot,
  device: DeviceSnapshot,
  iface: string,
): { device: DeviceSnapshot; iface: string } | null {
  const lldp = device.lldp.find((n) => n.local_interface === iface);
  if (lldp) {
    const peer = network.devices.find((d) => d.device === lldp.remote_device);
    if (peer) return { device: peer, iface: lldp.remote_interface };
  }
  const mine = device.ctx.interfaces.find((i) => i.name === iface)?.address;
  if (!mine || mine.prefix.length < 30) return null;
  for (const other of network.devices) {
    if (other.device === device.device) continue;
    const match = other.ctx.interfaces.find(
      (i) =>
        i.address &&
        i.address.prefix.network === mine.prefix.network &&
        i.address.prefix.length === mine.prefix.length,
    );
    if (match) return { device: other, iface: match.name };
  }
  return null;
}

/** The interface a neighbor address is reached through (its connected subnet). */
export function interfaceToward(device: DeviceSnapshot, address: string): string | null {
  const value = parseIpv4(address);
  if (value === null) return null;
  const hit = device.ips.find((ip) => {
    const prefix = parsePrefix(`${ip.address}/${ip.prefix_length}`);
    return prefix !== null && prefixContains(prefix, value);
  });
  return hit?.interface ?? null;
}

export const minutesSince = (network: NetworkSnapshot, iso: string | null): number =>
  iso === null ? Number.POSITIVE_INFINITY : (network.at.getTime() - Date.parse(iso)) / 60_000;

export const logsMatching = (device: DeviceSnapshot, mnemonic: RegExp, message?: RegExp) =>
  device.logs.filter((entry) => mnemonic.test(entry.mnemonic) && (!message || message.test(entry.message)));
