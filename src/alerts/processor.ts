// Acting on stored alerts, group by group and one group at a time: what the episode decision says (open an
// incident and investigate, tell its thread of alerts that joined, resolved or fired again, resolve it when
// its alerts have cleared) is done through the same threads and runner as every other incident. Nothing
// here is on the path that answers the sender: a delivery is stored and acknowledged first.
import type { ChangeWorkflow } from "../changes/workflow.js";
import type { Clock } from "../clock.js";
import { errorMessage } from "../error-message.js";
import { InFlight } from "../in-flight.js";
import type { Logger } from "../log.js";
import type { NetworkSource } from "../network/source.js";
import type { Device } from "../network/types.js";
import type { MatchAlert } from "../runbooks/match.js";
import type { AlertRow, AlertStore, GroupRef } from "../store/alerts.js";
import type { IncidentRow, IncidentStore } from "../store/incidents.js";
import { decide, type EpisodeSettings, type GroupAction } from "./episodes.js";
import { alertBackground, alertQuestion } from "./question.js";

/** Who alert-started incidents are requested by, and the principal access is asked about. */
export const ALERTS_PRINCIPAL = "system:alerts";

export type AlertNote =
  | { kind: "joined" | "resolved"; alerts: AlertRow[] }
  | { kind: "refired"; alerts: AlertRow[]; clearedAt: string }
  /** Cleared while the investigation runs: it finishes, then the incident is resolved. */
  | { kind: "clearing"; at: string }
  | { kind: "cleared"; at: string; proposals: string[] };

/** Where alert incidents are shown: a thread per incident (Slack), or none. A port, so tests can watch it. */
export interface AlertThreads {
  /** Opens the incident's thread and starts its investigation; resolves once the thread is there. */
  investigate(input: {
    incident: IncidentRow;
    channel: string | null;
    background: string[];
    alert: MatchAlert;
  }): Promise<{ run: Promise<unknown> }>;
  note(incident: IncidentRow, note: AlertNote): void;
}

export type AccessDecision = { allowed: true } | { allowed: false; why: string };

/**
 * Whether alerts may start an investigation in a channel. Deny-by-default grants (src/access/, being added
 * beside this) will answer here for the principal system:alerts and the action alert.investigate; until
 * then every alert intake that passed authentication may.
 */
export type AlertAccess = (request: {
  principal: typeof ALERTS_PRINCIPAL;
  action: "alert.investigate";
  channel: string | null;
}) => Promise<AccessDecision>;

export const allowAlerts: AlertAccess = async () => ({ allowed: true });

export interface RoutingSettings {
  /** NOC_ALERT_CHANNEL */
  channel: string | null;
  /** NOC_ALERT_TEAM_CHANNELS: the `team` label's value -> channel id */
  teamChannels: Readonly<Record<string, string>>;
}

export interface ProcessorDeps {
  alerts: AlertStore;
  incidents: IncidentStore;
  network: NetworkSource;
  threads: AlertThreads;
  workflow: Pick<ChangeWorkflow, "notePending">;
  access: AlertAccess;
  settings: EpisodeSettings & RoutingSettings;
  clock: Clock;
  log: Logger;
}

const CHANNEL_ID = /^[CG][A-Z0-9]{6,}$/;

/** Where a group's incident goes: an alert's slack_channel label, its team's channel, or the default. */
export function channelFor(alerts: readonly AlertRow[], routing: RoutingSettings): string | null {
  for (const a of alerts) {
    const label = a.labels.slack_channel?.trim();
    if (label && CHANNEL_ID.test(label)) return label;
  }
  for (const a of alerts) {
    const team = a.labels.team?.trim();
    const channel = team ? routing.teamChannels[team] : undefined;
    if (channel) return channel;
  }
  return routing.channel;
}

const INVENTORY_TTL_MS = 60_000;

const groupId = (g: GroupRef) => `${g.source}\u0000${g.group_key}`;

export class AlertProcessor {
  readonly #queues = new Map<string, Promise<void>>();
  readonly #running = new Map<string, Promise<unknown>>();
  readonly #work = new InFlight();
  #devices: { at: number; devices: Promise<Device[]> } | null = null;

  constructor(private readonly deps: ProcessorDeps) {}

  /** Acts on each group, after whatever is already being done for it; resolves when all are done. */
  process(groups: readonly GroupRef[]): Promise<void> {
    const unique = [...new Map(groups.map((g) => [groupId(g), g])).values()];
    return this.#work.track(Promise.all(unique.map((g) => this.#enqueue(g)))).then(() => undefined);
  }

  /**
   * After a restart: every group with something left to act on is processed, and an incident opened just
   * before a stop, whose investigation never started, starts now.
   */
  async recover(): Promise<void> {
    const { alerts, incidents } = this.deps;
    for (const episode of alerts.unstarted()) {
      const incident = incidents.get(episode.incident_id);
      if (incident)
        await this.#investigate(incident, episode.channel, alerts.ofIncident(incident.id), episode);
    }
    await this.process(alerts.pendingGroups());
  }

  /** Whether anything is still being done (a group processed, an incident waiting for its run to resolve). */
  get busy(): boolean {
    return this.#work.size > 0;
  }

