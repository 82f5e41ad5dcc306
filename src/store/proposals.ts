// Proposed changes and their state machine, in SQLite. The transition table below is the whole lifecycle;
// a move it does not list is a programming error and throws. Every move is one conditional UPDATE on the
// state it leaves, in a transaction: of two clicks, a double click or a retried action, exactly one moves
// the proposal, and the others read who did and when.
import { z } from "zod";
import type { Clock } from "../clock.js";
import { CountRow, type Db, JsonStrings } from "./db.js";

export const PROPOSAL_STATUSES = [
  "proposed",
  "pending",
  "approved",
  "applying",
  "applied",
  "verified",
  "rejected",
  "expired",
  "refused",
  "failed",
  "rolled-back",
  "rollback-failed",
] as const;
export const ProposalStatusSchema = z.enum(PROPOSAL_STATUSES);
export type ProposalStatus = z.infer<typeof ProposalStatusSchema>;

/**
 * proposed: recorded, its lines not yet checked and staged; pending: checked, staged, awaiting a person;
 * applied: committed with a revert timer, not yet verified; rollback-failed: the device may be in an
 * unknown state and a person must look.
 */
export const PROPOSAL_TRANSITIONS: Readonly<Record<ProposalStatus, readonly ProposalStatus[]>> = {
  // refused: the lines; failed: the device could not be read or staged (stage-error), try again later.
  proposed: ["pending", "refused", "failed"],
  pending: ["approved", "rejected", "expired"],
  approved: ["applying", "failed"],
  // A commit that went through before "applied" was recorded is rolled back from here.
  applying: ["applied", "failed", "rolled-back", "rollback-failed"],
  applied: ["verified", "rolled-back", "rollback-failed", "failed"],
  verified: [],
  rejected: [],
  expired: [],
  refused: [],
  failed: [],
  "rolled-back": [],
  "rollback-failed": [],
};

/** Why a proposal was refused, failed, rolled back or expired: read by the UI and by restaging. */
export const REASON_CODES = [
  "lines-refused",
  "unknown-device",
  "no-change",
  "stage-error",
  "ttl",
  "drift",
  "apply-error",
  "apply-error-rolled-back",
  "verification-failed",
  "rollback-error",
  "interrupted",
] as const;
export const ReasonCodeSchema = z.enum(REASON_CODES);
export type ReasonCode = z.infer<typeof ReasonCodeSchema>;

/** Ends after which staging the same lines again is worth offering: time ran out, or the device moved. */
const RESTAGEABLE: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  "ttl",
  "drift",
  "interrupted",
  "stage-error",
  "apply-error",
]);

