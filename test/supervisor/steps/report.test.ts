// The report step on its own: the team's writer, with the model or from its template, recorded as a step.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { IncidentRecord } from "../../../src/agents/incident.js";
import { DEFAULT_TEAM } from "../../../src/agents/registry.js";
import { writeReport } from "../../../src/supervisor/steps/report.js";
import { StepBook } from "../../../src/supervisor/steps/schedule.js";
import { apiError, conversationText, FakeAnthropic } from "../../fakes/anthropic.js";
import { systemText, teamScript } from "../../fakes/team-script.js";
import { gatewayFor } from "../../helpers/llm.js";
import { testRun } from "../../helpers/run.js";

let fake: FakeAnthropic;
beforeEach(async () => {
  fake = await new FakeAnthropic(teamScript()).start();
});
afterEach(async () => {
  await fake.stop();
});

const incident = (mode: IncidentRecord["mode"]): IncidentRecord => ({
  id: "INC-3-R1",
  question: "branch latency",
  mode,
  started_at: "2026-11-24T09:00:00.000Z",
  steps: [],
  verdict: { fault: false, label: null, device: null, interface: null, confidence: 1, evidence: [] },
  verdict_source: "rules-only",
  synthesis: "[rules-only] nothing found",
  proposals: [],
  missing: [],
  runbooks: [],
});

describe("writeReport", () => {
  it("without a model: the writer's template, announced and recorded like any step", async () => {
    const { run, events } = testRun();
    const { report, record } = await writeReport(run, null, new StepBook(run, null), incident("rules-only"));
    expect(report).toContain("_Rules-only report");
    const summary = `[rules-only] Incident report written (${report.length} characters).`;
    expect(record).toMatchObject({ id: "documentation", agent: "documentation", status: "done", summary });
    expect(events.map((e) => e.type)).toEqual(["step.started", "step.finished", "report.ready"]);
    expect(events.at(-1)).toMatchObject({ markdown: report });
  });

  it("with a model: the writer's instructions as system prompt, the structured incident as the request", async () => {
    const { run } = testRun();
    const { report, record } = await writeReport(
      run,
      gatewayFor(fake),
      new StepBook(run, null),
      incident("llm"),
    );
    expect(report).toBe("# Incident report\n\n## Summary\nThe primary WAN link was shut down.");
    expect(record.summary).toBe(`Incident report written (${report.length} characters).`);
    const [request] = fake.requests;
    if (!request) throw new Error("no report request");
    expect(systemText(request)).toBe(DEFAULT_TEAM.documentation.instructions);
    expect(conversationText(request.body)).toContain('Structured incident:\n{\n "id": "INC-3-R1"');
  });

  it("falls back to the template, saying why, when the model cannot write it", async () => {
    fake.script = () => apiError(503, "api_error", "upstream down");
    const { run } = testRun();
    const { report } = await writeReport(
      run,
      gatewayFor(fake, { maxRetries: 0 }),
      new StepBook(run, null),
      incident("llm"),
    );
    expect(report).toMatch(
      /^_The documentation model was unavailable \(.*upstream down.*\); this is the rules-only template\._/s,
    );
    expect(report).toContain("## Summary");
  });

  it("uses the writer of the team it was given", async () => {
    const { run, events } = testRun({
      team: {
        ...DEFAULT_TEAM,
        documentation: { ...DEFAULT_TEAM.documentation, name: "scribe", rulesOnly: (i) => `# ${i.id}` },
      },
    });
    const { report, record } = await writeReport(run, null, new StepBook(run, null), incident("rules-only"));
    expect(report).toBe("# INC-3-R1");
    expect(record.agent).toBe("scribe");
    expect(events[0]).toMatchObject({ type: "step.started", agent: "scribe" });
  });
});
