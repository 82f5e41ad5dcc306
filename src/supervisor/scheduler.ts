// Runs a DAG of steps: each starts as soon as its dependencies have settled, at most `concurrency` at a
// time, each under its own timeout on the run's clock. A step that fails or times out never stops the others.
import type { Clock } from "../clock.js";
import { errorMessage } from "../error-message.js";
import type { PlanStep } from "./plan.js";

export type StepOutcome<T> =
  | { status: "done"; value: T }
  | { status: "failed" | "timeout" | "budget"; error: string };

export class StepTimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${Math.round(ms / 1000)}s`);
    this.name = "StepTimeoutError";
  }
}

export interface ScheduleOptions<T> {
  concurrency: number;
  timeoutMs: number;
  clock: Clock;
  run(step: PlanStep, settled: ReadonlyMap<string, StepOutcome<T>>, signal: AbortSignal): Promise<T>;
  classify(error: unknown): "failed" | "timeout" | "budget";
  onStart?(step: PlanStep): void;
  onSettled?(step: PlanStep, outcome: StepOutcome<T>): void;
}

export async function runSchedule<T>(
  steps: readonly PlanStep[],
  options: ScheduleOptions<T>,
): Promise<Map<string, StepOutcome<T>>> {
  const settled = new Map<string, StepOutcome<T>>();
  const waiting = [...steps];
  // Dependencies outside this batch settled in an earlier one (a replanning round builds on them).
  const inBatch = new Set(steps.map((s) => s.id));
  let running = 0;
  return new Promise((resolve) => {
    const pump = () => {
      if (settled.size === steps.length) return resolve(settled);
      for (const step of [...waiting]) {
        if (running >= options.concurrency) break;
        if (!step.depends_on.every((dep) => !inBatch.has(dep) || settled.has(dep))) continue;
        waiting.splice(waiting.indexOf(step), 1);
        running += 1;
        void execute(step).then((outcome) => {
          running -= 1;
          settled.set(step.id, outcome);
          options.onSettled?.(step, outcome);
          pump();
        });
      }
    };
    const execute = async (step: PlanStep): Promise<StepOutcome<T>> => {
      options.onStart?.(step);
      const controller = new AbortController();
      const finished = new AbortController();
      const timeout = options.clock.sleep(options.timeoutMs, finished.signal).then(() => {
        const error = new StepTimeoutError(options.timeoutMs);
        controller.abort(error);
        throw error;
      });
      // Once the step has finished, the cancelled timeout rejects with nobody waiting on it.
      timeout.catch(() => {});
      try {
        return {
          status: "done",
          value: await Promise.race([options.run(step, settled, controller.signal), timeout]),
        };
      } catch (error) {
        return { status: options.classify(error), error: errorMessage(error) };
      } finally {
        finished.abort();
      }
    };
    pump();
  });
}