  /** Resolves when everything started so far is done: processing, and resolving after runs (tests, shutdown). */
  async idle(): Promise<void> {
    await this.#work.idle();
  }

  /** The inventory, read at most once a minute: an alert storm must not become an inventory storm. */
  #inventory(): Promise<Device[]> {
    const now = this.deps.clock.now().getTime();
    if (!this.#devices || now - this.#devices.at > INVENTORY_TTL_MS) {
      const devices = this.deps.network.inventory();
      this.#devices = { at: now, devices };
      devices.catch(() => {
        if (this.#devices?.devices === devices) this.#devices = null;
      });
    }
    return this.#devices.devices;
  }

  #enqueue(group: GroupRef): Promise<void> {
    const id = groupId(group);
    const next = (this.#queues.get(id) ?? Promise.resolve()).then(() =>
      this.#process(group).catch((error: unknown) =>
        this.deps.log.error(
          { err: error, group: group.group_key, source: group.source },
          "could not act on an alert group",
        ),
      ),
    );
    this.#queues.set(id, next);
    void next.then(() => {
      if (this.#queues.get(id) === next) this.#queues.delete(id);
    });
    return next;
  }

  async #process(group: GroupRef): Promise<void> {
    const { alerts, incidents, settings, clock } = this.deps;
    // Read before the decision, which is synchronous: the inventory names devices, access may take a call.
    const inventory = await this.#inventory();
    const firing = alerts.ofGroup(group).filter((a) => a.status === "firing" && a.incident_id === null);
    const channel = channelFor(firing, settings);
    const access = firing.length
      ? await this.deps.access({ principal: ALERTS_PRINCIPAL, action: "alert.investigate", channel })
      : ({ allowed: true } as const);
    const actions = decide(alerts, group, {
      now: clock.now(),
      settings,
      access,
      open: (opening) => ({
        incidentId: incidents.createIncident({
          question: alertQuestion(opening, inventory),
          channel: null,
          requestedBy: ALERTS_PRINCIPAL,
        }).id,
        channel,
      }),
    });
    for (const action of actions) await this.#act(group, action);
  }

  async #act(group: GroupRef, action: GroupAction): Promise<void> {
    const { incidents, log } = this.deps;
    if (action.type === "held") {
      log.info(
        { source: group.source, group: group.group_key, alerts: action.alerts.length },
        `alerts not investigated: ${action.why}`,
      );
      return;
    }
    const incident = incidents.get(action.incidentId);
    if (!incident) return;
    switch (action.type) {
      case "open":
        await this.#investigate(incident, action.channel, action.alerts, group);
        return;
      case "joined":
      case "resolved":
        this.deps.threads.note(incident, { kind: action.type, alerts: action.alerts });
        return;
      case "refired":
        if (incident.status === "resolved")
          incidents.setStatus(incident.id, incident.verdict_label ? "identified" : "no-fault");
        this.deps.workflow.notePending(incident.id, null);
        this.deps.threads.note(incident, {
          kind: "refired",
          alerts: action.alerts,
          clearedAt: action.clearedAt,
        });
        return;
      case "cleared": {
        const running = this.#running.get(incident.id);
        if (!running) return this.#resolve(incident.id, action.at);
        this.deps.threads.note(incident, { kind: "clearing", at: action.at });
        const resolve = () => this.#resolve(incident.id, action.at);
        this.#work.track(running.then(resolve, resolve));
        return;
      }
    }
  }

  async #investigate(
    incident: IncidentRow,
    channel: string | null,
    alerts: AlertRow[],
    group: GroupRef,
  ): Promise<void> {
    const [lead] = alerts;
    try {
      const { run } = await this.deps.threads.investigate({
        incident,
        channel,
        background: alertBackground(alerts, this.deps.alerts.truncated(group)),
        alert: { name: lead?.name ?? incident.question, labels: lead?.labels ?? {} },
      });
      this.#running.set(incident.id, run);
      const done = () => void this.#running.delete(incident.id);
      run.then(done, done);
    } catch (error) {
      this.deps.log.error(
        { err: error, incident: incident.id },
        `could not open the alert's incident: ${errorMessage(error)}`,
      );
    }
  }

  /** The alerts have cleared: the incident is resolved, unless one fired again in the meantime. */
  #resolve(incidentId: string, at: string): void {
    const { alerts, incidents, workflow, threads } = this.deps;
    if (alerts.episode(incidentId)?.cleared_at === null) return;
    const mine = alerts.ofIncident(incidentId);
    incidents.resolve(
      incidentId,
      `## Resolution: the alerts cleared\n\nEvery alert of this incident resolved by ${at}: ${mine.map((a) => `${a.name} (${a.source}, ended ${a.ends_at ?? at})`).join("; ")}. Nothing was changed by nocbot for this; pending proposals were flagged, not withdrawn.`,
    );
    const flagged = workflow.notePending(
      incidentId,
      `The alert cleared at ${at}: is this change still needed?`,
    );
    const incident = incidents.get(incidentId);
    if (incident) threads.note(incident, { kind: "cleared", at, proposals: flagged.map((p) => p.id) });
  }
}
