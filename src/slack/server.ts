// The Slack side put together: the Bolt app on its receiver, the gateway in front of the Web API, the
// incident threads, and the listeners. At start, runs that a stop cut off say so in their threads.
import type { App } from "@slack/bolt";
import type { Approvers, GroupLookup } from "../changes/approvers.js";
import type { ChangeWorkflow } from "../changes/workflow.js";
import type { Clock } from "../clock.js";
import { InFlight } from "../in-flight.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../observability/metrics.js";
import type { IncidentRunner } from "../runs/incident-runner.js";
import type { IncidentStore } from "../store/incidents.js";
import type { SlackState } from "../store/slack-state.js";
import { createBoltApp, type SlackSettings } from "./app.js";
import { SlackGateway } from "./gateway.js";
import { IncidentThreads } from "./incident-threads.js";
import { dedupeEvents } from "./listeners/dedupe-events.js";
import type { ListenerDeps } from "./listeners/deps.js";
import { registerMessageListeners } from "./listeners/messages.js";
import { registerNocCommand } from "./listeners/noc-command.js";
import { registerProposalActions } from "./listeners/proposal-actions.js";
import { ProposalMessages } from "./proposal-messages.js";
import { plainMessage } from "./render.js";
import { proposalMessage } from "./render-proposal.js";
import type { Health } from "./routes.js";
import { StreamRenderer } from "./stream-renderer.js";
import type { ProposalView } from "./thread-renderer.js";

export interface SlackServerDeps {
  settings: SlackSettings;
  runner: IncidentRunner;
  store: IncidentStore;
  state: SlackState;
  metrics: Metrics;
  log: Logger;
  clock: Clock;
  health: () => Promise<Omit<Health, "slack">>;
  /** The approval workflow, given how to read a Slack user group's members. */
  changes: (lookup: GroupLookup) => { workflow: ChangeWorkflow; approvers: Approvers };
}

export interface SlackServer {
  app: App;
  gateway: SlackGateway;
  threads: IncidentThreads;
  workflow: ChangeWorkflow;
  /** Resolves when every run, change and message started so far is done (shutdown, tests). */
  idle(): Promise<void>;
  start(): Promise<{ port: number; mode: "http" | "socket"; interrupted: number }>;
  /** Stops receiving, lets running investigations finish and their messages go out, then returns. */
  stop(): Promise<void>;
}

export function createSlackServer(deps: SlackServerDeps): SlackServer {
  const { settings, log } = deps;
  const mode = settings.appToken ? "socket" : "http";
  const bolt = createBoltApp(settings, log, {
    health: async () => ({ ...(await deps.health()), slack: mode }),
    metrics: async () => ({ contentType: deps.metrics.contentType, body: await deps.metrics.text() }),
  });
  let team: Promise<string> | null = null;
  const teamId = () => {
    team ??= gateway.call("auth.test", () => bolt.app.client.auth.test()).then((r) => r.team_id ?? "");
    return team;
  };
  const gateway = new SlackGateway(
    bolt.app.client,
    { minIntervalMs: settings.minIntervalMs },
    deps.metrics,
    log,
    deps.clock,
  );
  const { workflow, approvers } = deps.changes(async (group) => {
    try {
      const answer = await gateway.call("usergroups.users.list", () =>
        bolt.app.client.usergroups.users.list({ usergroup: group }),
      );
      return answer.users ?? [];
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error ?? "";
      if (
        ["paid_teams_only", "not_allowed_token_type", "missing_scope", "feature_not_enabled"].includes(code)
      )
        return "unsupported";
      if (code === "no_such_subteam") return [];
      throw error;
    }
  });
  const proposalView: ProposalView = async (proposal) => {
    const row = await workflow.prepare(proposal);
    return row
      ? proposalMessage(row, approvers.describe())
      : plainMessage(
          `Proposed change ${proposal.id} on ${proposal.device} could not be recorded; it cannot be approved.`,
        );
  };
  const proposals = new ProposalMessages({
    gateway,
    state: deps.state,
    incidents: deps.store,
    log,
    approvers: () => approvers.describe(),
  });
  workflow.on((update) => proposals.handle(update));
  const threads = new IncidentThreads({
    runner: deps.runner,
    store: deps.store,
    state: deps.state,
    gateway,
    log,
    proposalView,
    clock: deps.clock,
    ...(settings.render === "stream"
      ? {
          renderer: (target, run) =>
            new StreamRenderer(
              {
                gateway,
                client: bolt.app.client,
                log,
                proposalView,
                clock: deps.clock,
                state: deps.state,
                teamId,
              },
              target,
              run,
            ),
        }
      : {}),
  });
  const inFlight = new InFlight();
  const listenerDeps: ListenerDeps = {
    threads,
    store: deps.store,
    state: deps.state,
    gateway,
    log,
    inFlight,
  };
  bolt.app.use(dedupeEvents(deps.state, log));
  registerNocCommand(bolt.app, listenerDeps);
  registerMessageListeners(bolt.app, listenerDeps);
  registerProposalActions(bolt.app, listenerDeps, workflow);
  const idle = async () => {
    await inFlight.idle();
    await threads.idle();
    await workflow.idle();
    await proposals.settled();
    await gateway.drained();
  };

  // Every message in the bot's channels is an event claimed for dedupe; the claims are kept a day.
  let pruning: NodeJS.Timeout | null = null;
  return {
    app: bolt.app,
    gateway,
    threads,
    workflow,
    idle,
    async start() {
      for (const proposal of workflow.recoverInFlight()) proposals.handle({ type: "proposal", proposal });
      const interrupted = await threads.recoverInterrupted();
      deps.state.prune();
      pruning = setInterval(() => deps.state.prune(), 3_600_000);
      pruning.unref();
      const started = await bolt.start();
      return { ...started, interrupted };
    },
    async stop() {
      if (pruning) clearInterval(pruning);
      await bolt.stop();
      await idle();
    },
  };
}
