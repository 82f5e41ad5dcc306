// After the verdict: every fix the specialists proposed, numbered per run in plan order and announced. What
// happens to a proposal next (checks, staging, approval) is the change workflow's business, not the run's;
// the run only waits for the checks' outcome, so the report never presents a refused change as a fix.
import type { CheckedProposal, ProposalCheck, ProposalRecord } from "../../agents/incident.js";
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

/** How the run learns what the change workflow made of its proposals (a port; absent, nothing is known). */
export type ProposalChecks = (
  proposals: readonly ProposalRecord[],
) => Promise<ReadonlyMap<string, ProposalCheck>>;

export async function withChecks(
  proposals: readonly ProposalRecord[],
  checks: ProposalChecks | undefined,
): Promise<CheckedProposal[]> {
  const known = checks && proposals.length > 0 ? await checks(proposals) : new Map<string, ProposalCheck>();
  return proposals.map((p) => ({ ...p, check: known.get(p.id) ?? null }));
}
