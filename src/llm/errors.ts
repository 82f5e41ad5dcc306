// Failures of the model layer that callers act on: the run degrades, it does not crash.

/** The model could not be reached or kept failing after the SDK's retries (network, 429, 529, 5xx, timeout). */
export class LlmUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LlmUnavailableError";
  }
}

/** The answer did not fit its schema, even after one repair round. */
export class StructuredOutputError extends Error {
  constructor(
    message: string,
    readonly stopReason: string | null,
  ) {
    super(message);
    this.name = "StructuredOutputError";
  }
}

/** The investigation's token budget is spent; no further call is made. */
export class BudgetExhaustedError extends Error {
  constructor(
    readonly spent: number,
    readonly budget: number,
  ) {
    super(`token budget exhausted: ${spent} of ${budget} tokens spent`);
    this.name = "BudgetExhaustedError";
  }
}
