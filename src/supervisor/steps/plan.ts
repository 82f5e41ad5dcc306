// Step 1, plan: the model's plan, validated and repaired once, else keyword routing. The documentation
// writer is taken out of any plan: the report is written after the verdict, whatever the plan says.
import { agentNames, type Team } from "../../agents/team.js";
import { errorMessage } from "../../error-message.js";
import { BudgetExhaustedError, LlmUnavailableError } from "../../llm/errors.js";
import type { LlmGateway } from "../../llm/gateway.js";
import { keywordPlan, type Plan, PlanSchema, validatePlan } from "../plan.js";
import { planPrompt, SUPERVISOR_SYSTEM } from "../prompts.js";
import type { InvestigationRequest, RunContext } from "../run-context.js";

export interface Planned {
  plan: Plan;
  source: "model" | "model-repaired" | "keywords";
  note: string | null;
  /** The model could not be reached: the rest of the run goes on rules-only. */
  unreachable: boolean;
}

/** The first plan, announced; `catalogue`: the team's runbooks, one line each, for the model to plan with. */
export async function makePlan(
  run: RunContext,
  gateway: LlmGateway | null,
  catalogue: readonly string[] = [],
): Promise<Planned> {
  const made: Planned = gateway
    ? await modelPlan(run, gateway, catalogue)
    : {
        plan: keywordPlan(run.request.question, run.team.specialists),
        source: "keywords",
        note: "rules-only: deterministic keyword routing",
        unreachable: false,
      };
  const planned = { ...made, plan: withoutAgent(made.plan, run.team.documentation.name) };
  const { plan, source, note } = planned;
  run.emit({ type: "plan.ready", at: run.at(), plan, source, note });
  return planned;
}

/** The model's plan; when it is not usable, keyword routing, saying why. */
async function modelPlan(
  run: RunContext,
  gateway: LlmGateway,
  catalogue: readonly string[],
): Promise<Planned> {
  const { request, team } = run;
  try {
    const { plan, repaired } = await planWithModel(gateway, request, team, catalogue);
    return { plan, source: repaired ? "model-repaired" : "model", note: null, unreachable: false };
  } catch (error) {
    if (error instanceof BudgetExhaustedError) run.missing.push("token budget exhausted during planning");
    const unreachable = error instanceof LlmUnavailableError;
    const note = unreachable
      ? `the model is unreachable (${errorMessage(error)}); continuing rules-only`
      : `the model's plan was not usable (${errorMessage(error)}); keyword routing instead`;
    return { plan: keywordPlan(request.question, team.specialists), source: "keywords", note, unreachable };
  }
}

async function planWithModel(
  gateway: LlmGateway,
  request: InvestigationRequest,
  team: Team,
  catalogue: readonly string[],
): Promise<{ plan: Plan; repaired: boolean }> {
  const ask = (problems: string[]) =>
    gateway.structured({
      step: "supervisor:plan",
      role: "supervisor",
      system: SUPERVISOR_SYSTEM,
      prompt: planPrompt(request, team, problems, catalogue),
      maxTokens: 2000,
      schema: PlanSchema,
    });
  const first = await ask([]);
  const problems = validatePlan(first, agentNames(team));
  if (problems.length === 0) return { plan: first, repaired: false };
  const second = await ask(problems);
  const remaining = validatePlan(second, agentNames(team));
  if (remaining.length > 0) throw new Error(`invalid plan after one repair: ${remaining.join("; ")}`);
  return { plan: second, repaired: true };
}

/** The plan without one agent's steps, and without dependencies on them. */
export function withoutAgent(plan: Plan, agent: string): Plan {
  const dropped = new Set(plan.steps.filter((s) => s.agent === agent).map((s) => s.id));
  return {
    steps: plan.steps
      .filter((s) => !dropped.has(s.id))
      .map((s) => ({ ...s, depends_on: s.depends_on.filter((d) => !dropped.has(d)) })),
  };
}
