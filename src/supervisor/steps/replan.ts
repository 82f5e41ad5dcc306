// Step 3, replan: when a step failed, or the analyzers are unsure and the specialists point at different
// devices, the model may add steps (at most `rounds` times); they run, and the plan grows by them.
import { z } from "zod";
import type { StepRecord } from "../../agents/incident.js";
import type { Analysis } from "../../analyzers/analyze.js";
import { countsAsRootCause } from "../../analyzers/rank.js";
import { BudgetExhaustedError } from "../../llm/errors.js";
import type { LlmGateway } from "../../llm/gateway.js";
import { type Plan, type PlanStep, PlanStepSchema, validatePlan } from "../plan.js";
import { replanPrompt, SUPERVISOR_SYSTEM } from "../prompts.js";
import type { RunContext } from "../run-context.js";
import type { StepBook } from "./schedule.js";

const ReplanSchema = z.object({
  add_steps: z.array(PlanStepSchema).max(4),
  reason: z.string(),
});

export interface ReplanDeps {
  book: StepBook;
  analysis: Analysis;
  rounds: number;
  runSteps(steps: readonly PlanStep[]): Promise<void>;
}

/** The plan as it ends: the first one, and whatever rounds of steps were added and run. */
export async function replan(
  run: RunContext,
  gateway: LlmGateway | null,
  first: Plan,
  deps: ReplanDeps,
): Promise<Plan> {
  let plan = first;
  for (
    let round = 0;
    gateway && round < deps.rounds && needsMoreWork(deps.analysis, deps.book.all());
    round++
  ) {
    const extra = await moreSteps(run, gateway, plan, deps.book.all()).catch((error: unknown) => {
      if (error instanceof BudgetExhaustedError) run.missing.push("token budget exhausted while replanning");
      return [];
    });
    if (extra.length === 0) break;
    plan = { steps: [...plan.steps, ...extra] };
    run.emit({
      type: "plan.ready",
      at: run.at(),
      plan,
      source: "model",
      note: `replanning round ${round + 1}: added ${extra.map((s) => s.id).join(", ")}`,
    });
    await deps.runSteps(extra);
  }
  return plan;
}

/** More work is worth it when a step failed, or the analyzers are unsure and the specialists disagree. */
export function needsMoreWork(analysis: Analysis, steps: readonly StepRecord[]): boolean {
  if (steps.some((r) => r.status === "failed" || r.status === "timeout")) return true;
  const top = analysis.candidates[0];
  const devices = new Set(steps.flatMap((r) => (r.findings[0]?.device ? [r.findings[0].device] : [])));
  return (top === undefined || !countsAsRootCause(top)) && devices.size > 1;
}

/** The steps the model adds; none when what it proposes would not make a valid plan. */
async function moreSteps(
  run: RunContext,
  gateway: LlmGateway,
  plan: Plan,
  steps: readonly StepRecord[],
): Promise<PlanStep[]> {
  const answer = await gateway.structured({
    step: "supervisor:replan",
    role: "supervisor",
    system: SUPERVISOR_SYSTEM,
    prompt: replanPrompt(run.request, steps),
    maxTokens: 1500,
    schema: ReplanSchema,
  });
  const candidate: Plan = { steps: [...plan.steps, ...answer.add_steps] };
  const specialists = run.team.specialists.map((s) => s.name);
  return validatePlan(candidate, specialists).length === 0 ? answer.add_steps : [];
}
