// A runbook is sent to the model and shown in Slack, so a secret pasted into one is a leak waiting to
// happen. What looks like one is reported with its line, and the runbook is not loaded until it is gone.
// Configuration is read by the same secrets grammar that guards the network boundary (every secret
// position of every IOS command); prose is searched for the shapes of tokens and keys. Placeholders
// (<community>, <secret-1>, ${VAR}, ****) are what a runbook should say instead; the well-known SNMP
// defaults are no secret, and runbooks name them to remove them.
import { secretSpans } from "../network/secrets/grammar.js";
import { WELL_KNOWN_COMMUNITY } from "../network/secrets/vault.js";

const PLACEHOLDER = /^(?:<[^>]*>|\$\{?[A-Z_]+\}?|\*+|x+|\.\.\.|…|redacted|secret|password|changeme)$/i;

const TOKEN_SHAPES: ReadonlyArray<{ what: string; pattern: RegExp; group?: number }> = [
  { what: "a private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: "a Slack token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { what: "a Slack app token", pattern: /\bxapp-\d-[A-Za-z0-9-]{10,}/ },
  { what: "an Anthropic API key", pattern: /\bsk-ant-[A-Za-z0-9_-]{10,}/ },
  { what: "an AWS access key", pattern: /\bAKIA[0-9A-Z]{16}\b/ },
  { what: "a GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}/ },
  { what: "a bearer token", pattern: /\bBearer\s+([A-Za-z0-9._~+/-]{16,}=*)/, group: 1 },
  { what: "credentials in a URL", pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:([^\s/@]+)@/i, group: 1 },
  {
    what: "a password or key",
    pattern: /\b(?:password|passwd|secret|api[_-]?key|token|community)\s*[:=]\s*["']?([^\s"']{6,})/i,
    group: 1,
  },
];

const harmless = (value: string) => {
  const bare = value.replace(/[`.,;)]+$/, "");
  return PLACEHOLDER.test(bare) || WELL_KNOWN_COMMUNITY.test(bare);
};

/** The pieces of a line written as code: inline `code`, or the whole line inside a fence or indented. */
function codeOf(line: string, fenced: boolean): string[] {
  if (fenced || /^( {4}|\t)/.test(line)) return [line.trim()];
  return [...line.matchAll(/`([^`]+)`/g)].map((m) => (m[1] as string).trim());
}

/** What one line holds that looks like a secret, or null. */
function secretIn(line: string, fenced: boolean): string | null {
  for (const shape of TOKEN_SHAPES) {
    const match = shape.pattern.exec(line);
    if (match && !(shape.group && harmless(match[shape.group] ?? ""))) return shape.what;
  }
  // Config in code is read by the grammar; config in prose counts where the value is not a plain word.
  for (const code of codeOf(line, fenced))
    if (secretSpans(code, null).some((s) => !harmless(code.slice(s.start, s.end))))
      return "a secret in configuration";
  const prose = line.replace(/`[^`]*`/g, " ").replace(/^\s*(?:\d+[.)]|[-*])\s+/, "");
  const values = secretSpans(prose, null).map((s) => prose.slice(s.start, s.end));
  return values.some((v) => /[^A-Za-z]/.test(v) && !harmless(v)) ? "a secret in configuration" : null;
}

/** Every line that looks like it holds a secret, with what it looks like. */
export function secretLike(text: string): Array<{ line: number; what: string }> {
  const out: Array<{ line: number; what: string }> = [];
  let fenced = false;
  for (const [i, line] of text.split("\n").entries()) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    else {
      const what = secretIn(line, fenced);
      if (what) out.push({ line: i + 1, what });
    }
  }
  return out;
}
