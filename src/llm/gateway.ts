// The one door to the model. Every request is redacted, budgeted, cached on its stable prefix, timed out,
// and recorded in the usage ledger; answers come back validated against a zod schema or not at all.
import type Anthropic from "@anthropic-ai/sdk";
import { APIConnectionError, APIError, APIUserAbortError } from "@anthropic-ai/sdk";
import { zodOutputFormat } from "@anthropic-ai/sdk/helpers/zod";
import type { AutoParseableOutputFormat } from "@anthropic-ai/sdk/lib/parser";
import type {
  ContentBlockParam,
  Message,
  MessageParam,
  Tool,
  ToolResultBlockParam,
  ToolUseBlock,
} from "@anthropic-ai/sdk/resources/messages/messages";
import { z } from "zod";
import { errorMessage } from "../error-message.js";
import { BudgetExhaustedError, LlmUnavailableError, StructuredOutputError } from "./errors.js";
import type { ModelChoice, ModelRole } from "./models.js";
import type { Redactor } from "./redact.js";
import type { UsageLedger } from "./usage.js";

export interface ToolSpec {
  name: string;
  description: string;
  input: z.ZodType;
  run(input: unknown, signal: AbortSignal): Promise<unknown>;
  /** False for a tool whose answer is not an observation (a runbook's directions): no evidence id. */
  evidence?: boolean;
}

export interface ToolCallRecord {
  id: string;
  name: string;
  input: unknown;
  ok: boolean;
  error: string | null;
}

export interface CallOptions {
  /** Ledger attribution: the step (or "supervisor:plan", ...) this call belongs to. */
  step: string;
  role: ModelRole;
  system: string;
  prompt: string;
  maxTokens: number;
  signal?: AbortSignal;
}

export interface ToolLoopOptions<T> extends CallOptions {
  schema: z.ZodType<T>;
  tools: ToolSpec[];
  maxTurns: number;
  maxToolCalls: number;
  /** Tool results longer than this are cut, with a note telling the model to narrow the query. */
  maxResultChars: number;
  onToolCall?: (call: ToolCallRecord) => void;
}

export interface GatewayOptions {
  timeoutMs: number;
  budgetTokens: number;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

/** The SDK's zod format, except that a failed parse is returned, not thrown: the message, its usage and stop_reason survive. */
function tolerantFormat<T>(schema: z.ZodType<T>): AutoParseableOutputFormat<Outcome<T>> {
  const format = zodOutputFormat(schema);
  return {
    ...format,
    parse: (content: string): Outcome<T> => {
      try {
        return { ok: true, value: format.parse(content) };
      } catch (error) {
        return { ok: false, error: errorMessage(error) };
      }
    },
  };
}

const textOf = (message: Message): string =>
  message.content.flatMap((block) => (block.type === "text" ? [block.text] : [])).join("");

export class LlmGateway {
  constructor(
    private readonly client: Anthropic,
    private readonly models: ModelChoice,
    readonly ledger: UsageLedger,
    readonly redactor: Redactor,
    private readonly options: GatewayOptions,
  ) {}

  modelFor(role: ModelRole): string {
    return this.models[role];
  }

  /** One question, one validated answer; a second try with the validation errors if the first misses. */
  async structured<T>(options: CallOptions & { schema: z.ZodType<T> }): Promise<T> {
    const messages: MessageParam[] = [{ role: "user", content: this.redactor.redact(options.prompt) }];
    const format = tolerantFormat(options.schema);
    let failure = "";
    let stopReason: string | null = null;
    for (let attempt = 0; attempt < 2; attempt++) {
      const message = await this.#send(options, (model) =>
        this.client.messages.parse(
          {
            model,
            max_tokens: options.maxTokens,
            system: [{ type: "text", text: options.system, cache_control: { type: "ephemeral" } }],
            messages,
            output_config: { format },
          },
          { timeout: this.options.timeoutMs, signal: options.signal },
        ),
      );
      const outcome = message.parsed_output;
      if (outcome?.ok) return outcome.value;
      stopReason = message.stop_reason;
      failure = repairNote(outcome ? outcome.error : "the answer had no text", message.stop_reason);
      messages.push(
        { role: "assistant", content: textOf(message) || "(no answer)" },
        { role: "user", content: failure },
      );
    }
    throw new StructuredOutputError(`the model's answer failed its schema twice: ${failure}`, stopReason);
  }

