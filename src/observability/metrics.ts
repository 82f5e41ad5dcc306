// Prometheus metrics for GET /metrics: investigations, step durations, tokens, Slack API calls and 429s.
import { Counter, Histogram, Registry } from "prom-client";
import type { RunEvent } from "../supervisor/events.js";

export class Metrics {
  readonly registry = new Registry();
  readonly #started = new Counter({
    name: "nocbot_investigations_started_total",
    help: "Runs started (investigations and follow-ups)",
    registers: [this.registry],
  });
  readonly #finished = new Counter({
    name: "nocbot_investigations_finished_total",
    help: "Runs that ended with a verdict, by whether a fault was found",
    labelNames: ["fault"],
    registers: [this.registry],
  });
  readonly #failed = new Counter({
    name: "nocbot_investigations_failed_total",
    help: "Runs that ended in an error instead of a verdict",
    registers: [this.registry],
  });
  readonly #steps = new Histogram({
    name: "nocbot_step_duration_seconds",
    help: "Specialist step duration, by agent and outcome",
    labelNames: ["agent", "status"],
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
    registers: [this.registry],
  });
  readonly #tokens = new Counter({
    name: "nocbot_llm_tokens_total",
    help: "Model tokens, by kind",
    labelNames: ["kind"],
    registers: [this.registry],
  });
  readonly #cost = new Counter({
    name: "nocbot_llm_cost_usd_total",
    help: "Model cost in US dollars, from the price table",
    registers: [this.registry],
  });
  readonly #slackCalls = new Counter({
    name: "nocbot_slack_api_calls_total",
    help: "Slack Web API calls, by method",
    labelNames: ["method"],
    registers: [this.registry],
  });
  readonly #rateLimited = new Counter({
    name: "nocbot_slack_rate_limited_total",
    help: "Slack 429 answers waited out, by method",
    labelNames: ["method"],
    registers: [this.registry],
  });
  readonly #alertDeliveries = new Counter({
    name: "nocbot_alert_deliveries_total",
    help: "Alert deliveries, by source and outcome (stored, duplicate, ignored, refused, malformed, unstored, too-large)",
    labelNames: ["source", "outcome"],
    registers: [this.registry],
  });
  readonly #stepStarts = new Map<string, number>();

  alertDelivery(source: string, outcome: string): void {
    this.#alertDeliveries.inc({ source, outcome });
  }

  apiCall(method: string): void {
    this.#slackCalls.inc({ method });
  }

  rateLimited(method: string): void {
    this.#rateLimited.inc({ method });
  }

  runFailed(): void {
    this.#failed.inc();
  }

  observe(runId: string, event: RunEvent): void {
    switch (event.type) {
      case "run.started":
        this.#started.inc();
        return;
      case "step.started":
        this.#stepStarts.set(`${runId}:${event.stepId}`, Date.parse(event.at));
        return;
      case "step.finished":
      case "step.failed": {
        const key = `${runId}:${event.stepId}`;
        const start = this.#stepStarts.get(key);
        this.#stepStarts.delete(key);
        if (start !== undefined) {
          const status = event.type === "step.finished" ? "done" : event.status;
          this.#steps.observe({ agent: event.agent, status }, (Date.parse(event.at) - start) / 1000);
        }
        return;
      }
      case "run.finished":
        this.#finished.inc({ fault: String(event.verdict.fault) });
        this.#tokens.inc({ kind: "input" }, event.usage.input_tokens);
        this.#tokens.inc({ kind: "output" }, event.usage.output_tokens);
        this.#tokens.inc({ kind: "cache_read" }, event.usage.cache_read_input_tokens);
        this.#tokens.inc({ kind: "cache_write" }, event.usage.cache_creation_input_tokens);
        this.#cost.inc(event.usage.cost_usd);
        return;
      default:
        return;
    }
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
