// Runs one specialist step: with the model (a bounded tool loop, and consult through the supervisor) or,
// rules-only, from the analyzers. A model that is unreachable degrades the step to rules-only, labelled.

import { z } from "zod";
import { type SpecialistResult, SpecialistResultSchema } from "../agents/result.js";
import { fetchRunbookTool } from "../agents/runbooks.js";
import type { Specialist, StepInput } from "../agents/specialist.js";
import { specialistIn, type Team } from "../agents/team.js";
import { networkTools, type ToolContext } from "../agents/tools.js";
import type { Clock } from "../clock.js";
import { LlmUnavailableError } from "../llm/errors.js";
import type { LlmGateway, ToolCallRecord, ToolSpec } from "../llm/gateway.js";
import { consultDescription, consultTask, handOff, specialistSystemPrompt, stepPrompt } from "./prompts.js";
import { StepTimeoutError } from "./scheduler.js";
import type { RunRunbooks } from "./steps/runbooks.js";

export interface RunLimits {
  maxTurns: number;
  maxToolCalls: number;
  maxResultChars: number;
  consultDepth: number;
  consultTimeoutMs: number;
}

export interface SpecialistRunContext {
  gateway: LlmGateway | null;
  /** Whom a consult can reach. */
  team: Team;
  tools: ToolContext;
  limits: RunLimits;
  /** Times consults out. */
  clock: Clock;
  onToolCall(stepId: string, agent: string, call: ToolCallRecord): void;
  /** The run's runbooks; a specialist's fetches are counted there. */
  runbooks: RunRunbooks;
}

export async function runSpecialist(
  specialist: Specialist,
  input: StepInput,
  ctx: SpecialistRunContext,
  signal: AbortSignal,
  chain: readonly string[] = [],
): Promise<SpecialistResult> {
  if (!ctx.gateway) return specialist.rulesOnly(input);
  const runbook = fetchRunbookTool(ctx.runbooks.library, specialist.name, (id) =>
    ctx.runbooks.fetched(id, specialist.name),
  );
  const tools: ToolSpec[] = [
    ...networkTools(ctx.tools, specialist.tools),
    consultTool(specialist, input, ctx, [...chain, specialist.name]),
    ...(runbook ? [runbook] : []),
  ];
  try {
    const { output } = await ctx.gateway.toolLoop({
      step: input.stepId,
      role: "specialist",
      system: specialistSystemPrompt(specialist, runbook !== null),
      prompt: stepPrompt(input, specialist),
      maxTokens: 4096,
      schema: SpecialistResultSchema,
      tools,
      maxTurns: ctx.limits.maxTurns,
      maxToolCalls: ctx.limits.maxToolCalls,
      maxResultChars: ctx.limits.maxResultChars,
      signal,
      onToolCall: (call) => ctx.onToolCall(input.stepId, specialist.name, call),
    });
    return output;
  } catch (error) {
    if (!(error instanceof LlmUnavailableError)) throw error;
    const fallback = specialist.rulesOnly(input);
    return { ...fallback, summary: `[model unavailable: ${error.message}] ${fallback.summary}` };
  }
}

/** consult(agent, question): another specialist answers through the supervisor, never peer to peer. */
function consultTool(
  caller: Specialist,
  input: StepInput,
  ctx: SpecialistRunContext,
  chain: readonly string[],
): ToolSpec {
  const Input = z.object({ agent: z.string(), question: z.string().min(1).max(2000) });
  return {
    name: "consult",
    description: consultDescription(chain),
    input: Input,
    async run(raw, signal) {
      const { agent, question } = Input.parse(raw);
      const target = specialistIn(ctx.team, agent);
      if (!target) throw new Error(`no specialist named '${agent}'`);
      if (chain.includes(agent))
        throw new Error(
          `${agent} is already in this call chain (${chain.join(" > ")}); consulting it again would loop`,
        );
      if (chain.length > ctx.limits.consultDepth)
        throw new Error(`consult depth limit (${ctx.limits.consultDepth}) reached`);
      const timeout = new AbortController();
      const cancel = ctx.clock.setTimer(
        () => timeout.abort(new StepTimeoutError(ctx.limits.consultTimeoutMs)),
        ctx.limits.consultTimeoutMs,
      );
      try {
        const result = await runSpecialist(
          target,
          {
            ...input,
            stepId: `${input.stepId}>${agent}`,
            task: consultTask(caller.name, question),
            context: [],
          },
          ctx,
          AbortSignal.any([signal, timeout.signal]),
          chain,
        );
        return handOff(agent, result);
      } finally {
        cancel();
      }
    },
  };
}
