// The usage ledger: every model call's tokens and cost, attributable to a step and summed per run.
import { z } from "zod";
import { costOf, type PriceTable, type TokenCounts } from "./pricing.js";

export const UsageTotalsSchema = z.object({
  input_tokens: z.number().int().nonnegative(),
  output_tokens: z.number().int().nonnegative(),
  cache_read_input_tokens: z.number().int().nonnegative(),
  cache_creation_input_tokens: z.number().int().nonnegative(),
  model_calls: z.number().int().nonnegative(),
  cost_usd: z.number().nonnegative(),
  /** Calls whose model had no price on file; their cost is not in cost_usd. */
  unpriced_calls: z.number().int().nonnegative(),
});
export type UsageTotals = z.infer<typeof UsageTotalsSchema>;

export interface CallRecord extends TokenCounts {
  step: string;
  model: string;
  cost_usd: number | null;
}

export const emptyTotals = (): UsageTotals => ({
  input_tokens: 0,
  output_tokens: 0,
  cache_read_input_tokens: 0,
  cache_creation_input_tokens: 0,
  model_calls: 0,
  cost_usd: 0,
  unpriced_calls: 0,
});

export class UsageLedger {
  readonly calls: CallRecord[] = [];

  constructor(private readonly prices: PriceTable) {}

  record(step: string, model: string, usage: Partial<Record<keyof TokenCounts, number | null>>): CallRecord {
    const tokens: TokenCounts = {
      input_tokens: usage.input_tokens ?? 0,
      output_tokens: usage.output_tokens ?? 0,
      cache_read_input_tokens: usage.cache_read_input_tokens ?? 0,
      cache_creation_input_tokens: usage.cache_creation_input_tokens ?? 0,
    };
    const call = { step, model, ...tokens, cost_usd: costOf(this.prices, model, tokens) };
    this.calls.push(call);
    return call;
  }

  totals(step?: string): UsageTotals {
    return this.calls
      .filter((c) => step === undefined || c.step === step)
      .reduce(
        (t, c) => ({
          input_tokens: t.input_tokens + c.input_tokens,
          output_tokens: t.output_tokens + c.output_tokens,
          cache_read_input_tokens: t.cache_read_input_tokens + c.cache_read_input_tokens,
          cache_creation_input_tokens: t.cache_creation_input_tokens + c.cache_creation_input_tokens,
          model_calls: t.model_calls + 1,
          cost_usd: Math.round((t.cost_usd + (c.cost_usd ?? 0)) * 1e6) / 1e6,
          unpriced_calls: t.unpriced_calls + (c.cost_usd === null ? 1 : 0),
        }),
        emptyTotals(),
      );
  }

  /** Tokens that count against the budget: everything sent and received. */
  spent(): number {
    const t = this.totals();
    return t.input_tokens + t.output_tokens + t.cache_read_input_tokens + t.cache_creation_input_tokens;
  }
}
