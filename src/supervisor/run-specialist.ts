// Runs one specialist step: with the model (a bounded tool loop, and consult through the supervisor) or,
// rules-only, from the analyzers. A model that is unreachable degrades the step to rules-only, labelled.

import { z } from "zod";
import { specialistNamed } from "../agents/registry.js";
import { type SpecialistResult, SpecialistResultSchema } from "../agents/result.js";
import { type Specialist, type StepInput, systemPrompt } from "../agents/specialist.js";
import { networkTools, type ToolContext } from "../agents/tools.js";
import { LlmUnavailableError } from "../llm/errors.js";
import type { LlmGateway, ToolCallRecord, ToolSpec } from "../llm/gateway.js";

export interface RunLimits {
  maxTurns: number;
  maxToolCalls: number;
  maxResultChars: number;
  consultDepth: number;
  consultTimeoutMs: number;
}

export interface SpecialistRunContext {
  gateway: LlmGateway | null;
  tools: ToolContext;
  limits: RunLimits;
  onToolCall(stepId: string, agent: string, call: ToolCallRecord): void;
}

const FINDINGS_IN_PROMPT = 15;

function prompt(input: StepInput, specialist: Specialist): string {
  const mine = input.analysis.findings.filter((f) => specialist.owns(f)).slice(0, FINDINGS_IN_PROMPT);
  return [
    `Incident: ${input.question}`,
    `Your task: ${input.task}`,
    input.context.length > 0 ? `What the steps you build on concluded:\n${input.context.join("\n")}` : "",
    mine.length > 0
      ? `Deterministic analyzer findings in your area (cite them by id):\n${mine.map((f) => `- ${f.id} [${f.severity}] ${f.message}`).join("\n")}`
      : "The analyzers found nothing in your area; check for yourself.",
  ]
    .filter(Boolean)
    .join("\n\n");
}

/** Renders what a finished step hands to the steps that depend on it: its summary and findings. */
export function handOff(agent: string, result: SpecialistResult): string {
  const findings = result.findings
    .slice(0, 5)
    .map(
      (f) =>
        `  - ${f.severity} (${f.confidence.toFixed(2)}) ${f.title}${f.device ? ` @ ${f.device}${f.interface ? ` ${f.interface}` : ""}` : ""} [${f.evidence.join(", ")}]`,
    );
  return [`- ${agent}: ${result.summary}`, ...findings].join("\n");
}

export async function runSpecialist(
  specialist: Specialist,
  input: StepInput,
  ctx: SpecialistRunContext,
  signal: AbortSignal,
  chain: readonly string[] = [],
): Promise<SpecialistResult> {
  if (!ctx.gateway) return specialist.rulesOnly(input);
  const allowed = new Set(specialist.tools);
  const tools: ToolSpec[] = [
    ...networkTools(ctx.tools).filter((t) => allowed.has(t.name)),
    consultTool(specialist, input, ctx, [...chain, specialist.name]),
  ];
  try {
    const { output } = await ctx.gateway.toolLoop({
      step: input.stepId,
      role: "specialist",
      system: systemPrompt(specialist),
      prompt: prompt(input, specialist),
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
    description: `Ask another specialist a focused question; it investigates and answers. Chain so far: ${chain.join(" > ")}.`,
    input: Input,
    async run(raw, signal) {
      const { agent, question } = Input.parse(raw);
      const target = specialistNamed(agent);
      if (!target) throw new Error(`no specialist named '${agent}'`);
      if (chain.includes(agent))
        throw new Error(
          `${agent} is already in this call chain (${chain.join(" > ")}); consulting it again would loop`,
        );
      if (chain.length > ctx.limits.consultDepth)
        throw new Error(`consult depth limit (${ctx.limits.consultDepth}) reached`);
      const timeout = AbortSignal.timeout(ctx.limits.consultTimeoutMs);
      const result = await runSpecialist(
        target,
        {
          ...input,
          stepId: `${input.stepId}>${agent}`,
          task: `${caller.name} asks: ${question}`,
          context: [],
        },
        ctx,
        AbortSignal.any([signal, timeout]),
        chain,
      );
      return handOff(agent, result);
    },
  };
}
