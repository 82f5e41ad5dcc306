// The audit log: every decision on a proposed change and every step of applying one, with who, when,
// which device, the diff, and the outcome. Append-only; read by `nocbot audit`.
import { z } from "zod";
import type { Clock } from "../clock.js";
import type { Db } from "./db.js";

/** What was done: a decision, a check, a step of applying, or a change of the rules themselves. */
export const AUDIT_ACTIONS = [
  "approve",
  "reject",
  "restage",
  "check",
  "commit",
  "verify",
  "apply",
  "rollback",
  "resolve",
  "recover",
  "allowlist",
] as const;
export const AuditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditActionSchema>;

/** How it came out; the particulars (why, which commit, the diff) go in `detail`. */
export const AUDIT_OUTCOMES = [
  "approved",
  "rejected",
  "denied",
  "ignored",
  "expired",
  "lost-race",
  "restaged",
  "staged",
  "refused",
  "committed",
  "verified",
  "rolled-back",
  "failed",
  "resolved",
  "extended",
  "removed",
] as const;
export const AuditOutcomeSchema = z.enum(AUDIT_OUTCOMES);
export type AuditOutcome = z.infer<typeof AuditOutcomeSchema>;

export const AuditRowSchema = z.object({
  at: z.string(),
  actor: z.string(),
  action: AuditActionSchema,
  incident: z.string().nullable(),
  proposal: z.string().nullable(),
  device: z.string().nullable(),
  outcome: AuditOutcomeSchema,
  detail: z.string().nullable(),
});
export type AuditRow = z.infer<typeof AuditRowSchema>;

export interface AuditEntry {
  actor: string;
  action: AuditAction;
  incident: string | null;
  proposal: string | null;
  device: string | null;
  outcome: AuditOutcome;
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

  /** The newest entry of an action, e.g. the last allowlist extension audited. */
  last(action: AuditAction): AuditRow | null {
    const row = this.db
      .prepare(`SELECT ${COLUMNS} FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT 1`)
      .get(action);
    return row === undefined ? null : AuditRowSchema.parse(row);
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
