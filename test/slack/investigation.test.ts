// End to end through the real Bolt HTTP receiver and the real SDKs: a signed /noc command becomes an
// incident thread (root, plan, a message per specialist edited to done, proposal, verdict, report), all
// stored; a reply in the thread is a follow-up answered there with what the incident already knows.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { conversationText, FakeAnthropic } from "../fakes/anthropic.js";
import { type FakeMessage, FakeSlack, shownText } from "../fakes/slack.js";
import { teamScript } from "../fakes/team-script.js";
import { startNocbot, type TestNocbot } from "../helpers/nocbot.js";
import { eventCallback, FORM, JSON_TYPE, send, sign, slashCommand } from "../helpers/slack-requests.js";

let slack: FakeSlack;
let anthropic: FakeAnthropic;
let nocbot: TestNocbot;

beforeEach(async () => {
  slack = await new FakeSlack().start();
  // Model calls take a little while, as real ones do, so step messages are posted before they are done.
  anthropic = await new FakeAnthropic(teamScript({ latency: () => 30 })).start();
  nocbot = await startNocbot({ slack, anthropic });
});
afterEach(async () => {
  await nocbot.stop();
  await Promise.all([slack.stop(), anthropic.stop()]);
});

const last = (m: FakeMessage) => shownText(m.versions.at(-1) ?? m);
const first = (m: FakeMessage) => shownText(m.versions[0] ?? m);

