// Step 5, report: the documentation writer turns the structured incident into the report, with the model
// or from its template. It is a step like the others: started, finished, recorded.
import { ReportSchema, type ReportWriter } from "../../agents/documentation.js";
import type { IncidentRecord, StepRecord } from "../../agents/incident.js";
import { errorMessage } from "../../error-message.js";
import type { LlmGateway } from "../../llm/gateway.js";
import { runbookSection } from "../../runbooks/outcome.js";
import { reportPrompt } from "../prompts.js";
import type { RunContext } from "../run-context.js";
import type { StepBook } from "./schedule.js";

const STEP_ID = "documentation";

export async function writeReport(
  run: RunContext,
  gateway: LlmGateway | null,
  book: StepBook,
  incident: IncidentRecord,
): Promise<{ report: string; record: StepRecord }> {
  const writer = run.team.documentation;
  const step = { id: STEP_ID, agent: writer.name, task: "Write the incident report" };
  book.start(step);
  const written = gateway ? await modelReport(gateway, writer, incident) : writer.rulesOnly(incident);
  // The runbook lines are nocbot's record of what was checked, written from the run, never by the model.
  const runbooks = runbookSection(incident.runbooks);
  const report = runbooks ? `${written.trimEnd()}\n\n${runbooks}` : written;
  const summary = `${incident.mode === "rules-only" ? "[rules-only] " : ""}Incident report written (${report.length} characters).`;
  const record = book.settle(step, { status: "done", value: { summary, findings: [], proposals: [] } });
  run.emit({ type: "report.ready", at: run.at(), markdown: report });
  return { report, record };
}

/** The model's report; when it cannot write one, the template, saying why. */
async function modelReport(
  gateway: LlmGateway,
  writer: ReportWriter,
  incident: IncidentRecord,
): Promise<string> {
  try {
    const answer = await gateway.structured({
      step: STEP_ID,
      role: "documentation",
      system: writer.instructions,
      prompt: reportPrompt(incident),
      maxTokens: 4096,
      schema: ReportSchema,
    });
    return answer.markdown;
  } catch (error) {
    return `_The documentation model was unavailable (${errorMessage(error)}); this is the rules-only template._\n\n${writer.rulesOnly(incident)}`;
  }
}
