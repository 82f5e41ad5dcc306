// NOC_SLACK_RENDER=stream: the same run events as one chat stream (plan as tasks, then the verdict), with
// proposals and the report still as thread messages; a workspace that refuses streaming gets the thread.
import { afterEach, describe, expect, it } from "vitest";
import { FakeSlack, shownText } from "../fakes/slack.js";
import { startNocbot, type TestNocbot } from "../helpers/nocbot.js";
import { FORM, send, sign, slashCommand } from "../helpers/slack-requests.js";

let slack: FakeSlack;
let nocbot: TestNocbot;
afterEach(async () => {
  await nocbot.stop();
  await slack.stop();
});

interface Task {
  type: string;
  id?: string;
  status?: string;
  title?: string;
}

describe("chat streaming rendering", () => {
  it("streams the plan as tasks that move to complete, ends with the verdict, and posts proposals and report", async () => {
    slack = await new FakeSlack().start();
    nocbot = await startNocbot({ slack, env: { NOC_SLACK_RENDER: "stream" } });
    await send(nocbot.events, sign(slashCommand("investigate branch latency"), FORM));
    await nocbot.settle();
    const root = slack.roots("C0NOC0001")[0];
    if (!root) throw new Error("no root");
    expect(slack.streams).toHaveLength(1);
    const stream = slack.streams[0];
    expect(stream).toMatchObject({ thread_ts: root.ts, stopped: true });
    expect(stream?.args).toMatchObject({
      recipient_user_id: "U0ALICE01",
      recipient_team_id: "T0NOC0001",
      task_display_mode: "plan",
    });
    const chunks = (stream?.chunks ?? []) as Task[];
    expect(chunks[0]).toMatchObject({ type: "plan_update" });
    const statuses = (id: string) =>
      chunks.filter((c) => c.type === "task_update" && c.id === id).map((c) => c.status);
    const ids = [...new Set(chunks.filter((c) => c.type === "task_update").map((c) => c.id as string))];
    expect(ids.length).toBeGreaterThanOrEqual(3);
    for (const id of ids.filter((i) => i !== "documentation"))
      expect(statuses(id)).toEqual(["pending", "in_progress", "complete"]);
    expect(JSON.stringify(chunks.at(-1))).toContain("*Verdict* (rules-only ranking)");
    const thread = slack.thread("C0NOC0001", root.ts).map(shownText);
    expect(thread.some((t) => t.includes("Proposed change INC-1-R1-P1"))).toBe(true);
    expect(thread.some((t) => t.includes("Incident report"))).toBe(true);
    expect(thread.some((t) => t.includes("*Plan*"))).toBe(false);
    expect(shownText(root)).toContain("identified: link-down on br-rtr1");
  });

  it("falls back to threaded messages where the workspace refuses streaming", async () => {
    slack = await new FakeSlack({ streamingError: "not_allowed_token_type" }).start();
    nocbot = await startNocbot({ slack, env: { NOC_SLACK_RENDER: "stream" } });
    await send(nocbot.events, sign(slashCommand("investigate branch latency"), FORM));
    await nocbot.settle();
    const root = slack.roots("C0NOC0001")[0];
    if (!root) throw new Error("no root");
    const thread = slack.thread("C0NOC0001", root.ts).map(shownText);
    expect(thread[0]).toContain("*Plan*");
    for (const part of ["*diagnosis* done", "*documentation* done", "*Verdict*", "Incident report"])
      expect(
        thread.some((t) => t.includes(part)),
        part,
      ).toBe(true);
    expect(nocbot.logs()).toContain("falls back to threaded messages");
  });
});
