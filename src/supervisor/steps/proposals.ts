// After the verdict: every fix the specialists proposed, numbered per run in plan order and announced. What
// happens to a proposal next (checks, staging, approval) is the change workflow's business, not the run's.
import type { ProposalRecord } from "../../agents/incident.js";
import type { Plan } from "../plan.js";
import type { RunContext } from "../run-context.js";
import type { StepBook } from "./schedule.js";

export function announceProposals(run: RunContext, plan: Plan, book: StepBook): ProposalRecord[] {
  const proposals: ProposalRecord[] = [];
  for (const step of plan.steps) {
    for (const proposal of book.result(step.id)?.proposals ?? []) {
      const record: ProposalRecord = {
        ...proposal,
        id: `${run.request.runId}-P${proposals.length + 1}`,
        agent: step.agent,
      };
      proposals.push(record);
      run.emit({ type: "proposal.created", at: run.at(), proposal: record });
    }
  }
  return proposals;
}
