// A kill mid-run, for real: `nocbot start` runs as its own process, is killed with SIGKILL while a
// specialist is still working, and the next start marks the run interrupted, says so in its thread,
// and keeps everything that was recorded before the kill.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PACKAGE_ROOT } from "../../src/paths.js";
import { FakeAnthropic } from "../fakes/anthropic.js";
import { FakeSlack, shownText } from "../fakes/slack.js";
import { teamScript } from "../fakes/team-script.js";
import { startNocbot, tempDb } from "../helpers/nocbot.js";
import { FORM, SIGNING_SECRET, send, sign, slashCommand } from "../helpers/slack-requests.js";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

function startProcess(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(PACKAGE_ROOT, "src/cli/main.ts"), "start", "--scenario", "wan-primary-down"],
    {
      cwd: PACKAGE_ROOT,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let err = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString();
      const port = /listening \(HTTP on :(\d+)/.exec(err)?.[1];
      if (port) resolve({ child, port: Number(port) });
    });
    child.on("exit", (code) => reject(new Error(`nocbot exited with ${code}: ${err}`)));
  });
}

describe("a kill mid-run", () => {
  it("is marked interrupted at the next start, in the store and in the thread, losing nothing recorded", async () => {
    const slack = await new FakeSlack().start();
    const anthropic = await new FakeAnthropic(
      teamScript({ specialists: { performance: { hang: true } } }),
    ).start();
    const dbPath = tempDb();
    try {
      const { child, port } = await startProcess({
        SLACK_BOT_TOKEN: "xoxb-test-token",
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.url,
        PORT: "0",
        NOC_DB_PATH: dbPath,
        NOC_SLACK_MIN_INTERVAL_MS: "0",
        ANTHROPIC_API_KEY: "test-key",
        ANTHROPIC_BASE_URL: anthropic.url,
        LOG_LEVEL: "warn",
      });
      const ack = await send(
        `http://127.0.0.1:${port}/slack/events`,
        sign(slashCommand("investigate branch latency"), FORM),
      );
      expect(ack.status).toBe(200);
      // Wait until diagnosis has finished while performance hangs, then kill without warning.
      await vi.waitFor(
        () => {
          if (!slack.messages.some((m) => shownText(m).includes("*diagnosis* done")))
            throw new Error("not yet");
          if (!slack.messages.some((m) => shownText(m).includes("*performance* running")))
            throw new Error("not yet");
        },
        { timeout: 15_000, interval: 50 },
      );
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));

      const nocbot = await startNocbot({ slack, dbPath });
      try {
        await nocbot.settle();
        const store = nocbot.core.store;
        expect(store.get("INC-1")?.status).toBe("interrupted");
        expect(store.runs("INC-1")[0]).toMatchObject({ status: "interrupted" });
        const steps = store.steps("INC-1-R1");
        expect(steps.find((s) => s.agent === "diagnosis")).toMatchObject({ status: "done" });
        expect(steps.find((s) => s.agent === "performance")).toMatchObject({ status: "interrupted" });
        const toolCalls = (
          nocbot.core.db.prepare("SELECT COUNT(*) AS n FROM tool_calls WHERE run_id = 'INC-1-R1'").get() as {
            n: number;
          }
        ).n;
        expect(toolCalls).toBeGreaterThan(0);

        const root = slack.roots("C0NOC0001")[0];
        if (!root) throw new Error("no root");
        expect(shownText(root)).toContain("INC-1 · interrupted");
        const thread = slack.thread("C0NOC0001", root.ts).map(shownText);
        expect(thread.some((t) => t.includes("INC-1-R1 was interrupted"))).toBe(true);
        expect(thread.some((t) => t.includes("*performance* skipped: interrupted by a restart"))).toBe(true);
        expect(thread.some((t) => t.includes("*diagnosis* done"))).toBe(true);
      } finally {
        await nocbot.stop();
      }
    } finally {
      await Promise.all([slack.stop(), anthropic.stop()]);
    }
  }, 40_000);
});