export const ProposalRowSchema = z.object({
  id: z.string(),
  incident_id: z.string(),
  run_id: z.string(),
  agent: z.string(),
  device: z.string(),
  lines: JsonStrings,
  rationale: z.string(),
  evidence: JsonStrings,
  risk: z.string(),
  diff: z.string().nullable(),
  base_hash: z.string().nullable(),
  status: ProposalStatusSchema,
  reason_code: ReasonCodeSchema.nullable(),
  reason: z.string().nullable(),
  decided_by: z.string().nullable(),
  decided_at: z.string().nullable(),
  superseded_by: z.string().nullable(),
  /** Something a person should read before deciding ("the alert cleared: still needed?"); no state of its own. */
  note: z.string().nullable(),
  expires_at: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ProposalRow = z.infer<typeof ProposalRowSchema>;

/** Whether a proposal may be staged again as a new one (and has not been already). */
export function canRestage(p: ProposalRow): boolean {
  return (
    p.superseded_by === null &&
    (p.status === "expired" || p.status === "failed") &&
    p.reason_code !== null &&
    RESTAGEABLE.has(p.reason_code)
  );
}

const COLUMNS =
  "id, incident_id, run_id, agent, device, lines_json AS lines, rationale, evidence_json AS evidence, risk, diff, base_hash, status, reason_code, reason, decided_by, decided_at, superseded_by, note, expires_at, created_at, updated_at";

export type Transition = { ok: true; proposal: ProposalRow } | { ok: false; proposal: ProposalRow | null };

export type MoveFields = Partial<
  Record<"reason" | "decided_by" | "decided_at" | "diff" | "base_hash" | "risk", string | null>
> & { reason_code?: ReasonCode | null };

export class IllegalTransitionError extends Error {
  constructor(from: ProposalStatus, to: ProposalStatus) {
    super(`a proposal cannot move from ${from} to ${to}`);
    this.name = "IllegalTransitionError";
  }
}

export interface NewProposal {
  id: string;
  incidentId: string;
  runId: string;
  agent: string;
  device: string;
  lines: readonly string[];
  rationale: string;
  evidence: readonly string[];
  risk: string;
  ttlSeconds: number;
}

export class ProposalStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  get(id: string): ProposalRow | null {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM proposals WHERE id = ?`).get(id);
    return row === undefined ? null : ProposalRowSchema.parse(row);
  }

  forIncident(incidentId: string): ProposalRow[] {
    return this.#all(`SELECT ${COLUMNS} FROM proposals WHERE incident_id = ? ORDER BY created_at, id`, [
      incidentId,
    ]);
  }

  forRun(runId: string): ProposalRow[] {
    return this.#all(`SELECT ${COLUMNS} FROM proposals WHERE run_id = ? ORDER BY created_at, id`, [runId]);
  }

  /** Proposals caught mid-change by a stop. */
  inFlight(): ProposalRow[] {
    return this.#all(`SELECT ${COLUMNS} FROM proposals WHERE status IN ('approved', 'applying', 'applied')`);
  }

  /** Proposals recorded but never checked (a stop came between the two). */
  unchecked(): ProposalRow[] {
    return this.#all(`SELECT ${COLUMNS} FROM proposals WHERE status = 'proposed' ORDER BY created_at, id`);
  }

  /** Records a proposal as made, unchecked; a second record of the same id changes nothing. */
  create(p: NewProposal): ProposalRow {
    const now = this.clock.now();
    this.db
      .prepare(
        "INSERT OR IGNORE INTO proposals (id, incident_id, run_id, agent, device, lines_json, rationale, evidence_json, risk, status, expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'proposed', ?, ?, ?)",
      )
      .run(
        p.id,
        p.incidentId,
        p.runId,
        p.agent,
        p.device,
        JSON.stringify(p.lines),
        p.rationale,
        JSON.stringify(p.evidence),
        p.risk,
        new Date(now.getTime() + p.ttlSeconds * 1000).toISOString(),
        now.toISOString(),
        now.toISOString(),
      );
    return this.get(p.id) as ProposalRow;
  }

  /**
   * A fresh copy of a proposal (expired, drifted, cut off) to check and decide again, with its own id and
   * time to live. Exactly once: the source names its copy, and every later call gets that same copy.
   */
  restage(
    sourceId: string,
    ttlSeconds: number,
  ): { kind: "restaged" | "restaged-already"; proposal: ProposalRow } | { kind: "not-restageable" } {
    return this.db
      .transaction(() => {
        const source = this.get(sourceId);
        if (source?.superseded_by) {
          const copy = this.get(source.superseded_by);
          if (copy) return { kind: "restaged-already" as const, proposal: copy };
        }
        if (!source || !canRestage(source)) return { kind: "not-restageable" as const };
        const base = source.id.replace(/-S\d+$/, "");
        const { n } = CountRow.parse(
          this.db.prepare("SELECT COUNT(*) AS n FROM proposals WHERE id LIKE ?").get(`${base}-S%`),
        );
        const copy = this.create({
          id: `${base}-S${n + 1}`,
          incidentId: source.incident_id,
          runId: source.run_id,
          agent: source.agent,
          device: source.device,
          lines: source.lines,
          rationale: source.rationale,
          evidence: source.evidence,
          // What the proposer said could break; nocbot's own notes ("• ...") are written anew by the check.
          risk: source.risk
            .split("\n")
            .filter((line) => !line.startsWith("• "))
            .join("\n"),
          ttlSeconds,
        });
        this.db
          .prepare("UPDATE proposals SET superseded_by = ?, updated_at = ? WHERE id = ?")
          .run(copy.id, this.clock.now().toISOString(), source.id);
        return { kind: "restaged" as const, proposal: copy };
      })
      .immediate();
  }

  /**
   * Moves a proposal from one of `from` to `to`, setting `fields` with it; refuses (and says where the
   * proposal is) when it is not in one of `from` any more. `unexpired` also requires expires_at > now.
   * Throws when the table does not allow a move from one of `from` to `to`.
   */
  move(
    id: string,
    from: readonly ProposalStatus[],
    to: ProposalStatus,
    fields: MoveFields = {},
    options: { unexpired?: boolean } = {},
  ): Transition {
    for (const source of from)
      if (!PROPOSAL_TRANSITIONS[source].includes(to)) throw new IllegalTransitionError(source, to);
    return this.db
      .transaction((): Transition => {
        const now = this.clock.now().toISOString();
        const sets = Object.keys(fields).map((k) => `${k} = @${k}`);
        const result = this.db
          .prepare(
            `UPDATE proposals SET status = @to, updated_at = @now${sets.length ? `, ${sets.join(", ")}` : ""} WHERE id = @id AND status IN (SELECT value FROM json_each(@from))${options.unexpired ? " AND expires_at > @now" : ""}`,
          )
          .run({ ...fields, id, to, now, from: JSON.stringify(from) });
        const proposal = this.get(id);
        return result.changes === 1 && proposal ? { ok: true, proposal } : { ok: false, proposal };
      })
      .immediate();
  }

  /** Sets (or, with null, clears) the note of an incident's pending proposals; returns those it changed. */
  notePending(incidentId: string, note: string | null): ProposalRow[] {
    return this.db.transaction(() => {
      const changed = this.#all(
        `SELECT ${COLUMNS} FROM proposals WHERE incident_id = ? AND status = 'pending' AND note IS NOT ?`,
        [incidentId, note],
      );
      const update = this.db.prepare(
        "UPDATE proposals SET note = ?, updated_at = ? WHERE id = ? AND status = 'pending'",
      );
      for (const p of changed) update.run(note, this.clock.now().toISOString(), p.id);
      return changed.flatMap((p) => this.get(p.id) ?? []);
    })();
  }

  recordDecision(proposalId: string, actor: string, decision: "approve" | "reject"): void {
    this.db
      .prepare("INSERT INTO approvals (proposal_id, actor, decision, at) VALUES (?, ?, ?, ?)")
      .run(proposalId, actor, decision, this.clock.now().toISOString());
  }

  #all(sql: string, params: unknown[] = []): ProposalRow[] {
    return this.db
      .prepare(sql)
      .all(...params)
      .map((r) => ProposalRowSchema.parse(r));
  }
}
