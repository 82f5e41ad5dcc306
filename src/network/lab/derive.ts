// What a device shows, derived from its config, the topology and its dynamic state: admin state and
// addresses come from the config, a shut or dead peer takes the link down, routes over a down interface
// disappear, static routes need a resolvable next hop, and pings follow the forwarding tables hop by hop.
import { canonicalInterface } from "../interface-names.js";
import { type InterfaceConfig, interfaceConfigs, staticRoutes } from "../ios/model.js";
import type { ConfigTree } from "../ios/parse.js";
import { formatIpv4, formatPrefix, parseIpv4, parsePrefix, prefixContains } from "../ip.js";
import type { Duplex, Interface, Route, Traceroute } from "../types.js";
import type { DeviceState, LabLink } from "./schema.js";

export interface DeviceView {
  tree: ConfigTree;
  interfaces: InterfaceConfig[];
  state: DeviceState;
}

export interface LabView {
  devices: ReadonlyMap<string, DeviceView>;
  links: readonly LabLink[];
  hosts: ReadonlyArray<{ name: string; ip: string; attached: string }>;
}

export function viewOf(tree: ConfigTree, state: DeviceState): DeviceView {
  return { tree, interfaces: interfaceConfigs(tree), state };
}

const endpoint = (text: string) => {
  const [device, iface] = text.split(" ") as [string, string];
  return { device, iface: canonicalInterface(iface) };
};

export function linkAt(
  view: LabView,
  device: string,
  iface: string,
): { link: LabLink; peer: { device: string; iface: string } } | null {
  for (const link of view.links) {
    const a = endpoint(link.a);
    const b = endpoint(link.b);
    if (a.device === device && a.iface === iface) return { link, peer: b };
    if (b.device === device && b.iface === iface) return { link, peer: a };
  }
  return null;
}

function defaultSpeed(name: string): number {
  if (name.startsWith("TenGigabitEthernet")) return 10000;
  if (name.startsWith("FastEthernet")) return 100;
  if (name.startsWith("GigabitEthernet")) return 1000;
  return 0;
}

function physicallyUp(view: LabView, device: string, iface: string): boolean {
  const config = view.devices.get(device)?.interfaces.find((i) => i.name === iface);
  return !!config && !config.shutdown && view.devices.get(device)?.state.interfaces?.[iface]?.oper !== "down";
}

export function operUp(view: LabView, device: string, iface: string): boolean {
  if (!physicallyUp(view, device, iface)) return false;
  const link = linkAt(view, device, iface);
  return link === null || physicallyUp(view, link.peer.device, link.peer.iface);
}

/** Speed and duplex as auto-negotiation settles them against the link peer's settings. */
function negotiated(
  view: LabView,
  device: string,
  config: InterfaceConfig,
): { speed: number; duplex: Duplex } {
  const link = linkAt(view, device, config.name);
  const peer = link && view.devices.get(link.peer.device)?.interfaces.find((i) => i.name === link.peer.iface);
  const fixedSpeed =
    config.speed !== "auto" ? config.speed : peer && peer.speed !== "auto" ? peer.speed : null;
  const speed = fixedSpeed ?? defaultSpeed(config.name);
  if (config.duplex !== "auto") return { speed, duplex: config.duplex };
  // Parallel detection can sense the peer's speed but not its duplex: an auto port facing a fixed one falls to half.
  if (peer && peer.duplex !== "auto") return { speed, duplex: "half" };
  return { speed, duplex: "full" };
}

export function interfacesOf(view: LabView, device: string, at: (ago: string) => string): Interface[] {
  const dev = view.devices.get(device);
  if (!dev) return [];
  return dev.interfaces.map((config) => {
    const up = operUp(view, device, config.name);
    const { speed, duplex } = negotiated(view, device, config);
    const lastFlap = dev.state.interfaces?.[config.name]?.last_flap;
    return {
      name: config.name,
      description: config.description,
      enabled: !config.shutdown,
      oper_up: up,
      speed_mbps: up ? speed : 0,
      duplex: up ? duplex : "unknown",
      mtu: config.mtu,
      last_flap: lastFlap ? at(lastFlap) : null,
    };
  });
}

function connectedRoutes(view: LabView, device: string): Route[] {
  const dev = view.devices.get(device);
  if (!dev) return [];
  return dev.interfaces.flatMap((iface) =>
    iface.address && operUp(view, device, iface.name)
      ? [
          {
            prefix: formatPrefix(iface.address.prefix),
            protocol: "connected" as const,
            next_hop: null,
            interface: iface.name,
            distance: 0,
            metric: 0,
          },
        ]
      : [],
  );
}

