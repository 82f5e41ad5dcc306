// What a proposed change must pass before it is staged. Every line must be plain printable ASCII, one
// command per line, and allowed by a rule of the allowlist in the section it is typed in (parsed by the
// config grammar, never matched as loose text). A few refusals win over any allow rule, a team's
// included: exec commands and `end`, placeholders where a value was left out (a redacted secret is
// allowed only where a secret goes: the network puts it back there when staging), other devices (by name or
// by address), sections or neighbors the device does not have, the management interface and the path to
// it, management ACLs, black holes, prefixes the device does not route, and values out of safe bounds.
// It also says, plainly, what the change could break: the risk shown beside the Approve button.
import { canonicalInterface } from "../network/interface-names.js";
import { interfaceConfigs, snmpCommunities } from "../network/ios/model.js";
import { type ConfigNode, type ConfigTree, parseConfig, walk } from "../network/ios/parse.js";
import {
  formatPrefix,
  maskToPrefix,
  networkOf,
  type Prefix,
  parseIpv4,
  parsePrefix,
  prefixContains,
} from "../network/ip.js";
import { configSecrets } from "../network/secrets/grammar.js";
import { isToken, maskPlacedTokens, WELL_KNOWN_COMMUNITY } from "../network/secrets/vault.js";
import type { BgpNeighbor, Device, LldpNeighbor, OspfNeighbor, Route } from "../network/types.js";
import { type AllowRule, allowingRule, BUILTIN_ALLOW_RULES, type SectionKind } from "./allowlist.js";

export const MAX_PROPOSAL_LINES = 60;
const MAX_LINE_CHARS = 300;

/** Refusals that no allow rule overrides, each with a stable id. */
export const REFUSAL_RULES = {
  "CHANGE-SHAPE": "is not a config-mode line a proposal can carry",
  "CHANGE-EXEC": "is an exec command or leaves config mode",
  "CHANGE-PLACEHOLDER": "holds a placeholder where a secret or value was left out",
  "CHANGE-NEW-SECRET": "writes out a secret nocbot never saw; a person sets new secrets by hand",
  "CHANGE-OTHER-DEVICE": "names another device, or takes its address",
  "CHANGE-UNKNOWN-SECTION": "enters a section the device does not have",
  "CHANGE-NEW-NEIGHBOR": "creates a routing neighbor the device does not have",
  "CHANGE-NEW-COMMUNITY": "creates an SNMP community",
  "CHANGE-MGMT-INTERFACE": "changes the interface nocbot and the NOC reach the device through",
  "CHANGE-MGMT-PATH": "cuts the path nocbot and the NOC reach the device by",
  "CHANGE-MGMT-ACL": "weakens or repoints an ACL that guards management access",
  "CHANGE-BLACKHOLE": "discards traffic for a default route or a management address",
  "CHANGE-FOREIGN-PREFIX": "advertises a prefix the device does not route",
  "CHANGE-BOUNDS": "sets a value outside what a fix needs",
  "CHANGE-NOT-ALLOWED": "is not on the allowlist of changes nocbot may propose",
} as const;
export type RefusalRule = keyof typeof REFUSAL_RULES;

export interface LineCheck {
  /** Why the lines cannot be staged, each starting with the refusing rule's id; empty when they can. */
  problems: string[];
  /** What applying them could break, for the person deciding. */
  risks: string[];
  /** The team rules (NOC_CHANGE_ALLOWLIST) that allowed a line, for the audit log. */
  teamRules: string[];
}

export interface DeviceContext {
  device: string;
  inventory: Device[];
  running: string;
  ospf: OspfNeighbor[];
  bgp: BgpNeighbor[];
  /** The device's routing table: where the path to the NOC leaves the device. */
  routes: Route[];
  /** Its LLDP neighbors: which switch ports are links to other devices rather than to hosts. */
  lldp: LldpNeighbor[];
}

const ROUTING_PROCESS: ReadonlySet<SectionKind> = new Set(["router-ospf", "router-bgp"]);
const PLACEHOLDER = /<[^<>\s]*>|\bREDACTED\b|\*{4,}/i;
const EXEC = /^(do\s|end$|configure\b|write\b|copy\b|reload\b|clear\b|debug\b|send\b)/i;
const PRINTABLE = /^[\x20-\x7e]*$/;
const ANY =
  /^(?:\d+ )?permit (?:ip )?any(?: any)?(?: log)?$|^(?:\d+ )?permit 0\.0\.0\.0 255\.255\.255\.255$/i;
