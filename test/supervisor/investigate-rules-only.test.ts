// The quick start's mode: no model at all. The same pipeline on keyword routing and analyzer-backed
// specialists, a template report, every output labelled rules-only.
import { describe, expect, it } from "vitest";
import { type RunEvent, RunEventBus } from "../../src/supervisor/events.js";
import { investigate } from "../../src/supervisor/supervisor.js";
import { defaultLab, labIn } from "../helpers/lab.js";

const faults = defaultLab().scenarios.filter((s) => s.truth !== null);

async function run(scenario: string, question: string) {
  const { network, clock } = labIn(scenario);
  const bus = new RunEventBus();
  const events: RunEvent[] = [];
  bus.on((e) => events.push(e));
  const result = await investigate({ runId: "INC-7", question }, { network, gateway: null, clock, bus });
  return { result, events, network };
}

describe("rules-only investigation", () => {
  it.each(faults.map((s) => [s.id, s] as const))(
    "%s: the symptom leads to the true root cause",
    async (_id, scenario) => {
      const { result } = await run(scenario.id, scenario.symptom);
      expect(result.mode).toBe("rules-only");
      expect(result.verdict_source).toBe("rules-only");
      expect({
        label: result.verdict.label,
        device: result.verdict.device,
        interface: result.verdict.interface,
      }).toEqual(scenario.truth);
      expect(result.usage.model_calls).toBe(0);
    },
  );

  it("labels every output, plans by keywords, and proposes the analyzers' remediation", async () => {
    const { result, events } = await run("wan-primary-down", "branch latency");
    const plan = events.find((e) => e.type === "plan.ready");
    expect(plan).toMatchObject({ source: "keywords", note: expect.stringContaining("rules-only") });
    expect(result.plan.steps.map((s) => s.agent)).toEqual(["diagnosis", "performance", "config"]);
    for (const step of result.steps) expect(step.summary).toContain("rules-only");
    expect(result.synthesis.startsWith("[rules-only]")).toBe(true);
    expect(result.report).toContain("_Rules-only report");
    for (const section of [
      "## Summary",
      "## Timeline",
      "## Root cause",
      "## Impact",
      "## Resolution",
      "## Proposed changes",
      "## Lessons",
      "## Action items",
    ]) {
      expect(result.report).toContain(section);
    }
    expect(result.proposals).toEqual([
      expect.objectContaining({
        id: "INC-7-P1",
        device: "br-rtr1",
        lines: ["interface GigabitEthernet0/0", " no shutdown"],
        agent: "config",
      }),
    ]);
    expect(events.filter((e) => e.type === "proposal.created")).toHaveLength(1);
  });

  it("routes a security question to the security specialist", async () => {
    const { result } = await run("ssh-bruteforce", "syslog is full of login failures on the edge");
    expect(result.plan.steps.map((s) => s.agent)).toContain("security");
    const security = result.steps.find((s) => s.agent === "security");
    expect(security?.findings[0]?.evidence[0]).toMatch(/^STATE-LOGIN-FAILURES@inet-edge1/);
  });

  it("finds no fault in a control and says so", async () => {
    const { result } = await run("baseline-healthy", "health check of the branch");
    expect(result.verdict.fault).toBe(false);
    expect(result.proposals).toEqual([]);
    expect(result.report).toContain("No fault was found");
  });
});
