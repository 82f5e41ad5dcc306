import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";
import { createLogger } from "../src/log.js";

describe("loadConfig", () => {
  it("takes defaults from an empty environment and treats empty strings as unset", () => {
    expect(loadConfig({ LOG_LEVEL: "" })).toMatchObject({ LOG_LEVEL: "info" });
  });

  it("names each wrong variable, what it expects and what it got, one line each", () => {
    try {
      loadConfig({ LOG_LEVEL: "loud", NOC_LAB_SCENARIO: "Not A Scenario" });
      throw new Error("expected a ConfigError");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(2);
      expect(problems[0]).toMatch(/^LOG_LEVEL: .*got 'loud'/);
      expect(problems[1]).toMatch(/^NOC_LAB_SCENARIO: expected a scenario id .*got 'Not A Scenario'/);
    }
  });
});

describe("ranges", () => {
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  // Each value would misbehave later: a timer of 2^31 ms or more fires at once, a TTL past the year
  // 275760 throws when a proposal is stored, a zero TTL or revert timer undoes every change.
  const BAD: Array<[string, string[]]> = [
    ["NOC_LLM_TIMEOUT_MS", ["2147483648", "99999999999", "0", "-5", "1e400", "12.5", "soon"]],
    ["NOC_STEP_TIMEOUT_MS", ["2147483648", "0"]],
    ["NOC_SLACK_MIN_INTERVAL_MS", ["2147483648", "-1"]],
    ["NOC_MAX_CONCURRENCY", ["0", "100000"]],
    ["NOC_TOKEN_BUDGET", ["0", "1e12"]],
    ["NOC_LLM_MAX_RETRIES", ["-1", "11"]],
    ["NOC_PROPOSAL_TTL", ["99999999999d", "0s", "0m", "59s", "31d", "4 h", "4"]],
    ["NOC_REVERT_AFTER", ["0s", "30s", "3h", "99999999999d"]],
    ["PORT", ["65536", "-1"]],
  ];
  for (const [name, values] of BAD) {
    it(`refuses ${name} out of range, in one line naming it`, () => {
      for (const value of values) {
        const problems = problemsOf({ [name]: value });
        expect(problems, `${name}=${value}`).toHaveLength(1);
        expect(problems[0]).toMatch(
          new RegExp(`^${name}: expected .* \\(got '${value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}'\\)$`),
        );
      }
    });
  }

  it("accepts the ends of every range", () => {
    expect(
      loadConfig({
        NOC_LLM_TIMEOUT_MS: "3600000",
        NOC_STEP_TIMEOUT_MS: "86400000",
        NOC_SLACK_MIN_INTERVAL_MS: "0",
        NOC_MAX_CONCURRENCY: "64",
        NOC_PROPOSAL_TTL: "30d",
        NOC_REVERT_AFTER: "1m",
      }),
    ).toMatchObject({
      NOC_LLM_TIMEOUT_MS: 3_600_000,
      NOC_STEP_TIMEOUT_MS: 86_400_000,
      NOC_PROPOSAL_TTL: 30 * 86400,
      NOC_REVERT_AFTER: 60,
    });
  });

  it("never prints a credential it rejects, and says when quotes are the trouble", () => {
    const secret = "8f14e45fceea167a5a36dedd4bea2543";
    const problems = problemsOf({
      SLACK_SIGNING_SECRET: `"${secret}"`,
      SLACK_BOT_TOKEN: `bot-${secret}`,
      SLACK_APP_TOKEN: `app-${secret}`,
      ANTHROPIC_BASE_URL: `ftp//proxy:${secret}@gw`,
    });
    expect(problems).toHaveLength(4);
    expect(problems.join("\n")).not.toContain(secret.slice(4, 20));
    expect(problems.find((p) => p.startsWith("SLACK_SIGNING_SECRET"))).toContain(
      "(got 34 characters, not shown; remove the quotes around it)",
    );
  });
});

describe("logger", () => {
  it("censors tokens, keys and passwords wherever they sit", () => {
    let written = "";
    const sink = new Writable({
      write(chunk, _enc, done) {
        written += String(chunk);
        done();
      },
    });
    const log = createLogger("info", sink);
    log.info(
      {
        token: "xoxb-1",
        slack: { botToken: "xoxb-2", signingSecret: "s3" },
        req: { headers: { authorization: "Bearer k", "x-api-key": "sk-ant-4" } },
        device: { password: "p5" },
      },
      "hello",
    );
    for (const secret of ["xoxb-1", "xoxb-2", "s3", "Bearer k", "sk-ant-4", "p5"])
      expect(written).not.toContain(secret);
    expect(written).toContain("[redacted]");
    expect(written).toContain("hello");
  });
});