describe("/noc investigate in Slack", () => {
  it("acks, opens a thread with plan, specialists, proposal, verdict and report, and stores it all", async () => {
    const ack = await send(nocbot.events, sign(slashCommand("investigate branch latency"), FORM));
    expect(ack.status).toBe(200);
    await nocbot.settle();

    const [root] = slack.roots("C0NOC0001");
    if (!root) throw new Error("no root message");
    expect(first(root)).toContain("INC-1 · investigating: branch latency");
    expect(last(root)).toContain("INC-1 · identified: link-down on br-rtr1 GigabitEthernet0/0");
    expect(slack.callsOf("chat.update").some((c) => c.args.ts === root.ts)).toBe(true);

    const thread = slack.thread("C0NOC0001", root.ts);
    const texts = thread.map(last);
    const index = (needle: string) => texts.findIndex((t) => t.includes(needle));
    expect(index("*Plan*")).toBe(0);
    for (const agent of ["diagnosis", "performance", "security", "config"]) {
      const steps = thread.filter((m) => first(m).includes(`*${agent}* running`));
      expect(steps, `one message for ${agent}, edited in place`).toHaveLength(1);
      expect(last(steps[0] as FakeMessage)).toContain(`*${agent}* done`);
    }
    // The documentation step is quick; its message may go out already done.
    expect(thread.filter((m) => last(m).includes("*documentation* done"))).toHaveLength(1);
    expect(index("Proposed change INC-1-R1-P1")).toBeGreaterThan(0);
    expect(texts.find((t) => t.includes("Proposed change INC-1-R1-P1"))).toContain("noc_proposal_approve");
    expect(index(":mag: *Verdict* (model)")).toBeGreaterThan(index("Proposed change"));
    expect(index("Incident report")).toBeGreaterThan(0);

    const incident = nocbot.core.store.get("INC-1");
    expect(incident).toMatchObject({
      status: "identified",
      channel: "C0NOC0001",
      root_ts: root.ts,
      requested_by: "U0ALICE01",
      verdict_label: "link-down",
      verdict_device: "br-rtr1",
    });
    expect(incident?.report).toContain("# Incident report");
    const [run] = nocbot.core.store.runs("INC-1");
    expect(run).toMatchObject({ id: "INC-1-R1", kind: "investigation", status: "finished", mode: "llm" });
    const db = nocbot.core.db;
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(count("SELECT COUNT(*) AS n FROM steps WHERE run_id = 'INC-1-R1' AND status = 'done'")).toBe(5);
    expect(count("SELECT COUNT(*) AS n FROM findings")).toBeGreaterThanOrEqual(4);
    expect(count("SELECT COUNT(*) AS n FROM tool_calls")).toBeGreaterThanOrEqual(4);
    expect(count("SELECT COUNT(*) AS n FROM proposals")).toBe(1);
    expect(nocbot.core.store.search("branch latency").map((r) => r.id)).toEqual(["INC-1"]);
  });

  it("answers a reply in the thread as a follow-up, in the same thread, with the stored context", async () => {
    await send(nocbot.events, sign(slashCommand("investigate branch latency"), FORM));
    await nocbot.settle();
    const [root] = slack.roots("C0NOC0001");
    if (!root) throw new Error("no root message");
    const before = slack.thread("C0NOC0001", root.ts).length;
    const requestsBefore = anthropic.requests.length;

    const reply = eventCallback("thread-reply", {
      thread_ts: root.ts,
      text: "is the backup link saturated now?",
    });
    expect((await send(nocbot.events, sign(reply, JSON_TYPE))).status).toBe(200);
    await nocbot.settle();

    const thread = slack.thread("C0NOC0001", root.ts);
    expect(thread.length).toBeGreaterThan(before);
    expect(slack.roots("C0NOC0001")).toHaveLength(1);
    expect(thread.slice(before).map(last).join("\n")).toContain(
      "*Follow-up* on _is the backup link saturated now?_",
    );
    const runs = nocbot.core.store.runs("INC-1");
    expect(runs.map((r) => [r.id, r.kind, r.status])).toEqual([
      ["INC-1-R1", "investigation", "finished"],
      ["INC-1-R2", "follow-up", "finished"],
    ]);
    const planRequest = anthropic.requests
      .slice(requestsBefore)
      .find((r) => conversationText(r.body).includes("Plan the investigation"));
    const prompt = conversationText(planRequest?.body ?? { model: "", max_tokens: 0, messages: [] });
    expect(prompt).toContain("Incident: is the backup link saturated now?");
    expect(prompt).toContain("earlier verdict: link-down on br-rtr1 GigabitEthernet0/0");
    expect(prompt).toContain("earlier proposal INC-1-R1-P1 (pending) on br-rtr1");
    expect(prompt).toContain('earlier in INC-1 (identified): "branch latency"');
  });

  it("shows similar past incidents with the plan, and gives them to the supervisor", async () => {
    await send(nocbot.events, sign(slashCommand("investigate branch latency"), FORM));
    await nocbot.settle();
    const requestsBefore = anthropic.requests.length;
    await send(nocbot.events, sign(slashCommand("investigate latency at the branch again"), FORM));
    await nocbot.settle();
    const root = slack.roots("C0NOC0001")[1];
    if (!root) throw new Error("no second root");
    const plan = slack.thread("C0NOC0001", root.ts)[0];
    expect(last(plan as FakeMessage)).toContain(
      "Similar past incidents: *INC-1* (identified: link-down on br-rtr1",
    );
    const planRequest = anthropic.requests
      .slice(requestsBefore)
      .find((r) => conversationText(r.body).includes("Plan the investigation"));
    expect(conversationText(planRequest?.body ?? { model: "", max_tokens: 0, messages: [] })).toContain(
      "similar past incident INC-1 (identified)",
    );
  });
});

describe("partial results in Slack", () => {
  it("shows a timed-out specialist and a partial verdict in the thread, never silently", async () => {
    await nocbot.stop();
    anthropic.script = teamScript({ specialists: { performance: { hang: true } } });
    nocbot = await startNocbot({ slack, anthropic, env: { NOC_STEP_TIMEOUT_MS: "300" } });
    await send(nocbot.events, sign(slashCommand("investigate branch latency"), FORM));
    await nocbot.settle();
    const root = slack.roots("C0NOC0001")[0];
    if (!root) throw new Error("no root");
    const thread = slack.thread("C0NOC0001", root.ts).map(last);
    expect(thread.some((t) => t.includes("*performance* timed out"))).toBe(true);
    expect(thread.find((t) => t.includes("*Verdict*"))).toContain("Partial result.");
    expect(last(root)).toContain("partial result");
  });
});
