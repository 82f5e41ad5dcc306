// What an alert group's stored alerts mean, decided in one transaction from the table alone, never from the
// order deliveries came in nor from any model's text: one incident per group and firing episode. A firing
// alert joins the group's open episode (or one that cleared less than the cooldown ago: a flapping alert
// does not open incident after incident); otherwise, when its severity starts investigations and access
// allows it, it opens a new one. An episode clears when none of its alerts fires any more. Each alert's
// status is told in the thread once (`announced`), so a redelivery or a restart tells nothing twice.
import type { AlertRow, AlertStore, EpisodeRow, GroupRef } from "../store/alerts.js";

export interface EpisodeSettings {
  cooldownSeconds: number;
  /** Severities that start an investigation (lower case). */
  severities: readonly string[];
}

export type GroupAction =
  | { type: "open"; incidentId: string; channel: string | null; alerts: AlertRow[] }
  | { type: "joined"; incidentId: string; alerts: AlertRow[] }
  | { type: "refired"; incidentId: string; clearedAt: string; alerts: AlertRow[] }
  | { type: "resolved"; incidentId: string; alerts: AlertRow[] }
  | { type: "cleared"; incidentId: string; at: string }
  /** Firing, and not investigated: its severity does not start investigations, or access said no. */
  | { type: "held"; alerts: AlertRow[]; why: string };

export interface DecideContext {
  now: Date;
  settings: EpisodeSettings;
  /** Whether a new investigation may start here (access); why not, when not. */
  access: { allowed: true } | { allowed: false; why: string };
  /** Creates the incident for a new episode (inside the transaction); its id, and where its thread goes. */
  open(alerts: AlertRow[]): { incidentId: string; channel: string | null };
}

const ids = (alerts: readonly AlertRow[]) => alerts.map((a) => a.id);

const inCooldown = (episode: EpisodeRow, now: Date, cooldownSeconds: number) =>
  episode.cleared_at !== null && now.getTime() - Date.parse(episode.cleared_at) < cooldownSeconds * 1000;

export function decide(store: AlertStore, group: GroupRef, ctx: DecideContext): GroupAction[] {
  return store.transaction(() => {
    const actions: GroupAction[] = [];
    const now = ctx.now.toISOString();
    let episode = store.latestEpisode(group);
    const unattached = store.ofGroup(group).filter((a) => a.incident_id === null);
    const firing = unattached.filter((a) => a.status === "firing");

    if (firing.length > 0) {
      if (
        episode &&
        (episode.cleared_at === null || inCooldown(episode, ctx.now, ctx.settings.cooldownSeconds))
      ) {
        store.attach(ids(firing), episode.incident_id);
        store.announce(ids(firing), "firing");
        if (episode.cleared_at !== null) {
          actions.push({
            type: "refired",
            incidentId: episode.incident_id,
            clearedAt: episode.cleared_at,
            alerts: firing,
          });
          store.setCleared(episode.incident_id, null);
        } else actions.push({ type: "joined", incidentId: episode.incident_id, alerts: firing });
      } else {
        const starting = firing.filter((a) =>
          ctx.settings.severities.includes((a.severity ?? "").toLowerCase()),
        );
        if (starting.length === 0)
          actions.push({
            type: "held",
            alerts: firing,
            why: `severity ${[...new Set(firing.map((a) => a.severity ?? "none"))].join(", ")} does not start investigations (NOC_ALERT_SEVERITIES: ${ctx.settings.severities.join(", ")})`,
          });
        else if (!ctx.access.allowed) actions.push({ type: "held", alerts: firing, why: ctx.access.why });
        else {
          const { incidentId, channel } = ctx.open(firing);
          store.openEpisode({ incident_id: incidentId, ...group, channel, opened_at: now });
          store.attach(ids(firing), incidentId);
          store.announce(ids(firing), "firing");
          actions.push({ type: "open", incidentId, channel, alerts: firing });
        }
      }
      episode = store.latestEpisode(group);
    }

    if (!episode) return actions;
    const incidentId = episode.incident_id;
    // An alert of the group first seen already resolved belongs to the open episode.
    if (episode.cleared_at === null)
      store.attach(ids(unattached.filter((a) => a.status === "resolved")), incidentId);
    const mine = store.ofIncident(incidentId);
    const resolved = mine.filter((a) => a.status === "resolved" && a.announced !== "resolved");
    if (resolved.length > 0) {
      store.announce(ids(resolved), "resolved");
      actions.push({ type: "resolved", incidentId, alerts: resolved });
    }
    if (episode.cleared_at === null && mine.every((a) => a.status === "resolved")) {
      // When the last of them ended, as the sender says; now, if it did not say.
      const at =
        mine
          .map((a) => a.ends_at ?? now)
          .sort()
          .at(-1) ?? now;
      store.setCleared(incidentId, at);
      actions.push({ type: "cleared", incidentId, at });
    }
    return actions;
  });
}
