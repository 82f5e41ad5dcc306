// Environment configuration, parsed once with zod. A wrong or missing value is one line naming the
// variable and what it expects, never a stack trace.
import { z } from "zod";
import { DURATION, durationSeconds } from "./duration.js";

/** A whole number in a range; the message names the range, so a typo and an absurd value read the same. */
const intIn = (min: number, max: number, what: string) => {
  const message = `expected ${what} from ${min} to ${max}`;
  return z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);
};

const modelId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]*$/, "expected a model id such as claude-sonnet-5-5")
  .optional();

/** A duration (`90s`, `15m`, `4h`, `1d`) in seconds, within a range. */
const duration = (example: string, min: string, max: string) => {
  const message = `expected a duration from ${min} to ${max} (s, m, h or d), e.g. ${example}`;
  return z
    .string()
    .regex(DURATION, message)
    .transform(durationSeconds)
    .pipe(z.number().min(durationSeconds(min), message).max(durationSeconds(max), message));
};

const flag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { error: "expected true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

/** Comma-separated values, blanks dropped. */
const list = z.string().transform((v) =>
  v
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean),
);

/** Slack user ids (U..., W...) and user group ids (S...), comma-separated. */
const slackIds = list.pipe(
  z.array(
    z
      .string()
      .regex(
        /^[UWS][A-Z0-9]{2,}$/,
        "expected Slack user ids (U..., W...) or user group ids (S...), comma-separated",
      ),
  ),
);

const slackChannel = z.string().regex(/^[CG][A-Z0-9]{6,}$/, "expected a Slack channel id such as C0123ABCD");

