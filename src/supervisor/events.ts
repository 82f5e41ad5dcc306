// The run event stream: the supervisor's only output. The CLI printer, the Slack renderer and the store
// all consume these same events; the supervisor knows nothing about any of them.
import type { ProposalRecord, StepStatus, Verdict } from "../agents/incident.js";
import type { SpecialistResult } from "../agents/result.js";
import type { ToolCallRecord } from "../llm/gateway.js";
import type { UsageTotals } from "../llm/usage.js";
import type { RunbookMatch } from "../runbooks/match.js";
import type { Plan } from "./plan.js";

export type Mode = "llm" | "rules-only";

export type RunEvent =
  | { type: "run.started"; at: string; runId: string; question: string; mode: Mode }
  | {
      type: "plan.ready";
      at: string;
      plan: Plan;
      source: "model" | "model-repaired" | "keywords";
      note: string | null;
    }
  /** The runbooks that fit, best first, once the analyzers have ranked the root causes. */
  | { type: "runbooks.matched"; at: string; matches: RunbookMatch[] }
  | { type: "step.started"; at: string; stepId: string; agent: string; task: string }
  | {
      type: "step.progress";
      at: string;
      stepId: string;
      agent: string;
      message: string;
      toolCall: ToolCallRecord | null;
    }
  | {
      type: "step.finished";
      at: string;
      stepId: string;
      agent: string;
      result: SpecialistResult;
      usage: UsageTotals;
    }
  | {
      type: "step.failed";
      at: string;
      stepId: string;
      agent: string;
      status: Exclude<StepStatus, "done">;
      error: string;
    }
  | { type: "proposal.created"; at: string; proposal: ProposalRecord }
  | { type: "report.ready"; at: string; markdown: string }
  | {
      type: "run.finished";
      at: string;
      runId: string;
      verdict: Verdict;
      verdictSource: "model" | "rules-only";
      synthesis: string;
      missing: string[];
      usage: UsageTotals;
    };

export type RunEventListener = (event: RunEvent) => void;

/** Fans events out to listeners; one listener failing never stops the run or the others. */
export class RunEventBus {
  readonly #listeners: RunEventListener[] = [];
  readonly #onListenerError: (error: unknown, event: RunEvent) => void;

  constructor(onListenerError: (error: unknown, event: RunEvent) => void = () => {}) {
    this.#onListenerError = onListenerError;
  }

  on(listener: RunEventListener): () => void {
    this.#listeners.push(listener);
    return () => {
      const i = this.#listeners.indexOf(listener);
      if (i >= 0) this.#listeners.splice(i, 1);
    };
  }

  emit(event: RunEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.#onListenerError(error, event);
      }
    }
  }
}
