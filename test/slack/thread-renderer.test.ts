// The thread renderer's timing runs on the injected clock: progress edits are spaced on it, and a proposal
// still being checked shows a placeholder only once the clock has passed the wait.
import { WebClient } from "@slack/web-api";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ProposalRecord } from "../../src/agents/incident.js";
import { Metrics } from "../../src/observability/metrics.js";
import { webClientOptions } from "../../src/slack/app.js";
import type { SlackMessage } from "../../src/slack/blocks.js";
import { SlackGateway } from "../../src/slack/gateway.js";
import { plainMessage } from "../../src/slack/render.js";
import { ThreadRenderer } from "../../src/slack/thread-renderer.js";
import { openDatabase } from "../../src/store/db.js";
import { IncidentStore } from "../../src/store/incidents.js";
import { SlackState } from "../../src/store/slack-state.js";
import { FakeSlack } from "../fakes/slack.js";
import { ManualClock } from "../helpers/clock.js";
import { tempDb } from "../helpers/nocbot.js";

let clock: ManualClock;
let slack: FakeSlack;
beforeEach(async () => {
  clock = new ManualClock();
  slack = await new FakeSlack({ clock }).start();
});
afterEach(async () => {
  await slack.stop();
});

async function threadRenderer(proposalView: (p: ProposalRecord) => Promise<SlackMessage>) {
  const gateway = new SlackGateway(
    new WebClient("xoxb-test", webClientOptions({ apiUrl: slack.url })),
    { minIntervalMs: 0 },
    new Metrics(),
    pino({ level: "silent" }),
    clock,
  );
  const db = openDatabase(tempDb());
  const incident = new IncidentStore(db, clock).createIncident({
    question: "branch latency",
    channel: "C1",
    requestedBy: "U1",
  });
  const rootTs = await gateway.post("C1", plainMessage("root")).ts;
  const renderer = new ThreadRenderer(
    { gateway, state: new SlackState(db, clock), log: pino({ level: "silent" }), proposalView, clock },
    { incident, channel: "C1", rootTs },
    { id: `${incident.id}-R1`, kind: "investigation", question: incident.question },
  );
  return { renderer, thread: () => slack.thread("C1", rootTs), at: () => clock.now().toISOString() };
}

const proposal = (id: string): ProposalRecord => ({
  id,
  agent: "config",
  device: "br-rtr1",
  lines: ["interface GigabitEthernet0/0", " no shutdown"],
  rationale: "bring the primary WAN back",
  evidence: [],
  risk: "none",
});

describe("ThreadRenderer on its clock", () => {
  it("edits a running step with its progress at most once every 10 s of the clock", async () => {
    const { renderer, thread, at } = await threadRenderer(async () => plainMessage("unused"));
    renderer.handle({ type: "step.started", at: at(), stepId: "diag", agent: "diagnosis", task: "trace it" });
    await renderer.settled();
    const progress = (message: string) =>
      renderer.handle({
        type: "step.progress",
        at: at(),
        stepId: "diag",
        agent: "diagnosis",
        message,
        toolCall: null,
      });
    progress("get_interfaces");
    clock.advance(9_999);
    progress("get_routes");
    clock.advance(1);
    progress("get_logs");
    progress("ping");
    await renderer.settled();
    const [step] = thread();
    expect(step?.versions.map((v) => JSON.stringify(v.blocks))).toEqual([
      expect.not.stringContaining("get_"),
      expect.stringContaining("get_logs"),
    ]);
  });

  it("shows a placeholder for a proposal only once the check outlasts 5 s of the clock", async () => {
    let finish: (m: SlackMessage) => void = () => {};
    const slow = new Promise<SlackMessage>((resolve) => {
      finish = resolve;
    });
    const views: Record<string, Promise<SlackMessage>> = {
      "P-slow": slow,
      "P-fast": Promise.resolve(plainMessage("P-fast, checked")),
    };
    const { renderer, thread, at } = await threadRenderer(async (p) => views[p.id] ?? slow);

    renderer.handle({ type: "proposal.created", at: at(), proposal: proposal("P-fast") });
    await renderer.settled();
    expect(thread().map((m) => m.versions.map((v) => v.text))).toEqual([["P-fast, checked"]]);
    // The placeholder's wait was cancelled once the proposal was ready: nothing is left on the clock.
    expect(clock.pending).toBe(0);

    renderer.handle({ type: "proposal.created", at: at(), proposal: proposal("P-slow") });
    expect(clock.pending).toBe(1);
    clock.advance(4_999);
    expect(clock.pending).toBe(1);
    clock.advance(1);
    await vi.waitFor(() => expect(thread()).toHaveLength(2));
    expect(thread()[1]?.text).toBe("Proposed change P-slow on br-rtr1: checking it…");
    finish(plainMessage("P-slow, checked"));
    await renderer.settled();
    expect(thread()[1]?.versions.map((v) => v.text)).toEqual([
      "Proposed change P-slow on br-rtr1: checking it…",
      "P-slow, checked",
    ]);
  });
});
