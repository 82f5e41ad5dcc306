// Where secrets sit in an IOS configuration, read by its grammar: the keyword that introduces a secret
// (password, secret, key, key-string, community, pre-shared-key, authentication-key, ...), the modifiers
// that may stand between them (an encryption type, `level N`, an algorithm), and the value itself. Every
// position is found by the command it belongs to, never by a list of whole lines, so a form the list did
// not foresee is still covered when it uses a secret keyword; and a word is a secret only in a secret
// position, so common words elsewhere are never touched.
import { type ConfigNode, parseConfig } from "../ios/parse.js";

/**
 * `secret`: passwords, keys, hashes; `community`: SNMP community names (a weaker secret, readable by every
 * SNMP manager); `block`: certificate and key bodies.
 */
export type SecretKind = "secret" | "community" | "block";

/** A secret's characters in a line of text (the line without its indentation). */
export interface SecretSpan {
  start: number;
  end: number;
  kind: SecretKind;
}

interface Word {
  text: string;
  lower: string;
  start: number;
  end: number;
}

interface Line {
  words: Word[];
  /** The command's first two keywords, after any `no` or `default`. */
  first: string;
  second: string;
  /** The parent section's text, or null where it is not known (a diff hunk that starts inside one). */
  section: string | null;
}

type Hit = { spans: SecretSpan[]; next: number } | null;