  /** Gathers evidence with tools, then answers in the schema. Bounded in turns and in tool calls. */
  async toolLoop<T>(options: ToolLoopOptions<T>): Promise<{ output: T; toolCalls: ToolCallRecord[] }> {
    const tools: Tool[] = options.tools.map((tool, i) => ({
      name: tool.name,
      description: tool.description,
      input_schema: z.toJSONSchema(tool.input) as Tool["input_schema"],
      ...(i === options.tools.length - 1 ? { cache_control: { type: "ephemeral" as const } } : {}),
    }));
    const byName = new Map(options.tools.map((tool) => [tool.name, tool]));
    const format = tolerantFormat(options.schema);
    const messages: MessageParam[] = [{ role: "user", content: this.redactor.redact(options.prompt) }];
    const toolCalls: ToolCallRecord[] = [];
    let failure: string | null = null;
    let stopReason: string | null = null;
    for (let turn = 0; turn <= options.maxTurns; turn++) {
      const lastTurn = turn === options.maxTurns || failure !== null;
      const message = await this.#send(options, (model) =>
        this.client.messages.parse(
          {
            model,
            max_tokens: options.maxTokens,
            system: [{ type: "text", text: options.system, cache_control: { type: "ephemeral" } }],
            tools,
            // Out of turns: the model must answer now, with what it has.
            ...(lastTurn ? { tool_choice: { type: "none" as const } } : {}),
            messages,
            output_config: { format },
          },
          { timeout: this.options.timeoutMs, signal: options.signal },
        ),
      );
      const uses = message.content.filter((block): block is ToolUseBlock => block.type === "tool_use");
      if (uses.length > 0 && !lastTurn) {
        const results = await Promise.all(uses.map((use) => this.#runTool(use, byName, toolCalls, options)));
        messages.push(
          { role: "assistant", content: message.content as ContentBlockParam[] },
          { role: "user", content: results },
        );
        continue;
      }
      const outcome = message.parsed_output;
      if (outcome?.ok) return { output: outcome.value, toolCalls };
      stopReason = message.stop_reason;
      if (failure !== null) break;
      failure = repairNote(outcome ? outcome.error : "the answer had no text", message.stop_reason);
      messages.push(
        { role: "assistant", content: textOf(message) || "(no answer)" },
        { role: "user", content: failure },
      );
    }
    throw new StructuredOutputError(`the model's answer failed its schema twice: ${failure}`, stopReason);
  }

  async #runTool(
    use: ToolUseBlock,
    byName: Map<string, ToolSpec>,
    toolCalls: ToolCallRecord[],
    options: ToolLoopOptions<unknown>,
  ): Promise<ToolResultBlockParam> {
    const id = `${options.step}.t${toolCalls.length + 1}`;
    const record: ToolCallRecord = { id, name: use.name, input: use.input, ok: false, error: null };
    toolCalls.push(record);
    const answer = (content: string, isError: boolean): ToolResultBlockParam => {
      record.ok = !isError;
      record.error = isError ? content : null;
      options.onToolCall?.(record);
      return {
        type: "tool_result",
        tool_use_id: use.id,
        content: this.redactor.redact(content),
        is_error: isError,
      };
    };
    if (toolCalls.length > options.maxToolCalls) {
      return answer(
        `tool call limit (${options.maxToolCalls}) reached: answer with the evidence you have`,
        true,
      );
    }
    const tool = byName.get(use.name);
    if (!tool) return answer(`unknown tool '${use.name}'; available: ${[...byName.keys()].join(", ")}`, true);
    const input = tool.input.safeParse(use.input);
    if (!input.success) {
      return answer(
        `invalid arguments for ${use.name}: ${input.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")}`,
        true,
      );
    }
    try {
      const result = await tool.run(input.data, options.signal ?? new AbortController().signal);
      let text = typeof result === "string" ? result : JSON.stringify(result);
      if (text.length > options.maxResultChars) {
        const cut = text.length - options.maxResultChars;
        text = `${text.slice(0, options.maxResultChars)}\n[truncated: ${cut} more characters not shown; narrow the query (one device, one interface, a shorter time window)]`;
      }
      return answer(tool.evidence === false ? text : `[evidence ${id}]\n${text}`, false);
    } catch (error) {
      return answer(`${use.name} failed: ${errorMessage(error)}`, true);
    }
  }

  async #send<M extends Message>(
    options: CallOptions,
    request: (model: string) => PromiseLike<M>,
  ): Promise<M> {
    const spent = this.ledger.spent();
    if (spent >= this.options.budgetTokens) throw new BudgetExhaustedError(spent, this.options.budgetTokens);
    options.signal?.throwIfAborted();
    const model = this.models[options.role];
    try {
      const message = await request(model);
      this.ledger.record(options.step, model, message.usage);
      return message;
    } catch (error) {
      if (error instanceof APIUserAbortError) throw options.signal?.reason ?? error;
      if (
        error instanceof APIConnectionError ||
        (error instanceof APIError && (error.status === 429 || (error.status ?? 0) >= 500))
      ) {
        throw new LlmUnavailableError(`model unavailable: ${error.message}`, { cause: error });
      }
      throw error;
    }
  }
}

function repairNote(error: string, stopReason: string | null): string {
  const cutOff =
    stopReason === "max_tokens" ? " Your answer was cut off at the token limit: be more concise." : "";
  return `Your answer did not match the required JSON schema.${cutOff} Problems:\n${error}\nAnswer again with only the JSON object.`;
}
