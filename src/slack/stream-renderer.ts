// The same run events rendered with Slack's chat streaming (chat.startStream / appendStream / stopStream,
// NOC_SLACK_RENDER=stream): one streamed message that shows the plan as tasks moving from pending to
// complete, and the verdict at its end. Proposals (they need buttons) and the report still go in the
// thread as messages. Where the workspace refuses streaming, the run falls back to threaded messages.
import type { AnyChunk, TaskUpdateChunk } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import type { Logger } from "../log.js";
import type { IncidentRow, RunKind } from "../store/incidents.js";
import type { SlackState } from "../store/slack-state.js";
import type { RunEvent } from "../supervisor/events.js";
import { cut } from "./blocks.js";
import type { SlackGateway } from "./gateway.js";
import { verdictMessage } from "./render.js";
import { type ProposalView, type RunRenderer, ThreadRenderer, type ThreadTarget } from "./thread-renderer.js";

export interface StreamDeps {
  gateway: SlackGateway;
  client: WebClient;
  state: SlackState;
  log: Logger;
  proposalView: ProposalView;
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
  #stream: Promise<string | null> | null = null;
  #fallback = false;
  /** Events rendered into the stream, replayed into the thread if the stream is refused. */
  readonly #streamed: RunEvent[] = [];

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
    if (this.#fallback) {
      this.#thread.handle(event);
      return;
    }
    if (event.type !== "proposal.created" && event.type !== "report.ready" && event.type !== "run.started") {
      this.#streamed.push(event);
    }
    switch (event.type) {
      case "plan.ready": {
        const chunks: AnyChunk[] = [
          {
            type: "plan_update",
            title: `${this.target.incident.id}: ${this.run.kind === "follow-up" ? "follow-up" : "investigating"}`,
          },
          ...event.plan.steps.map((s) => task(s.id, `${s.agent}: ${s.task}`, "pending")),
        ];
        if (this.#stream) this.#append(chunks);
        else this.#start(chunks);
        return;
      }
      case "step.started":
        this.#append([task(event.stepId, `${event.agent}: ${event.task}`, "in_progress")]);
        return;
      case "step.finished":
        this.#append([task(event.stepId, event.agent, "complete", event.result.summary)]);
        return;
      case "step.failed":
        this.#append([task(event.stepId, event.agent, "error", `${event.status}: ${event.error}`)]);
        return;
      case "run.finished": {
        const verdict = verdictMessage({
          verdict: event.verdict,
          source: event.verdictSource,
          synthesis: event.synthesis,
          missing: event.missing,
        });
        this.#call("chat.stopStream", (ts) =>
          this.deps.client.chat.stopStream({ channel: this.target.channel, ts, blocks: verdict.blocks }),
        );
        this.#thread.finishRoot(event);
        return;
      }
      case "step.progress":
        return; // a task's activity is not worth a paced call each; its outcome is
      default:
        this.#thread.handle(event);
    }
  }

  #start(chunks: AnyChunk[]): void {
    const { gateway, client } = this.deps;
    const channel = this.target.channel;
    this.#stream = new Promise<string | null>((resolve) => {
      const begin = async () => {
        const teamId = await this.deps.teamId();
        const started = await client.chat.startStream({
          channel,
          thread_ts: this.target.rootTs,
          ...(this.target.incident.requested_by
            ? { recipient_user_id: this.target.incident.requested_by, recipient_team_id: teamId }
            : {}),
          task_display_mode: "plan",
          chunks,
        });
        resolve(started.ts ?? null);
      };
      this.#thread.track(gateway.paced(channel, "chat.startStream", begin)).catch((error: unknown) => {
        this.deps.log.warn(
          { err: error },
          "chat streaming refused; this run falls back to threaded messages",
        );
        this.#fallback = true;
        resolve(null);
        for (const event of this.#streamed) this.#thread.handle(event);
      });
    });
  }

  #append(chunks: AnyChunk[]): void {
    this.#call("chat.appendStream", (ts) =>
      this.deps.client.chat.appendStream({ channel: this.target.channel, ts, chunks }),
    );
  }

  #call(method: string, fn: (ts: string) => Promise<unknown>): void {
    const stream = this.#stream;
    if (!stream) return;
    this.#thread.track(
      stream.then((ts) =>
        ts === null
          ? undefined
          : this.deps.gateway.paced(this.target.channel, method, async () => void (await fn(ts))),
      ),
    );
  }
}
