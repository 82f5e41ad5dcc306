// The team is injected: a supervisor given its own specialists plans, routes and consults among them,
// not among the registry's.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { diagnosis } from "../../src/agents/diagnosis.js";
import { type RunEvent, RunEventBus } from "../../src/supervisor/events.js";
import { investigate } from "../../src/supervisor/supervisor.js";
import { conversationText, FakeAnthropic } from "../fakes/anthropic.js";
import { specialistOf, teamScript } from "../fakes/team-script.js";
import { labIn } from "../helpers/lab.js";
import { gatewayFor } from "../helpers/llm.js";
import { teamOf, wireless } from "../helpers/run.js";

let fake: FakeAnthropic;
beforeEach(async () => {
  fake = await new FakeAnthropic(teamScript()).start();
});
afterEach(async () => {
  await fake.stop();
});

async function run(question: string, withModel: boolean) {
  const { network, clock } = labIn("wan-primary-down");
  const bus = new RunEventBus();
  const events: RunEvent[] = [];
  bus.on((e) => events.push(e));
  const result = await investigate(
    { runId: "INC-5", question },
    { network, gateway: withModel ? gatewayFor(fake) : null, clock, bus, team: teamOf(diagnosis, wireless) },
  );
  return { result, events };
}

describe("an injected team", () => {
  it("rules-only: keyword routing picks from it, and its specialists answer", async () => {
    const { result } = await run("the wifi is slow in the branch", false);
    expect(result.plan.steps.map((s) => s.agent)).toEqual(["diagnosis", "wireless"]);
    expect(result.steps.find((s) => s.agent === "wireless")?.summary).toContain("[rules-only] wireless:");
    expect(result.steps.map((s) => s.agent)).not.toContain("performance");
  });

  it("with the model: the planner is offered it, a plan naming it is valid, and consult reaches it", async () => {
    fake.script = teamScript({
      plan: () => ({
        steps: [
          { id: "diag", agent: "diagnosis", task: "trace the path", depends_on: [] },
          { id: "wifi", agent: "wireless", task: "check the access points", depends_on: [] },
        ],
      }),
      specialists: { diagnosis: { consult: { agent: "wireless", question: "are the APs up?" } } },
    });
    const { result, events } = await run("the wifi is slow in the branch", true);
    expect(events.find((e) => e.type === "plan.ready")).toMatchObject({ source: "model" });
    expect(result.steps.map((s) => [s.id, s.status])).toEqual([
      ["diag", "done"],
      ["wifi", "done"],
      ["documentation", "done"],
    ]);
    const planPrompt = fake.requests.map((r) => conversationText(r.body)).find((t) => t.includes("Plan the"));
    expect(planPrompt).toContain("- wireless: Explains Wi-Fi trouble");
    expect(planPrompt).not.toContain("- security:");
    const consulted = fake.requests.filter(
      (r) =>
        specialistOf(r) === "wireless" &&
        conversationText(r.body).includes("diagnosis asks: are the APs up?"),
    );
    expect(consulted.length).toBeGreaterThan(0);
    // The wireless specialist is offered the tools it lists, and consult.
    expect(consulted[0]?.body.tools?.map((t) => t.name)).toEqual([
      "list_devices",
      "get_interfaces",
      "get_logs",
      "consult",
    ]);
  });
});