/** What may still be done to the interface that holds the management address. */
const MGMT_INTERFACE_SAFE = new Set(["ALLOW-IF-DESCRIPTION", "ALLOW-IF-DISCOVERY", "ALLOW-EXIT"]);
/** What cuts an interface on the management path off (the rest only bounces it, which the revert timer covers). */
const CUTS_OFF =
  /^(shutdown$|ip address |ip access-group |switchport|no switchport|channel-group |no channel-group)/i;

const collapse = (text: string) => text.trim().replace(/ +/g, " ").toLowerCase();
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function prefixOf(address: string, mask: string): Prefix | null {
  const ip = parseIpv4(address);
  const length = maskToPrefix(mask);
  return ip === null || length === null ? null : networkOf(ip, length);
}

/** A standard-ACL entry's sources (`permit host A`, `permit A W`, `permit A`) as a prefix. */
function aclSource(text: string): Prefix | null {
  const host = /^(?:\d+ )?permit (?:host )?(\S+)$/i.exec(text)?.[1];
  if (host) return parseIpv4(host) === null ? null : parsePrefix(`${host}/32`);
  const match = /^(?:\d+ )?permit (\S+) (\S+)(?: log)?$/i.exec(text);
  const wildcard = match?.[2] ? parseIpv4(match[2]) : null;
  if (!match?.[1] || wildcard === null) return null;
  return prefixOf(match[1], [24, 16, 8, 0].map((s) => 255 - (Math.floor(wildcard / 2 ** s) % 256)).join("."));
}

/** Longest-prefix match in a routing table, resolving a next hop to the interface it leaves by. */
function egress(routes: Route[], address: number, depth = 0): string | null {
  let best: { route: Route; length: number } | null = null;
  for (const route of routes) {
    const prefix = parsePrefix(route.prefix);
    if (prefix && prefixContains(prefix, address) && (!best || prefix.length > best.length))
      best = { route, length: prefix.length };
  }
  if (!best) return null;
  if (best.route.interface) return canonicalInterface(best.route.interface);
  const hop = best.route.next_hop ? parseIpv4(best.route.next_hop) : null;
  return hop !== null && depth < 4 ? egress(routes, hop, depth + 1) : null;
}

/** How nocbot and the NOC reach this device: the interface with the address, the ACLs, the path. */
function managementView(ctx: DeviceContext, running: ConfigTree, me: Device) {
  const interfaces = interfaceConfigs(running);
  const mgmtIp = parseIpv4(me.mgmt_ip);
  const acls = new Map<string, ConfigNode[]>();
  for (const node of running.children) {
    const name = /^ip access-list (?:standard|extended) (\S+)/i.exec(node.text)?.[1];
    if (name) acls.set(name, node.children);
    const numbered = /^access-list (\d+) (.+)$/i.exec(node.text);
    if (numbered?.[1])
      acls.set(numbered[1], [...(acls.get(numbered[1]) ?? []), { ...node, text: numbered[2] ?? "" }]);
  }
  const guarding = new Set<string>();
  const vtyAcls = new Set<string>();
  for (const node of walk(running)) {
    const vty = /^access-class (\S+)/i.exec(node.text)?.[1];
    if (vty) vtyAcls.add(vty);
    const match =
      vty ??
      /^ip http access-class (?:ipv4 )?(\S+)/i.exec(node.text)?.[1] ??
      /^ntp access-group (?:ipv4 )?\S+ (\S+)/i.exec(node.text)?.[1] ??
      /^snmp-server community \S+(?: view \S+)? (?:RO|RW) (?:ipv6 \S+ )?(\S+)/i.exec(node.text)?.[1] ??
      /^snmp-server group \S+ .* access (?:ipv6 \S+ )?(\S+)/i.exec(node.text)?.[1];
    if (match) guarding.add(match);
  }
  // Where the NOC logs in from: what the vty ACLs permit; without one, the other devices' addresses.
  const sources = [...vtyAcls].flatMap((name) =>
    (acls.get(name) ?? []).flatMap((e) => aclSource(e.text) ?? []),
  );
  const destinations =
    sources.length > 0 && sources.every((p) => p.length > 0)
      ? sources.map((p) => p.network)
      : ctx.inventory.flatMap((d) => (d.name === me.name ? [] : (parseIpv4(d.mgmt_ip) ?? [])));
  const path = new Set(destinations.flatMap((d) => egress(ctx.routes, d) ?? []));
  const addressed = interfaces.find((i) => i.address?.ip === mgmtIp);
  const mgmtInterface = new Set(
    interfaces
      .filter(
        (i) =>
          i === addressed ||
          /^(mgmt|management)/i.test(i.name) ||
          i.node.children.some((c) => /^(ip )?vrf forwarding \S*mgmt/i.test(c.text)),
      )
      .map((i) => i.name),
  );
  // A switch reached over a VLAN interface: its trunks and its links to other devices that carry that VLAN
  // are on the path too (a host's access port in the same VLAN is not).
  const vlan = addressed ? /^Vlan(\d+)$/i.exec(addressed.name)?.[1] : undefined;
  const links = new Set(ctx.lldp.map((n) => canonicalInterface(n.local_interface)));
  if (vlan)
    for (const i of interfaces) {
      if (i.switchport === "access" && !links.has(i.name)) continue;
      const access = i.node.children.find((c) => /^switchport access vlan \d+$/i.test(c.text));
      const allowed = i.node.children.find((c) => /^switchport trunk allowed vlan /i.test(c.text));
      const carries =
        i.switchport === "access"
          ? (access?.text.split(" ").at(-1) ?? "1") === vlan
          : i.switchport === "trunk" &&
            (!allowed || vlanListHas(allowed.text.split(" ").at(-1) ?? "", Number(vlan)));
      if (carries) path.add(i.name);
    }
  for (const name of mgmtInterface) path.delete(name);
  return { interfaces, mgmtIp, acls, guarding, mgmtInterface, path, destinations };
}

