// Secrets become tokens, and only the vault knows what a token stands for. A token is a keyed hash of the
// value (HMAC-SHA256 under a key that never leaves the process and its key file), so equal secrets get equal
// tokens on every device: the analyzers still see that two ends of a link share a key, or do not, and
// nobody can tell what the key is. A well-known SNMP community (`public`) stays as it is: it hides nothing,
// and the rules that flag it need to read it.
import { createHmac, randomBytes } from "node:crypto";
import { NetworkError } from "../source.js";
import { configSecrets, replaceSecrets, type SecretKind } from "./grammar.js";

const TOKEN_TEXT = String.raw`<redacted:[0-9a-f]{10,64}>`;
const TOKEN = new RegExp(TOKEN_TEXT, "g");
const IS_TOKEN = new RegExp(`^${TOKEN_TEXT}$`);

/** Whether a value is a token the vault hands out (as opposed to a secret written out). */
export const isToken = (value: string): boolean => IS_TOKEN.test(value);

/** Communities every scanner tries first: not secrets, and exactly what the SNMP rules look for. */
export const WELL_KNOWN_COMMUNITY = /^(public|private|cisco|community)$/i;

const KIND_NAMES: Record<SecretKind, string> = {
  secret: "a password or key",
  community: "an SNMP community",
  block: "a certificate or key body",
};

// A value that could be an ordinary word, name or number elsewhere (a password `cisco` beside the user
// `cisco`, a community `secure` beside `ip http secure-server`) is replaced only where the grammar puts a
// secret: anywhere else only values of 8 characters or more, or of 6 that mix letters, digits and signs.
const CLASSES = [/[A-Za-z]/, /\d/, /[^A-Za-z\d]/];
const worthMatchingAnywhere = (value: string) =>
  value.length >= 8 || (value.length >= 6 && CLASSES.filter((c) => c.test(value)).length >= 2);
// A value matches only as a whole: not inside a longer word, a domain name or an address.
const isEdge = (code: number) =>
  (code >= 48 && code <= 57) || // 0-9
  (code >= 65 && code <= 90) || // A-Z
  (code >= 97 && code <= 122) || // a-z
  code === 95 || // _
  code === 46 || // .
  code === 64 || // @
  code === 45; // -

export type Resolution = { ok: true; lines: string[] } | { ok: false; unknown: string[] };

export class SecretVault {
  readonly #key: Uint8Array;
  readonly #byToken = new Map<string, { value: string; kinds: Set<SecretKind> }>();
  readonly #byValue = new Map<string, string>();
  /** Values matched anywhere, by their first two characters: the lengths to try, longest first. */
  readonly #anywhere = new Map<string, number[]>();
  readonly #firstChars = new Set<number>();

  constructor(key: Uint8Array) {
    if (key.length < 16) throw new Error("a vault key has at least 16 bytes");
    this.#key = key;
  }

  /** A vault whose tokens hold for this process only (commands that store nothing). */
  static ephemeral(): SecretVault {
    return new SecretVault(randomBytes(32));
  }

  /** The token a secret value stands as (learnt on the way). */
  tokenFor(value: string, kind: SecretKind): string {
    if ((kind === "community" && WELL_KNOWN_COMMUNITY.test(value)) || IS_TOKEN.test(value)) return value;
    let token = this.#byValue.get(value);
    if (token === undefined) {
      const digest = createHmac("sha256", this.#key).update(value).digest("hex");
      let length = 10;
      token = `<redacted:${digest.slice(0, length)}>`;
      // Two values on one short prefix: the later one takes a longer token, never the other's.
      while (this.#byToken.has(token)) {
        length += 2;
        token = `<redacted:${digest.slice(0, length)}>`;
      }
      this.#byValue.set(value, token);
      this.#byToken.set(token, { value, kinds: new Set() });
      if (kind !== "block" && worthMatchingAnywhere(value)) {
        const lengths = this.#anywhere.get(value.slice(0, 2)) ?? [];
        if (!lengths.includes(value.length)) lengths.push(value.length);
        this.#anywhere.set(
          value.slice(0, 2),
          lengths.sort((a, b) => b - a),
        );
        this.#firstChars.add(value.charCodeAt(0));
      }
    }
    this.#byToken.get(token)?.kinds.add(kind);
    return token;
  }

