// Slack delivers at least once and rate-limits: retries and redeliveries never start a second run (not
// even across a restart), a mention that also arrives as a thread message is one follow-up, edits and
// bots start nothing, a 429 storm loses nothing, and a report too big for a message goes up as a file.
import { afterEach, describe, expect, it } from "vitest";
import { FakeAnthropic } from "../fakes/anthropic.js";
import { FakeSlack, shownText } from "../fakes/slack.js";
import { teamScript } from "../fakes/team-script.js";
import { startNocbot, type TestNocbot, tempDb } from "../helpers/nocbot.js";
import { eventCallback, FORM, JSON_TYPE, send, sign, slashCommand } from "../helpers/slack-requests.js";

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function boot(options: { dbPath?: string; slack?: FakeSlack; anthropic?: FakeAnthropic } = {}) {
  const slack = options.slack ?? (await new FakeSlack().start());
  if (!options.slack) cleanup.push(() => slack.stop());
  const nocbot = await startNocbot({
    slack,
    ...(options.dbPath ? { dbPath: options.dbPath } : {}),
    ...(options.anthropic ? { anthropic: options.anthropic } : {}),
  });
  let stopped = false;
  const stop = async () => {
    if (!stopped) await nocbot.stop();
    stopped = true;
  };
  cleanup.push(stop);
  return { slack, nocbot, stop };
}

const incidents = (nocbot: TestNocbot) => nocbot.core.store.list(100).length;

describe("redeliveries", () => {
  it("starts one run for an event however often it is delivered, across a restart", async () => {
    const dbPath = tempDb();
    const first = await boot({ dbPath });
    const mention = eventCallback("app-mention", { ts: "1700000500.000100" }, { event_id: "Ev0RETRY0001" });
    expect((await send(first.nocbot.events, sign(mention, JSON_TYPE))).status).toBe(200);
    expect(
      (
        await send(
          first.nocbot.events,
          sign(mention, JSON_TYPE, { retryNum: 1, retryReason: "http_timeout" }),
        )
      ).status,
    ).toBe(200);
    await first.nocbot.settle();
    expect(incidents(first.nocbot)).toBe(1);
    expect(first.nocbot.logs()).toContain("redelivery ignored");
    await first.stop();

    const second = await boot({ dbPath, slack: first.slack });
    await send(second.nocbot.events, sign(mention, JSON_TYPE, { retryNum: 2, retryReason: "http_timeout" }));
    await second.nocbot.settle();
    expect(incidents(second.nocbot)).toBe(1);
    expect(first.slack.roots("C0NOC0001")).toHaveLength(1);
  });

  it("processes a retry whose original never arrived", async () => {
    const { nocbot } = await boot();
    const mention = eventCallback("app-mention", { ts: "1700000501.000100" }, { event_id: "Ev0LOSTORIG1" });
    await send(nocbot.events, sign(mention, JSON_TYPE, { retryNum: 1, retryReason: "http_error" }));
    await nocbot.settle();
    expect(incidents(nocbot)).toBe(1);
    expect(nocbot.core.store.get("INC-1")?.question).toBe(
      "the branch cannot reach the ERP since this morning",
    );
  });

  it("runs one follow-up for a mention in a thread that also arrives as a message, and none for edits or bots", async () => {
    const { slack, nocbot } = await boot();
    await send(nocbot.events, sign(slashCommand("investigate branch latency"), FORM));
    await nocbot.settle();
    const root = slack.roots("C0NOC0001")[0];
    if (!root) throw new Error("no root");
    const text = "<@UBOT0001> is the backup saturated?";
    const ts = "1700000700.000700";
    await send(
      nocbot.events,
      sign(eventCallback("app-mention", { ts, thread_ts: root.ts, text }), JSON_TYPE),
    );
    await send(
      nocbot.events,
      sign(eventCallback("thread-reply", { ts, thread_ts: root.ts, text }), JSON_TYPE),
    );
    await nocbot.settle();
    expect(nocbot.core.store.runs("INC-1").map((r) => r.kind)).toEqual(["investigation", "follow-up"]);

    await send(nocbot.events, sign(eventCallback("message-changed"), JSON_TYPE));
    await send(
      nocbot.events,
      sign(
        eventCallback("thread-reply", {
          thread_ts: root.ts,
          ts: "1700000701.0",
          bot_id: "BOTHER01",
          text: "a bot",
        }),
        JSON_TYPE,
      ),
    );
    await send(
      nocbot.events,
      sign(
        eventCallback("thread-reply", {
          thread_ts: root.ts,
          ts: "1700000702.0",
          subtype: "channel_join",
          text: "joined",
        }),
        JSON_TYPE,
      ),
    );
    const { thread_ts: _t, ...topLevel } = {
      ...(JSON.parse(eventCallback("thread-reply")) as { event: Record<string, unknown> }).event,
    };
    await send(
      nocbot.events,
      sign(
        eventCallback("thread-reply", { ...topLevel, thread_ts: undefined, ts: "1700000703.0" }),
        JSON_TYPE,
      ),
    );
    await nocbot.settle();
    expect(nocbot.core.store.runs("INC-1")).toHaveLength(2);
    expect(incidents(nocbot)).toBe(1);
  });
});

