// The Slack side put together: the Bolt app on its receiver, the gateway in front of the Web API, the
// incident threads, and the listeners. At start, runs that a stop cut off say so in their threads.
import type { App } from "@slack/bolt";
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
  health: () => Promise<Omit<Health, "slack">>;
  proposalView: ProposalView;
  /** More listeners, given what the built-in ones get (the approval buttons). */
  extra?: Array<(app: App, deps: ListenerDeps) => void>;
}

export interface SlackServer {
  app: App;
  gateway: SlackGateway;
  threads: IncidentThreads;
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
  );
  const threads = new IncidentThreads({
    runner: deps.runner,
    store: deps.store,
    state: deps.state,
    gateway,
    log,
    proposalView: deps.proposalView,
    ...(settings.render === "stream"
      ? {
          renderer: (target, run) =>
            new StreamRenderer(
              {
                gateway,
                client: bolt.app.client,
                log,
                proposalView: deps.proposalView,
                state: deps.state,
                teamId,
              },
              target,
              run,
            ),
        }
      : {}),
  });
  const listenerDeps: ListenerDeps = { threads, store: deps.store, state: deps.state, gateway, log };
  bolt.app.use(dedupeEvents(deps.state, log));
  registerNocCommand(bolt.app, listenerDeps);
  registerMessageListeners(bolt.app, listenerDeps);
  for (const register of deps.extra ?? []) register(bolt.app, listenerDeps);

  return {
    app: bolt.app,
    gateway,
    threads,
    async start() {
      const interrupted = await threads.recoverInterrupted();
      deps.state.prune();
      const started = await bolt.start();
      return { ...started, interrupted };
    },
    async stop() {
      await bolt.stop();
      await threads.idle();
    },
  };
}