function vlanListHas(list: string, vlan: number): boolean {
  return list.split(",").some((part) => {
    const [from, to] = part.split("-").map(Number);
    return from !== undefined && (to === undefined ? from === vlan : from <= vlan && vlan <= to);
  });
}

const aclName = (text: string): string | null =>
  /^ip access-list (?:standard|extended) (\S+)/i.exec(text)?.[1] ??
  /^access-list (\d+) /i.exec(text)?.[1] ??
  null;

export function checkProposedLines(
  lines: string[],
  ctx: DeviceContext,
  teamRules: readonly AllowRule[] = [],
): LineCheck {
  const problems: string[] = [];
  const risks: string[] = [];
  const usedTeamRules = new Set<string>();
  const refuse = (rule: RefusalRule, text: string, detail?: string) =>
    problems.push(`${rule}: '${text.slice(0, 120)}' ${detail ?? REFUSAL_RULES[rule]}`);
  const me = ctx.inventory.find((d) => d.name === ctx.device);
  if (!me) {
    return {
      problems: [
        `'${ctx.device}' is not a device in the inventory (${ctx.inventory.map((d) => d.name).join(", ")})`,
      ],
      risks,
      teamRules: [],
    };
  }

  // The text, line by line, before any parser sees it: one printable command per line, or nothing.
  if (lines.length === 0) problems.push("CHANGE-SHAPE: there are no lines to apply");
  if (lines.length > MAX_PROPOSAL_LINES)
    problems.push(`CHANGE-SHAPE: ${lines.length} lines; a proposal carries at most ${MAX_PROPOSAL_LINES}`);
  if (lines[0] !== undefined && /^\s/.test(lines[0]))
    problems.push("CHANGE-SHAPE: the first line is indented: sub-commands need the section they belong to");
  // A redacted secret (`<redacted:...>`) may stand where a secret goes: the network puts the value back
  // when staging, and only there. Anywhere else, like any other placeholder, it is refused.
  const unplaced = maskPlacedTokens(lines);
  lines.forEach((line, i) => {
    if (line.length > MAX_LINE_CHARS)
      problems.push(`CHANGE-SHAPE: line ${i + 1} is ${line.length} characters long`);
    if (!PRINTABLE.test(line))
      problems.push(
        `CHANGE-SHAPE: line ${i + 1} holds a character other than printable ASCII (tab, line break, Unicode)`,
      );
    const text = line.trim();
    if (text === "" || text.startsWith("!")) return;
    if (!/^[a-z0-9]/i.test(text)) refuse("CHANGE-SHAPE", text, "is not a config command");
    if (EXEC.test(text)) refuse("CHANGE-EXEC", text);
    if (PLACEHOLDER.test(unplaced[i] ?? text)) refuse("CHANGE-PLACEHOLDER", text);
  });
  // A secret may only be one nocbot has seen, by its token: a model that writes one out invented it.
  for (const { line, spans } of configSecrets(lines.join("\n"))) {
    const text = lines[line - 1] ?? "";
    if (/^\s*no\s/i.test(text)) continue;
    for (const span of spans) {
      const value = text.slice(span.start, span.end);
      if (
        span.kind !== "block" &&
        !isToken(value) &&
        !(span.kind === "community" && WELL_KNOWN_COMMUNITY.test(value))
      )
        refuse("CHANGE-NEW-SECRET", text.trim());
    }
  }
  if (problems.length > 0) return { problems: [...new Set(problems)], risks, teamRules: [] };

  const tree = parseConfig(lines.join("\n"));
  const written = lines.filter((l) => l.trim() !== "" && !l.trim().startsWith("!")).length;
  if ([...walk(tree)].length !== written)
    return {
      problems: ["CHANGE-SHAPE: some lines could not be placed in the config's structure"],
      risks,
      teamRules: [],
    };

  const running = parseConfig(ctx.running);
  const mgmt = managementView(ctx, running, me);
  const sections = new Set(running.children.map((n) => collapse(n.text)));
  const neighbors = new Set([...walk(running)].flatMap((n) => /^neighbor (\S+) /i.exec(n.text)?.[1] ?? []));
  const communities = new Map(snmpCommunities(running).map((c) => [c.name, c]));
  const routed = new Set(ctx.routes.map((r) => r.prefix));
  const others = ctx.inventory.filter((d) => d.name !== ctx.device);
  const otherAddresses = new Map(
    others.flatMap((d) => (parseIpv4(d.mgmt_ip) === null ? [] : [[parseIpv4(d.mgmt_ip) as number, d.name]])),
  );
  const mgmtAddresses = [...otherAddresses.keys(), ...(mgmt.mgmtIp === null ? [] : [mgmt.mgmtIp])];
  const connected = mgmt.interfaces.flatMap((i) => (i.address ? [i.address.prefix] : []));
  const rules = [...BUILTIN_ALLOW_RULES, ...teamRules];

  const check = (node: ConfigNode, where: SectionKind | null, section: ConfigNode | null) => {
    const text = node.text.replace(/ +/g, " ");
    const mentioned = others.find((d) => new RegExp(`\\b${escapeRegExp(d.name)}\\b`, "i").test(text));
    if (mentioned && !/^description /i.test(text))
      refuse("CHANGE-OTHER-DEVICE", text, `names ${mentioned.name}: a proposal changes only ${ctx.device}`);
    const allowed = where ? allowingRule(rules, where, text) : undefined;
    if (!allowed) {
      refuse(
        "CHANGE-NOT-ALLOWED",
        text,
        where
          ? `is not on the allowlist of changes nocbot may propose${section ? ` under '${section.text}'` : ""}`
          : `sits under '${section?.text ?? ""}', which takes no sub-commands in a proposal`,
      );
      for (const child of node.children) check(child, null, node);
      return;
    }
    const { rule, negated } = allowed;
    if (rule.id.startsWith("TEAM-")) usedTeamRules.add(rule.id);
    if (rule.risk) risks.push(`${rule.risk}: '${section ? `${section.text} / ` : ""}${text}'`);

    if (rule.opens === "interface" || (rule.opens && ROUTING_PROCESS.has(rule.opens))) {
      // Written as the device writes it: an abbreviation or a look-alike would land somewhere else.
      if (!sections.has(collapse(text)))
        refuse(
          "CHANGE-UNKNOWN-SECTION",
          text,
          `is not a section of ${ctx.device}'s running config, written as it writes it`,
        );
    }
    const acl = aclName(text) ?? (where === "acl" && section ? aclName(section.text) : null);
    if (acl && mgmt.guarding.has(acl))
      refuse("CHANGE-MGMT-ACL", text, `edits ACL ${acl}, which guards management access`);

    const iface =
      where === "interface" && section
        ? canonicalInterface(section.text.replace(/^interface /i, "").replace(/ /g, ""))
        : null;
    if (
      iface &&
      mgmt.mgmtInterface.has(iface) &&
      !MGMT_INTERFACE_SAFE.has(rule.id) &&
      !/^no shutdown$/i.test(text)
    )
      refuse(
        "CHANGE-MGMT-INTERFACE",
        text,
        `on ${iface}, which carries the management address ${me.mgmt_ip}`,
      );
    if (iface && mgmt.path.has(iface)) {
      if (CUTS_OFF.test(text))
        refuse("CHANGE-MGMT-PATH", text, `on ${iface}, the way nocbot and the NOC reach ${ctx.device}`);
      else
        risks.push(
          `${iface} is on the management path: if this goes wrong, nocbot loses ${ctx.device} until the revert timer undoes it`,
        );
    }

    checkValues(text, negated, where, section);
    for (const child of node.children) check(child, rule.opens ?? null, node);
  };

  const checkValues = (
    text: string,
    negated: boolean,
    where: SectionKind | null,
    section: ConfigNode | null,
  ) => {
    const remote = /^neighbor (\S+) remote-as /i.exec(text)?.[1];
    if (remote && !neighbors.has(remote))
      refuse("CHANGE-NEW-NEIGHBOR", text, `adds BGP neighbor ${remote}, which ${ctx.device} does not have`);
    const community = /^snmp-server community (\S+) RO(?: (\S+))?$/i.exec(text);
    if (community?.[1]) {
      const existing = communities.get(community[1]);
      if (!existing)
        refuse(
          "CHANGE-NEW-COMMUNITY",
          text,
          "creates an SNMP community; only existing ones can be made read-only",
        );
      else if (existing.acl && existing.acl !== community[2])
        refuse(
          "CHANGE-MGMT-ACL",
          text,
          `drops or changes ACL ${existing.acl}, which limits who may poll the device`,
        );
    }
    const vtyAcl = where === "line" ? /^access-class (\S+) in$/i.exec(text)?.[1] : undefined;
    if (vtyAcl) {
      const entries = mgmt.acls.get(vtyAcl);
      if (!entries || entries.length === 0)
        refuse(
          "CHANGE-MGMT-ACL",
          text,
          `points ${section?.text ?? "the line"} at ${vtyAcl}, which is not an ACL of ${ctx.device}`,
        );
      else if (entries.some((e) => ANY.test(e.text)))
        refuse(
          "CHANGE-MGMT-ACL",
          text,
          `points ${section?.text ?? "the line"} at ${vtyAcl}, which permits anyone`,
        );
    }
    if (negated) {
      const network = /^no network (\S+) (\S+) area /i.exec(text);
      const wildcard = network?.[2] ? parseIpv4(network[2]) : null;
      if (where === "router-ospf" && network?.[1] && wildcard !== null && mgmt.mgmtIp !== null) {
        const base = parseIpv4(network[1]) ?? 0;
        if (((base ^ mgmt.mgmtIp) & ~wildcard) >>> 0 === 0)
          refuse(
            "CHANGE-MGMT-PATH",
            text,
            `stops OSPF from advertising ${me.mgmt_ip}, the management address`,
          );
      }
      return;
    }
    const passive = where === "router-ospf" ? /^passive-interface (.+)$/i.exec(text)?.[1] : undefined;
    if (passive) {
      const cut =
        passive.toLowerCase() === "default"
          ? [...mgmt.path].filter((i) => ctx.ospf.some((n) => canonicalInterface(n.interface) === i))
          : [canonicalInterface(passive.replace(/ /g, ""))].filter((i) => mgmt.path.has(i));
      if (cut.length > 0)
        refuse("CHANGE-MGMT-PATH", text, `drops the OSPF adjacency on ${cut.join(", ")}, the way to the NOC`);
    }
    const address = /^(?:ip address|standby(?: \d+)? ip|vrrp(?: \d+)? ip) (\S+)(?: (\S+))?/i.exec(text);
    if (address?.[1] && where === "interface") {
      const ip = parseIpv4(address[1]);
      const owner = ip === null ? undefined : otherAddresses.get(ip);
      if (owner)
        refuse("CHANGE-OTHER-DEVICE", text, `takes ${address[1]}, the management address of ${owner}`);
      const subnet = address[2] && /^ip address/i.test(text) ? prefixOf(address[1], address[2]) : null;
      const joined = subnet && [...otherAddresses].find(([a]) => prefixContains(subnet, a));
      if (
        subnet &&
        joined &&
        !connected.some((c) => c.network === subnet.network && c.length === subnet.length)
      )
        refuse(
          "CHANGE-OTHER-DEVICE",
          text,
          `puts ${ctx.device} into the subnet of ${joined[1]}'s management address`,
        );
    }
    const route = /^ip route(?: vrf \S+)? (\S+) (\S+) (\S+)/i.exec(text);
    const routePrefix = route?.[1] && route[2] ? prefixOf(route[1], route[2]) : null;
    if (route?.[3] && routePrefix && /^null0$/i.test(route[3])) {
      if (routePrefix.length === 0 || mgmtAddresses.some((a) => prefixContains(routePrefix, a)))
        refuse("CHANGE-BLACKHOLE", text);
    } else if (routePrefix && mgmt.destinations.some((d) => prefixContains(routePrefix, d)))
      risks.push(`changes the route to the NOC's addresses: '${text}'`);
    const advertised = ROUTING_BGP.has(where ?? "top") ? /^network (\S+)(?: mask (\S+))?/i.exec(text) : null;
    if (advertised?.[1]) {
      const prefix = prefixOf(advertised[1], advertised[2] ?? classfulMask(advertised[1]));
      if (!prefix || !routed.has(formatPrefix(prefix)))
        refuse(
          "CHANGE-FOREIGN-PREFIX",
          text,
          `advertises ${prefix ? formatPrefix(prefix) : advertised[1]}, which ${ctx.device} does not route`,
        );
    }
    checkBounds(text);
  };

  const checkBounds = (text: string) => {
    const numbers = (pattern: RegExp) => pattern.exec(text)?.slice(1).map(Number);
    const block = numbers(/^login block-for (\d+) attempts (\d+) within (\d+)$/i);
    if (block && ((block[0] ?? 0) > 900 || (block[1] ?? 0) < 3))
      refuse("CHANGE-BOUNDS", text, "locks logins out too hard: at most 900 s, after at least 3 attempts");
    const mtu = numbers(/^(?:ip )?mtu (\d+)$/i);
    if (mtu && ((mtu[0] ?? 0) < 576 || (mtu[0] ?? 0) > 9216))
      refuse("CHANGE-BOUNDS", text, "an MTU outside 576-9216");
    const bandwidth = numbers(/^bandwidth (\d+)$/i);
    if (bandwidth && (bandwidth[0] ?? 0) < 64) refuse("CHANGE-BOUNDS", text, "a bandwidth under 64 kbit/s");
  };

  for (const node of tree.children) check(node, "top", null);
  risks.push(...interfaceRisks(tree, ctx, mgmt.interfaces));
  return { problems: [...new Set(problems)], risks: [...new Set(risks)], teamRules: [...usedTeamRules] };
}

