// Incidents as Slack threads: a new investigation gets a root message in the channel and its thread; a
// follow-up runs in the thread it was asked in; after a restart, runs that were cut off say so in theirs.
import type { Clock } from "../clock.js";
import { InFlight } from "../in-flight.js";
import type { Logger } from "../log.js";
import type { MatchAlert } from "../runbooks/match.js";
import type { IncidentRunner, RunOutcome } from "../runs/incident-runner.js";
import type { IncidentRow, IncidentStore, RunKind } from "../store/incidents.js";
import type { SlackState } from "../store/slack-state.js";
import type { SlackMessage } from "./blocks.js";
import type { SlackGateway } from "./gateway.js";
import { interruptedMessage, queuedMessage, rootMessage, stepFailed } from "./render.js";
import { type ProposalView, type RunRenderer, ThreadRenderer, type ThreadTarget } from "./thread-renderer.js";

export interface IncidentThreadsDeps {
  runner: IncidentRunner;
  store: IncidentStore;
  state: SlackState;
  gateway: SlackGateway;
  log: Logger;
  proposalView: ProposalView;
  clock: Clock;
  /** Another rendering of the same run events (chat streaming); threaded messages when absent. */
  renderer?: (target: ThreadTarget, run: { id: string; kind: RunKind; question: string }) => RunRenderer;
}

export class IncidentThreads {
  readonly #renderers = new Set<RunRenderer>();
  readonly #opening = new InFlight();

  constructor(private readonly deps: IncidentThreadsDeps) {}

  /** Opens an incident with its root message and starts investigating; resolves once the root is posted. */
  investigate(input: { question: string; channel: string; user: string }): Promise<IncidentRow> {
    return this.#opening.track(this.#open(input));
  }

  async #open(input: { question: string; channel: string; user: string }): Promise<IncidentRow> {
    const incident = this.deps.runner.open({
      question: input.question,
      channel: input.channel,
      requestedBy: input.user,
    });
    const rootTs = await this.#postRoot(incident, input.channel);
    this.#start({ incident, channel: input.channel, rootTs }, "investigation", input.question, input.user);
    return incident;
  }

  /**
   * An incident opened by another front end (an alert): its root message in the channel, then its
   * investigation, with what that front end knows as background. Resolves once the root is posted.
   */
  openThread(input: {
    incident: IncidentRow;
    channel: string;
    background: string[];
    alert: MatchAlert | null;
  }): Promise<{ run: Promise<RunOutcome | null> }> {
    const { incident, channel } = input;
    return this.#opening.track(
      (async () => {
        const rootTs = incident.root_ts ?? (await this.#postRoot(incident, channel));
        const user = incident.requested_by ?? "";
        const run = this.#start(
          { incident, channel, rootTs },
          "investigation",
          incident.question,
          user,
          input,
        );
        return { run };
      })(),
    );
  }

  /** A message in an incident's thread (none when the incident has no thread). */
  note(incident: IncidentRow, message: SlackMessage): void {
    if (!incident.channel || !incident.root_ts) return;
    this.#track(this.deps.gateway.post(incident.channel, message, incident.root_ts).ts);
  }

  /** The incident's root message, with a new status. */
  status(incident: IncidentRow, status: string, detail: string[] = []): void {
    if (!incident.channel || !incident.root_ts) return;
    this.#track(
      this.deps.gateway.update(incident.channel, incident.root_ts, rootMessage(incident, status, detail)),
    );
  }

  #track(sent: Promise<unknown>): void {
    this.#opening
      .track(sent)
      .catch((error: unknown) =>
        this.deps.log.error({ err: error }, "could not post in an incident's thread"),
      );
  }

  async #postRoot(incident: IncidentRow, channel: string): Promise<string> {
    const { runner, store, gateway } = this.deps;
    const detail = runner.mode === "rules-only" ? ["rules-only: no language model configured"] : [];
    const root = gateway.post(channel, rootMessage(incident, "investigating", detail));
    let rootTs: string;
    try {
      rootTs = await root.ts;
    } catch (error) {
      store.setStatus(incident.id, "failed");
      throw error;
    }
    store.setRoot(incident.id, channel, rootTs);
    return rootTs;
  }

  /** A question asked in an incident's thread: runs with what the incident already knows. */
  followUp(input: { incident: IncidentRow; question: string; user: string }): void {
    const { incident } = input;
    if (!incident.channel || !incident.root_ts) return;
    const target = { incident, channel: incident.channel, rootTs: incident.root_ts };
    if (this.deps.runner.busy(incident.id))
      this.deps.gateway.post(target.channel, queuedMessage(), target.rootTs);
    this.#start(target, "follow-up", input.question, input.user);
  }

  /** After a restart: every run cut off mid-way says so in its thread, and its unfinished steps too. */
  async recoverInterrupted(): Promise<number> {
    const interrupted = this.deps.store.interruptRunning();
    const { gateway, state, log } = this.deps;
    const at = new Date().toISOString();
    const sends: Array<Promise<unknown>> = [];
    for (const { run, incident, runningSteps } of interrupted) {
      log.warn({ run: run.id, incident: incident.id }, "run was interrupted by a stop; marked as such");
      if (!incident.channel || !incident.root_ts) continue;
      for (const step of runningSteps) {
        const ref = state.message(incident.id, `step:${run.id}:${step.stepId}`);
        if (ref)
          sends.push(
            gateway.update(
              ref.channel,
              ref.ts,
              stepFailed(step.agent, "skipped", "interrupted by a restart"),
            ),
          );
      }
      sends.push(gateway.post(incident.channel, interruptedMessage(run.id, at), incident.root_ts).ts);
      sends.push(
        gateway.update(
          incident.channel,
          incident.root_ts,
          rootMessage(incident, "interrupted", ["see the thread"]),
        ),
      );
    }
    const results = await Promise.allSettled(sends);
    for (const r of results) {
      if (r.status === "rejected")
        log.error({ err: r.reason }, "could not tell a thread about its interruption");
    }
    return interrupted.length;
  }

  /** Resolves when every run and everything it posted is done (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.#opening.size > 0 || this.#renderers.size > 0) {
      await this.#opening.idle();
      await this.deps.runner.idle();
      await Promise.all([...this.#renderers].map((r) => r.settled()));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await this.deps.gateway.drained();
  }

  #start(
    target: ThreadTarget,
    kind: RunKind,
    question: string,
    user: string,
    known: { background?: string[]; alert?: MatchAlert | null } = {},
  ): Promise<RunOutcome | null> {
    const incident = this.deps.store.get(target.incident.id);
    if (!incident) return Promise.resolve(null);
    let renderer: RunRenderer | null = null;
    return this.deps.runner
      .run({
        incident,
        kind,
        question,
        requestedBy: user,
        ...(known.background ? { background: known.background } : {}),
        ...(known.alert ? { alert: known.alert } : {}),
        hooks: (runId) => {
          const run = { id: runId, kind, question };
          const made =
            this.deps.renderer?.(target, run) ??
            new ThreadRenderer(
              {
                gateway: this.deps.gateway,
                state: this.deps.state,
                log: this.deps.log,
                proposalView: this.deps.proposalView,
                clock: this.deps.clock,
              },
              target,
              run,
            );
          renderer = made;
          this.#renderers.add(made);
          return {
            onSimilar: (rows) => made.similar(rows),
            onEvent: (event) => made.handle(event),
            onFailure: (error) => made.failed(error),
          };
        },
      })
      .finally(() => {
        const done = renderer;
        if (done) void done.settled().then(() => this.#renderers.delete(done));
      });
  }
}
