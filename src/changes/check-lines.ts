// What a proposed change must pass before it is staged. Every line must be allowed by a rule of the
// allowlist in the section it is typed in (parsed by the config grammar, never matched as loose text);
// a few refusals win over any allow rule, a team's included: exec commands and `end`, placeholders (a
// redacted secret only where a secret goes), other devices, sections or neighbors the device does not
// have, and management access. It also says, plainly, what the change could break: the risk shown beside
// the Approve button.
import { canonicalInterface } from "../network/interface-names.js";
import { interfaceConfigs, snmpCommunities } from "../network/ios/model.js";
import { type ConfigNode, type ConfigTree, parseConfig, walk } from "../network/ios/parse.js";
import { parseIpv4 } from "../network/ip.js";
import { maskPlacedTokens } from "../network/secrets/vault.js";
import type { BgpNeighbor, Device, OspfNeighbor } from "../network/types.js";
import { type AllowRule, allowingRule, BUILTIN_ALLOW_RULES, type SectionKind } from "./allowlist.js";

export const MAX_PROPOSAL_LINES = 60;
const MAX_LINE_CHARS = 300;

/** Refusals that no allow rule overrides, each with a stable id. */
export const REFUSAL_RULES = {
  "CHANGE-SHAPE": "is not a config-mode line a proposal can carry",
  "CHANGE-EXEC": "is an exec command or leaves config mode",
  "CHANGE-PLACEHOLDER": "holds a placeholder where a secret or value was left out",
  "CHANGE-OTHER-DEVICE": "names another device",
  "CHANGE-UNKNOWN-SECTION": "enters a section the device does not have",
  "CHANGE-NEW-NEIGHBOR": "creates a routing neighbor the device does not have",
  "CHANGE-NEW-COMMUNITY": "creates an SNMP community",
  "CHANGE-MGMT-INTERFACE": "changes the interface nocbot and the NOC reach the device through",
  "CHANGE-MGMT-ACL": "changes an ACL that guards management access",
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
}

const SECTION_OPENER: Partial<Record<SectionKind, RegExp>> = {
  "router-ospf": /^router ospf \d+/i,
  "router-bgp": /^router bgp \S+/i,
};
// Lines the allowlist matches that also must not invent what the device lacks.
const REMOTE_AS = /^neighbor (\S+) remote-as /i;
const PLACEHOLDER = /<[^<>\s]*>|\bREDACTED\b|\*{4,}/i;
const EXEC = /^(do\s|end$|configure\b|write\b|copy\b|reload\b|clear\b|debug\b|send\b)/i;
const MGMT_SAFE = new Set(["ALLOW-IF-DESCRIPTION", "ALLOW-IF-DISCOVERY"]);

const interfaceName = (opener: string) =>
  canonicalInterface(opener.replace(/^interface\s+/i, "").replace(/\s+/g, ""));

/** ACLs that guard management access: on terminal lines, SNMP, the HTTP server, NTP. */
function managementAcls(running: ConfigTree): Set<string> {
  const acls = new Set<string>();
  for (const node of walk(running)) {
    const match =
      /^access-class (\S+)/i.exec(node.text) ??
      /^ip http access-class (?:ipv4 )?(\S+)/i.exec(node.text) ??
      /^ntp access-group (?:ipv4 )?\S+ (\S+)/i.exec(node.text) ??
      /^snmp-server community \S+(?: view \S+)? (?:RO|RW) (?:ipv6 \S+ )?(\S+)/i.exec(node.text) ??
      /^snmp-server group \S+ .* access (?:ipv6 \S+ )?(\S+)/i.exec(node.text);
    if (match?.[1]) acls.add(match[1]);
  }
  return acls;
}