const ROUTING_BGP: ReadonlySet<string> = new Set(["router-bgp", "bgp-af"]);
const classfulMask = (address: string) => {
  const first = Number(address.split(".")[0]);
  return first < 128 ? "255.0.0.0" : first < 192 ? "255.255.0.0" : "255.255.255.0";
};

/** What the person deciding should know about each interface the change touches, from the live state. */
function interfaceRisks(
  tree: ConfigTree,
  ctx: DeviceContext,
  interfaces: ReturnType<typeof interfaceConfigs>,
) {
  const risks: string[] = [];
  for (const node of tree.children) {
    if (!/^interface /i.test(node.text)) continue;
    const name = canonicalInterface(node.text.replace(/^interface /i, "").replace(/ /g, ""));
    const iface = interfaces.find((i) => i.name === name);
    if (node.children.some((c) => /^shutdown$/i.test(c.text)))
      risks.push(`shuts ${name} down${iface?.description ? ` (${iface.description})` : ""}`);
    if (node.children.some((c) => /^no shutdown$/i.test(c.text)))
      risks.push(`brings ${name} up: traffic and routing move back onto it, and a faulty link would flap`);
    const adjacencies = ctx.ospf
      .filter((n) => canonicalInterface(n.interface) === name)
      .map((n) => `OSPF ${n.neighbor_id}`);
    if (adjacencies.length)
      risks.push(`${name} carries ${adjacencies.join(", ")}: expect the adjacency to bounce`);
  }
  return risks;
}
