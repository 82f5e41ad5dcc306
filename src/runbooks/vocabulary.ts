// The names a runbook may use that nocbot defines elsewhere: its specialists, their tools and the
// analyzer rules. A runbook naming one nocbot lacks would send a specialist after a tool it cannot call.
import type { Runbook, RunbookProblem, RunbookVocabulary } from "./schema.js";

/** How old a review may be before `runbooks check` says so. */
export const REVIEW_EVERY_DAYS = 365;

/** The problems, and the runbook with each check's tools narrowed to the tools nocbot has. */
export function checkVocabulary(
  parsed: Runbook,
  known: RunbookVocabulary,
  now: Date,
): { runbook: Runbook; problems: RunbookProblem[] } {
  const problems: RunbookProblem[] = [];
  const problem = (line: number | null, message: string, severity: "error" | "warning" = "error") =>
    problems.push({ file: parsed.path, line, severity, message });
  const tools = new Set(known.tools);
  const listed = new Set(parsed.tools);
  const names = Object.keys(known.specialists);
  for (const agent of parsed.specialists)
    if (!names.includes(agent))
      problem(null, `specialists: nocbot has no specialist '${agent}'; it has ${names.join(", ")}`);
  for (const tool of parsed.tools) if (!tools.has(tool)) problem(null, `tools: nocbot has no tool '${tool}'`);
  for (const check of parsed.checks) {
    for (const agent of check.agents)
      if (!parsed.specialists.includes(agent))
        problem(
          check.line,
          `check ${check.n} is for '${agent}', which is not among the runbook's specialists`,
        );
    const doers = check.agents.length > 0 ? check.agents : parsed.specialists;
    for (const tool of check.tools) {
      // A plain word in backticks (`shutdown`) is config, not a tool; a tool-shaped one must exist.
      if (!tools.has(tool)) {
        if (tool.includes("_")) problem(check.line, `check ${check.n} names a tool nocbot lacks: '${tool}'`);
        continue;
      }
      if (!listed.has(tool))
        problem(
          check.line,
          `check ${check.n} uses '${tool}', which the frontmatter's tools do not list`,
          "warning",
        );
      if (!doers.some((agent) => known.specialists[agent]?.includes(tool)))
        problem(
          check.line,
          `check ${check.n} needs '${tool}', which ${doers.join(" or ")} cannot call`,
          "warning",
        );
    }
    for (const rule of check.rules)
      if (!known.rules.includes(rule))
        problem(
          check.line,
          `check ${check.n} cites evidence from an unknown analyzer rule '${rule}' (see nocbot rules)`,
        );
  }
  const age = (now.getTime() - Date.parse(parsed.last_reviewed)) / 86_400_000;
  if (age > REVIEW_EVERY_DAYS)
    problem(
      null,
      `last reviewed ${parsed.last_reviewed}, more than ${REVIEW_EVERY_DAYS} days ago`,
      "warning",
    );
  const runbook = {
    ...parsed,
    checks: parsed.checks.map((c) => ({ ...c, tools: c.tools.filter((t) => tools.has(t)) })),
  };
  return { runbook, problems };
}
