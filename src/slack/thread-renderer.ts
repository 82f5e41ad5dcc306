// Renders one run's events into its incident thread: the plan, a message per specialist edited as it
// runs, proposals, the verdict, the report, and the root message's status. Every post is queued in event
// order at once, so the thread reads in the order things happened even while Slack is paced.
import { documentation } from "../agents/documentation.js";
import type { ProposalRecord } from "../agents/incident.js";
import type { Clock } from "../clock.js";
import { InFlight } from "../in-flight.js";
import type { Logger } from "../log.js";
import type { IncidentRow, RunKind } from "../store/incidents.js";
import type { SlackState } from "../store/slack-state.js";
import type { Mode, RunEvent } from "../supervisor/events.js";
import type { SlackMessage } from "./blocks.js";
import type { PostedMessage, SlackGateway } from "./gateway.js";
import {
  failedRunMessage,
  plainMessage,
  planMessage,
  REPORT_INLINE_LIMIT,
  reportAttached,
  reportFileComment,
  reportMessage,
  rootMessage,
  stepDone,
  stepFailed,
  stepRunning,
  verdictMessage,
  verdictStatus,
} from "./render.js";

const PROGRESS_EVERY_MS = 10_000;
const PROPOSAL_CHECK_WAIT_MS = 5_000;

export interface ThreadTarget {
  incident: Pick<IncidentRow, "id" | "question" | "requested_by">;
  channel: string;
  rootTs: string;
}

/** How a proposal is shown: a placeholder goes out at once, then this message replaces it. */
export type ProposalView = (proposal: ProposalRecord) => Promise<SlackMessage>;

export interface RunRenderer {
  similar(incidents: IncidentRow[]): void;
  handle(event: RunEvent): void;
  failed(error: string): void;
  /** Everything this renderer queued, settled. */
  settled(): Promise<void>;
}

export class ThreadRenderer implements RunRenderer {
  readonly #steps = new Map<
    string,
    { message: PostedMessage; task: string; agent: string; shownAt: number }
  >();
  readonly #sent = new InFlight();
  #plan: PostedMessage | null = null;
  #mode: Mode = "rules-only";
  #similar: IncidentRow[] = [];

  constructor(
    private readonly deps: {
      gateway: SlackGateway;
      state: SlackState;
      log: Logger;
      proposalView: ProposalView;
      /** Spaces progress edits, and times the placeholder of a proposal still being checked. */
      clock: Clock;
    },
    private readonly target: ThreadTarget,
    private readonly run: { id: string; kind: RunKind; question: string },
  ) {}

  settled(): Promise<void> {
    return this.#sent.idle();
  }

  similar(incidents: IncidentRow[]): void {
    this.#similar = incidents;
  }

  failed(error: string): void {
    this.#post(failedRunMessage(error));
    this.#root("failed", ["see the thread"]);
  }

