// Cost from the price table in prices.json (data, with the date it was read), never from constants in code.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { PACKAGE_ROOT } from "../paths.js";

const Rate = z.object({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cache_write: z.number().nonnegative(),
  cache_read: z.number().nonnegative(),
});

const PriceTableSchema = z.object({
  read_on: z.string(),
  source: z.string(),
  models: z.record(z.string(), Rate),
});
export type PriceTable = z.infer<typeof PriceTableSchema>;

export function loadPriceTable(file = join(PACKAGE_ROOT, "src", "llm", "prices.json")): PriceTable {
  return PriceTableSchema.parse(JSON.parse(readFileSync(file, "utf8")));
}

export interface TokenCounts {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}

/** USD for one call; null when the model has no price on file (the ledger says so instead of guessing). */
export function costOf(table: PriceTable, model: string, tokens: TokenCounts): number | null {
  const rate = table.models[model];
  if (!rate) return null;
  return (
    (tokens.input_tokens * rate.input +
      tokens.output_tokens * rate.output +
      tokens.cache_creation_input_tokens * rate.cache_write +
      tokens.cache_read_input_tokens * rate.cache_read) /
    1_000_000
  );
}
