// Which device and interface an alert is about, read from its labels in the order the team configured
// (NOC_ALERT_DEVICE_LABELS, NOC_ALERT_INTERFACE_LABELS), and named as the inventory names it: an exporter's
// `instance` is often an address with a port, or a DNS name, where the inventory has the device's name.
import type { Device } from "../network/types.js";
import type { IncomingAlert, Target } from "../store/alerts.js";

export interface TargetLabels {
  device: readonly string[];
  interface: readonly string[];
}

/** host:port, [v6]:port -> the host. */
const withoutPort = (value: string) =>
  value.replace(/^\[([^\]]+)\](?::\d+)?$/, "$1").replace(/^([^:]+):\d+$/, "$1");

const first = (labels: Readonly<Record<string, string>>, names: readonly string[]): string | null => {
  for (const name of names) {
    const value = labels[name]?.trim();
    if (value) return value;
  }
  return null;
};

export function alertTarget(alert: Pick<IncomingAlert, "labels">, labels: TargetLabels): Target {
  const device = first(alert.labels, labels.device);
  return { device: device ? withoutPort(device) : null, interface: first(alert.labels, labels.interface) };
}

/**
 * The inventory's name for a device an alert names (by name, management address or DNS name); failing
 * that, a device the alert's text mentions; else the alert's own value.
 */
export function inventoryDevice(
  device: string | null,
  text: string,
  inventory: readonly Device[],
): string | null {
  if (device) {
    const lower = device.toLowerCase();
    const known = inventory.find(
      (d) =>
        d.name.toLowerCase() === lower ||
        d.mgmt_ip === device ||
        lower.split(".")[0] === d.name.toLowerCase(),
    );
    if (known) return known.name;
  }
  const words = text.toLowerCase();
  return inventory.find((d) => words.includes(d.name.toLowerCase()))?.name ?? device;
}