function aclName(text: string): string | null {
  return (
    /^ip access-list (?:standard|extended) (\S+)/i.exec(text)?.[1] ??
    /^access-list (\d+) /i.exec(text)?.[1] ??
    null
  );
}

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

  // The shape of the text, line by line, before any parser sees it.
  if (lines.length === 0) problems.push("CHANGE-SHAPE: there are no lines to apply");
  if (lines.length > MAX_PROPOSAL_LINES)
    problems.push(`CHANGE-SHAPE: ${lines.length} lines; a proposal carries at most ${MAX_PROPOSAL_LINES}`);
  if (lines[0] !== undefined && /^\s/.test(lines[0]))
    problems.push("CHANGE-SHAPE: the first line is indented: sub-commands need the section they belong to");
  // A redacted secret (`<redacted:...>`) may stand where a secret goes: the network puts the value back
  // when staging, and only there. Anywhere else, like any other placeholder, it is refused.
  const unplaced = maskPlacedTokens(lines);
  lines.forEach((line, i) => {
    const text = line.trim();
    if (line.length > MAX_LINE_CHARS)
      problems.push(`CHANGE-SHAPE: line ${i + 1} is ${line.length} characters long`);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
    if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(line))
      problems.push(`CHANGE-SHAPE: line ${i + 1} holds control characters`);
    if (text === "" || text.startsWith("!")) return;
    if (!/^[a-z]/i.test(text)) refuse("CHANGE-SHAPE", text, "is not a config command");
    if (EXEC.test(text)) refuse("CHANGE-EXEC", text);
    if (PLACEHOLDER.test(unplaced[i] ?? text)) refuse("CHANGE-PLACEHOLDER", text);
  });
  if (problems.length > 0) return { problems: [...new Set(problems)], risks, teamRules: [] };

  const tree = parseConfig(lines.join("\n"));
  const placed = [...walk(tree)].length;
  const written = lines.filter((l) => l.trim() !== "" && !l.trim().startsWith("!")).length;
  if (placed !== written)
    return {
      problems: [`CHANGE-SHAPE: ${written - placed} line(s) could not be placed in the config's structure`],
      risks,
      teamRules: [],
    };

  const running = parseConfig(ctx.running);
  const interfaces = interfaceConfigs(running);
  const mgmtIp = parseIpv4(me.mgmt_ip);
  const mgmtAcls = managementAcls(running);
  const existingSections = running.children.map((n) => n.text.replace(/\s+/g, " ").toLowerCase());
  const configuredNeighbors = new Set(
    [...walk(running)].flatMap((n) => /^neighbor (\S+) /i.exec(n.text)?.[1] ?? []),
  );
  const communities = new Set(snmpCommunities(running).map((c) => c.name));
  const others = ctx.inventory.filter((d) => d.name !== ctx.device).map((d) => d.name);
  const rules = [...BUILTIN_ALLOW_RULES, ...teamRules];

  const isMgmtInterface = (name: string) => {
    const iface = interfaces.find((i) => i.name === name);
    const vrf = iface?.node.children.some((c) => /^(ip )?vrf forwarding \S*mgmt/i.test(c.text)) ?? false;
    return /^(mgmt|management)/i.test(name) || vrf || (iface?.address ? iface.address.ip === mgmtIp : false);
  };

  const check = (node: ConfigNode, where: SectionKind | null, section: ConfigNode | null) => {
    const text = node.text;
    const mentioned = others.find((name) => new RegExp(`\\b${escapeRegExp(name)}\\b`, "i").test(text));
    if (mentioned && !/^description\s/i.test(text))
      refuse("CHANGE-OTHER-DEVICE", text, `names ${mentioned}: a proposal changes only ${ctx.device}`);
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
    if (allowed.rule.id.startsWith("TEAM-")) usedTeamRules.add(allowed.rule.id);

    if (allowed.rule.opens === "interface") {
      const name = interfaceName(text);
      if (!interfaces.some((i) => i.name === name))
        refuse("CHANGE-UNKNOWN-SECTION", text, `names ${name}, which is not an interface of ${ctx.device}`);
    } else if (allowed.rule.opens && SECTION_OPENER[allowed.rule.opens]) {
      if (!existingSections.includes(text.replace(/\s+/g, " ").toLowerCase()))
        refuse(
          "CHANGE-UNKNOWN-SECTION",
          text,
          `is not configured on ${ctx.device}; a proposal does not create one`,
        );
    }
    const acl = aclName(text);
    if (acl && mgmtAcls.has(acl))
      refuse("CHANGE-MGMT-ACL", text, `edits ACL ${acl}, which guards management access`);
    if (where === "acl" && section) {
      const guarded = aclName(section.text);
      if (guarded && mgmtAcls.has(guarded))
        refuse("CHANGE-MGMT-ACL", text, `edits ACL ${guarded}, which guards management access`);
    }
    if (where === "interface" && section && isMgmtInterface(interfaceName(section.text))) {
      const harmless =
        MGMT_SAFE.has(allowed.rule.id) || /^no shutdown$/i.test(text) || /^load-interval /i.test(text);
      if (!harmless)
        refuse(
          "CHANGE-MGMT-INTERFACE",
          text,
          `on ${interfaceName(section.text)}, which carries the management address ${me.mgmt_ip}: nocbot and the NOC reach ${ctx.device} through it`,
        );
    }
    const remote = REMOTE_AS.exec(text);
    if (remote?.[1] && !allowed.negated && !configuredNeighbors.has(remote[1]))
      refuse(
        "CHANGE-NEW-NEIGHBOR",
        text,
        `adds BGP neighbor ${remote[1]}, which ${ctx.device} does not have`,
      );
    const community = /^snmp-server community (\S+) RO/i.exec(text)?.[1];
    if (community && !communities.has(community))
      refuse(
        "CHANGE-NEW-COMMUNITY",
        text,
        "creates an SNMP community; only existing ones can be made read-only",
      );

    for (const child of node.children) check(child, allowed.rule.opens ?? null, node);
  };
  for (const node of tree.children) check(node, "top", null);

  risks.push(...describeRisks(tree, ctx, interfaces));
  return {
    problems: [...new Set(problems)],
    risks: [...new Set(risks)],
    teamRules: [...usedTeamRules],
  };
}