/** The installed routing table: the best route per prefix, by administrative distance. */
export function routesOf(view: LabView, device: string): Route[] {
  const dev = view.devices.get(device);
  if (!dev) return [];
  const connected = connectedRoutes(view, device);
  const resolve = (hop: number) =>
    connected.find((route) => {
      const prefix = parsePrefix(route.prefix);
      return prefix !== null && prefixContains(prefix, hop);
    });
  const statics: Route[] = staticRoutes(dev.tree).flatMap((route) => {
    const prefix = formatPrefix(route.prefix);
    if (route.outInterface?.startsWith("Null")) {
      return [
        {
          prefix,
          protocol: "static" as const,
          next_hop: null,
          interface: "Null0",
          distance: route.distance,
          metric: 0,
        },
      ];
    }
    const via = route.nextHop === null ? undefined : resolve(route.nextHop);
    const outUp = route.outInterface ? operUp(view, device, route.outInterface) : true;
    if ((route.nextHop !== null && !via) || !outUp) return [];
    return [
      {
        prefix,
        protocol: "static" as const,
        next_hop: route.nextHop === null ? null : formatIpv4(route.nextHop),
        interface: route.outInterface ?? via?.interface ?? null,
        distance: route.distance,
        metric: 0,
      },
    ];
  });
  const dynamic = (dev.state.routes ?? []).filter(
    (route) => route.interface === null || operUp(view, device, route.interface),
  );
  const best = new Map<string, Route>();
  for (const route of [...connected, ...statics, ...dynamic]) {
    const current = best.get(route.prefix);
    if (!current || route.distance < current.distance) best.set(route.prefix, route);
  }
  return [...best.values()];
}

export function lookup(view: LabView, device: string, destination: number): Route | null {
  let chosen: Route | null = null;
  let chosenLength = -1;
  for (const route of routesOf(view, device)) {
    const prefix = parsePrefix(route.prefix);
    if (prefix && prefix.length > chosenLength && prefixContains(prefix, destination)) {
      chosen = route;
      chosenLength = prefix.length;
    }
  }
  return chosen;
}

function ownerOf(view: LabView, address: number): { device: string; iface: string; prefix: string } | null {
  for (const [device, dev] of view.devices) {
    const iface = dev.interfaces.find((i) => i.address?.ip === address);
    if (iface?.address) return { device, iface: iface.name, prefix: formatPrefix(iface.address.prefix) };
  }
  return null;
}

const MAX_HOPS = 30;

/** Follows forwarding tables from device to target; rtt adds up the links crossed, loss compounds. */
export function trace(
  view: LabView,
  device: string,
  target: number,
): Traceroute & { rtt_ms: number; loss_pct: number } {
  const hops: Traceroute["hops"] = [];
  const result = (reached: boolean, rtt: number, delivered: number) => ({
    target: formatIpv4(target),
    reached,
    hops,
    rtt_ms: Math.round(rtt * 10) / 10,
    loss_pct: Math.round((1 - delivered) * 1000) / 10,
  });
  let current = device;
  let rtt = 0;
  let delivered = 1;
  const cross = (from: string, iface: string) => {
    const link = linkAt(view, from, iface)?.link;
    rtt += (link?.rtt_ms ?? 0.5) + 0.2;
    delivered *= 1 - (link?.loss_pct ?? 0) / 100;
  };
  if (view.devices.get(current)?.interfaces.some((i) => i.address?.ip === target)) return result(true, 0, 1);
  for (let hop = 1; hop <= MAX_HOPS; hop++) {
    const route = lookup(view, current, target);
    if (!route || route.interface === "Null0" || route.interface === null) return result(false, rtt, 0);
    if (route.protocol === "connected") {
      const owner = ownerOf(view, target);
      const host = view.hosts.find((h) => parseIpv4(h.ip) === target);
      // A host is on the segment if the interface it hangs off is in this subnet (a switch's SVI shares it).
      const at = host ? endpoint(host.attached) : null;
      const atAddress = at
        ? view.devices.get(at.device)?.interfaces.find((i) => i.name === at.iface)?.address
        : null;
      const hostHere =
        at &&
        atAddress &&
        formatPrefix(atAddress.prefix) === route.prefix &&
        operUp(view, at.device, at.iface);
      const ownerHere = owner && owner.prefix === route.prefix && operUp(view, owner.device, owner.iface);
      if (!hostHere && !ownerHere) return result(false, rtt, 0);
      cross(current, route.interface);
      hops.push({
        hop,
        address: formatIpv4(target),
        device: owner?.device ?? null,
        rtt_ms: Math.round(rtt * 10) / 10,
      });
      return result(true, rtt, delivered);
    }
    const nextHop = route.next_hop === null ? null : parseIpv4(route.next_hop);
    const owner = nextHop === null ? null : ownerOf(view, nextHop);
    if (!owner || !operUp(view, owner.device, owner.iface)) return result(false, rtt, 0);
    cross(current, route.interface);
    hops.push({ hop, address: route.next_hop, device: owner.device, rtt_ms: Math.round(rtt * 10) / 10 });
    if (owner.device === current) return result(false, rtt, 0);
    current = owner.device;
    if (view.devices.get(current)?.interfaces.some((i) => i.address?.ip === target))
      return result(true, rtt, delivered);
  }
  return result(false, rtt, 0);
}
