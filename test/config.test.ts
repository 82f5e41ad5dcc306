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
