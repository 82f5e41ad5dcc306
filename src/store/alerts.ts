// Alerts and their deliveries, in SQLite. A delivery is stored with its alerts in one transaction before it
// is answered; an alert is upserted on (source, fingerprint, startsAt), and of two versions of one alert the
// row keeps the higher rank (resolved over firing, the later end, then the content's hash), so the table
// ends the same whatever order, and however many times, the deliveries came. Alert groups and their firing
// episodes (one incident each) are kept here too; what they mean is decided in src/alerts/episodes.ts.
import { createHash } from "node:crypto";
import type { Statement } from "better-sqlite3";
import { z } from "zod";
import type { Clock } from "../clock.js";
import type { Db } from "./db.js";

export const ALERT_SOURCES = ["alertmanager", "grafana", "pagerduty"] as const;
export const AlertSourceSchema = z.enum(ALERT_SOURCES);
export type AlertSource = z.infer<typeof AlertSourceSchema>;

export const AlertStatusSchema = z.enum(["firing", "resolved"]);
export type AlertStatus = z.infer<typeof AlertStatusSchema>;

/** One alert as a sender delivered it, whichever sender: src/alerts/sources/ turns each payload into this. */
export interface IncomingAlert {
  fingerprint: string;
  /** As the sender wrote it: with the fingerprint, the alert's identity (a re-fire is a new alert). */
  startsAt: string;
  status: AlertStatus;
  /** ISO time it resolved; null while it fires. */
  endsAt: string | null;
  name: string;
  severity: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorUrl: string | null;
}

export interface IncomingDelivery {
  source: AlertSource;
  /** The sender's id for this delivery, repeated on its retries (PagerDuty's X-Webhook-Id); null if none. */
  deliveryKey: string | null;
  groupKey: string;
  status: AlertStatus;
  /** Alerts of the group the sender left out of this delivery. */
  truncated: number;
  alerts: IncomingAlert[];
  /** Received, valid, and nothing to act on (a PagerDuty acknowledgement): why. */
  ignored: string | null;
}

const JsonMap = z
  .string()
  .transform((text) => JSON.parse(text) as unknown)
  .pipe(z.record(z.string(), z.string()));

export const AlertRowSchema = z.object({
  id: z.number(),
  source: AlertSourceSchema,
  fingerprint: z.string(),
  starts_at: z.string(),
  group_key: z.string(),
  name: z.string(),
  severity: z.string().nullable(),
  status: AlertStatusSchema,
  ends_at: z.string().nullable(),
  labels: JsonMap,
  annotations: JsonMap,
  generator_url: z.string().nullable(),
  device: z.string().nullable(),
  interface: z.string().nullable(),
  incident_id: z.string().nullable(),
  announced: AlertStatusSchema.nullable(),
  first_seen_at: z.string(),
  updated_at: z.string(),
});
export type AlertRow = z.infer<typeof AlertRowSchema>;

export const EpisodeRowSchema = z.object({
  incident_id: z.string(),
  source: AlertSourceSchema,
  group_key: z.string(),
  channel: z.string().nullable(),
  opened_at: z.string(),
  cleared_at: z.string().nullable(),
});
export type EpisodeRow = z.infer<typeof EpisodeRowSchema>;

const COLUMNS =
  "id, source, fingerprint, starts_at, group_key, name, severity, status, ends_at, labels_json AS labels, annotations_json AS annotations, generator_url, device, interface, incident_id, announced, first_seen_at, updated_at";
const EPISODE_COLUMNS = "incident_id, source, group_key, channel, opened_at, cleared_at";

export interface Target {
  device: string | null;
  interface: string | null;
}

export interface Recorded {
  /** The sender already delivered this (same delivery key): nothing was changed. */
  duplicate: boolean;
  alerts: number;
}

export type GroupRef = Pick<AlertRow, "source" | "group_key">;

/** The rank that decides which version of an alert the row keeps; never the order they came in. */
function rankKey(groupKey: string, alert: IncomingAlert, target: Target): string {
  const content = JSON.stringify([
    groupKey,
    alert.name,
    alert.severity,
    Object.entries(alert.labels).sort(),
    Object.entries(alert.annotations).sort(),
    alert.generatorUrl,
    target,
  ]);
  const hash = createHash("sha256").update(content).digest("hex");
  return `${alert.status === "resolved" ? 1 : 0}|${alert.endsAt ?? ""}|${hash}`;
}

