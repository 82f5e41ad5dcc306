// Runbooks in an investigation: matched deterministically once the analyzers have ranked the causes (and
// announced, so the run records them), a catalogue for the planner, fetch_runbook handing a specialist its
// part only, checks reported done or not done, and the report citing `Runbook: ID` check by check, with
// a model and rules-only alike.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunEvent, RunEventBus } from "../../src/supervisor/events.js";
import { investigate } from "../../src/supervisor/supervisor.js";
import { conversationText, FakeAnthropic, type RecordedRequest } from "../fakes/anthropic.js";
import { specialistOf, teamScript } from "../fakes/team-script.js";
import { labIn } from "../helpers/lab.js";
import { gatewayFor } from "../helpers/llm.js";
import { shippedRunbooks } from "../helpers/runbooks.js";

const runbooks = shippedRunbooks();

async function run(gateway: ReturnType<typeof gatewayFor> | null, question = "branch latency") {
  const { network, clock } = labIn("wan-primary-down");
  const bus = new RunEventBus();
  const events: RunEvent[] = [];
  bus.on((e) => events.push(e));
  const result = await investigate({ runId: "INC-4", question }, { network, gateway, clock, bus, runbooks });
  return { result, events };
}

describe("runbooks rules-only", () => {
  it("match on the ranking, are announced, and the report cites them check by check", async () => {
    const { result, events } = await run(null);
    const matched = events.find((e) => e.type === "runbooks.matched");
    expect(matched).toMatchObject({ matches: [{ id: "wan-link-down" }] });
    const types = events.map((e) => e.type);
    expect(types.indexOf("runbooks.matched")).toBeLessThan(types.indexOf("step.started"));
    expect(result.runbooks.map((r) => r.id)).toEqual(["wan-link-down"]);
    const lines = result.report.split("\n");
    const at = lines.indexOf("Runbook: wan-link-down");
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/Owner: network-wan\. Escalation: the WAN on-call/);
    expect(lines).toContainEqual(
      expect.stringMatching(/^- Check 1 done by analyzers: .*\[STATE-IF-DOWN@br-rtr1:GigabitEthernet0\/0/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^- Check 4 not done: .*rules-only: no model ran traceroute/),
    );
  });

  it("say nothing in a run whose library is empty", async () => {
    const { network, clock } = labIn("wan-primary-down");
    const bus = new RunEventBus();
    const events: RunEvent[] = [];
    bus.on((e) => events.push(e));
    const result = await investigate(
      { runId: "INC-5", question: "branch latency" },
      { network, gateway: null, clock, bus },
    );
    expect(events.some((e) => e.type === "runbooks.matched")).toBe(false);
    expect(result.report).not.toContain("Runbook:");
  });
});

describe("runbooks with a model", () => {
  let fake: FakeAnthropic;
  beforeEach(async () => {
    fake = await new FakeAnthropic(teamScript()).start();
  });
  afterEach(async () => {
    await fake.stop();
  });

  const toolResults = (agent: string) =>
    fake.requests
      .filter((r) => specialistOf(r) === agent)
      .flatMap((r: RecordedRequest) =>
        r.body.messages.flatMap((m) =>
          typeof m.content === "string" ? [] : m.content.filter((b) => b.type === "tool_result"),
        ),
      );

  it("the planner sees the catalogue; a specialist fetches its part, checks it and the report says so", async () => {
    fake.script = teamScript({
      specialists: {
        diagnosis: {
          rounds: [
            [{ name: "fetch_runbook", input: { id: "wan-link-down" } }],
            [{ name: "get_ospf_neighbors", input: { device: "br-rtr1" } }],
          ],
          answer: (evidence) => ({
            summary: "br-rtr1 Gi0/0 is shut; OSPF over it is gone",
            findings: [],
            proposals: [],
            runbook_checks: [
              {
                runbook: "wan-link-down",
                check: 3,
                status: "done",
                evidence,
                note: "no OSPF neighbor on Gi0/0",
              },
              {
                runbook: "wan-link-down",
                check: 4,
                status: "not-done",
                evidence: [],
                note: "traceroute not needed",
              },
            ],
          }),
        },
        performance: { tools: [{ name: "fetch_runbook", input: { id: "no-such-runbook" } }] },
      },
    });
    const { result } = await run(gatewayFor(fake));

    const plan = fake.requests.find((r) => conversationText(r.body).includes("Plan the investigation"));
    const planText = conversationText(plan?.body ?? { model: "", max_tokens: 0, messages: [] });
    expect(planText).toContain("The team's runbooks");
    expect(planText).toMatch(
      /- wan-link-down: WAN link down, traffic on the backup path\. .* \(fits: keyword 'latency'\)/,
    );
    expect(planText).toContain("- bgp-session: eBGP session down or flapping.");

    const [fetched] = toolResults("diagnosis");
    const part = String(fetched?.content);
    expect(part).toContain("Runbook wan-link-down");
    expect(part).toContain("not observations");
    expect(part).not.toContain("[evidence");
    expect(part).toMatch(/Your checks:\n1\. .*\n2\. .*\n3\. .*\n4\. /);
    expect(part).not.toMatch(/\n5\. |\n6\. /);
    const refused = toolResults("performance")[0];
    expect(refused).toMatchObject({ is_error: true });
    expect(String(refused?.content)).toContain("invalid arguments for fetch_runbook");

    const diagnosisStep = fake.requests.find((r) => specialistOf(r) === "diagnosis");
    expect(diagnosisStep?.body.system?.[0]?.text).toContain("runbook_checks");
    expect(conversationText(diagnosisStep?.body ?? { model: "", max_tokens: 0, messages: [] })).toMatch(
      /runbooks that fit this incident.*\n- wan-link-down: .*your checks: 1, 2, 3, 4\)/,
    );

    const use = result.runbooks.find((r) => r.id === "wan-link-down");
    expect(use?.fetchedBy).toEqual(["diagnosis"]);
    expect(result.report).toContain("Runbook: wan-link-down");
    expect(result.report).toMatch(
      /- Check 3 done by diagnosis: .*\(no OSPF neighbor on Gi0\/0\) \[diag\.t2\]$/m,
    );
    expect(result.report).toMatch(/- Check 4 not done: .*\(diagnosis: traceroute not needed\)/);
    expect(result.report).toMatch(/- Check 1 done by analyzers: /);
    expect(result.report).toMatch(/- Check 6 not done: .*\(not reported by diagnosis\)/);
  });
});