  handle(event: RunEvent): void {
    switch (event.type) {
      case "run.started":
        this.#mode = event.mode;
        if (this.run.kind === "follow-up") this.#root("investigating a follow-up");
        return;
      case "plan.ready": {
        const message = planMessage({
          plan: event.plan,
          mode: this.#mode,
          note: event.note,
          kind: this.run.kind,
          question: this.run.question,
          similar: this.#similar,
        });
        if (this.#plan) this.track(this.#plan.edit(message));
        else this.#plan = this.#post(message);
        return;
      }
      case "step.started": {
        const message = this.#post(stepRunning(event.agent, event.task));
        this.#steps.set(event.stepId, {
          message,
          task: event.task,
          agent: event.agent,
          shownAt: this.#now(),
        });
        this.#remember(`step:${this.run.id}:${event.stepId}`, message);
        return;
      }
      case "step.progress": {
        // What a step is doing is worth an edit now and then, not one per tool call: each is a paced call.
        const step = this.#steps.get(event.stepId);
        if (!step || this.#now() - step.shownAt < PROGRESS_EVERY_MS) return;
        step.shownAt = this.#now();
        this.track(step.message.edit(stepRunning(event.agent, step.task, event.message)));
        return;
      }
      case "step.finished":
        this.#editStep(event.stepId, stepDone(event.agent, event.result));
        return;
      case "step.failed":
        this.#editStep(event.stepId, stepFailed(event.agent, event.status, event.error));
        return;
      case "proposal.created": {
        // The proposal keeps its place in the thread while it is checked and staged, and goes out once,
        // finished; only a check that takes long shows a placeholder first.
        const view = this.deps.proposalView(event.proposal);
        let placeholderShown = false;
        const checked = new AbortController();
        void view.finally(() => checked.abort()).catch(() => {});
        const slow = this.deps.clock.sleep(PROPOSAL_CHECK_WAIT_MS, checked.signal).then(() => {
          placeholderShown = true;
          return plainMessage(
            `Proposed change ${event.proposal.id} on ${event.proposal.device}: checking it…`,
          );
        });
        // Once the view is ready the wait is cancelled, and nobody needs its rejection.
        slow.catch(() => {});
        const posted = this.#post(Promise.race([view, slow]));
        this.#remember(`proposal:${event.proposal.id}`, posted);
        this.track(view.then((message) => (placeholderShown ? posted.edit(message) : undefined)));
        return;
      }
      case "report.ready": {
        // The report is what the documentation specialist did: its step message becomes the report.
        const writer = [...this.#steps.values()].find((step) => step.agent === documentation.name);
        if (event.markdown.length <= REPORT_INLINE_LIMIT) {
          const report = reportMessage(event.markdown);
          if (writer) this.track(writer.message.edit(report));
          else this.#post(report);
        } else {
          if (writer) this.track(writer.message.edit(reportAttached(event.markdown)));
          this.track(
            this.deps.gateway.upload(this.target.channel, this.target.rootTs, {
              filename: `${this.target.incident.id}-report.md`,
              title: `${this.target.incident.id} incident report`,
              content: event.markdown,
              comment: reportFileComment(event.markdown),
            }),
          );
        }
        return;
      }
      case "run.finished":
        this.#post(
          verdictMessage({
            verdict: event.verdict,
            source: event.verdictSource,
            synthesis: event.synthesis,
            missing: event.missing,
          }),
        );
        this.finishRoot(event);
        return;
    }
  }

  /** The root message's final status for a run that ended with a verdict. */
  finishRoot(event: Extract<RunEvent, { type: "run.finished" }>): void {
    this.#root(verdictStatus(event.verdict), [
      ...(event.missing.length ? ["partial result"] : []),
      ...(event.verdictSource === "rules-only" ? ["rules-only"] : []),
      `${event.usage.model_calls} model calls`,
      ...(event.usage.cost_usd > 0 ? [`$${event.usage.cost_usd.toFixed(2)}`] : []),
    ]);
  }

  /** Queues a promise whose failure is logged, not thrown (the run never waits on Slack). */
  track<T>(promise: Promise<T>): Promise<T> {
    this.#sent
      .track(promise)
      .catch((error: unknown) =>
        this.deps.log.error({ err: error, incident: this.target.incident.id }, "could not update the thread"),
      );
    return promise;
  }

  #post(message: SlackMessage | Promise<SlackMessage>): PostedMessage {
    const posted = this.deps.gateway.post(this.target.channel, message, this.target.rootTs);
    this.track(posted.ts);
    return posted;
  }

  #editStep(stepId: string, message: SlackMessage): void {
    const step = this.#steps.get(stepId);
    if (step) this.track(step.message.edit(message));
  }

  #root(status: string, detail: string[] = []): void {
    this.track(
      this.deps.gateway.update(
        this.target.channel,
        this.target.rootTs,
        rootMessage(this.target.incident, status, detail),
      ),
    );
  }

  #now(): number {
    return this.deps.clock.now().getTime();
  }

  #remember(key: string, message: PostedMessage): void {
    this.track(
      message.ts.then((ts) =>
        this.deps.state.setMessage(this.target.incident.id, key, { channel: message.channel, ts }),
      ),
    );
  }
}
