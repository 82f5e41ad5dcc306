// What became of a runbook in a run, check by check: done with its evidence, or not done and why. A
// specialist's own report wins; where none reported a check, the analyzer rules the check names answer it
// (that is how runbooks work rules-only); otherwise it was not done, and the report says so.
import { z } from "zod";
import type { RunbookMatch } from "./match.js";
import type { Runbook } from "./schema.js";

/** How a specialist reports one numbered check of a runbook it fetched (part of its structured answer). */
export const CheckReportSchema = z.object({
  runbook: z.string().describe("The runbook id"),
  check: z.number().int().min(1).describe("The check's number in the runbook"),
  status: z.enum(["done", "not-done"]),
  evidence: z
    .array(z.string())
    .describe("Ids of the tool calls or analyzer findings that show what was found"),
  note: z.string().max(500).describe("What the check showed, or why it was not done"),
});
export type CheckReport = z.infer<typeof CheckReportSchema>;

export interface CheckOutcome {
  n: number;
  text: string;
  status: "done" | "not-done";
  /** Who did it: a specialist, "analyzers", or null when nobody did. */
  by: string | null;
  evidence: string[];
  note: string;
}

export interface RunbookUse {
  id: string;
  title: string;
  owner: string;
  escalation: string;
  score: number;
  reasons: string[];
  /** The specialists that fetched it (with a model). */
  fetchedBy: string[];
  checks: CheckOutcome[];
}

export interface UseInput {
  match: RunbookMatch | null;
  fetchedBy: readonly string[];
  reports: ReadonlyArray<CheckReport & { agent: string }>;
  findings: ReadonlyArray<{ id: string; rule: string }>;
  mode: "llm" | "rules-only";
}

const EVIDENCE_SHOWN = 5;

export function runbookUse(runbook: Runbook, input: UseInput): RunbookUse {
  const checks = runbook.checks.map((check): CheckOutcome => {
    const base = { n: check.n, text: check.text };
    const reported = input.reports.filter((r) => r.runbook === runbook.id && r.check === check.n);
    const done = reported.filter((r) => r.status === "done");
    if (done.length > 0)
      return {
        ...base,
        status: "done",
        by: [...new Set(done.map((r) => r.agent))].join(", "),
        evidence: [...new Set(done.flatMap((r) => r.evidence))].slice(0, EVIDENCE_SHOWN * 2),
        note: done.map((r) => r.note).join(" "),
      };
    if (check.rules.length > 0) {
      const seen = input.findings.filter((f) => check.rules.includes(f.rule)).map((f) => f.id);
      return {
        ...base,
        status: "done",
        by: "analyzers",
        evidence: seen.slice(0, EVIDENCE_SHOWN),
        note:
          seen.length > 0
            ? `the analyzers see it${seen.length > EVIDENCE_SHOWN ? ` (${seen.length} findings)` : ""}`
            : `the analyzers checked every device and see nothing of ${check.rules.join(", ")}`,
      };
    }
    const why =
      reported.length > 0
        ? reported.map((r) => `${r.agent}: ${r.note}`).join(" ")
        : input.mode === "rules-only"
          ? `rules-only: no model ran ${check.tools.length ? check.tools.join(", ") : "its tools"}, and no analyzer rule answers it`
          : input.fetchedBy.length > 0
            ? `not reported by ${input.fetchedBy.join(", ")}`
            : "no specialist fetched this runbook";
    return { ...base, status: "not-done", by: null, evidence: [], note: why };
  });
  return {
    id: runbook.id,
    title: runbook.title,
    owner: runbook.owner,
    escalation: runbook.escalation,
    score: input.match?.score ?? 0,
    reasons: input.match?.reasons ?? [],
    fetchedBy: [...input.fetchedBy],
    checks,
  };
}

/** The report's runbook lines: `Runbook: ID` for each, then check by check, with owner and escalation. */
export function runbookSection(uses: readonly RunbookUse[]): string {
  if (uses.length === 0) return "";
  const blocks = uses.map((use) => {
    const how = [
      use.fetchedBy.length > 0 ? `fetched by ${use.fetchedBy.join(", ")}` : "",
      use.reasons.length > 0 ? `matched on ${use.reasons.join("; ")}` : "",
    ].filter(Boolean);
    return [
      `Runbook: ${use.id}`,
      `${use.title}. Owner: ${use.owner}. Escalation: ${use.escalation}.${how.length ? ` (${how.join("; ")})` : ""}`,
      ...use.checks.map(
        (c) =>
          `- Check ${c.n} ${c.status === "done" ? `done${c.by ? ` by ${c.by}` : ""}` : "not done"}: ${c.text}${c.note ? ` (${c.note})` : ""}${c.evidence.length ? ` [${c.evidence.join(", ")}]` : ""}`,
      ),
    ].join("\n");
  });
  return `## Runbooks\n\n${blocks.join("\n\n")}`;
}
