// What a proposed change must pass before it is staged: the lines are config-mode IOS that parses, they
// touch only the device they name, and none of them is on the deny list (erasing, reloading, AAA and
// credentials, management access, whole routing processes, exec commands). It also says, plainly, what
// the change could break: the risk shown beside the Approve button.
import { canonicalInterface } from "../network/interface-names.js";
import { interfaceConfigs } from "../network/ios/model.js";
import { type ConfigNode, parseConfig, walk } from "../network/ios/parse.js";
import { parseIpv4 } from "../network/ip.js";
import type { BgpNeighbor, Device, OspfNeighbor } from "../network/types.js";

export const MAX_PROPOSAL_LINES = 60;
const MAX_LINE_CHARS = 300;

interface DenyRule {
  id: string;
  /** Matched against a line without its indentation. */
  pattern: RegExp;
  why: string;
  /** Only under a parent matching this (e.g. a line vty section). */
  under?: RegExp;
}

export const DENY_RULES: readonly DenyRule[] = [
  { id: "DENY-EXEC", pattern: /^do\s/i, why: "runs an exec command from config mode" },
  {
    id: "DENY-ERASE",
    pattern: /^(write\s+erase|erase|delete|format)\b/i,
    why: "erases storage or the startup config",
  },
  { id: "DENY-RELOAD", pattern: /^(reload|shutdown\s+system)\b/i, why: "reloads the device" },
  { id: "DENY-BOOT", pattern: /^(no\s+)?(boot\s|config-register\b)/i, why: "changes what the device boots" },
  { id: "DENY-AAA", pattern: /^no\s+aaa\b/i, why: "removes AAA (authentication, authorization, accounting)" },
  {
    id: "DENY-AAA-NONE",
    pattern: /^aaa\s+authentication\b.*\bnone\b/i,
    why: "lets anyone log in without authentication",
  },
  {
    id: "DENY-CREDENTIALS",
    pattern: /^(no\s+)?(username|enable\s+(secret|password))\b/i,
    why: "changes local credentials",
  },
  {
    id: "DENY-CRYPTO-KEY",
    pattern: /^crypto\s+key\s+(zeroize|generate)\b/i,
    why: "replaces the device's SSH keys",
  },
  {
    id: "DENY-ROUTING-PROCESS",
    pattern: /^no\s+router\s+\S+/i,
    why: "removes a whole routing process",
  },
  { id: "DENY-HOSTNAME", pattern: /^(no\s+)?hostname\b/i, why: "renames the device" },
  {
    id: "DENY-VTY-OPEN",
    pattern: /^(no\s+login\b|no\s+access-class\b|transport\s+input\s+(all|telnet))/i,
    why: "opens remote management access",
    under: /^line\s+(vty|con|aux)\b/i,
  },
  { id: "DENY-SNMP-RW", pattern: /^snmp-server\s+community\s+\S+\s+rw\b/i, why: "grants SNMP write access" },
  { id: "DENY-LOGGING-OFF", pattern: /^no\s+logging\b(?!\s+console)/i, why: "turns off logging" },
  {
    id: "DENY-CONFIG-REPLACE",
    pattern: /^(configure\s+replace|archive)\b/i,
    why: "replaces the configuration wholesale",
  },
];

export interface LineCheck {
  /** Why the lines cannot be staged; empty when they can. */
  problems: string[];
  /** What applying them could break, for the person deciding. */
  risks: string[];
}

export interface DeviceContext {
  device: string;
  inventory: Device[];
  running: string;
  ospf: OspfNeighbor[];
  bgp: BgpNeighbor[];
}

const INTERFACE = /^interface\s+(\S+)/i;