  /** A config (or a few config lines) with every secret the grammar finds, and every one already known, as tokens. */
  redactConfig(text: string): string {
    return this.redact(replaceSecrets(text, (value, kind) => this.tokenFor(value, kind)));
  }

  /** A unified diff: each hunk's lines are read as config (the +, - or space in front kept). */
  redactDiff(diff: string): string {
    const out: string[] = [];
    let hunk: string[] = [];
    let inHunk = false;
    const flush = () => {
      if (hunk.length === 0) return;
      const body = this.redactConfig(hunk.map((line) => line.slice(1)).join("\n")).split("\n");
      out.push(...body.map((line, i) => `${(hunk[i] as string).charAt(0)}${line}`));
      hunk = [];
    };
    for (const line of diff.split("\n")) {
      if (line.startsWith("@@")) {
        flush();
        inHunk = true;
        out.push(line);
      } else if (inHunk && /^[ +-]/.test(line)) hunk.push(line);
      else {
        flush();
        out.push(line);
      }
    }
    flush();
    return this.redact(out.join("\n"));
  }

  /**
   * Any text (a log line, an error, a prompt): every secret value the vault has seen, wherever it appears,
   * becomes its token. The second line of defence behind the grammar.
   */
  redact(text: string): string {
    if (this.#anywhere.size === 0) return text;
    // One pass: at each place a value may start, try the lengths known for its first two characters.
    let out = "";
    let copied = 0;
    let i = 0;
    while (i < text.length) {
      const starts = this.#firstChars.has(text.charCodeAt(i)) && (i === 0 || !isEdge(text.charCodeAt(i - 1)));
      const token = starts ? this.#knownAt(text, i) : undefined;
      if (token === undefined) {
        i += 1;
        continue;
      }
      out += text.slice(copied, i) + token.token;
      i += token.length;
      copied = i;
    }
    return copied === 0 ? text : out + text.slice(copied);
  }

  #knownAt(text: string, at: number): { token: string; length: number } | undefined {
    for (const length of this.#anywhere.get(text.slice(at, at + 2)) ?? []) {
      const end = at + length;
      if (end > text.length || (end < text.length && isEdge(text.charCodeAt(end)))) continue;
      const token = this.#byValue.get(text.slice(at, end));
      if (token !== undefined) return { token, length };
    }
    return undefined;
  }

  /**
   * Proposed lines with each token put back as the secret it stands for: only where the grammar puts a
   * secret of the same kind (a key into a key position, a community into a community position), never
   * into a description, a name or a certificate. A misplaced token is refused; unknown ones are listed.
   */
  resolve(lines: readonly string[]): Resolution {
    const text = lines.join("\n");
    const spans = new Map(configSecrets(text).map((l) => [l.line, l.spans]));
    const unknown = new Set<string>();
    const resolved = lines.map((line, i) =>
      line.replace(TOKEN, (token, offset: number) => {
        const place = spans.get(i + 1)?.find((s) => s.start === offset && s.end === offset + token.length);
        if (!place || place.kind === "block")
          throw new NetworkError(
            "invalid-config",
            `line ${i + 1}: ${token} stands for a secret and can only be used where one goes (a password, a key, an SNMP community), alone`,
          );
        const entry = this.#byToken.get(token);
        if (!entry) {
          unknown.add(token);
          return token;
        }
        if (!entry.kinds.has(place.kind))
          throw new NetworkError(
            "invalid-config",
            `line ${i + 1}: ${token} is ${[...entry.kinds].map((k) => KIND_NAMES[k]).join(" and ")}, and cannot stand as ${KIND_NAMES[place.kind]}`,
          );
        return entry.value;
      }),
    );
    return unknown.size > 0 ? { ok: false, unknown: [...unknown] } : { ok: true, lines: resolved };
  }
}

/**
 * The lines with each token that sits exactly where a secret of some kind goes masked, so that only
 * tokens anywhere else remain for a check to refuse. Whether a token may fill that place (it is known,
 * and of the same kind) is the vault's decision when the lines are staged.
 */
export function maskPlacedTokens(lines: readonly string[]): string[] {
  const spans = new Map(configSecrets(lines.join("\n")).map((l) => [l.line, l.spans]));
  return lines.map((line, i) =>
    line.replace(TOKEN, (token, offset: number) =>
      spans
        .get(i + 1)
        ?.some((s) => s.kind !== "block" && s.start === offset && s.end === offset + token.length)
        ? "SECRET"
        : token,
    ),
  );
}
