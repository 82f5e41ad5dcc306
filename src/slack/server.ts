// The Slack side put together: the Bolt app on its receiver, the gateway in front of the Web API, the
// incident threads, and the listeners. At start, runs that a stop cut off say so in their threads.
import type { App } from "@slack/bolt";
import type { Approvers } from "../changes/approvers.js";
import type { ChangeWorkflow } from "../changes/workflow.js";
import type { Clock } from "../clock.js";
import { InFlight } from "../in-flight.js";
import type { Logger } from "../log.js";
import type { IncidentRunner } from "../runs/incident-runner.js";
import type { IncidentStore } from "../store/incidents.js";
import type { SlackState } from "../store/slack-state.js";
import type { SlackGateway } from "./gateway.js";
import { IncidentThreads } from "./incident-threads.js";
import { dedupeEvents } from "./listeners/dedupe-events.js";
import type { ListenerDeps } from "./listeners/deps.js";
import { registerMessageListeners } from "./listeners/messages.js";
import { registerNocCommand } from "./listeners/noc-command.js";
import { registerProposalActions } from "./listeners/proposal-actions.js";
import { ProposalMessages } from "./proposal-messages.js";
import { plainMessage } from "./render.js";
import { proposalMessage } from "./render-proposal.js";
import { StreamRenderer } from "./stream-renderer.js";
import type { ProposalView } from "./thread-renderer.js";
import type { SlackTransport } from "./transport.js";

export interface SlackServerDeps {
  transport: SlackTransport;
  runner: IncidentRunner;
  store: IncidentStore;
  state: SlackState;
  log: Logger;
  clock: Clock;
  /** The change workflow that checks every run's proposals; Slack only shows what it reports. */
  workflow: ChangeWorkflow;
  approvers: Approvers;
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
  const { transport, log, workflow, approvers } = deps;
  const { bolt, gateway, settings } = transport;
  let team: Promise<string> | null = null;
  const teamId = () => {
    team ??= gateway.call("auth.test", () => bolt.app.client.auth.test()).then((r) => r.team_id ?? "");
    return team;
  };
  // The workflow checked and staged the proposal when the run made it; this only waits for its answer.
  const proposalView: ProposalView = async (proposal) => {
    const row = await workflow.checked(proposal.id);
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
      const recovered = workflow.recover();
      for (const proposal of recovered.interrupted) proposals.handle({ type: "proposal", proposal });
      inFlight.track(
        recovered.rechecked.then((rows) => {
          for (const row of rows) proposals.post(row);
        }),
      );
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