const EnvSchema = z.object({
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  NOC_LAB_FILE: z.string().min(1, "expected a path to a lab YAML file").optional(),
  NOC_LAB_SCENARIO: z
    .string()
    .regex(/^[a-z0-9-]+$/, "expected a scenario id such as wan-primary-down (see 'nocbot lab list')")
    .optional(),
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_BASE_URL: z.url({ error: "expected a URL such as https://llm-gateway.example.com" }).optional(),
  NOC_MODEL_SUPERVISOR: modelId,
  NOC_MODEL_SPECIALIST: modelId,
  NOC_MODEL_DOCUMENTATION: modelId,
  // Timers hold at most 2^31-1 ms (Node fires a longer one at once); these ranges stay well inside it.
  NOC_LLM_TIMEOUT_MS: intIn(1000, 3_600_000, "milliseconds per model call").default(60_000),
  NOC_LLM_MAX_RETRIES: intIn(0, 10, "a number of retries").default(3),
  NOC_STEP_TIMEOUT_MS: intIn(100, 86_400_000, "milliseconds per specialist step").default(120_000),
  NOC_MAX_CONCURRENCY: intIn(1, 64, "a number of parallel steps").default(4),
  NOC_TOKEN_BUDGET: intIn(1000, 100_000_000, "a number of tokens per investigation").default(400_000),

  NOC_DB_PATH: z.string().min(1).default("./data/nocbot.db"),
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xox[bp]-/, "expected a bot token starting with xoxb-")
    .optional(),
  SLACK_SIGNING_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9]{16,}$/, "expected the app's signing secret (Basic Information > App Credentials)")
    .optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, "expected an app-level token starting with xapp- (Socket Mode)")
    .optional(),
  SLACK_API_URL: z
    .url({ error: "expected a URL such as https://slack.com/api/" })
    .transform((url) => (url.endsWith("/") ? url : `${url}/`))
    .optional(),
  PORT: z.coerce
    .number({ error: "expected a TCP port, e.g. 3000" })
    .int("expected a TCP port, e.g. 3000")
    .min(0, "expected a TCP port, e.g. 3000")
    .max(65535, "expected a TCP port, e.g. 3000")
    .default(3000),
  NOC_SLACK_RENDER: z
    .enum(["thread", "stream"], {
      error: "expected thread (messages edited in place) or stream (chat streaming)",
    })
    .default("thread"),
  NOC_SLACK_MIN_INTERVAL_MS: intIn(0, 60_000, "milliseconds between messages to one channel").default(1000),

  NOC_APPROVERS: slackIds.default([]),
  NOC_ALLOW_SELF_APPROVAL: flag.default(false),
  NOC_PROPOSAL_TTL: duration("4h", "1m", "30d").default(4 * 3600),
  // IOS takes a revert timer of 1 to 120 minutes (`configure terminal revert timer`).
  NOC_REVERT_AFTER: duration("5m", "1m", "2h").default(300),
  NOC_CHANGE_ALLOWLIST: z.string().min(1, "expected a path to a YAML file of allowlist rules").optional(),

  NOC_RUNBOOK_DIRS: list.default([]),

  NOC_ALERT_TOKEN: z.string().min(16, "expected a token of at least 16 characters").optional(),
  NOC_ALERT_BASIC_AUTH: z
    .string()
    .regex(/^[^:]+:.{8,}$/, "expected user:password, the password at least 8 characters")
    .optional(),
  NOC_ALERT_GRAFANA_SECRET: z.string().min(16, "expected a secret of at least 16 characters").optional(),
  NOC_ALERT_GRAFANA_TIMESTAMP_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, "expected a header name such as X-Grafana-Alerting-Timestamp")
    .optional(),
  NOC_ALERT_PAGERDUTY_SECRET: z.string().min(16, "expected the subscription's signing secret").optional(),
  NOC_ALERT_CHANNEL: slackChannel.optional(),
  NOC_ALERT_TEAM_CHANNELS: list
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^[^=]+=[CG][A-Z0-9]{6,}$/,
            "expected team=CHANNEL_ID pairs, comma-separated (noc=C0123ABCD)",
          ),
      ),
    )
    .transform((pairs) => Object.fromEntries(pairs.map((p) => p.split("=") as [string, string])))
    .default({}),
  NOC_ALERT_SEVERITIES: list.default(["critical", "error", "high", "page", "warning"]),
  NOC_ALERT_COOLDOWN: duration("30m", "0s", "7d").default(1800),
  NOC_ALERT_DEVICE_LABELS: list.default(["device", "sysName", "hostname", "instance"]),
  NOC_ALERT_INTERFACE_LABELS: list.default(["ifName", "ifDescr", "interface"]),
  NOC_ALERT_MAX_BYTES: intIn(1024, 64 * 1024 * 1024, "bytes per alert delivery").default(1024 * 1024),
  NOC_ALERTMANAGER_URL: z
    .url({ error: "expected Alertmanager's base URL, e.g. http://alertmanager:9093" })
    .optional(),
});

export type AppConfig = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty strings count as unset: `FOO= nocbot ...` should not fail validation.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = EnvSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map(
      (issue) => `${issue.path.join(".")}: ${issue.message}${describeValue(present, issue.path)}`,
    ),
  );
}

// Credentials are never echoed, not even the wrong ones: a mistyped secret is still mostly the secret.
const SECRET_VARIABLES = new Set([
  "ANTHROPIC_API_KEY",
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_APP_TOKEN",
]);

function describeValue(env: Record<string, unknown>, path: ReadonlyArray<PropertyKey>): string {
  const name = String(path[0]);
  const value = env[name];
  if (value === undefined) return " (not set)";
  const text = String(value);
  const quoted = /^(["']).*\1$/s.test(text) ? "; remove the quotes around it" : "";
  if (SECRET_VARIABLES.has(name)) return ` (got ${text.length} characters, not shown${quoted})`;
  // A URL may carry a password: never the part between :// and @.
  const shown = text.replace(/(\/\/[^/@:\s]*):[^/@\s]*@/, "$1:***@").slice(0, 60);
  return ` (got '${shown}'${quoted})`;
}
