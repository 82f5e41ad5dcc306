// The replan step on its own: when more work is worth it, and how added steps join the plan.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StepRecord } from "../../../src/agents/incident.js";
import type { Analysis } from "../../../src/analyzers/analyze.js";
import { ROOT_CAUSE_CONFIDENCE } from "../../../src/analyzers/rank.js";
import type { PlanStep } from "../../../src/supervisor/plan.js";
import { needsMoreWork, replan } from "../../../src/supervisor/steps/replan.js";
import { StepBook } from "../../../src/supervisor/steps/schedule.js";
import { conversationText, FakeAnthropic } from "../../fakes/anthropic.js";
import { teamScript } from "../../fakes/team-script.js";
import { gatewayFor } from "../../helpers/llm.js";
import { noAnalysis, testRun } from "../../helpers/run.js";

let fake: FakeAnthropic;
beforeEach(async () => {
  fake = await new FakeAnthropic(teamScript()).start();
});
afterEach(async () => {
  await fake.stop();
});

const step = (id: string, agent: string, depends_on: string[] = []) => ({ id, agent, task: "t", depends_on });

function record(status: StepRecord["status"], device: string | null = null): StepRecord {
  const finding = {
    title: "x",
    severity: "high" as const,
    confidence: 0.7,
    device,
    interface: null,
    evidence: [],
  };
  return {
    id: "s",
    agent: "diagnosis",
    task: "t",
    status,
    summary: "",
    findings: device ? [finding] : [],
    error: null,
    started_at: null,
    finished_at: null,
  };
}

const ranked = (confidence: number): Analysis => ({
  findings: [],
  candidates: [{ label: "link-down", device: "r1", interface: null, confidence, evidence: [] }],
});

describe("needsMoreWork", () => {
  it("wants more when a step failed or timed out", () => {
    expect(needsMoreWork(ranked(0.9), [record("done"), record("failed")])).toBe(true);
    expect(needsMoreWork(ranked(0.9), [record("timeout")])).toBe(true);
    expect(needsMoreWork(ranked(0.9), [record("budget")])).toBe(false);
  });

  it("wants more when the analyzers are unsure and the specialists point at different devices", () => {
    const disagree = [record("done", "r1"), record("done", "r2")];
    expect(needsMoreWork(noAnalysis, disagree)).toBe(true);
    expect(needsMoreWork(ranked(ROOT_CAUSE_CONFIDENCE - 0.01), disagree)).toBe(true);
    expect(needsMoreWork(ranked(ROOT_CAUSE_CONFIDENCE), disagree)).toBe(false);
    expect(needsMoreWork(noAnalysis, [record("done", "r1"), record("done", "r1")])).toBe(false);
  });
});

describe("replan", () => {
  /** A run whose performance step failed, so more work is wanted. */
  function failedRun() {
    const { run, events } = testRun();
    const book = new StepBook(run, null);
    const plan = { steps: [step("diag", "diagnosis"), step("perf", "performance")] };
    book.start(plan.steps[0] as PlanStep);
    book.settle(plan.steps[0] as PlanStep, {
      status: "done",
      value: { summary: "ok", findings: [], proposals: [] },
    });
    book.start(plan.steps[1] as PlanStep);
    book.settle(plan.steps[1] as PlanStep, { status: "failed", error: "bad answer" });
    const ran: string[][] = [];
    const deps = {
      book,
      analysis: noAnalysis,
      rounds: 2,
      runSteps: async (steps: readonly PlanStep[]) => {
        ran.push(steps.map((s) => s.id));
      },
    };
    return { run, events, plan, deps, ran };
  }

  it("adds the model's steps to the plan, announces the new plan, and runs only them", async () => {
    const added = step("perf2", "performance", ["diag"]);
    let asked = 0;
    fake.script = teamScript({ replan: { add_steps: [added], reason: "performance failed" } });
    const { run, events, plan, deps, ran } = failedRun();
    const grown = await replan(run, gatewayFor(fake), plan, {
      ...deps,
      runSteps: async (steps) => {
        asked = fake.requests.length;
        await deps.runSteps(steps);
      },
    });
    expect(grown.steps.map((s) => s.id)).toEqual(["diag", "perf", "perf2"]);
    expect(ran).toEqual([["perf2"]]);
    expect(asked).toBe(1);
    expect(fake.requests.map((r) => conversationText(r.body))[0]).toContain(
      "- perf (performance) failed: performance failed: bad answer",
    );
    expect(events.filter((e) => e.type === "plan.ready")).toEqual([
      expect.objectContaining({
        type: "plan.ready",
        source: "model",
        note: "replanning round 1: added perf2",
        plan: grown,
      }),
    ]);
    // The failure is still there, so a second round is asked for; the same id again is not a valid plan.
    expect(fake.requests).toHaveLength(2);
  });

  it("adds nothing the team cannot run: the documentation writer or an unknown agent", async () => {
    for (const agent of ["documentation", "wizard"]) {
      fake.script = teamScript({ replan: { add_steps: [step("more", agent)], reason: "r" } });
      const { run, events, plan, deps, ran } = failedRun();
      expect(await replan(run, gatewayFor(fake), plan, deps)).toEqual(plan);
      expect(ran).toEqual([]);
      expect(events.filter((e) => e.type === "plan.ready")).toEqual([]);
    }
  });

  it("does not replan without a model, or past its rounds", async () => {
    const { run, plan, deps, ran } = failedRun();
    expect(await replan(run, null, plan, deps)).toEqual(plan);
    fake.script = teamScript({ replan: { add_steps: [step("again", "performance")], reason: "r" } });
    await replan(run, gatewayFor(fake), plan, { ...deps, rounds: 0 });
    expect(fake.requests).toHaveLength(0);
    expect(ran).toEqual([]);
  });

  it("names a budget spent while replanning in what the answer lacks", async () => {
    const { run, plan, deps } = failedRun();
    expect(await replan(run, gatewayFor(fake, { budgetTokens: 0 }), plan, deps)).toEqual(plan);
    expect(run.missing).toEqual([
      "performance (perf) failed: bad answer",
      "token budget exhausted while replanning",
    ]);
  });
});
