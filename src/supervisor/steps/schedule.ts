// Step 2, schedule: a batch of plan steps run by their specialists, independent ones in parallel, each
// under its timeout. The step book keeps the one record of every step (specialists' and the report's) and
// announces each move as a run event.
import type { StepRecord } from "../../agents/incident.js";
import type { SpecialistResult } from "../../agents/result.js";
import { specialistIn } from "../../agents/team.js";
import type { ToolContext } from "../../agents/tools.js";
import type { Clock } from "../../clock.js";
import { BudgetExhaustedError } from "../../llm/errors.js";
import type { LlmGateway } from "../../llm/gateway.js";
import { emptyTotals } from "../../llm/usage.js";
import type { Plan, PlanStep } from "../plan.js";
import { handOff, noHandOff } from "../prompts.js";
import type { RunContext, SupervisorLimits } from "../run-context.js";
import { runSpecialist, type SpecialistRunContext } from "../run-specialist.js";
import { runSchedule, type StepOutcome, StepTimeoutError } from "../scheduler.js";
import { runbooksFor } from "./runbooks.js";

type StepStart = Pick<PlanStep, "id" | "agent" | "task">;

const MISSING: Record<Exclude<StepOutcome<unknown>["status"], "done">, string> = {
  failed: "failed",
  timeout: "timed out",
  budget: "stopped: token budget exhausted",
};

export class StepBook {
  readonly #records = new Map<string, StepRecord>();
  readonly #results = new Map<string, SpecialistResult>();

  constructor(
    private readonly run: RunContext,
    private readonly gateway: LlmGateway | null,
  ) {}

  start(step: StepStart): void {
    const at = this.run.at();
    this.#records.set(step.id, {
      id: step.id,
      agent: step.agent,
      task: step.task,
      status: "skipped",
      summary: "",
      findings: [],
      error: null,
      started_at: at,
      finished_at: null,
    });
    this.run.emit({ type: "step.started", at, stepId: step.id, agent: step.agent, task: step.task });
  }

  /** Records how a started step ended, and says so; a step that failed is named in what the answer lacks. */
  settle(step: StepStart, outcome: StepOutcome<SpecialistResult>): StepRecord {
    const record = this.#records.get(step.id);
    if (!record) throw new Error(`step '${step.id}' settled before it started`);
    record.finished_at = this.run.at();
    if (outcome.status === "done") {
      this.#results.set(step.id, outcome.value);
      Object.assign(record, {
        status: "done",
        summary: outcome.value.summary,
        findings: outcome.value.findings,
      });
      this.run.emit({
        type: "step.finished",
        at: this.run.at(),
        stepId: step.id,
        agent: step.agent,
        result: outcome.value,
        usage: this.gateway?.ledger.totals(step.id) ?? emptyTotals(),
      });
      return record;
    }
    Object.assign(record, {
      status: outcome.status,
      error: outcome.error,
      summary: `${step.agent} ${outcome.status}: ${outcome.error}`,
    });
    this.run.missing.push(`${step.agent} (${step.id}) ${MISSING[outcome.status]}: ${outcome.error}`);
    this.run.emit({
      type: "step.failed",
      at: this.run.at(),
      stepId: step.id,
      agent: step.agent,
      status: outcome.status,
      error: outcome.error,
    });
    return record;
  }

  /** Every step started so far, in the order they started. */
  all(): StepRecord[] {
    return [...this.#records.values()];
  }

  /** The records of a plan's steps that ran, in plan order. */
  recordsOf(plan: Plan): StepRecord[] {
    return plan.steps.flatMap((s) => this.#records.get(s.id) ?? []);
  }

  result(stepId: string): SpecialistResult | undefined {
    return this.#results.get(stepId);
  }

  /** What a step is told of the steps it depends on: their summaries and findings, or why there are none. */
  handOffs(step: PlanStep): string[] {
    return step.depends_on.map((dep) => {
      const result = this.#results.get(dep);
      const record = this.#records.get(dep);
      if (result && record) return handOff(record.agent, result);
      return noHandOff(record?.agent ?? dep, record?.status ?? "not run", record?.error ?? null);
    });
  }
}

export interface ScheduleDeps {
  book: StepBook;
  /** Times steps and consults out. */
  clock: Clock;
  gateway: LlmGateway | null;
  tools: ToolContext;
  limits: SupervisorLimits;
}

export async function schedule(
  run: RunContext,
  steps: readonly PlanStep[],
  deps: ScheduleDeps,
): Promise<void> {
  const { book, clock, limits, tools } = deps;
  const specialists: SpecialistRunContext = {
    gateway: deps.gateway,
    team: run.team,
    tools,
    limits,
    clock,
    runbooks: run.runbooks,
    onToolCall: (stepId, agent, call) =>
      run.emit({
        type: "step.progress",
        at: run.at(),
        stepId,
        agent,
        message: `${call.name}${call.ok ? "" : ` failed: ${call.error}`}`,
        toolCall: call,
      }),
  };
  await runSchedule<SpecialistResult>(steps, {
    concurrency: limits.concurrency,
    timeoutMs: limits.stepTimeoutMs,
    clock,
    classify: (error) =>
      error instanceof StepTimeoutError
        ? "timeout"
        : error instanceof BudgetExhaustedError
          ? "budget"
          : "failed",
    onStart: (step) => book.start(step),
    run: (step, _settled, signal) => {
      const specialist = specialistIn(run.team, step.agent);
      if (!specialist) throw new Error(`no specialist named '${step.agent}'`);
      const input = {
        stepId: step.id,
        question: run.request.question,
        task: step.task,
        context: [...(run.request.background ?? []), ...book.handOffs(step)],
        analysis: tools.analysis,
        runbooks: runbooksFor(run, step.agent),
      };
      return runSpecialist(specialist, input, specialists, signal);
    },
    onSettled: (step, outcome) => book.settle(step, outcome),
  });
}
