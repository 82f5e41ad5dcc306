// The audit log: every decision on a proposed change and every step of applying one, with who, when,
// which device, the diff, and the outcome. Append-only; read by `nocbot audit`.
import { z } from "zod";
import type { Clock } from "../clock.js";
import type { Db } from "./db.js";

export const AuditRowSchema = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  incident: z.string().nullable(),
  proposal: z.string().nullable(),
  device: z.string().nullable(),
  outcome: z.string(),
  detail: z.string().nullable(),
});
export type AuditRow = z.infer<typeof AuditRowSchema>;

export interface AuditEntry {
  actor: string;
  action: string;
  incident: string | null;
  proposal: string | null;
  device: string | null;
  outcome: string;
  detail?: string | null;
}

const COLUMNS =
  "at, actor, action, incident_id AS incident, proposal_id AS proposal, device, outcome, detail";

export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  append(entry: AuditEntry): void {
    this.db
      .prepare(
        "INSERT INTO audit_log (at, actor, action, incident_id, proposal_id, device, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .run(
        this.clock.now().toISOString(),
        entry.actor,
        entry.action,
        entry.incident,
        entry.proposal,
        entry.device,
        entry.outcome,
        entry.detail ?? null,
      );
  }

  list(filter: { incident?: string } = {}): AuditRow[] {
    const rows = filter.incident
      ? this.db
          .prepare(`SELECT ${COLUMNS} FROM audit_log WHERE incident_id = ? ORDER BY id`)
          .all(filter.incident.toUpperCase())
      : this.db.prepare(`SELECT ${COLUMNS} FROM audit_log ORDER BY id`).all();
    return rows.map((r) => AuditRowSchema.parse(r));
  }
}
