// Alert intake put together: the store, the processor that acts on groups, the intake that answers the
// senders, and the reconciliation with Alertmanager at start and every few minutes after. The routes are
// made before the rest exists (the HTTP server starts first), and answer 503 until it does.
import type { ChangeWorkflow } from "../changes/workflow.js";
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import type { NetworkSource } from "../network/source.js";
import { type AlertSource, AlertStore } from "../store/alerts.js";
import type { Db } from "../store/db.js";
import type { IncidentStore } from "../store/incidents.js";
import { type AlertAuthSettings, intakeConfigured } from "./auth.js";
import type { EpisodeSettings } from "./episodes.js";
import { alertRoutes, type Receive } from "./http.js";
import { AlertIntake, type DeliveryOutcome } from "./intake.js";
import { type AlertAccess, AlertProcessor, type AlertThreads, type RoutingSettings } from "./processor.js";
import { reconcileAlertmanager } from "./reconcile.js";
import type { TargetLabels } from "./target.js";

export interface AlertSettings {
  auth: AlertAuthSettings;
  targets: TargetLabels;
  episodes: EpisodeSettings;
  routing: RoutingSettings;
  maxBytes: number;
  alertmanagerUrl: string | null;
}

const RECONCILE_EVERY_MS = 5 * 60_000;

export interface AlertServiceDeps {
  db: Db;
  incidents: IncidentStore;
  network: NetworkSource;
  workflow: Pick<ChangeWorkflow, "notePending">;
  threads: AlertThreads;
  access: AlertAccess;
  clock: Clock;
  log: Logger;
  counted: (source: AlertSource, outcome: DeliveryOutcome) => void;
}

/** The POST routes, bound late to the service that will answer them (503 until it exists). */
export function lateAlertRoutes(settings: AlertSettings, counted: AlertServiceDeps["counted"]) {
  let receive: Receive | null = null;
  const routes = intakeConfigured(settings.auth)
    ? alertRoutes(
        (source, headers, body) =>
          receive
            ? receive(source, headers, body)
            : { status: 503, body: { ok: false, message: "nocbot is starting; retry" } },
        settings.maxBytes,
        (source) => counted(source, "too-large"),
      )
    : {};
  return { routes, bind: (to: Receive) => (receive = to) };
}

export class AlertService {
  readonly store: AlertStore;
  readonly processor: AlertProcessor;
  readonly intake: AlertIntake;
  #timer: (() => void) | null = null;
  #stopped = false;

  constructor(
    private readonly settings: AlertSettings,
    private readonly deps: AlertServiceDeps,
  ) {
    this.store = new AlertStore(deps.db, deps.clock);
    this.processor = new AlertProcessor({
      alerts: this.store,
      incidents: deps.incidents,
      network: deps.network,
      threads: deps.threads,
      workflow: deps.workflow,
      access: deps.access,
      settings: { ...settings.episodes, ...settings.routing },
      clock: deps.clock,
      log: deps.log,
    });
    this.intake = new AlertIntake({
      store: this.store,
      process: (groups) => this.processor.process(groups),
      auth: settings.auth,
      targets: settings.targets,
      clock: deps.clock,
      log: deps.log,
      counted: deps.counted,
    });
  }

  /** What a restart left to do, then Alertmanager's view of what is still active (and again every 5 min). */
  async start(): Promise<void> {
    await this.processor.recover();
    await this.reconcile();
    if (this.settings.alertmanagerUrl) {
      const again = () => {
        if (this.#stopped) return;
        this.#timer = this.deps.clock.setTimer(
          () => void this.reconcile().finally(again),
          RECONCILE_EVERY_MS,
        );
      };
      again();
    }
  }

  async reconcile(): Promise<number | null> {
    const url = this.settings.alertmanagerUrl;
    if (!url) return null;
    return reconcileAlertmanager(url, {
      store: this.store,
      process: (groups) => this.processor.process(groups),
      clock: this.deps.clock,
      log: this.deps.log,
    });
  }

  idle(): Promise<void> {
    return this.processor.idle();
  }

  stop(): void {
    this.#stopped = true;
    this.#timer?.();
    this.#timer = null;
  }
}
