// Builds the gateway from configuration, or says there is none: without ANTHROPIC_API_KEY the system
// runs rules-only, and never pretends otherwise.
import Anthropic from "@anthropic-ai/sdk";
import { type AppConfig, ConfigError } from "../config.js";
import { LlmGateway } from "./gateway.js";
import { chooseModels, type ModelChoice } from "./models.js";
import { loadPriceTable } from "./pricing.js";
import type { Redactor } from "./redact.js";
import { UsageLedger } from "./usage.js";

/** The models configured, or a ConfigError naming the one that cannot be used. */
export function configuredModels(config: AppConfig): ModelChoice {
  const models = chooseModels({
    supervisor: config.NOC_MODEL_SUPERVISOR,
    specialist: config.NOC_MODEL_SPECIALIST,
    documentation: config.NOC_MODEL_DOCUMENTATION,
  });
  if (Array.isArray(models)) throw new ConfigError(models);
  return models;
}

export function createGateway(config: AppConfig, redactor: Redactor): LlmGateway | null {
  const models = configuredModels(config);
  if (!config.ANTHROPIC_API_KEY) return null;
  const client = new Anthropic({
    apiKey: config.ANTHROPIC_API_KEY,
    ...(config.ANTHROPIC_BASE_URL ? { baseURL: config.ANTHROPIC_BASE_URL } : {}),
    maxRetries: config.NOC_LLM_MAX_RETRIES,
    timeout: config.NOC_LLM_TIMEOUT_MS,
  });
  return new LlmGateway(client, models, new UsageLedger(loadPriceTable()), redactor, {
    timeoutMs: config.NOC_LLM_TIMEOUT_MS,
    budgetTokens: config.NOC_TOKEN_BUDGET,
  });
}
