// The plan step on its own: keyword routing, the model's plan with one repair, and how it degrades.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { diagnosis } from "../../../src/agents/diagnosis.js";
import { makePlan } from "../../../src/supervisor/steps/plan.js";
import { apiError, conversationText, FakeAnthropic } from "../../fakes/anthropic.js";
import { teamScript } from "../../fakes/team-script.js";
import { gatewayFor } from "../../helpers/llm.js";
import { teamOf, testRun, wireless } from "../../helpers/run.js";

let fake: FakeAnthropic;
beforeEach(async () => {
  fake = await new FakeAnthropic(teamScript()).start();
});
afterEach(async () => {
  await fake.stop();
});

const step = (id: string, agent: string, depends_on: string[] = []) => ({ id, agent, task: "t", depends_on });

describe("makePlan", () => {
  it("without a model, routes by the keywords of the team it is given, and says it is rules-only", async () => {
    const { run, events } = testRun({ question: "the wifi is slow", team: teamOf(diagnosis, wireless) });
    const planned = await makePlan(run, null);
    expect(events).toEqual([
      {
        type: "plan.ready",
        at: expect.any(String),
        plan: planned.plan,
        source: "keywords",
        note: planned.note,
      },
    ]);
    // "slow" would call the registry's performance specialist; this team has none.
    expect(planned.plan.steps.map((s) => s.agent)).toEqual(["diagnosis", "wireless"]);
    expect(planned).toMatchObject({ source: "keywords", unreachable: false });
    expect(planned.note).toContain("rules-only");
  });

  it("takes the model's plan without the documentation writer's steps, or dependencies on them", async () => {
    fake.script = teamScript({
      plan: () => ({
        steps: [
          step("a", "diagnosis"),
          step("doc", "documentation", ["a"]),
          step("b", "config", ["a", "doc"]),
        ],
      }),
    });
    const { run } = testRun();
    const planned = await makePlan(run, gatewayFor(fake));
    expect(planned.plan.steps).toEqual([step("a", "diagnosis"), step("b", "config", ["a"])]);
    expect(planned).toMatchObject({ source: "model", note: null, unreachable: false });
  });

  it("validates the plan against the injected team, and repairs it once with the problems", async () => {
    const plans = [{ steps: [step("s", "security")] }, { steps: [step("w", "wireless")] }];
    fake.script = teamScript({ plan: (attempt) => plans[attempt - 1] });
    const { run } = testRun({ team: teamOf(diagnosis, wireless) });
    const planned = await makePlan(run, gatewayFor(fake));
    expect(planned).toMatchObject({ source: "model-repaired", plan: plans[1] });
    expect(fake.requests).toHaveLength(2);
    const [first, second] = fake.requests.map((r) => conversationText(r.body));
    expect(first).toContain("- wireless: Explains Wi-Fi trouble");
    expect(first).not.toContain("- security:");
    expect(second).toContain(
      "step 's' names unknown agent 'security'; agents: diagnosis, wireless, documentation",
    );
  });

  it("falls back to keywords, saying why, when the repaired plan is still invalid", async () => {
    fake.script = teamScript({ plan: () => ({ steps: [step("x", "wizard")] }) });
    const { run } = testRun();
    const planned = await makePlan(run, gatewayFor(fake));
    expect(planned).toMatchObject({ source: "keywords", unreachable: false });
    expect(planned.note).toContain("invalid plan after one repair: step 'x' names unknown agent 'wizard'");
    expect(planned.plan.steps.map((s) => s.agent)).toContain("diagnosis");
  });

  it("marks the model unreachable when it cannot be reached, so the run goes on rules-only", async () => {
    fake.script = () => apiError(503, "api_error", "upstream down");
    const { run } = testRun();
    const planned = await makePlan(run, gatewayFor(fake, { maxRetries: 0 }));
    expect(planned).toMatchObject({ source: "keywords", unreachable: true });
    expect(planned.note).toContain("the model is unreachable");
    expect(run.missing).toEqual([]);
  });

  it("names a budget spent during planning in what the answer lacks", async () => {
    const { run } = testRun();
    const planned = await makePlan(run, gatewayFor(fake, { budgetTokens: 0 }));
    expect(fake.requests).toHaveLength(0);
    expect(planned.source).toBe("keywords");
    expect(run.missing).toEqual(["token budget exhausted during planning"]);
  });

  it("offers the planner every agent with its role, the documentation writer last", async () => {
    const { run } = testRun({ background: ["- similar past incident INC-1"] });
    await makePlan(run, gatewayFor(fake));
    const [request] = fake.requests;
    if (!request) throw new Error("no plan request");
    const prompt = conversationText(request.body);
    expect(prompt).toContain("Already known:\n- similar past incident INC-1");
    expect(prompt).toMatch(/- performance: .*\n- documentation: .*\(always runs last\)/);
  });
});
