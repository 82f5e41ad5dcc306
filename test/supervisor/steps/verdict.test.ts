// The verdict step on its own: the model's verdict or the rules-only ranking, saying which, and one
// threshold for what counts as a root cause, shared with the specialist that proposes the fix.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { config } from "../../../src/agents/config.js";
import type { StepRecord } from "../../../src/agents/incident.js";
import type { Analysis } from "../../../src/analyzers/analyze.js";
import { ROOT_CAUSE_CONFIDENCE } from "../../../src/analyzers/rank.js";
import { giveVerdict, rulesOnlyVerdict } from "../../../src/supervisor/steps/verdict.js";
import { conversationText, FakeAnthropic } from "../../fakes/anthropic.js";
import { teamScript } from "../../fakes/team-script.js";
import { gatewayFor } from "../../helpers/llm.js";
import { testRun } from "../../helpers/run.js";

let fake: FakeAnthropic;
beforeEach(async () => {
  fake = await new FakeAnthropic(teamScript()).start();
});
afterEach(async () => {
  await fake.stop();
});

/** One finding that points at a shut interface, ranked at this confidence. */
function analysisAt(confidence: number): Analysis {
  return {
    findings: [
      {
        id: "STATE-IF-DOWN@r1:Gi0/0",
        rule: "STATE-IF-DOWN",
        category: "state",
        severity: "high",
        title: "Interface down",
        device: "r1",
        interface: "Gi0/0",
        line: null,
        message: "Gi0/0 is administratively down",
        remediation: ["interface Gi0/0", " no shutdown"],
        hypotheses: [{ label: "link-down", device: "r1", interface: "Gi0/0", weight: confidence }],
      },
    ],
    candidates: [
      {
        label: "link-down",
        device: "r1",
        interface: "Gi0/0",
        confidence,
        evidence: ["STATE-IF-DOWN@r1:Gi0/0"],
      },
    ],
  };
}

const done: StepRecord = {
  id: "diag",
  agent: "diagnosis",
  task: "t",
  status: "done",
  summary: "Gi0/0 is down",
  findings: [
    {
      title: "Gi0/0 down",
      severity: "high",
      confidence: 0.9,
      device: "r1",
      interface: "Gi0/0",
      evidence: ["diag.t1"],
    },
  ],
  error: null,
  started_at: null,
  finished_at: null,
};

describe("what counts as a root cause", () => {
  it("is one threshold: the rules-only verdict names a cause exactly when the config specialist proposes its fix", () => {
    const input = (analysis: Analysis) => ({
      stepId: "cfg",
      question: "q",
      task: "t",
      context: [],
      analysis,
    });
    const at = analysisAt(ROOT_CAUSE_CONFIDENCE);
    expect(rulesOnlyVerdict(at)).toMatchObject({ fault: true, label: "link-down", device: "r1" });
    expect(config.rulesOnly(input(at)).proposals).toEqual([
      expect.objectContaining({ device: "r1", lines: ["interface Gi0/0", " no shutdown"] }),
    ]);
    const below = analysisAt(ROOT_CAUSE_CONFIDENCE - 0.01);
    expect(rulesOnlyVerdict(below)).toMatchObject({ fault: false, label: null, confidence: 0.51 });
    expect(config.rulesOnly(input(below)).proposals).toEqual([]);
  });
});

describe("giveVerdict", () => {
  it("without a model: the ranking, labelled rules-only, citing each specialist, then what is missing", async () => {
    const { run } = testRun();
    run.missing.push("security (sec) timed out: no answer within 1s");
    const judged = await giveVerdict(run, null, [done], analysisAt(0.9));
    expect(judged).toMatchObject({ source: "rules-only", verdict: { fault: true, label: "link-down" } });
    expect(judged.synthesis).toBe(
      "[rules-only] The diagnosis specialist reports Gi0/0 down [diag.t1]. Rules-only verdict: link-down on r1 Gi0/0 (confidence 0.90), from STATE-IF-DOWN@r1:Gi0/0. Missing from this answer: security (sec) timed out: no answer within 1s.",
    );
  });

  it("takes the model's verdict, asked with the steps, the ranking and what is missing", async () => {
    const { run } = testRun();
    run.missing.push("security (sec) failed: boom");
    const judged = await giveVerdict(run, gatewayFor(fake), [done], analysisAt(0.9));
    expect(judged.source).toBe("model");
    expect(judged.verdict).toMatchObject({ fault: true, label: "link-down", device: "br-rtr1" });
    expect(judged.synthesis).toMatch(/Missing from this answer: security \(sec\) failed: boom\.$/);
    const prompt = fake.requests.map((r) => conversationText(r.body)).join("\n");
    expect(prompt).toContain(
      "## diagnosis (diag)\nGi0/0 is down\n- high 0.90 Gi0/0 down @ r1 Gi0/0 [diag.t1]",
    );
    expect(prompt).toContain("- link-down @ r1 Gi0/0 0.9 [STATE-IF-DOWN@r1:Gi0/0]");
    expect(prompt).toContain("Missing: security (sec) failed: boom");
  });

  it("falls back to the ranking, saying why, when the model's verdict is out of schema", async () => {
    fake.script = teamScript({ verdict: { verdict: { fault: "yes" }, synthesis: "" } });
    const judged = await giveVerdict(testRun().run, gatewayFor(fake), [done], analysisAt(0.9));
    expect(judged.source).toBe("rules-only");
    expect(judged.verdict).toMatchObject({ fault: true, label: "link-down", device: "r1" });
    expect(judged.synthesis).toMatch(/^\[model verdict unavailable \(.+\); rules-only ranking used\] /s);
  });

  it("names a budget spent before the verdict in what is missing", async () => {
    const { run } = testRun();
    const judged = await giveVerdict(run, gatewayFor(fake, { budgetTokens: 0 }), [done], analysisAt(0.9));
    expect(run.missing).toEqual(["token budget exhausted before the verdict"]);
    expect(judged.synthesis).toContain(
      "Missing from this answer: token budget exhausted before the verdict.",
    );
  });
});
