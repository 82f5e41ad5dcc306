// Step 4, verdict: the model's, when it gives a valid one, else the rules-only ranking, and it says which.
// The synthesis ends by naming what the answer lacks.
import { z } from "zod";
import { type StepRecord, type Verdict, VerdictSchema } from "../../agents/incident.js";
import type { Analysis } from "../../analyzers/analyze.js";
import { countsAsRootCause } from "../../analyzers/rank.js";
import { errorMessage } from "../../error-message.js";
import { BudgetExhaustedError } from "../../llm/errors.js";
import type { LlmGateway } from "../../llm/gateway.js";
import { SUPERVISOR_SYSTEM, verdictPrompt } from "../prompts.js";
import type { RunContext } from "../run-context.js";

export const SynthesisSchema = z.object({
  verdict: VerdictSchema,
  synthesis: z
    .string()
    .min(1)
    .max(6000)
    .describe("Prose; cite the specialist and the evidence id behind every claim"),
});

export interface Judged {
  verdict: Verdict;
  source: "model" | "rules-only";
  synthesis: string;
}

export async function giveVerdict(
  run: RunContext,
  gateway: LlmGateway | null,
  steps: StepRecord[],
  analysis: Analysis,
): Promise<Judged> {
  const judged = gateway
    ? await modelVerdict(run, gateway, steps, analysis)
    : rulesOnly(analysis, steps, "rules-only");
  const missing = run.missing.length > 0 ? ` Missing from this answer: ${run.missing.join("; ")}.` : "";
  return { ...judged, synthesis: judged.synthesis + missing };
}

async function modelVerdict(
  run: RunContext,
  gateway: LlmGateway,
  steps: StepRecord[],
  analysis: Analysis,
): Promise<Judged> {
  try {
    const answer = await gateway.structured({
      step: "supervisor:verdict",
      role: "supervisor",
      system: SUPERVISOR_SYSTEM,
      prompt: verdictPrompt(run.request, steps, analysis, run.missing),
      maxTokens: 3000,
      schema: SynthesisSchema,
    });
    return { verdict: answer.verdict, source: "model", synthesis: answer.synthesis };
  } catch (error) {
    if (error instanceof BudgetExhaustedError) run.missing.push("token budget exhausted before the verdict");
    return rulesOnly(
      analysis,
      steps,
      `model verdict unavailable (${errorMessage(error)}); rules-only ranking used`,
    );
  }
}

function rulesOnly(analysis: Analysis, steps: StepRecord[], reason: string): Judged {
  const verdict = rulesOnlyVerdict(analysis);
  return { verdict, source: "rules-only", synthesis: rulesOnlySynthesis(verdict, steps, reason) };
}

/** The strongest candidate of the ranking when it counts as a root cause; else no fault. */
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
export function rulesOnlySynthesis(verdict: Verdict, steps: StepRecord[], reason: string): string {
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
  return [`[${reason}]`, ...said, conclusion].join(" ");
}
