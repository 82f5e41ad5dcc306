// The verdict: the model's, when it gives a valid one, else the rules-only ranking, and it says which.
import { z } from "zod";
import { type StepRecord, type Verdict, VerdictSchema } from "../agents/incident.js";
import type { Analysis } from "../analyzers/analyze.js";
import { countsAsRootCause } from "../analyzers/rank.js";

export const SynthesisSchema = z.object({
  verdict: VerdictSchema,
  synthesis: z
    .string()
    .min(1)
    .max(6000)
    .describe("Prose; cite the specialist and the evidence id behind every claim"),
});

export function rulesOnlyVerdict(analysis: Analysis): Verdict {
  const top = analysis.candidates[0];
  if (!top || !countsAsRootCause(top)) {
    return {
      fault: false,
      label: null,
      device: null,
      interface: null,
      confidence: top ? 1 - top.confidence : 1,
      evidence: top?.evidence ?? [],
    };
  }
  return {
    fault: true,
    label: top.label,
    device: top.device,
    interface: top.interface,
    confidence: top.confidence,
    evidence: top.evidence,
  };
}

/** Prose that names, for every claim, the specialist and the evidence behind it. */
export function rulesOnlySynthesis(verdict: Verdict, steps: StepRecord[], reason: string | null): string {
  const said = steps
    .filter((s) => s.status === "done")
    .map((s) => {
      const top = s.findings[0];
      return top
        ? `The ${s.agent} specialist reports ${top.title} [${top.evidence.join(", ")}].`
        : `The ${s.agent} specialist found nothing in its area.`;
    });
  const conclusion = verdict.fault
    ? `Rules-only verdict: ${verdict.label} on ${verdict.device}${verdict.interface ? ` ${verdict.interface}` : ""} (confidence ${verdict.confidence.toFixed(2)}), from ${verdict.evidence.join(", ")}.`
    : "Rules-only verdict: no root cause reaches high confidence.";
  return [reason ? `[${reason}]` : "[rules-only]", ...said, conclusion].join(" ");
}
