// A runbook is sent to the model and shown in Slack, so a secret pasted into one is a leak waiting to
// happen. What looks like one is reported with its line, and the runbook is not loaded until it is gone.
// Placeholders (<community>, <secret-1>, ${VAR}, ****) are what a runbook should say instead; the
// well-known defaults (public, private) are no secret, and runbooks name them to remove them.

const PLACEHOLDER =
  /^(?:<[^>]*>|\$\{?[A-Z_]+\}?|\*+|x+|\.\.\.|…|redacted|secret|password|changeme|public|private)$/i;

interface SecretShape {
  what: string;
  pattern: RegExp;
  /** The capture group holding the value; when it is a placeholder, the line is fine. */
  group?: number;
}

const SHAPES: readonly SecretShape[] = [
  { what: "a private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: "a Slack token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { what: "a Slack app token", pattern: /\bxapp-\d-[A-Za-z0-9-]{10,}/ },
  { what: "an Anthropic API key", pattern: /\bsk-ant-[A-Za-z0-9_-]{10,}/ },
  { what: "an AWS access key", pattern: /\bAKIA[0-9A-Z]{16}\b/ },
  { what: "a GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}/ },
  { what: "a bearer token", pattern: /\bBearer\s+([A-Za-z0-9._~+/-]{16,}=*)/, group: 1 },
  { what: "credentials in a URL", pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:([^\s/@]+)@/i, group: 1 },
  {
    what: "a device secret",
    pattern:
      /\b(?:enable|username\s+\S+)\s+(?:secret|password)(?:\s+\d)?\s+(\S+)|\b(?:key-string|authentication-key|message-digest-key\s+\d+\s+md5)(?:\s+\d)?\s+(\S+)/i,
  },
  { what: "an SNMP community", pattern: /\bsnmp-server\s+community\s+(\S+)/i, group: 1 },
  {
    what: "a password or key",
    pattern: /\b(?:password|passwd|secret|api[_-]?key|token|community)\s*[:=]\s*["']?([^\s"']{6,})/i,
    group: 1,
  },
];

/** Every line that looks like it holds a secret, with what it looks like. */
export function secretLike(text: string): Array<{ line: number; what: string }> {
  const out: Array<{ line: number; what: string }> = [];
  text.split("\n").forEach((line, i) => {
    for (const shape of SHAPES) {
      const match = shape.pattern.exec(line);
      if (!match) continue;
      const values = shape.group ? [match[shape.group]] : match.slice(1).filter(Boolean);
      if (
        values.length > 0 &&
        values.every((v) => v === undefined || PLACEHOLDER.test(v.replace(/[`.,;)]+$/, "")))
      )
        continue;
      out.push({ line: i + 1, what: shape.what });
      return;
    }
  });
  return out;
}
