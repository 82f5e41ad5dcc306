// The schedule step on its own: the step book's one record per step and its events, what a step is told of
// its dependencies, and specialists resolved from the team the run was given.
import { describe, expect, it } from "vitest";
import { diagnosis } from "../../../src/agents/diagnosis.js";
import { DEFAULT_LIMITS } from "../../../src/supervisor/run-context.js";
import { StepBook, schedule } from "../../../src/supervisor/steps/schedule.js";
import { labIn } from "../../helpers/lab.js";
import { noAnalysis, teamOf, testRun, wireless } from "../../helpers/run.js";

const step = (id: string, agent: string, depends_on: string[] = []) => ({
  id,
  agent,
  task: `task of ${id}`,
  depends_on,
});
const result = (summary: string) => ({ summary, findings: [], proposals: [] });

describe("StepBook", () => {
  it("keeps one record per step, from start to finish, and announces each move", () => {
    const { run, events, clock } = testRun();
    const book = new StepBook(run, null);
    book.start(step("a", "diagnosis"));
    expect(book.all()).toEqual([
      expect.objectContaining({ id: "a", status: "skipped", started_at: clock.now().toISOString() }),
    ]);
    clock.advance(5_000);
    const record = book.settle(step("a", "diagnosis"), { status: "done", value: result("all fine") });
    expect(record).toMatchObject({
      status: "done",
      summary: "all fine",
      finished_at: clock.now().toISOString(),
    });
    expect(book.all()).toEqual([record]);
    expect(events.map((e) => e.type)).toEqual(["step.started", "step.finished"]);
    expect(events[1]).toMatchObject({ stepId: "a", usage: { model_calls: 0 } });
    expect(run.missing).toEqual([]);
  });

  it("names a step that failed, timed out or ran out of budget in what the answer lacks", () => {
    const { run, events } = testRun();
    const book = new StepBook(run, null);
    for (const [id, status] of [
      ["f", "failed"],
      ["t", "timeout"],
      ["b", "budget"],
    ] as const) {
      book.start(step(id, "security"));
      book.settle(step(id, "security"), { status, error: "boom" });
    }
    expect(run.missing).toEqual([
      "security (f) failed: boom",
      "security (t) timed out: boom",
      "security (b) stopped: token budget exhausted: boom",
    ]);
    expect(book.all().map((r) => [r.status, r.summary, r.error])).toEqual([
      ["failed", "security failed: boom", "boom"],
      ["timeout", "security timeout: boom", "boom"],
      ["budget", "security budget: boom", "boom"],
    ]);
    expect(events.filter((e) => e.type === "step.failed")).toHaveLength(3);
  });

  it("refuses to settle a step that never started", () => {
    const book = new StepBook(testRun().run, null);
    expect(() => book.settle(step("x", "config"), { status: "done", value: result("?") })).toThrow(
      "step 'x' settled before it started",
    );
  });

  it("hands a step the summaries of its dependencies, or why there is none", () => {
    const book = new StepBook(testRun().run, null);
    book.start(step("a", "diagnosis"));
    book.settle(step("a", "diagnosis"), {
      status: "done",
      value: {
        summary: "Gi0/0 is down",
        findings: [
          {
            title: "link down",
            severity: "high",
            confidence: 0.9,
            device: "r1",
            interface: "Gi0/0",
            evidence: ["a.t1"],
          },
        ],
        proposals: [],
      },
    });
    book.start(step("b", "security"));
    book.settle(step("b", "security"), { status: "timeout", error: "no answer within 1s" });
    expect(book.handOffs(step("c", "config", ["a", "b", "ghost"]))).toEqual([
      "- diagnosis: Gi0/0 is down\n  - high (0.90) link down @ r1 Gi0/0 [a.t1]",
      "- security: no result (timeout: no answer within 1s)",
      "- ghost: no result (not run)",
    ]);
  });
});

describe("schedule", () => {
  it("runs each step by the team's specialist, with the background and its dependencies' results", async () => {
    const { network, clock } = labIn("wan-primary-down");
    const { run } = testRun({ team: teamOf(diagnosis, wireless), background: ["- seen before"] });
    const book = new StepBook(run, null);
    const tools = { network, analysis: noAnalysis, now: new Date() };
    await schedule(run, [step("d", "diagnosis"), step("w", "wireless", ["d"]), step("p", "performance")], {
      book,
      clock,
      gateway: null,
      tools,
      limits: DEFAULT_LIMITS,
    });
    const byId = (id: string) => book.all().find((r) => r.id === id);
    const [d, w, p] = [byId("d"), byId("w"), byId("p")];
    expect(d).toMatchObject({ id: "d", status: "done" });
    expect(w?.summary).toBe(
      `[rules-only] wireless: task of w | context: - seen before / - diagnosis: ${d?.summary}`,
    );
    // The registry has a performance specialist; the team this run was given does not.
    expect(p).toMatchObject({ id: "p", status: "failed", error: "no specialist named 'performance'" });
  });
});
