// nocbot incidents list [--limit N] | show INC-id | search QUERY   (each with --json): the incident history.
import { parseArgs } from "node:util";
import { systemClock } from "../../clock.js";
import type { AppConfig } from "../../config.js";
import { openDatabase } from "../../store/db.js";
import { type IncidentRow, IncidentStore } from "../../store/incidents.js";
import { type Io, json, table, UsageError } from "../io.js";

export const incidentsUsage =
  "nocbot incidents list [--limit N] | incidents show INC-ID | incidents search QUERY   (each with --json)";

const verdictOf = (r: IncidentRow) =>
  r.verdict_label
    ? `${r.verdict_label} @ ${r.verdict_device ?? "?"}${r.verdict_interface ? ` ${r.verdict_interface}` : ""}`
    : "-";

function listing(io: Io, rows: IncidentRow[], asJson: boolean, empty: string): void {
  if (asJson) {
    io.out(json(rows.map(({ report: _report, ...row }) => row)));
    return;
  }
  if (rows.length === 0) {
    io.out(empty);
    return;
  }
  io.out(
    table(
      ["INCIDENT", "STATUS", "OPENED", "VERDICT", "QUESTION"],
      rows.map((r) => [
        r.id,
        r.status,
        r.created_at.slice(0, 16).replace("T", " "),
        verdictOf(r),
        r.question.slice(0, 80),
      ]),
    ),
  );
}

export function runIncidents(args: string[], io: Io, config: AppConfig): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: "boolean", default: false }, limit: { type: "string", default: "20" } },
  });
  const [sub, ...rest] = positionals;
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UsageError(`--limit expects a positive number, got '${values.limit}'`);
  const db = openDatabase(config.NOC_DB_PATH);
  try {
    const store = new IncidentStore(db, systemClock);
    switch (sub) {
      case "list":
        listing(io, store.list(limit), values.json, `No incidents in ${config.NOC_DB_PATH} yet.`);
        return 0;
      case "search": {
        const query = rest.join(" ").trim();
        if (!query) throw new UsageError("incidents search needs words to look for");
        listing(io, store.search(query, limit), values.json, `No incident matches '${query}'.`);
        return 0;
      }
      case "show": {
        const id = rest[0];
        if (!id) throw new UsageError("incidents show needs an incident id such as INC-12");
        const incident = store.get(id);
        if (!incident) {
          io.err(`nocbot: no incident ${id.toUpperCase()} in ${config.NOC_DB_PATH}`);
          return 1;
        }
        const runs = store.runs(incident.id).map((run) => ({ ...run, steps: store.steps(run.id) }));
        if (values.json) {
          io.out(json({ incident, runs }));
          return 0;
        }
        io.out(`${incident.id} · ${incident.status} · ${verdictOf(incident)}\n${incident.question}\n`);
        for (const run of runs) {
          io.out(
            `${run.id} (${run.kind}, ${run.mode ?? "?"}, ${run.status}) ${run.started_at}: ${run.question.slice(0, 100)}`,
          );
          for (const step of run.steps)
            io.out(
              `  ${step.agent.padEnd(14)} ${step.status.padEnd(8)} ${(step.summary ?? step.error ?? "").slice(0, 140)}`,
            );
        }
        if (incident.synthesis) io.out(`\n${incident.synthesis}`);
        if (incident.report) io.out(`\n${incident.report}`);
        return 0;
      }
      default:
        throw new UsageError(
          sub ? `unknown incidents subcommand '${sub}'` : "incidents needs list, show or search",
        );
    }
  } finally {
    db.close();
  }
}