export class AlertStore {
  constructor(
    readonly db: Db,
    private readonly clock: Clock,
  ) {}

  // Intake is the hot path under an alert storm: each statement is prepared once.
  readonly #statements = new Map<string, Statement>();

  #prepare(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** Stores a delivery and its alerts, all or nothing. */
  record(delivery: IncomingDelivery, targetOf: (alert: IncomingAlert) => Target): Recorded {
    const now = this.clock.now().toISOString();
    return this.transaction(() => {
      const stored = this.#prepare(
        "INSERT OR IGNORE INTO alert_deliveries (source, delivery_key, group_key, status, alerts, truncated, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ).run(
        delivery.source,
        delivery.deliveryKey,
        delivery.groupKey,
        delivery.status,
        delivery.alerts.length,
        delivery.truncated,
        now,
      );
      if (stored.changes === 0) return { duplicate: true, alerts: 0 };
      const upsert = this.#prepare(
        `INSERT INTO alerts (source, fingerprint, starts_at, group_key, name, severity, status, ends_at, labels_json, annotations_json, generator_url, device, interface, rank_key, first_seen_at, updated_at)
         VALUES (@source, @fingerprint, @starts_at, @group_key, @name, @severity, @status, @ends_at, @labels, @annotations, @generator_url, @device, @interface, @rank_key, @now, @now)
         ON CONFLICT (source, fingerprint, starts_at) DO UPDATE SET
           group_key = excluded.group_key, name = excluded.name, severity = excluded.severity,
           status = excluded.status, ends_at = excluded.ends_at, labels_json = excluded.labels_json,
           annotations_json = excluded.annotations_json, generator_url = excluded.generator_url,
           device = excluded.device, interface = excluded.interface, rank_key = excluded.rank_key,
           updated_at = excluded.updated_at
         WHERE excluded.rank_key > alerts.rank_key`,
      );
      for (const alert of delivery.alerts) {
        const target = targetOf(alert);
        upsert.run({
          source: delivery.source,
          fingerprint: alert.fingerprint,
          starts_at: alert.startsAt,
          group_key: delivery.groupKey,
          name: alert.name,
          severity: alert.severity,
          status: alert.status,
          ends_at: alert.endsAt,
          labels: JSON.stringify(alert.labels),
          annotations: JSON.stringify(alert.annotations),
          generator_url: alert.generatorUrl,
          device: target.device,
          interface: target.interface,
          rank_key: rankKey(delivery.groupKey, alert, target),
          now,
        });
      }
      return { duplicate: false, alerts: delivery.alerts.length };
    });
  }

  /** Marks a stored firing alert resolved (the sender's own list no longer has it). */
  resolveMissing(id: number, at: string): void {
    const row = this.get(String(id));
    if (row?.status !== "firing") return;
    const resolved: IncomingAlert = {
      fingerprint: row.fingerprint,
      startsAt: row.starts_at,
      status: "resolved",
      endsAt: at,
      name: row.name,
      severity: row.severity,
      labels: row.labels,
      annotations: row.annotations,
      generatorUrl: row.generator_url,
    };
    this.#prepare(
      "UPDATE alerts SET status = 'resolved', ends_at = ?, rank_key = ?, updated_at = ? WHERE id = ? AND status = 'firing'",
    ).run(
      at,
      rankKey(row.group_key, resolved, { device: row.device, interface: row.interface }),
      this.clock.now().toISOString(),
      id,
    );
  }

  get(idOrFingerprint: string): AlertRow | null {
    const row = /^\d+$/.test(idOrFingerprint)
      ? this.#prepare(`SELECT ${COLUMNS} FROM alerts WHERE id = ?`).get(Number(idOrFingerprint))
      : this.#prepare(
          `SELECT ${COLUMNS} FROM alerts WHERE fingerprint = ? ORDER BY starts_at DESC LIMIT 1`,
        ).get(idOrFingerprint);
    return row === undefined ? null : AlertRowSchema.parse(row);
  }

  list(options: { limit: number; status?: "firing" | "resolved" | undefined }): AlertRow[] {
    return this.#all(
      `SELECT ${COLUMNS} FROM alerts ${options.status ? "WHERE status = @status" : ""} ORDER BY updated_at DESC, id DESC LIMIT @limit`,
      { limit: options.limit, ...(options.status ? { status: options.status } : {}) },
    );
  }

  ofGroup(group: GroupRef): AlertRow[] {
    return this.#all(
      `SELECT ${COLUMNS} FROM alerts WHERE source = @source AND group_key = @group_key ORDER BY starts_at, id`,
      group,
    );
  }

  ofIncident(incidentId: string): AlertRow[] {
    return this.#all(`SELECT ${COLUMNS} FROM alerts WHERE incident_id = @incidentId ORDER BY starts_at, id`, {
      incidentId,
    });
  }

  /** Firing alerts of one source (for reconciliation with the sender's own list). */
  firing(source: string): AlertRow[] {
    return this.#all(`SELECT ${COLUMNS} FROM alerts WHERE source = @source AND status = 'firing'`, {
      source,
    });
  }

  /** Groups with something left to act on: a firing alert, a status not yet told, an episode not closed. */
  pendingGroups(): GroupRef[] {
    return z.array(z.object({ source: AlertSourceSchema, group_key: z.string() })).parse(
      this.#prepare(
        `SELECT DISTINCT source, group_key FROM alerts WHERE status = 'firing' OR (incident_id IS NOT NULL AND announced IS NOT status)
             UNION SELECT source, group_key FROM alert_episodes WHERE cleared_at IS NULL`,
      ).all(),
    );
  }

  /** Alerts the sender left out of the group's latest delivery. */
  truncated(group: GroupRef): number {
    const row = this.#prepare(
      "SELECT truncated AS n FROM alert_deliveries WHERE source = ? AND group_key = ? ORDER BY id DESC LIMIT 1",
    ).get(group.source, group.group_key) as { n: number } | undefined;
    return row?.n ?? 0;
  }

  attach(alertIds: readonly number[], incidentId: string): void {
    const update = this.#prepare("UPDATE alerts SET incident_id = ? WHERE id = ? AND incident_id IS NULL");
    for (const id of alertIds) update.run(incidentId, id);
  }

  announce(alertIds: readonly number[], status: "firing" | "resolved"): void {
    const update = this.#prepare("UPDATE alerts SET announced = ? WHERE id = ?");
    for (const id of alertIds) update.run(status, id);
  }

  latestEpisode(group: GroupRef): EpisodeRow | null {
    const row = this.#prepare(
      `SELECT ${EPISODE_COLUMNS} FROM alert_episodes WHERE source = ? AND group_key = ? ORDER BY opened_at DESC, rowid DESC LIMIT 1`,
    ).get(group.source, group.group_key);
    return row === undefined ? null : EpisodeRowSchema.parse(row);
  }

  episode(incidentId: string): EpisodeRow | null {
    const row = this.#prepare(`SELECT ${EPISODE_COLUMNS} FROM alert_episodes WHERE incident_id = ?`).get(
      incidentId,
    );
    return row === undefined ? null : EpisodeRowSchema.parse(row);
  }

  openEpisode(episode: Omit<EpisodeRow, "cleared_at">): void {
    this.#prepare(
      "INSERT INTO alert_episodes (incident_id, source, group_key, channel, opened_at) VALUES (?, ?, ?, ?, ?)",
    ).run(episode.incident_id, episode.source, episode.group_key, episode.channel, episode.opened_at);
  }

  setCleared(incidentId: string, at: string | null): void {
    this.#prepare("UPDATE alert_episodes SET cleared_at = ? WHERE incident_id = ?").run(at, incidentId);
  }

  /** Episodes whose incident never got a run (a stop came between opening it and starting it). */
  unstarted(): EpisodeRow[] {
    return z
      .array(EpisodeRowSchema)
      .parse(
        this.#prepare(
          `SELECT ${EPISODE_COLUMNS} FROM alert_episodes e WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.incident_id = e.incident_id) ORDER BY opened_at`,
        ).all(),
      );
  }

  #all(sql: string, params: Record<string, unknown>): AlertRow[] {
    return this.#prepare(sql)
      .all(params)
      .map((r) => AlertRowSchema.parse(r));
  }
}