function describeRisks(
  tree: ConfigTree,
  ctx: DeviceContext,
  interfaces: ReturnType<typeof interfaceConfigs>,
) {
  const risks: string[] = [];
  for (const node of tree.children) {
    if (!/^interface\s/i.test(node.text)) continue;
    const name = interfaceName(node.text);
    const iface = interfaces.find((i) => i.name === name);
    if (node.children.some((c) => /^shutdown$/i.test(c.text)))
      risks.push(`shuts ${name} down${iface?.description ? ` (${iface.description})` : ""}`);
    if (node.children.some((c) => /^no\s+shutdown$/i.test(c.text)))
      risks.push(`brings ${name} up: traffic and routing move back onto it, and a faulty link would flap`);
    if (node.children.some((c) => /^(no\s+)?(ip\s+)?mtu\s/i.test(c.text)))
      risks.push(`changes the MTU of ${name}: adjacencies on it re-form`);
    if (node.children.some((c) => /^(no\s+)?ip\s+address\s/i.test(c.text)))
      risks.push(`readdresses ${name}: sessions and routes over it drop until both ends agree`);
    if (node.children.some((c) => /^(no\s+)?ip\s+access-group\s/i.test(c.text)))
      risks.push(`changes which traffic ${name} filters`);
    const adjacencies = ctx.ospf
      .filter((n) => canonicalInterface(n.interface) === name)
      .map((n) => `OSPF ${n.neighbor_id}`);
    if (adjacencies.length)
      risks.push(`${name} carries ${adjacencies.join(", ")}: expect the adjacency to bounce`);
  }
  for (const node of walk(tree)) {
    if (/^(no\s+)?ip\s+route\s/i.test(node.text)) risks.push(`changes static routing: '${node.text}'`);
    if (/^(no\s+)?neighbor\s+\S+\s+remote-as\s/i.test(node.text))
      risks.push(
        `changes BGP: sessions with ${ctx.bgp.map((n) => n.peer).join(", ") || "its peers"} may reset`,
      );
    if (
      /^(no\s+)?(ip\s+access-list|access-list)\s/i.test(node.text) ||
      /^(no\s+)?(\d+\s+)?(permit|deny)\s/i.test(node.text)
    )
      risks.push(`changes an access list: '${node.text}'`);
    if (/^(no\s+)?ip\s+helper-address\s/i.test(node.text)) risks.push(`changes DHCP relay: '${node.text}'`);
  }
  return risks;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
