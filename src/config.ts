// Environment configuration, parsed once with zod. A wrong or missing value is one line naming the
// variable and what it expects, never a stack trace.
import { z } from "zod";

const EnvSchema = z.object({
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  NOC_LAB_FILE: z.string().min(1, "expected a path to a lab YAML file").optional(),
  NOC_LAB_SCENARIO: z
    .string()
    .regex(/^[a-z0-9-]+$/, "expected a scenario id such as wan-primary-down (see 'nocbot lab list')")
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

function describeValue(env: Record<string, unknown>, path: ReadonlyArray<PropertyKey>): string {
  const value = env[String(path[0])];
  return value === undefined ? " (not set)" : ` (got '${String(value).slice(0, 60)}')`;
}
