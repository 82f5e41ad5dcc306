// What a specialist is: a role, the tools it may use, its instructions, and how it works without a model.
// Adding one is a file that exports a Specialist and a line in registry.ts.
import type { Analysis } from "../analyzers/analyze.js";
import type { Finding, Severity } from "../analyzers/finding.js";
import type { Candidate } from "../analyzers/rank.js";
import type { SpecialistFinding, SpecialistResult } from "./result.js";
import type { NetworkToolName } from "./tools.js";

export interface StepInput {
  stepId: string;
  question: string;
  task: string;
  /** What the steps this one depends on concluded: their summaries and findings, nothing raw. */
  context: string[];
  analysis: Analysis;
  /** The team's runbooks that fit the incident and have checks for this specialist, one line each. */
  runbooks?: string[];
}

export interface Specialist {
  name: string;
  /** One line, shown to the planner and in the README. */
  role: string;
  /** Deterministic routing: a question matching this wants this specialist. */
  keywords: RegExp;
  tools: readonly NetworkToolName[];
  instructions: string;
  /** Which analyzer findings belong to this specialist. */
  owns(finding: Finding): boolean;
  /** The specialist's answer from the analyzers alone (rules-only mode). */
  rulesOnly(input: StepInput): SpecialistResult;
}

const SEVERITY_CONFIDENCE: Record<Severity, number> = {
  critical: 0.9,
  high: 0.8,
  medium: 0.6,
  low: 0.4,
  info: 0.2,
};

/** The confidence of a finding: that of the strongest root cause it supports, else what its severity implies. */
function confidenceOf(finding: Finding, candidates: Candidate[]): number {
  const supported = candidates.filter((c) => c.evidence.includes(finding.id)).map((c) => c.confidence);
  return supported.length > 0 ? Math.max(...supported) : SEVERITY_CONFIDENCE[finding.severity];
}

/** A rules-only result over the findings this specialist owns, strongest first. */
export function resultFromFindings(
  specialist: Specialist,
  input: StepInput,
  extra: Partial<SpecialistResult> = {},
): SpecialistResult {
  const { findings, candidates } = input.analysis;
  // Confidence first; within a tenth of it, the more severe finding.
  const strength = (f: SpecialistFinding) => f.confidence * 10 + SEVERITY_CONFIDENCE[f.severity];
  const mine = findings
    .filter((f) => specialist.owns(f))
    .map(
      (f): SpecialistFinding => ({
        title: `${f.title}: ${f.message}`.slice(0, 300),
        severity: f.severity,
        confidence: confidenceOf(f, candidates),
        device: f.device,
        interface: f.interface,
        evidence: [f.id],
      }),
    )
    .sort((a, b) => strength(b) - strength(a))
    .slice(0, 20);
  const top = mine[0];
  const summary = top
    ? `[rules-only] ${mine.length} finding${mine.length === 1 ? "" : "s"} in ${specialist.name}; strongest: ${top.title} (${top.evidence[0]}).`
    : `[rules-only] nothing in ${specialist.name} stands out: no analyzer finding in this area.`;
  return { summary, findings: mine, proposals: [], ...extra };
}
