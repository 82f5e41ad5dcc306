// nocbot audit [--incident ID] [--json]: who decided what about which change, and how applying it went.
import { parseArgs } from "node:util";
import { systemClock } from "../../clock.js";
import type { AppConfig } from "../../config.js";
import { AuditLog } from "../../store/audit.js";
import { openDatabase } from "../../store/db.js";
import { type Io, json, table } from "../io.js";

export const auditUsage = "nocbot audit [--incident INC-ID] [--json] [--diff]";

export function runAudit(args: string[], io: Io, config: AppConfig): number {
  const { values } = parseArgs({
    args,
    options: {
      incident: { type: "string" },
      json: { type: "boolean", default: false },
      diff: { type: "boolean", default: false },
    },
  });
  const db = openDatabase(config.NOC_DB_PATH);
  try {
    const rows = new AuditLog(db, systemClock).list(values.incident ? { incident: values.incident } : {});
    if (values.json) {
      // The documented record: stable fields only.
      io.out(
        json(
          rows.map((r) => ({
            at: r.at,
            actor: r.actor,
            action: r.action,
            incident: r.incident,
            proposal: r.proposal,
            device: r.device,
            outcome: r.outcome,
            detail: r.detail,
          })),
        ),
      );
      return 0;
    }
    if (rows.length === 0) {
      io.out(
        values.incident
          ? `Nothing in the audit log for ${values.incident.toUpperCase()}.`
          : "The audit log is empty.",
      );
      return 0;
    }
    io.out(
      table(
        ["AT", "ACTOR", "ACTION", "INCIDENT", "PROPOSAL", "DEVICE", "OUTCOME"],
        rows.map((r) => [
          r.at.slice(0, 19).replace("T", " "),
          r.actor,
          r.action,
          r.incident ?? "-",
          r.proposal ?? "-",
          r.device ?? "-",
          r.outcome,
        ]),
      ),
    );
    if (values.diff) {
      for (const r of rows.filter((row) => row.action === "commit" && row.detail))
        io.out(`\n${r.proposal} (${r.at}):\n${r.detail}`);
    }
    return 0;
  } finally {
    db.close();
  }
}
