// nocbot start [--scenario ID] [--lab FILE]: the Slack app, on the lab network with one scenario live,
// until SIGINT or SIGTERM; then it stops taking requests and lets running investigations finish.
import { parseArgs } from "node:util";
import { allowAlerts } from "../../alerts/processor.js";
import { AlertService, type AlertSettings, lateAlertRoutes } from "../../alerts/service.js";
import type { Clock } from "../../clock.js";
import { systemClock } from "../../clock.js";
import type { AppConfig } from "../../config.js";
import { createLogger, type Logger } from "../../log.js";
import { Metrics } from "../../observability/metrics.js";
import { slackAlertThreads } from "../../slack/alert-threads.js";
import { slackSettings } from "../../slack/app.js";
import type { Health } from "../../slack/routes.js";
import { createSlackServer, type SlackServer } from "../../slack/server.js";
import { createSlackTransport } from "../../slack/transport.js";
import { databaseReachable } from "../../store/db.js";
import { SlackState } from "../../store/slack-state.js";
import { type Core, openCore } from "../core.js";
import type { Io } from "../io.js";

export const startUsage = "nocbot start [--scenario ID] [--lab FILE]";

export async function runStart(
  args: string[],
  io: Io,
  config: AppConfig,
  stopSignal: Promise<string> = signalled(),
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { scenario: { type: "string" }, lab: { type: "string" } },
  });
  // The stop signal is listened for before anything starts: a SIGTERM while booting stops the boot
  // once it settles, instead of waiting behind it or going unheard.
  const booting = bootNocbot(config, { lab: values.lab, scenario: values.scenario });
  const early = await Promise.race([booting.then(() => null), stopSignal]);
  if (early !== null) {
    io.err(`nocbot: ${early} while starting: stopping`);
    await (await booting).stop();
    return 0;
  }
  const nocbot = await booting;
  const { started, core } = nocbot;
  io.err(
    `nocbot: listening (${started.mode === "http" ? `HTTP on :${started.port}, Slack at /slack/events` : `Socket Mode, health on :${started.port}`}; /healthz, /metrics${Object.keys(nocbot.alertRoutes).length ? `, ${Object.keys(nocbot.alertRoutes).join(", ")}` : ""}); lab ${core.lab.name}, scenario ${core.scenario}; ${core.runner.mode}${started.interrupted ? `; ${started.interrupted} interrupted run(s) marked` : ""}`,
  );
  const reason = await stopSignal;
  io.err(`nocbot: ${reason}: finishing running investigations, then stopping`);
  await nocbot.stop();
  return 0;
}

export interface RunningNocbot {
  core: Core;
  server: SlackServer;
  alerts: AlertService;
  /** The alert endpoints served (none when no alert credential is configured). */
  alertRoutes: Readonly<Record<string, unknown>>;
  state: SlackState;
  metrics: Metrics;
  started: { port: number; mode: "http" | "socket"; interrupted: number };
  stop(): Promise<void>;
}

/** Everything `nocbot start` runs, started; the caller decides when to stop it. */
export async function bootNocbot(
  config: AppConfig,
  options: { lab?: string | undefined; scenario?: string | undefined; log?: Logger; clock?: Clock },
): Promise<RunningNocbot> {
  const clock = options.clock ?? systemClock;
  const settings = slackSettings(config);
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  const metrics = new Metrics();
  const alertSettings = alertSettingsOf(config);
  const counted = (source: string, outcome: string) => metrics.alertDelivery(source, outcome);
  const alertRoutes = lateAlertRoutes(alertSettings, counted);
  // The connection first: the approvers read Slack's user groups through it.
  const transport = createSlackTransport(settings, log, metrics, clock, {
    health: async () => health(),
    metrics: async () => ({ contentType: metrics.contentType, body: await metrics.text() }),
    posts: alertRoutes.routes,
  });
  const core = openCore(config, {
    lab: options.lab,
    scenario: options.scenario,
    log,
    metrics,
    clock,
    groups: transport.groups,
  });
  const health = async (): Promise<Health> => {
    const database = databaseReachable(core.db) ? "ok" : "unreachable";
    const network = await core.network.inventory().then(
      (devices) => ({
        driver: "lab",
        devices: devices.length,
        detail: `${core.lab.name}, scenario ${core.scenario}`,
      }),
      (error: unknown) => ({ error: String(error) }),
    );
    return {
      ok: database === "ok" && !("error" in network),
      database,
      network,
      llm: core.runner.mode,
      slack: settings.appToken ? "socket" : "http",
      uptime_s: Math.round(process.uptime()),
    };
  };
  const state = new SlackState(core.db, clock);
  const server = createSlackServer({
    transport,
    runner: core.runner,
    store: core.store,
    state,
    log,
    clock,
    workflow: core.workflow,
    approvers: core.approvers,
  });
  const alerts = new AlertService(alertSettings, {
    db: core.db,
    incidents: core.store,
    network: core.network,
    workflow: core.workflow,
    threads: slackAlertThreads(server.threads, core.runner),
    // The one place alert intake asks access; grants (src/access/) will answer here.
    access: allowAlerts,
    clock,
    log,
    counted,
  });
  alertRoutes.bind((source, headers, body) => alerts.intake.receive(source, headers, body));
  if (Object.keys(alertRoutes.routes).length === 0)
    log.info(
      "alert intake is off: set NOC_ALERT_TOKEN, NOC_ALERT_BASIC_AUTH or a signing secret to take alerts",
    );
  if (config.NOC_APPROVERS.length === 0)
    log.warn("NOC_APPROVERS is empty: proposed fixes can be rejected, but nobody can approve them");
  let listening = false;
  try {
    const started = await server.start();
    listening = true;
    await alerts.start();
    return {
      core,
      server,
      alerts,
      alertRoutes: alertRoutes.routes,
      state,
      metrics,
      started,
      stop: async () => {
        alerts.stop();
        await server.stop();
        await alerts.idle();
        await server.idle();
        core.close();
      },
    };
  } catch (error) {
    alerts.stop();
    // What a restart left to do could not be done: stop listening rather than run half started.
    if (listening) await server.stop().catch(() => {});
    core.close();
    throw error;
  }
}

/** The alert intake's half of the configuration. */
export function alertSettingsOf(config: AppConfig): AlertSettings {
  return {
    auth: {
      token: config.NOC_ALERT_TOKEN ?? null,
      basic: config.NOC_ALERT_BASIC_AUTH ?? null,
      grafanaSecret: config.NOC_ALERT_GRAFANA_SECRET ?? null,
      grafanaTimestampHeader: config.NOC_ALERT_GRAFANA_TIMESTAMP_HEADER ?? null,
      pagerdutySecret: config.NOC_ALERT_PAGERDUTY_SECRET ?? null,
    },
    targets: { device: config.NOC_ALERT_DEVICE_LABELS, interface: config.NOC_ALERT_INTERFACE_LABELS },
    episodes: {
      cooldownSeconds: config.NOC_ALERT_COOLDOWN,
      severities: config.NOC_ALERT_SEVERITIES.map((s) => s.toLowerCase()),
    },
    routing: { channel: config.NOC_ALERT_CHANNEL ?? null, teamChannels: config.NOC_ALERT_TEAM_CHANNELS },
    maxBytes: config.NOC_ALERT_MAX_BYTES,
    alertmanagerUrl: config.NOC_ALERTMANAGER_URL ?? null,
  };
}

function signalled(): Promise<string> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
}
