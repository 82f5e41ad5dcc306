// Boots the whole Slack app as `nocbot start` does, against the fake Slack (and, when given, the fake
// Anthropic API), on a fresh SQLite file; and waits for everything it started to settle.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { bootNocbot, type RunningNocbot } from "../../src/cli/commands/start.js";
import type { Clock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/log.js";
import type { FakeAnthropic } from "../fakes/anthropic.js";
import type { FakeSlack } from "../fakes/slack.js";
import { SIGNING_SECRET } from "./slack-requests.js";

export interface TestNocbot extends RunningNocbot {
  events: string;
  dbPath: string;
  logs: () => string;
  /** Waits for every run, and everything it posted, to be done. */
  settle(): Promise<void>;
}

export function tempDb(): string {
  return join(mkdtempSync(join(tmpdir(), "nocbot-slack-")), "nocbot.db");
}

export async function startNocbot(options: {
  slack: FakeSlack;
  anthropic?: FakeAnthropic;
  dbPath?: string;
  scenario?: string;
  env?: Record<string, string>;
  clock?: Clock;
  lab?: string;
  logLevel?: string;
}): Promise<TestNocbot> {
  const dbPath = options.dbPath ?? tempDb();
  const config = loadConfig({
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: options.slack.url,
    PORT: "0",
    NOC_DB_PATH: dbPath,
    NOC_SLACK_MIN_INTERVAL_MS: "0",
    LOG_LEVEL: options.logLevel ?? "info",
    ...(options.anthropic
      ? { ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: options.anthropic.url }
      : {}),
    ...options.env,
  });
  let logs = "";
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs += String(chunk);
      done();
    },
  });
  const nocbot = await bootNocbot(config, {
    scenario: options.scenario ?? "wan-primary-down",
    log: createLogger(options.logLevel ?? "info", sink),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.lab ? { lab: options.lab } : {}),
  });
  return {
    ...nocbot,
    dbPath,
    events: `http://127.0.0.1:${nocbot.started.port}/slack/events`,
    logs: () => logs,
    settle: async () => {
      // Alerts act after their delivery is answered, and resolve incidents after runs end: until all is still.
      do {
        await nocbot.alerts.idle();
        await nocbot.server.idle();
      } while (nocbot.alerts.processor.busy);
    },
  };
}
