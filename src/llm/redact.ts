// Secrets never leave for the model. Passwords, keys and SNMP communities found in device configs are
// learned, then every outgoing text has them replaced by stable placeholders (<secret-3>), so the model
// can still tell that two devices share a key without ever seeing it.

// Lines that carry a secret, and which capture group is the secret itself.
const SECRET_LINES: ReadonlyArray<RegExp> = [
  /^\s*enable (?:secret|password)(?: \d+)? (\S+)/,
  /^\s*username \S+(?: privilege \d+)? (?:secret|password)(?: \d+)? (\S+)/,
  /^\s*snmp-server community (\S+)/,
  /^\s*snmp-server user \S+ \S+ v3 auth \S+ (\S+)(?: priv \S+(?: \d+)? (\S+))?/,
  /^\s*ip ospf message-digest-key \d+ md5(?: \d+)? (\S+)/,
  /^\s*ip ospf authentication-key(?: \d+)? (\S+)/,
  /^\s*neighbor \S+ password(?: \d+)? (\S+)/,
  /^\s*(?:tacacs-server|radius-server) key(?: \d+)? (\S+)/,
  /^\s*key (\S+)$/,
  /^\s*key-string(?: \d+)? (\S+)/,
  /^\s*crypto isakmp key(?: \d+)? (\S+)/,
  /^\s*pre-shared-key(?: \d+)? (\S+)/,
  /^\s*password(?: \d+)? (\S+)/,
];

const WELL_KNOWN = new Set(["public", "private", "cisco"]);

export class Redactor {
  readonly #placeholders = new Map<string, string>();

  /** Learns every secret in a config; returns the config with them replaced. */
  learnConfig(config: string): string {
    for (const line of config.split("\n")) {
      for (const pattern of SECRET_LINES) {
        const match = pattern.exec(line);
        if (!match) continue;
        for (const secret of match.slice(1)) if (secret) this.#placeholder(secret);
      }
    }
    return this.redact(config);
  }

  /** Every known secret replaced, longest first so one secret inside another cannot leak a tail. */
  redact(text: string): string {
    let out = text;
    for (const [secret, placeholder] of [...this.#placeholders].sort((a, b) => b[0].length - a[0].length)) {
      out = out.replace(new RegExp(`(?<![\\w$])${escapeRegex(secret)}(?![\\w$])`, "g"), placeholder);
    }
    return out;
  }

  get size(): number {
    return this.#placeholders.size;
  }

  #placeholder(secret: string): string {
    const known = this.#placeholders.get(secret);
    if (known) return known;
    const n = this.#placeholders.size + 1;
    // A default community is a finding in itself: say so without sending the word.
    const placeholder = WELL_KNOWN.has(secret.toLowerCase())
      ? `<secret-${n}:well-known-default>`
      : `<secret-${n}>`;
    this.#placeholders.set(secret, placeholder);
    return placeholder;
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
