// The same run events rendered with Slack's chat streaming (chat.startStream / appendStream / stopStream,
// NOC_SLACK_RENDER=stream): one streamed message that shows the plan as tasks moving from pending to
// complete, and the verdict at its end. Proposals (they need buttons) and the report still go in the
// thread as messages. Where the workspace refuses streaming, the run falls back to threaded messages.
import type { AnyChunk, TaskUpdateChunk } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import type { IncidentRow, RunKind } from "../store/incidents.js";
import type { SlackState } from "../store/slack-state.js";
import type { RunEvent } from "../supervisor/events.js";
import { cut } from "./blocks.js";
import type { SlackGateway } from "./gateway.js";
import { slackUser, verdictMessage } from "./render.js";
import { type ProposalView, type RunRenderer, ThreadRenderer, type ThreadTarget } from "./thread-renderer.js";

export interface StreamDeps {
  gateway: SlackGateway;
  client: WebClient;
  state: SlackState;
  log: Logger;
  proposalView: ProposalView;
  clock: Clock;
  /** The workspace the recipient is in (auth.test's team_id); streams outside DMs need it. */
  teamId: () => Promise<string>;
}

const task = (
  id: string,
  title: string,
  status: TaskUpdateChunk["status"],
  output?: string,
): TaskUpdateChunk => ({
  type: "task_update",
  id,
  title: cut(title, 200),
  status,
  ...(output ? { output: cut(output, 1000) } : {}),
});

export class StreamRenderer implements RunRenderer {
  readonly #thread: ThreadRenderer;
  /** Until Slack has answered chat.startStream, events wait here, in order. */
  #state: "idle" | "starting" | "streaming" | "fallback" = "idle";
  readonly #waiting: RunEvent[] = [];
  #ts = "";

  constructor(
    private readonly deps: StreamDeps,
    private readonly target: ThreadTarget,
    private readonly run: { id: string; kind: RunKind; question: string },
  ) {
    this.#thread = new ThreadRenderer(deps, target, run);
  }

  similar(incidents: IncidentRow[]): void {
    this.#thread.similar(incidents);
  }

  failed(error: string): void {
    this.#thread.failed(error);
  }

  settled(): Promise<void> {
    return this.#thread.settled();
  }

  handle(event: RunEvent): void {
    if (this.#state === "idle" && event.type === "run.started") {
      this.#thread.handle(event);
      this.#start();
      return;
    }
    if (this.#state === "starting" || this.#state === "idle") {
      this.#waiting.push(event);
      return;
    }
    if (this.#state === "fallback") {
      this.#thread.handle(event);
      return;
    }
    switch (event.type) {
      case "plan.ready":
        this.#append(event.plan.steps.map((s) => task(s.id, `${s.agent}: ${s.task}`, "pending")));
        return;
      case "step.started":
        this.#append([task(event.stepId, `${event.agent}: ${event.task}`, "in_progress")]);
        return;
      case "step.finished":
        this.#append([task(event.stepId, event.agent, "complete", event.result.summary)]);
        return;
      case "step.failed":
        this.#append([task(event.stepId, event.agent, "error", `${event.status}: ${event.error}`)]);
        return;
      case "step.progress":
        return; // a task's every tool call is not worth a paced call; its outcome is
      case "run.finished": {
        const verdict = verdictMessage({
          verdict: event.verdict,
          source: event.verdictSource,
          synthesis: event.synthesis,
          missing: event.missing,
        });
        this.#paced("chat.stopStream", () =>
          this.deps.client.chat.stopStream({
            channel: this.target.channel,
            ts: this.#ts,
            blocks: verdict.blocks,
          }),
        );
        this.#thread.finishRoot(event);
        return;
      }
      default:
        this.#thread.handle(event);
    }
  }

  #start(): void {
    this.#state = "starting";
    const title = `${this.target.incident.id}: ${this.run.kind === "follow-up" ? "follow-up" : "investigating"}`;
    const begin = async () => {
      const teamId = await this.deps.teamId();
      // Streams go to a person; an incident a system opened (an alert) streams to nobody in particular.
      const recipient = slackUser(this.target.incident.requested_by);
      const started = await this.deps.client.chat.startStream({
        channel: this.target.channel,
        thread_ts: this.target.rootTs,
        ...(recipient ? { recipient_user_id: recipient, recipient_team_id: teamId } : {}),
        task_display_mode: "plan",
        chunks: [{ type: "plan_update", title }],
      });
      if (!started.ts) throw new Error("chat.startStream answered without a ts");
      this.#ts = started.ts;
    };
    this.#thread.track(
      this.deps.gateway.paced(this.target.channel, "chat.startStream", begin).then(
        () => this.#decide("streaming"),
        (error: unknown) => {
          this.deps.log.warn(
            { err: error },
            "chat streaming refused; this run falls back to threaded messages",
          );
          this.#decide("fallback");
        },
      ),
    );
  }

  #decide(state: "streaming" | "fallback"): void {
    this.#state = state;
    for (const event of this.#waiting.splice(0)) this.handle(event);
  }

  #append(chunks: AnyChunk[]): void {
    this.#paced("chat.appendStream", () =>
      this.deps.client.chat.appendStream({ channel: this.target.channel, ts: this.#ts, chunks }),
    );
  }

  #paced(method: string, fn: () => Promise<unknown>): void {
    this.#thread.track(
      this.deps.gateway.paced(this.target.channel, method, async () => {
        await fn();
      }),
    );
  }
}
