// Typed views over a parsed IOS config: what the lab simulation and the analyzers both need to know about
// interfaces, routes and protocols, each tied back to the node (and so the line) it came from.
import { canonicalInterface } from "../interface-names.js";
import { maskToPrefix, networkOf, type Prefix, parseIpv4 } from "../ip.js";
import { type ConfigNode, type ConfigTree, childrenMatching, firstChild } from "./parse.js";

export interface InterfaceConfig {
  name: string;
  node: ConfigNode;
  description: string;
  shutdown: boolean;
  address: { ip: number; prefix: Prefix } | null;
  mtu: number;
  speed: number | "auto";
  duplex: "full" | "half" | "auto";
  switchport: "access" | "trunk" | null;
}

export interface StaticRoute {
  node: ConfigNode;
  prefix: Prefix;
  nextHop: number | null;
  outInterface: string | null;
  distance: number;
}

export interface SnmpCommunity {
  node: ConfigNode;
  name: string;
  access: "ro" | "rw";
  acl: string | null;
}

export interface BgpNeighborConfig {
  address: string;
  remoteAs: number | null;
  nodes: ConfigNode[];
}

export interface BgpConfig {
  node: ConfigNode;
  asn: number;
  routerId: string | null;
  neighbors: BgpNeighborConfig[];
}

export interface OspfConfig {
  node: ConfigNode;
  processId: string;
  routerId: string | null;
}

const INTERFACE = /^interface\s+(\S+)/;

export function hostname(tree: ConfigTree): string | null {
  return firstChild(tree, /^hostname\s+\S+/)?.text.split(/\s+/)[1] ?? null;
}

function argument(node: ConfigNode, pattern: RegExp): string | undefined {
  for (const child of node.children) {
    const match = pattern.exec(child.text);
    if (match) return match[1];
  }
  return undefined;
}

export function interfaceConfigs(tree: ConfigTree): InterfaceConfig[] {
  return childrenMatching(tree, INTERFACE).map((node) => {
    const name = canonicalInterface((INTERFACE.exec(node.text) as RegExpExecArray)[1] as string);
    const addressMatch = node.children
      .map((child) => /^ip address\s+(\S+)\s+(\S+)\s*$/.exec(child.text))
      .find((match) => match !== null);
    let address: InterfaceConfig["address"] = null;
    if (addressMatch) {
      const ip = parseIpv4(addressMatch[1] as string);
      const length = maskToPrefix(addressMatch[2] as string);
      if (ip !== null && length !== null) address = { ip, prefix: networkOf(ip, length) };
    }
    const mtu = Number(argument(node, /^ip mtu\s+(\d+)$/) ?? argument(node, /^mtu\s+(\d+)$/) ?? 1500);
    const speed = argument(node, /^speed\s+(\d+)$/);
    const duplex = argument(node, /^duplex\s+(full|half|auto)$/);
    const switchport = argument(node, /^switchport mode\s+(access|trunk)$/);
    return {
      name,
      node,
      description: argument(node, /^description\s+(.*)$/) ?? "",
      shutdown: node.children.some((child) => child.text === "shutdown"),
      address,
      mtu,
      speed: speed ? Number(speed) : "auto",
      duplex: (duplex as InterfaceConfig["duplex"] | undefined) ?? "auto",
      switchport: (switchport as InterfaceConfig["switchport"] | undefined) ?? null,
    };
  });
}

export function staticRoutes(tree: ConfigTree): StaticRoute[] {
  const routes: StaticRoute[] = [];
  for (const node of childrenMatching(tree, /^ip route\s/)) {
    const [, , network, mask, target, ...rest] = node.text.split(/\s+/);
    const networkValue = parseIpv4(network ?? "");
    const length = maskToPrefix(mask ?? "");
    if (networkValue === null || length === null || !target) continue;
    const nextHop = parseIpv4(target);
    let distance = 1;
    let outInterface: string | null = null;
    let hop = nextHop;
    if (nextHop === null) {
      outInterface = canonicalInterface(target);
      const maybeHop = rest[0] ? parseIpv4(rest[0]) : null;
      if (maybeHop !== null) {
        hop = maybeHop;
        rest.shift();
      }
    }
    const distanceText = rest.find((token) => /^\d+$/.test(token));
    if (distanceText) distance = Number(distanceText);
    routes.push({ node, prefix: networkOf(networkValue, length), nextHop: hop, outInterface, distance });
  }
  return routes;
}

export function snmpCommunities(tree: ConfigTree): SnmpCommunity[] {
  return childrenMatching(tree, /^snmp-server community\s/).map((node) => {
    const tokens = node.text.split(/\s+/).slice(2);
    const name = tokens[0] ?? "";
    const access = tokens.some((token) => token.toUpperCase() === "RW") ? "rw" : "ro";
    const acl = tokens.slice(1).find((token) => !/^(RO|RW|view)$/i.test(token)) ?? null;
    return { node, name, access, acl };
  });
}

export function bgpConfig(tree: ConfigTree): BgpConfig | null {
  const node = firstChild(tree, /^router bgp\s+\d+/);
  if (!node) return null;
  const byAddress = new Map<string, BgpNeighborConfig>();
  for (const child of childrenMatching(node, /^neighbor\s+\S+\s/)) {
    const [, address, keyword, value] = child.text.split(/\s+/);
    if (!address) continue;
    const neighbor = byAddress.get(address) ?? { address, remoteAs: null, nodes: [] };
    neighbor.nodes.push(child);
    if (keyword === "remote-as" && value) neighbor.remoteAs = Number(value);
    byAddress.set(address, neighbor);
  }
  return {
    node,
    asn: Number(node.text.split(/\s+/)[2]),
    routerId: argument(node, /^bgp router-id\s+(\S+)$/) ?? null,
    neighbors: [...byAddress.values()],
  };
}

export function ospfConfigs(tree: ConfigTree): OspfConfig[] {
  return childrenMatching(tree, /^router ospf\s+\S+/).map((node) => ({
    node,
    processId: node.text.split(/\s+/)[2] as string,
    routerId: argument(node, /^router-id\s+(\S+)$/) ?? null,
  }));
}

/** Addresses from top-level lines such as `ip name-server A B` or `ntp server A`. */
export function globalAddresses(tree: ConfigTree, pattern: RegExp): { address: string; node: ConfigNode }[] {
  return childrenMatching(tree, pattern).flatMap((node) =>
    node.text
      .replace(pattern, "")
      .split(/\s+/)
      .filter((token) => parseIpv4(token) !== null)
      .map((address) => ({ address, node })),
  );
}

/** The interface whose subnet holds the address: where traffic to a directly connected peer leaves. */
export function interfaceForAddress(interfaces: InterfaceConfig[], address: string): InterfaceConfig | null {
  const value = parseIpv4(address);
  if (value === null) return null;
  return (
    interfaces.find(
      (iface) =>
        iface.address !== null &&
        networkOf(value, iface.address.prefix.length).network === iface.address.prefix.network,
    ) ?? null
  );
}
