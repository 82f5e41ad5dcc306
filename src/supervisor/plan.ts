// The plan: a DAG of specialist steps. A model's plan is validated (unknown agents, dangling
// dependencies, cycles); the supervisor repairs it once, then falls back to keyword routing.
import { z } from "zod";

export const PlanStepSchema = z.object({
  id: z.string().regex(/^[a-z0-9_-]{1,40}$/, "expected a short id such as s1 or diag"),
  agent: z.string(),
  task: z.string().min(1).max(1000),
  depends_on: z.array(z.string()),
});
export type PlanStep = z.infer<typeof PlanStepSchema>;

export const PlanSchema = z.object({ steps: z.array(PlanStepSchema).min(1).max(12) });
export type Plan = z.infer<typeof PlanSchema>;

export function validatePlan(plan: Plan, agents: readonly string[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const step of plan.steps) {
    if (ids.has(step.id)) problems.push(`step id '${step.id}' is used twice`);
    ids.add(step.id);
    if (!agents.includes(step.agent))
      problems.push(`step '${step.id}' names unknown agent '${step.agent}'; agents: ${agents.join(", ")}`);
  }
  for (const step of plan.steps) {
    for (const dep of step.depends_on) {
      if (dep === step.id) problems.push(`step '${step.id}' depends on itself`);
      else if (!ids.has(dep)) problems.push(`step '${step.id}' depends on '${dep}', which is not a step`);
    }
  }
  const cycle = findCycle(plan);
  if (cycle) problems.push(`the dependencies form a cycle: ${cycle.join(" -> ")}`);
  return problems;
}

/** One cycle as a path (a -> b -> a), or null. Depth-first with colours. */
function findCycle(plan: Plan): string[] | null {
  const deps = new Map(plan.steps.map((s) => [s.id, s.depends_on.filter((d) => d !== s.id)]));
  const colour = new Map<string, "grey" | "black">();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    if (colour.get(id) === "black") return null;
    if (colour.get(id) === "grey") return [...path.slice(path.indexOf(id)), id];
    colour.set(id, "grey");
    path.push(id);
    for (const dep of deps.get(id) ?? []) {
      if (!deps.has(dep)) continue;
      const found = visit(dep);
      if (found) return found;
    }
    path.pop();
    colour.set(id, "black");
    return null;
  };
  for (const id of deps.keys()) {
    const found = visit(id);
    if (found) return found;
  }
  return null;
}

export interface Routable {
  name: string;
  keywords: RegExp;
}

/**
 * Deterministic routing: every specialist whose keywords match the question runs; independent ones in
 * parallel, and config (which proposes fixes) after the others so it can build on what they found.
 */
export function keywordPlan(question: string, specialists: readonly Routable[]): Plan {
  const chosen = specialists.filter((s) => s.keywords.test(question));
  const last = chosen.filter((s) => s.name === "config");
  const first = chosen.filter((s) => s.name !== "config");
  const steps: PlanStep[] = first.map((s) => ({
    id: s.name,
    agent: s.name,
    task: `Investigate "${question}" from the ${s.name} side.`,
    depends_on: [],
  }));
  for (const s of last) {
    steps.push({
      id: s.name,
      agent: s.name,
      task: `Find the configuration behind "${question}" and propose a fix.`,
      depends_on: first.map((f) => f.name),
    });
  }
  return { steps };
}
