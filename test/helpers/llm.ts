import Anthropic from "@anthropic-ai/sdk";
import { LlmGateway } from "../../src/llm/gateway.js";
import { DEFAULT_MODELS } from "../../src/llm/models.js";
import { loadPriceTable } from "../../src/llm/pricing.js";
import type { Redactor } from "../../src/llm/redact.js";
import { UsageLedger } from "../../src/llm/usage.js";
import { SecretVault } from "../../src/network/secrets/vault.js";
import type { FakeAnthropic } from "../fakes/anthropic.js";

/** The real SDK, pointed at the fake. */
export function gatewayFor(
  fake: FakeAnthropic,
  options: { budgetTokens?: number; maxRetries?: number; timeoutMs?: number; redactor?: Redactor } = {},
): LlmGateway {
  const client = new Anthropic({
    apiKey: "test-key",
    baseURL: fake.url,
    maxRetries: options.maxRetries ?? 2,
    timeout: options.timeoutMs ?? 10_000,
  });
  return new LlmGateway(
    client,
    { ...DEFAULT_MODELS },
    new UsageLedger(loadPriceTable()),
    options.redactor ?? SecretVault.ephemeral(),
    {
      timeoutMs: options.timeoutMs ?? 10_000,
      budgetTokens: options.budgetTokens ?? 1_000_000,
    },
  );
}