function wordsOf(text: string): Word[] {
  return [...text.matchAll(/\S+/g)].map((m) => ({
    text: m[0],
    lower: m[0].toLowerCase(),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

// Commands whose arguments are free text written by a person: a description that says "password" is prose.
const FREE_TEXT =
  /^(description|remark|banner|alias|macro|name|hostname|\d+\s+remark|snmp-server\s+(location|contact|chassis-id))\b/i;
// An encryption type that stores the value encoded or hashed: one word, never with spaces.
const ENCODED_TYPE = /^[4-9]$/;
// Options that can follow a cleartext secret on the same line; the secret stops before them.
const TRAILING_OPTION =
  /^(timeout|cryptographic-algorithm|role|level|level-[12]|authenticate|encrypted|pbkdf2|mschap|nt-encrypted|privilege|address|hostname|ipv6)$/;
const DIGEST = /^(md5|sha|sha1|sha-?\d+|hmac-sha\S*|cmac-aes-\d+)$/;
const SNMP_CIPHER = /^(des|3des|aes|aes-\d+)$/;
// Where a line that starts with `key` holds a secret (new-style TACACS+/RADIUS servers, Easy VPN groups);
// under `key chain` it is a key id.
const KEY_CHAIN = /^key chain\b/i;

const span = (word: Word, kind: SecretKind = "secret"): SecretSpan => ({
  start: word.start,
  end: word.end,
  kind,
});

/**
 * The value at `j`, after an optional encryption type. An encoded value (type 4-9) is one word; a
 * cleartext one runs to the end of the line (IOS lets it hold spaces), short of a known trailing option.
 */
function valueAt(words: Word[], j: number, options: { oneWord?: boolean } = {}): Hit {
  let at = j;
  const type = words[at];
  const typed = type !== undefined && /^\d$/.test(type.text) && words[at + 1] !== undefined;
  if (typed) at += 1;
  const first = words[at];
  if (!first) return null;
  if (options.oneWord || (typed && ENCODED_TYPE.test(type.text)))
    return { spans: [span(first)], next: at + 1 };
  let last = at;
  while (words[last + 1] && !TRAILING_OPTION.test((words[last + 1] as Word).lower)) last += 1;
  return {
    spans: [{ start: first.start, end: (words[last] as Word).end, kind: "secret" }],
    next: last + 1,
  };
}

/** `snmp-server host ADDRESS [vrf V] [informs|traps] [version 1|2c] COMMUNITY ...`; a v3 user is no secret. */
function snmpHostCommunity(words: Word[], i: number): Hit {
  let j = i + 2;
  for (;;) {
    const w = words[j]?.lower;
    if (w === "vrf" || w === "use-vrf" || w === "filter-vrf" || w === "udp-port") j += 2;
    else if (w === "informs" || w === "traps") j += 1;
    else if (w === "version") {
      if (words[j + 1]?.lower === "3") return null;
      j += 2;
    } else break;
  }
  const community = words[j];
  return community ? { spans: [span(community, "community")], next: words.length } : null;
}

/** `snmp-server user NAME GROUP [v3] [encrypted] auth ALG PASSWORD [priv [CIPHER [BITS]] PASSWORD]`. */
function snmpUserPasswords(words: Word[], i: number): Hit {
  const spans: SecretSpan[] = [];
  for (let k = i + 1; k < words.length; k++) {
    const w = (words[k] as Word).lower;
    let j = k + 1;
    if (w === "auth") {
      if (DIGEST.test(words[j]?.lower ?? "")) j += 1;
    } else if (w === "priv") {
      if (SNMP_CIPHER.test(words[j]?.lower ?? "")) j += 1;
      if (/^\d+$/.test(words[j]?.text ?? "")) j += 1;
    } else continue;
    const value = words[j];
    if (value) spans.push(span(value));
    k = j;
  }
  return { spans, next: words.length };
}

/** `... ipsec spi N md5|sha1 [type] KEY` and `... esp CIPHER [BITS] [type] KEY [md5|sha1 [type] KEY]` (OSPFv3). */
function ipsecKeys(words: Word[], i: number): Hit {
  const spans: SecretSpan[] = [];
  let k = i + 2;
  while (k < words.length) {
    const w = (words[k] as Word).lower;
    if (w === "md5" || w === "sha1") {
      const hit = valueAt(words, k + 1, { oneWord: true });
      if (hit) spans.push(...hit.spans);
      k = hit?.next ?? words.length;
    } else if (w === "esp") {
      k += 1;
      if (words[k]?.lower === "null") {
        k += 1;
        continue;
      }
      k += 1;
      if (/^\d+$/.test(words[k]?.text ?? "")) k += 1;
      const hit = valueAt(words, k, { oneWord: true });
      if (hit) spans.push(...hit.spans);
      k = hit?.next ?? words.length;
    } else k += 1;
  }
  return { spans, next: words.length };
}

/** `set session-key inbound|outbound ah SPI KEY` or `esp SPI cipher KEY [authenticator KEY]` (manual IPsec keys). */
function sessionKeys(words: Word[], i: number): Hit {
  const spans: SecretSpan[] = [];
  for (let k = i + 1; k < words.length; k++) {
    const w = (words[k] as Word).lower;
    const value =
      w === "cipher" || w === "authenticator" ? words[k + 1] : w === "ah" ? words[k + 2] : undefined;
    if (value) spans.push(span(value));
  }
  return { spans, next: words.length };
}

/** The secret a keyword at `i` introduces, if it introduces one here. */
function secretAt(line: Line, i: number): Hit {
  const { words, first, second } = line;
  const word = words[i] as Word;
  const w = word.lower;
  const next = words[i + 1]?.lower;
  const previous = words[i - 1]?.lower;

  if (/^(?:[a-z][\w-]*-)?(password|secret)$/.test(w)) {
    // `password encryption aes` switches type 6 on; `ip ssh server algorithm authentication password` lists methods.
    if ((i === 0 && next === "encryption") || (first === "ip" && second === "ssh")) return null;
    const j = next === "level" ? i + 3 : i + 1;
    return valueAt(words, j, { oneWord: !["username", "enable", "password", "neighbor"].includes(first) });
  }
  switch (w) {
    case "key-string":
    case "server-key":
      return valueAt(words, i + 1);
    case "wpa-psk":
      return valueAt(words, next === "ascii" || next === "hex" ? i + 2 : i + 1);
    case "pre-shared-key":
      // `pre-shared-key address A key K` puts the key after `key`; `mka pre-shared-key key-chain N` names a chain.
      if (next === "address" || next === "hostname" || next === "ipv6" || next === "key-chain") return null;
      return valueAt(words, next === "local" || next === "remote" ? i + 2 : i + 1);
    case "authentication-key": {
      // `ntp authentication-key ID ALG KEY [type]` or `ip ospf authentication-key [type] KEY`.
      const withId = /^\d+$/.test(words[i + 1]?.text ?? "") && DIGEST.test(words[i + 2]?.lower ?? "");
      return valueAt(words, withId ? i + 3 : i + 1, { oneWord: withId });
    }
    case "message-digest-key": {
      let j = i + 1;
      if (/^\d+$/.test(words[j]?.text ?? "")) j += 1;
      if (DIGEST.test(words[j]?.lower ?? "")) j += 1;
      return valueAt(words, j);
    }
    case "key":
      return keyAt(line, i);
    case "community":
    case "community-map":
      // `snmp-server community NAME`, `snmp-server [mib] community-map NAME`; BGP communities are no secret.
      if (first !== "snmp-server" || !(i === 1 || (i === 2 && second === "mib")) || !words[i + 1])
        return null;
      return { spans: [span(words[i + 1] as Word, "community")], next: i + 2 };
    case "host":
      return first === "snmp-server" && i === 1 ? snmpHostCommunity(words, i) : null;
    case "user":
      return first === "snmp-server" && i === 1 ? snmpUserPasswords(words, i) : null;
    case "authentication":
      // First-hop redundancy and NHRP: `standby 1 authentication [text] KEY`, `vrrp 1 authentication text KEY`.
      if (["standby", "vrrp", "glbp"].includes(first) || (first === "ip" && second === "nhrp")) {
        if (next === "text") return valueAt(words, i + 2);
        if (next && next !== "md5" && next !== "key-chain") return valueAt(words, i + 1);
      }
      return null;
    case "spi":
      return previous === "ipsec" ? ipsecKeys(words, i) : null;
    case "session-key":
      return first === "set" && i === 1 ? sessionKeys(words, i) : null;
    default:
      return null;
  }
}

/** `key` is a secret after a server or a pre-share, or leading a line in a server section; not in a key chain. */
function keyAt(line: Line, i: number): Hit {
  const { words, first, second, section } = line;
  const next = words[i + 1]?.lower;
  if (next === "chain") return null;
  if (next === "config-key") {
    // `key config-key password-encrypt MASTER`: the key every type-6 secret is encrypted with.
    const j = /^(password-encrypt\S*|\d+)$/.test(words[i + 2]?.lower ?? "") ? i + 3 : i + 2;
    return valueAt(words, j, { oneWord: true });
  }
  if (i === 0) {
    if (section !== null && KEY_CHAIN.test(section)) return null;
    // A diff hunk may start inside a key chain: `key 1` alone is then read as a key id.
    if (section === null && words.length === 2 && /^\d+$/.test(next ?? "")) return null;
    return valueAt(words, i + 1);
  }
  const previous = words[i - 1]?.lower;
  const afterServer = ["tacacs-server", "radius-server", "server-private", "pre-shared-key"].includes(first);
  const isakmp = first === "crypto" && second === "isakmp" && i === 2;
  return afterServer || isakmp || previous === "pre-share" ? valueAt(words, i + 1) : null;
}

// `scheme://user:password@host`, in an archive path, a boot image or any other URL.
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:([^\s@/]+)@/gi;

/** The secrets in one line of config (its text without indentation), under the given section. */
// Every keyword above appears in one of these: a line without any (most lines) is passed over at once.
const MAY_HOLD_SECRET = /password|secret|key|authentication|ipsec|wpa-psk|snmp-server|:\/\//i;

export function secretSpans(text: string, section: string | null): SecretSpan[] {
  const spans: SecretSpan[] = [];
  if (!MAY_HOLD_SECRET.test(text)) return spans;
  for (const m of text.matchAll(URL_PASSWORD)) {
    const start = m.index + m[0].length - 1 - (m[1] as string).length;
    spans.push({ start, end: start + (m[1] as string).length, kind: "secret" });
  }
  const all = wordsOf(text);
  const skip = all[0] && (all[0].lower === "no" || all[0].lower === "default") ? 1 : 0;
  const words = all.slice(skip);
  const command = text.slice(words[0]?.start ?? 0);
  if (words.length === 0 || FREE_TEXT.test(command)) return spans;
  const line: Line = { words, first: words[0]?.lower ?? "", second: words[1]?.lower ?? "", section };
  let i = 0;
  while (i < words.length) {
    const hit = secretAt(line, i);
    if (hit) {
      spans.push(...hit.spans);
      i = Math.max(hit.next, i + 1);
    } else i += 1;
  }
  return spans;
}

// The body of a certificate or a key, as `show running-config` prints it: groups of eight hex digits.
const HEX_BODY = /^[0-9A-Fa-f]{8}(?:\s+[0-9A-Fa-f]{1,8})*$/;
const BLOCK_OPENER = (node: ConfigNode, parent: ConfigNode | null) =>
  (/^certificate\b/i.test(node.text) && parent !== null && /certificate chain\b/i.test(parent.text)) ||
  /^key-string$/i.test(node.text);

/** One line's secrets, with its 1-based line number; spans count from the start of the raw line. */
export interface LineSecrets {
  line: number;
  spans: SecretSpan[];
}

/**
 * Every secret in a piece of configuration: a whole config, a few proposed lines, or a diff hunk's lines
 * (whose first section may have started above it). Banner bodies are free text and keep their words.
 */
export function configSecrets(text: string): LineSecrets[] {
  const found: LineSecrets[] = [];
  const visit = (nodes: ConfigNode[], parent: ConfigNode | null, inBlock: boolean) => {
    for (const node of nodes) {
      const block = inBlock && !/^(quit|exit)$/i.test(node.text);
      const spans =
        block || HEX_BODY.test(node.text)
          ? [{ start: 0, end: node.text.length, kind: "block" as const }]
          : secretSpans(node.text, parent?.text ?? (node.indent > 0 ? null : ""));
      if (spans.length > 0) {
        const shift = (s: SecretSpan) => ({ ...s, start: s.start + node.indent, end: s.end + node.indent });
        found.push({ line: node.line, spans: spans.map(shift) });
      }
      visit(node.children, node, BLOCK_OPENER(node, parent));
    }
  };
  visit(parseConfig(text).children, null, false);
  return found;
}

/** The text with every secret replaced by what `replace` makes of it. */
export function replaceSecrets(text: string, replace: (value: string, kind: SecretKind) => string): string {
  const lines = text.split("\n");
  for (const { line, spans } of configSecrets(text)) {
    let out = lines[line - 1] as string;
    // Right to left, so earlier offsets hold; a span overlapping one already replaced is inside it.
    let limit = Number.POSITIVE_INFINITY;
    for (const s of [...spans].sort((a, b) => b.start - a.start)) {
      if (s.end > limit) continue;
      out = out.slice(0, s.start) + replace(out.slice(s.start, s.end), s.kind) + out.slice(s.end);
      limit = s.start;
    }
    lines[line - 1] = out;
  }
  return lines.join("\n");
}
