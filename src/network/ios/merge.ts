// Applies config-mode lines to a running config the way IOS does: sections are entered (or created),
// `no X` removes X, and single-valued commands (an interface's mtu, a neighbor's remote-as) replace
// the value they had instead of piling up beside it.
import { type ConfigNode, type ConfigTree, parseConfig, renderConfig } from "./parse.js";

// Commands that hold one value per parent: the key is what two versions of the line have in common.
const SINGLE_VALUED: ReadonlyArray<RegExp> = [
  /^(hostname)\s/,
  /^(description)\s/,
  /^(ip address)\s(?!.*\ssecondary$)/,
  /^(ip mtu)\s/,
  /^(mtu)\s/,
  /^(speed)\s/,
  /^(duplex)\s/,
  /^(bandwidth)\s/,
  /^(switchport mode)\s/,
  /^(switchport access vlan)\s/,
  /^(neighbor \S+ (?:remote-as|timers|password|maximum-prefix|description|update-source))\s/,
  /^(neighbor \S+ (?:prefix-list|route-map)) \S+ (in|out)$/,
  /^(router-id)\s/,
  /^(bgp router-id)\s/,
  /^(service-policy (?:input|output))\s/,
  /^(ip access-group) \S+ (in|out)$/,
  /^(access-class) \S+ (in|out)$/,
  /^(exec-timeout)\s/,
  /^(transport input)\s/,
  /^(snmp-server community \S+)(?:\s|$)/,
  /^(snmp-server location)\s/,
  /^(snmp-server contact)\s/,
  /^(storm-control broadcast level)\s/,
  /^(logging console)(?:\s|$)/,
  /^(logging buffered)(?:\s|$)/,
  /^(ip ssh version)\s/,
  /^(enable secret)\s/,
  /^(enable password)\s/,
  /^(login block-for)\s/,
  /^(ip ospf cost)\s/,
  /^(load-interval)\s/,
];

// Features that are on unless configured off, so `no X` is itself a line IOS keeps in the config.
const DEFAULT_ON =
  /^(ip http server|ip http secure-server|ip source-route|cdp run|cdp enable|service pad|ip domain-lookup|ip bootp server|ip finger|ip redirects|ip proxy-arp|ip unreachables)$/;

function keyOf(text: string): string | null {
  for (const pattern of SINGLE_VALUED) {
    const match = pattern.exec(text);
    if (match) return match.slice(1).join(" ");
  }
  return null;
}

function applyTo(parent: { children: ConfigNode[] }, command: ConfigNode): void {
  const siblings = parent.children;
  if (command.text.startsWith("no ")) {
    const target = command.text.slice(3);
    parent.children = siblings.filter(
      (node) => !(node.text === target || node.text.startsWith(`${target} `)),
    );
    if (DEFAULT_ON.test(target) && !parent.children.some((node) => node.text === command.text)) {
      parent.children.push({ ...command, children: [] });
    }
    return;
  }
  const same = siblings.find((node) => node.text === command.text);
  if (same) {
    for (const child of command.children) applyTo(same, child);
    return;
  }
  const key = keyOf(command.text);
  const replaced = key === null ? -1 : siblings.findIndex((node) => keyOf(node.text) === key);
  const negation = siblings.findIndex((node) => node.text === `no ${command.text}`);
  const fresh: ConfigNode = { ...command, children: [] };
  for (const child of command.children) applyTo(fresh, child);
  if (replaced >= 0) siblings[replaced] = fresh;
  else if (negation >= 0) siblings[negation] = fresh;
  else siblings.push(fresh);
}

/** The running config with the candidate lines merged in, rendered canonically. */
export function mergeConfig(running: string, candidateLines: string[]): string {
  const tree: ConfigTree = structuredClone(parseConfig(running));
  for (const command of parseConfig(candidateLines.join("\n")).children) applyTo(tree, command);
  return renderConfig(tree);
}

/** One canonical text for a config, so diffs show changes and never formatting. */
export function canonicalConfig(text: string): string {
  return renderConfig(parseConfig(text));
}
