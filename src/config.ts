// Environment configuration, parsed once with zod. A wrong or missing value is one line naming the
// variable and what it expects, never a stack trace.
import { z } from "zod";

const positiveInt = (what: string) =>
  z.coerce
    .number({ error: `expected ${what}` })
    .int(`expected ${what}`)
    .positive(`expected ${what}`);

const modelId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]*$/, "expected a model id such as claude-sonnet-5-5")
  .optional();

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
  NOC_LLM_TIMEOUT_MS: positiveInt("milliseconds, e.g. 60000").default(60_000),
  NOC_LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  NOC_STEP_TIMEOUT_MS: positiveInt("milliseconds, e.g. 120000").default(120_000),
  NOC_MAX_CONCURRENCY: positiveInt("a number of parallel steps, e.g. 4").default(4),
  NOC_TOKEN_BUDGET: positiveInt("a number of tokens, e.g. 400000").default(400_000),
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

function describeValue(env: Record<string, unknown>, path: ReadonlyArray<PropertyKey>): string {
  const value = env[String(path[0])];
  return value === undefined ? " (not set)" : ` (got '${String(value).slice(0, 60)}')`;
}
