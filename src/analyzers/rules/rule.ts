// A config rule: a stable ID, a category and severity, and a check over one device's parsed config (or
// over every device and the links between them). Rules return hits; the catalogue turns hits into findings.
import { type InterfaceConfig, interfaceConfigs } from "../../network/ios/model.js";
import { type ConfigNode, type ConfigTree, childrenMatching, parseConfig } from "../../network/ios/parse.js";
import type { RootCauseLabel } from "../../network/root-causes.js";
import type { Category, Severity } from "../finding.js";

export interface DeviceContext {
  device: string;
  tree: ConfigTree;
  interfaces: InterfaceConfig[];
}

export interface LinkEnd {
  device: string;
  iface: string;
}

export interface NetworkContext {
  devices: DeviceContext[];
  links: Array<[LinkEnd, LinkEnd]>;
}

export interface RuleHit {
  device?: string;
  line: number | null;
  interface?: string | null;
  message: string;
  remediation?: string[];
  severity?: Severity;
  /** Overrides the rule's weight for this hit (0 keeps the finding but points nowhere). */
  weight?: number;
}

interface RuleBase {
  id: string;
  category: Exclude<Category, "state">;
  severity: Severity;
  title: string;
  /** The root cause a hit of this rule points to, and how strongly on its own. */
  suggests?: { label: RootCauseLabel; weight: number };
}

export interface DeviceRule extends RuleBase {
  scope: "device";
  check(ctx: DeviceContext): RuleHit[];
}

export interface NetworkRule extends RuleBase {
  scope: "network";
  check(ctx: NetworkContext): RuleHit[];
}

export type ConfigRule = DeviceRule | NetworkRule;

export function deviceContext(device: string, config: string): DeviceContext {
  const tree = parseConfig(config);
  return { device, tree, interfaces: interfaceConfigs(tree) };
}

export const has = (node: ConfigNode | ConfigTree, pattern: RegExp): boolean =>
  node.children.some((child) => pattern.test(child.text));

export const lineSections = (tree: ConfigTree, kind: "vty" | "con" | "any" = "any"): ConfigNode[] =>
  childrenMatching(tree, kind === "any" ? /^line\s+(vty|con)\s/ : new RegExp(`^line\\s+${kind}\\s`));

/** The name of a standard ACL meant for management access, if the device has one. */
export function managementAcl(tree: ConfigTree): string | null {
  const node = childrenMatching(tree, /^ip access-list standard \S*MGMT\S*$/i)[0];
  return node ? (node.text.split(/\s+/)[3] ?? null) : null;
}

export const isWan = (iface: InterfaceConfig): boolean => /\b(WAN|MPLS)\b/i.test(iface.description);

export const isEdgePort = (iface: InterfaceConfig): boolean =>
  iface.switchport === "access" && has(iface.node, /^spanning-tree portfast( edge)?$/);

export const interfaceHeader = (iface: InterfaceConfig): string => iface.node.text;