export function checkProposedLines(lines: string[], ctx: DeviceContext): LineCheck {
  const problems: string[] = [];
  const risks: string[] = [];
  const me = ctx.inventory.find((d) => d.name === ctx.device);
  if (!me) {
    return {
      problems: [
        `'${ctx.device}' is not a device in the inventory (${ctx.inventory.map((d) => d.name).join(", ")})`,
      ],
      risks,
    };
  }
  if (lines.length === 0) problems.push("there are no lines to apply");
  if (lines.length > MAX_PROPOSAL_LINES)
    problems.push(`${lines.length} lines; a proposal carries at most ${MAX_PROPOSAL_LINES}`);
  lines.forEach((line, i) => {
    if (line.length > MAX_LINE_CHARS) problems.push(`line ${i + 1} is ${line.length} characters long`);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
    if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(line))
      problems.push(`line ${i + 1} holds control characters`);
  });
  if (lines[0] !== undefined && /^\s/.test(lines[0]))
    problems.push("the first line is indented: sub-commands need the section they belong to");
  lines.forEach((line, i) => {
    const text = line.trim();
    if (text && !/^[a-z!]/i.test(text))
      problems.push(`line ${i + 1} is not a config command: '${text.slice(0, 60)}'`);
  });

  const tree = parseConfig(lines.join("\n"));
  const running = parseConfig(ctx.running);
  const interfaces = interfaceConfigs(running);
  const known = new Set(interfaces.map((i) => i.name));
  const mgmt = parseIpv4(me.mgmt_ip);
  const others = ctx.inventory.filter((d) => d.name !== ctx.device).map((d) => d.name);

  const check = (node: ConfigNode, parent: ConfigNode | null) => {
    for (const rule of DENY_RULES) {
      if (rule.pattern.test(node.text) && (!rule.under || (parent && rule.under.test(parent.text)))) {
        problems.push(`${rule.id}: '${node.text}' ${rule.why}`);
      }
    }
    for (const child of node.children) check(child, node);
  };
  for (const node of tree.children) check(node, null);

  for (const node of tree.children) {
    const match = INTERFACE.exec(node.text);
    if (!match) continue;
    const name = canonicalInterface(match[1] ?? "");
    const iface = interfaces.find((i) => i.name === name);
    if (!known.has(name) && !/^(Loopback|Tunnel|Vlan|Port-channel)/.test(name)) {
      problems.push(`${name} is not an interface of ${ctx.device}`);
      continue;
    }
    const shuts = node.children.some((c) => /^shutdown$/i.test(c.text));
    const carriesMgmt = iface?.address !== null && iface?.address !== undefined && iface.address.ip === mgmt;
    if (shuts && (carriesMgmt || /^(mgmt|management)/i.test(name))) {
      problems.push(
        `DENY-MGMT-SHUTDOWN: '${name}' carries the management address ${me.mgmt_ip}; shutting it cuts nocbot and the NOC off`,
      );
    } else if (shuts) {
      risks.push(`shuts ${name} down${iface?.description ? ` (${iface.description})` : ""}`);
    }
    if (node.children.some((c) => /^no\s+shutdown$/i.test(c.text)))
      risks.push(`brings ${name} up: traffic and routing move back onto it, and a faulty link would flap`);
    if (node.children.some((c) => /^(ip\s+)?mtu\s/i.test(c.text)))
      risks.push(`changes the MTU of ${name}: adjacencies on it re-form`);
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
    if (/^(no\s+)?ip\s+access-list\s/i.test(node.text) || /^\s*(permit|deny)\s/i.test(node.text))
      risks.push(`changes an access list: '${node.text}'`);
    if (/^(no\s+)?ip\s+helper-address\s/i.test(node.text)) risks.push(`changes DHCP relay: '${node.text}'`);
    const mentioned = others.find(
      (name) => new RegExp(`\\b${name}\\b`).test(node.text) && !/^description\s/i.test(node.text),
    );
    if (mentioned) problems.push(`'${node.text}' names ${mentioned}: a proposal changes only ${ctx.device}`);
  }
  return { problems: [...new Set(problems)], risks: [...new Set(risks)] };
}
