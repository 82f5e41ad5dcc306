// nocbot alerts list [--limit N] [--status firing|resolved] | alerts show ID   (each with --json): the alerts
// monitoring delivered, and the incident each one joined.
import { parseArgs } from "node:util";
import { systemClock } from "../../clock.js";
import type { AppConfig } from "../../config.js";
import { type AlertRow, AlertStore } from "../../store/alerts.js";
import { openDatabase } from "../../store/db.js";
import { type Io, json, table, UsageError } from "../io.js";

export const alertsUsage =
  "nocbot alerts list [--limit N] [--status firing|resolved] | alerts show ID|FINGERPRINT   (each with --json)";

/** The documented JSON record of an alert in `alerts list --json`. */
export const alertRecord = (a: AlertRow) => ({
  id: a.id,
  source: a.source,
  fingerprint: a.fingerprint,
  name: a.name,
  severity: a.severity,
  status: a.status,
  starts_at: a.starts_at,
  ends_at: a.ends_at,
  group_key: a.group_key,
  device: a.device,
  interface: a.interface,
  incident_id: a.incident_id,
});

export function runAlerts(args: string[], io: Io, config: AppConfig): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      limit: { type: "string", default: "50" },
      status: { type: "string" },
    },
  });
  const [sub, id] = positionals;
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UsageError(`--limit expects a positive number, got '${values.limit}'`);
  const status = values.status;
  if (status !== undefined && status !== "firing" && status !== "resolved")
    throw new UsageError(`--status expects firing or resolved, got '${status}'`);
  const db = openDatabase(config.NOC_DB_PATH);
  try {
    const store = new AlertStore(db, systemClock);
    switch (sub) {
      case "list": {
        const rows = store.list({ limit, status });
        if (values.json) io.out(json(rows.map(alertRecord)));
        else if (rows.length === 0) io.out(`No alerts in ${config.NOC_DB_PATH}.`);
        else
          io.out(
            table(
              ["ID", "STATUS", "SOURCE", "SINCE", "INCIDENT", "ALERT"],
              rows.map((a) => [
                String(a.id),
                a.status,
                a.source,
                a.starts_at.slice(0, 16).replace("T", " "),
                a.incident_id ?? "-",
                `${a.name}${a.severity ? ` (${a.severity})` : ""}${a.device ? ` on ${a.device}${a.interface ? ` ${a.interface}` : ""}` : ""}`,
              ]),
            ),
          );
        return 0;
      }
      case "show": {
        if (!id)
          throw new UsageError("alerts show needs an alert id or fingerprint (see 'nocbot alerts list')");
        const alert = store.get(id);
        if (!alert) {
          io.err(`nocbot: no alert ${id} in ${config.NOC_DB_PATH}`);
          return 1;
        }
        const { first_seen_at, updated_at, labels, annotations, generator_url } = alert;
        if (values.json) {
          io.out(
            json({ ...alertRecord(alert), labels, annotations, generator_url, first_seen_at, updated_at }),
          );
          return 0;
        }
        io.out(
          [
            `alert ${alert.id}: ${alert.name} · ${alert.status} · from ${alert.source} · ${alert.incident_id ?? "no incident"}`,
            `since ${alert.starts_at}${alert.ends_at ? `, ended ${alert.ends_at}` : ""}; first seen ${first_seen_at}, updated ${updated_at}`,
            `device ${alert.device ?? "-"}${alert.interface ? ` ${alert.interface}` : ""} · fingerprint ${alert.fingerprint} · group ${alert.group_key}`,
            "labels:",
            ...Object.entries(labels).map(([k, v]) => `  ${k}=${v}`),
            "annotations:",
            ...Object.entries(annotations).map(([k, v]) => `  ${k}: ${v}`),
            ...(generator_url ? [`source: ${generator_url}`] : []),
          ].join("\n"),
        );
        return 0;
      }
      default:
        throw new UsageError(sub ? `unknown alerts subcommand '${sub}'` : "alerts needs list or show");
    }
  } finally {
    db.close();
  }
}
