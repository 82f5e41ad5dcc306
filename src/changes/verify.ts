// After a commit, before it is confirmed: the analyzers run again. The findings the proposal rests on must
// be gone, and nothing high or critical may have appeared that was not there before. On the lab, a change
// that meets the scenario's fix condition clears the fault's effects, so the analyzers see it fixed; no
// part of this reads that condition.
import type { Analysis } from "../analyzers/analyze.js";
import { severityRank } from "../analyzers/finding.js";
import { countsAsRootCause } from "../analyzers/rank.js";

export interface Verification {
  passed: boolean;
  /** What was checked and how it came out, one line each. */
  checks: string[];
  failures: string[];
}

export function verifyFix(input: {
  device: string;
  evidence: readonly string[];
  before: Analysis;
  after: Analysis;
}): Verification {
  const { before, after, device } = input;
  const present = new Set(after.findings.map((f) => f.id));
  const had = new Set(before.findings.map((f) => f.id));
  const checks: string[] = [];
  const failures: string[] = [];

  // The findings that raised this proposal; if it cites none the analyzers know, the strongest root cause
  // on its device stands in for them.
  let targets = input.evidence.filter((id) => had.has(id));
  if (targets.length === 0) {
    const top = before.candidates.find((c) => c.device === device && countsAsRootCause(c));
    targets = top ? top.evidence.filter((id) => had.has(id)) : [];
  }
  for (const id of targets) {
    if (present.has(id)) failures.push(`${id} still fires`);
    else checks.push(`${id} cleared`);
  }
  if (targets.length === 0)
    checks.push("no analyzer finding to re-check: verified only that nothing new broke");

  const fresh = after.findings.filter(
    (f) => !had.has(f.id) && severityRank(f.severity) >= severityRank("high"),
  );
  for (const f of fresh) failures.push(`new ${f.severity} finding ${f.id}: ${f.message}`);
  if (fresh.length === 0) checks.push("no new high or critical finding anywhere");
  return { passed: failures.length === 0, checks, failures };
}
