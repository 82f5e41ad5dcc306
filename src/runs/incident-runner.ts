// Turns a request into a stored incident and runs of the supervisor on it, whoever asked (Slack or the
// CLI). Each run gets its own model gateway (its own ledger and token budget), the store, the change
// workflow and the caller's listeners on one event bus, the similar past incidents as background, and, for
// a follow-up, everything the incident already knows. A run ends once its proposals are checked. Runs of
// one incident queue behind each other; different incidents run at once.
import type { ChangeWorkflow } from "../changes/workflow.js";
import type { Clock } from "../clock.js";
import { errorMessage } from "../error-message.js";
import { InFlight } from "../in-flight.js";
import type { LlmGateway } from "../llm/gateway.js";
import type { Logger } from "../log.js";
import type { NetworkSource } from "../network/source.js";
import type { RunbookLibrary } from "../runbooks/library.js";
import type { MatchAlert } from "../runbooks/match.js";
import type { IncidentRow, IncidentStore, RunKind } from "../store/incidents.js";
import type { ProposalRow } from "../store/proposals.js";
import type { RunRecorder } from "../store/run-recorder.js";
import { type Mode, type RunEvent, RunEventBus } from "../supervisor/events.js";
import type { SupervisorLimits } from "../supervisor/run-context.js";
import { type Investigation, investigate } from "../supervisor/supervisor.js";
import { questionForRun } from "./question.js";

export interface RunHooks {
  onEvent(event: RunEvent): void;
  /** Similar past incidents, known before the run starts. */
  onSimilar?(incidents: IncidentRow[]): void;
  /** The run ended in an error rather than a verdict (a bug, or the network source failed). */
  onFailure?(error: string): void;
}

export interface RunRequest {
  incident: IncidentRow;
  kind: RunKind;
  question: string;
  requestedBy: string | null;
  /** What the asker knows that the question does not say (an alert's labels, annotations and query). */
  background?: string[];
  /** The alert that opened the incident: runbooks match on its name and labels. */
  alert?: MatchAlert | null;
  /** The listeners of this run, made once its id is known. */
  hooks: (runId: string) => RunHooks;
}

export interface RunnerDeps {
  store: IncidentStore;
  recorder: RunRecorder;
  /** Every proposal a run makes enters the change lifecycle here, whoever started the run. */
  changes: ChangeWorkflow;
  network: NetworkSource;
  /** A fresh gateway per run, or null when no model is configured (rules-only). */
  gateway: () => LlmGateway | null;
  llmConfigured: boolean;
  clock: Clock;
  limits: Partial<SupervisorLimits>;
  log: Logger;
  metrics?: RunMetrics;
  /** The team's runbooks, matched and fetched in every run. */
  runbooks?: RunbookLibrary;
}

export interface RunMetrics {
  observe(runId: string, event: RunEvent): void;
  runFailed(): void;
}

export type RunOutcome =
  | { ok: true; runId: string; investigation: Investigation; proposals: ProposalRow[] }
  | { ok: false; runId: string; error: string };

export class IncidentRunner {
  readonly #queues = new Map<string, Promise<unknown>>();
  readonly #active = new InFlight();

  constructor(private readonly deps: RunnerDeps) {}

  get mode(): Mode {
    return this.deps.llmConfigured ? "llm" : "rules-only";
  }

  open(input: { question: string; channel: string | null; requestedBy: string | null }): IncidentRow {
    return this.deps.store.createIncident(input);
  }

  /** Starts (or queues, behind a run of the same incident) a run; resolves when it has ended. */
  run(request: RunRequest): Promise<RunOutcome> {
    const id = request.incident.id;
    const previous = this.#queues.get(id) ?? Promise.resolve();
    const next = this.#active.track(previous.then(() => this.#run(request)));
    const settled = next.catch(() => undefined);
    this.#queues.set(id, settled);
    void settled.then(() => {
      if (this.#queues.get(id) === settled) this.#queues.delete(id);
    });
    return next;
  }

  /** True while a run of this incident is going or queued. */
  busy(incidentId: string): boolean {
    return this.#queues.has(incidentId);
  }

  /** Resolves when every run started so far has ended (shutdown, tests). */
  idle(): Promise<void> {
    return this.#active.idle();
  }

  async #run(request: RunRequest): Promise<RunOutcome> {
    const { store, recorder, clock, log } = this.deps;
    const { incident } = request;
    const runId = store.nextRunId(incident.id);
    const hooks = request.hooks(runId);
    // What the incident knew before this run: read before the run itself is recorded.
    const earlier = request.kind === "follow-up" ? store.contextFor(incident.id) : [];
    store.startRun({
      runId,
      incidentId: incident.id,
      kind: request.kind,
      question: request.question,
      requestedBy: request.requestedBy,
    });
    const bus = new RunEventBus((error, event) =>
      log.error({ err: error, runId, event: event.type }, "a run event listener failed"),
    );
    bus.on(recorder.listener(runId, incident.id));
    // Before any front end's listener: a proposal is recorded and its check under way before anyone shows it.
    const intake = this.deps.changes.intake({ incidentId: incident.id, runId });
    bus.on(intake.onEvent);
    const metrics = this.deps.metrics;
    if (metrics) bus.on((event) => metrics.observe(runId, event));
    bus.on((event) => hooks.onEvent(event));
    try {
      const similar = await this.#similar(incident, request.question);
      hooks.onSimilar?.(similar);
      const background = [
        ...(request.background ?? []),
        ...earlier,
        ...similar.map(
          (s) =>
            `- similar past incident ${s.id} (${s.status}): "${s.question.slice(0, 200)}"${s.verdict_label ? `, found ${s.verdict_label} on ${s.verdict_device ?? "?"}` : ""}`,
        ),
      ];
      const question = questionForRun(request.question);
      const investigation = await investigate(
        { runId, question, background, alert: request.alert ?? null },
        {
          network: this.deps.network,
          ...(this.deps.runbooks ? { runbooks: this.deps.runbooks } : {}),
          gateway: this.deps.gateway(),
          clock,
          bus,
          limits: this.deps.limits,
          proposalChecks: async () =>
            new Map(
              (await intake.settled()).map((row) => [
                row.id,
                {
                  outcome:
                    row.status === "pending"
                      ? "awaiting-approval"
                      : row.status === "proposed"
                        ? "unchecked"
                        : "refused",
                  reason: row.reason,
                },
              ]),
            ),
        },
      );
      return { ok: true, runId, investigation, proposals: await intake.settled() };
    } catch (error) {
      const message = errorMessage(error);
      log.error({ err: error, runId }, "run failed");
      store.failRun(runId, incident.id, message);
      this.deps.metrics?.runFailed();
      hooks.onFailure?.(message);
      return { ok: false, runId, error: message };
    }
  }

  async #similar(incident: IncidentRow, question: string): Promise<IncidentRow[]> {
    const inventory = await this.deps.network.inventory();
    const text = question.toLowerCase();
    const devices = inventory.map((d) => d.name).filter((name) => text.includes(name.toLowerCase()));
    return this.deps.store.similar({ question, devices, exclude: incident.id });
  }
}