describe("Slack rate limits and limits", () => {
  it("rides out a 429 storm: every message arrives, in order, after waiting Retry-After", async () => {
    const { slack, nocbot } = await boot();
    slack.rateLimit(3, 1, "chat.postMessage");
    slack.rateLimit(2, 1, "chat.update");
    await send(nocbot.events, sign(slashCommand("investigate branch latency"), FORM));
    await nocbot.settle();
    expect(slack.rateLimited).toBe(5);
    const root = slack.roots("C0NOC0001")[0];
    if (!root) throw new Error("no root");
    expect(shownText(root)).toContain("identified: link-down on br-rtr1");
    const thread = slack.thread("C0NOC0001", root.ts).map(shownText);
    expect(thread[0]).toContain("*Plan*");
    for (const part of [
      "*diagnosis* done",
      "*documentation* done",
      "Proposed change INC-1-R1-P1",
      "*Verdict*",
      "Incident report",
    ])
      expect(
        thread.some((t) => t.includes(part)),
        part,
      ).toBe(true);
    const metrics = await nocbot.metrics.text();
    expect(metrics).toContain('nocbot_slack_rate_limited_total{method="chat.postMessage"} 3');
  });

  it("uploads a 100,000-character report as a Markdown file with a summary, never a failed post", async () => {
    const report =
      `# Incident report\n\n## Summary\nThe primary WAN link was shut down.\n\n## Timeline\n${"- 09:00 an event that happened, with its evidence\n".repeat(2000)}`.slice(
        0,
        100_000,
      );
    const anthropic = await new FakeAnthropic(teamScript({ report })).start();
    cleanup.push(() => anthropic.stop());
    const { slack, nocbot } = await boot({ anthropic });
    await send(nocbot.events, sign(slashCommand("investigate branch latency"), FORM));
    await nocbot.settle();
    const root = slack.roots("C0NOC0001")[0];
    if (!root) throw new Error("no root");
    expect(slack.files).toHaveLength(1);
    const file = slack.files[0];
    expect(file).toMatchObject({ filename: "INC-1-report.md", channel: "C0NOC0001", thread_ts: root.ts });
    expect(file?.raw).toContain("- 09:00 an event that happened");
    expect(file?.bytes).toBeGreaterThan(100_000);
    // The runbook lines nocbot adds after the model's report make it a little longer.
    expect(file?.comment).toMatch(/Incident report \(10\d,\d{3} characters/);
    expect(slack.calls.filter((c) => c.method.startsWith("chat.")).every((c) => c.status === 200)).toBe(true);
    expect(nocbot.core.store.get("INC-1")?.report?.startsWith(report)).toBe(true);
  });
});
