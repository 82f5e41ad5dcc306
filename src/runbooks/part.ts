// What a specialist gets when it fetches a runbook: only its own part (the goal, the checks for it, how to
// read them, what a fix looks like), framed as directions to check with its tools, never as results.
import type { Runbook, RunbookCheck } from "./schema.js";

export const checksFor = (runbook: Runbook, agent: string): RunbookCheck[] =>
  runbook.checks.filter((c) => c.agents.length === 0 || c.agents.includes(agent));

/** One line per runbook, for the planner. */
export const catalogueLine = (runbook: Runbook): string =>
  `- ${runbook.id}: ${runbook.title}. ${runbook.description}`;

export function runbookPart(runbook: Runbook, agent: string): string {
  const checks = checksFor(runbook, agent);
  return [
    `Runbook ${runbook.id}: ${runbook.title} (owner ${runbook.owner}; escalation: ${runbook.escalation})`,
    "These are the team's directions for what to check, not observations: nothing below has been seen on the network yet. Check each numbered item with your tools, then report every one in runbook_checks: done (with the evidence ids that show what you found) or not-done (and why).",
    runbook.goal ? `Goal:\n${runbook.goal}` : "",
    checks.length > 0
      ? `Your checks:\n${checks.map((c) => `${c.n}. ${c.text}`).join("\n")}`
      : "No check of this runbook is for you; use its goal and interpretation.",
    runbook.interpretation ? `How to read the results:\n${runbook.interpretation}` : "",
    runbook.remediation
      ? `Remediation (at most a proposal for a person to approve; nothing is applied from here):\n${runbook.remediation}`
      : "",
  ]
    .filter(Boolean)
    .join("\n\n");
}
