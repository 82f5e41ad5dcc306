import { describe, expect, it } from "vitest";
import { chooseModels, DEFAULT_MODELS } from "../../src/llm/models.js";
import { costOf, loadPriceTable } from "../../src/llm/pricing.js";
import { UsageLedger } from "../../src/llm/usage.js";

describe("usage and cost", () => {
  it("prices calls from the table, per step and per run, and counts unpriced models", () => {
    const table = loadPriceTable();
    expect(table.read_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const model of Object.values(DEFAULT_MODELS)) expect(table.models[model]).toBeDefined();
    expect(
      costOf(table, "claude-sonnet-5-5", {
        input_tokens: 1_000_000,
        output_tokens: 0,
        cache_read_input_tokens: 0,
        cache_creation_input_tokens: 0,
      }),
    ).toBe(table.models["claude-sonnet-5-5"]?.input);
    const ledger = new UsageLedger(table);
    ledger.record("diag", "claude-sonnet-5-5", {
      input_tokens: 1000,
      output_tokens: 100,
      cache_read_input_tokens: 5000,
      cache_creation_input_tokens: 0,
    });
    ledger.record("perf", "claude-sonnet-5-5", { input_tokens: 2000, output_tokens: 200 });
    ledger.record("perf", "no-such-model", { input_tokens: 10, output_tokens: 10 });
    expect(ledger.totals("diag")).toMatchObject({
      input_tokens: 1000,
      cache_read_input_tokens: 5000,
      model_calls: 1,
    });
    expect(ledger.totals()).toMatchObject({
      input_tokens: 3010,
      output_tokens: 310,
      model_calls: 3,
      unpriced_calls: 1,
    });
    expect(ledger.totals().cost_usd).toBeCloseTo((3000 * 2 + 300 * 10 + 5000 * 0.2) / 1e6, 8);
  });
});

describe("model choice", () => {
  it("uses current defaults and refuses a model past or near end of life, naming the variable", () => {
    expect(chooseModels({})).toEqual(DEFAULT_MODELS);
    expect(chooseModels({ specialist: "claude-sonnet-4-5" })).toEqual([
      "NOC_MODEL_SPECIALIST: model 'claude-sonnet-4-5' reaches end-of-life on 2026-11-30; pick a current one such as claude-sonnet-5-5",
    ]);
  });
});
