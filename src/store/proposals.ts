// Proposed changes and their state machine, in SQLite:
//   pending -> approved -> applying -> applied -> verified
//   pending -> rejected | expired | invalid;  approved/applying -> failed;  applied -> rolled-back | failed
// Every move is one conditional UPDATE on the state it leaves, in a transaction: of two clicks, a double
// click or a retried action, exactly one moves the proposal, and the others read who did and when.
import { z } from "zod";
import type { Clock } from "../clock.js";
import { CountRow, type Db, JsonStrings } from "./db.js";

export const ProposalStatusSchema = z.enum([
  "pending",
  "approved",
  "applying",
  "applied",
  "verified",
  "rejected",
  "expired",
  "failed",
  "rolled-back",
  "invalid",
]);
export type ProposalStatus = z.infer<typeof ProposalStatusSchema>;

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
  reason: z.string().nullable(),
  decided_by: z.string().nullable(),
  decided_at: z.string().nullable(),
  expires_at: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ProposalRow = z.infer<typeof ProposalRowSchema>;

const COLUMNS =
  "id, incident_id, run_id, agent, device, lines_json AS lines, rationale, evidence_json AS evidence, risk, diff, base_hash, status, reason, decided_by, decided_at, expires_at, created_at, updated_at";

export type Transition = { ok: true; proposal: ProposalRow } | { ok: false; proposal: ProposalRow | null };

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
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM proposals WHERE incident_id = ? ORDER BY created_at, id`)
      .all(incidentId)
      .map((r) => ProposalRowSchema.parse(r));
  }

  /** Proposals caught mid-change by a stop. */
  inFlight(): ProposalRow[] {
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM proposals WHERE status IN ('approved', 'applying', 'applied')`)
      .all()
      .map((r) => ProposalRowSchema.parse(r));
  }

  /** What staging found: the diff and the config it was made against, or why it cannot be staged. */
  staged(
    id: string,
    staging: { diff: string; baseHash: string; risk: string } | { invalid: string },
  ): Transition {
    return "invalid" in staging
      ? this.move(id, ["pending"], "invalid", { reason: staging.invalid })
      : this.move(id, ["pending"], "pending", {
          diff: staging.diff,
          base_hash: staging.baseHash,
          risk: staging.risk,
        });
  }

  /** A fresh copy of a proposal (expired, or drifted) to decide again, with its own id and time to live. */
  restage(source: ProposalRow, ttlSeconds: number): ProposalRow {
    return this.db.transaction(() => {
      const { n } = CountRow.parse(
        this.db
          .prepare("SELECT COUNT(*) AS n FROM proposals WHERE id LIKE ?")
          .get(`${source.id.replace(/-S\d+$/, "")}-S%`),
      );
      const id = `${source.id.replace(/-S\d+$/, "")}-S${n + 1}`;
      const now = this.clock.now();
      this.db
        .prepare(
          "INSERT INTO proposals (id, incident_id, run_id, agent, device, lines_json, rationale, evidence_json, risk, status, expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)",
        )
        .run(
          id,
          source.incident_id,
          source.run_id,
          source.agent,
          source.device,
          JSON.stringify(source.lines),
          source.rationale,
          JSON.stringify(source.evidence),
          source.risk,
          new Date(now.getTime() + ttlSeconds * 1000).toISOString(),
          now.toISOString(),
          now.toISOString(),
        );
      return this.get(id) as ProposalRow;
    })();
  }

  /**
   * Moves a proposal from one of `from` to `to`, setting `fields` with it; refuses (and says where the
   * proposal is) when it is not in one of `from` any more. `unexpired` also requires expires_at > now.
   */
  move(
    id: string,
    from: readonly ProposalStatus[],
    to: ProposalStatus,
    fields: Partial<
      Record<"reason" | "decided_by" | "decided_at" | "diff" | "base_hash" | "risk", string | null>
    > = {},
    options: { unexpired?: boolean } = {},
  ): Transition {
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

  recordDecision(proposalId: string, actor: string, decision: "approve" | "reject"): void {
    this.db
      .prepare("INSERT INTO approvals (proposal_id, actor, decision, at) VALUES (?, ?, ?, ?)")
      .run(proposalId, actor, decision, this.clock.now().toISOString());
  }
}
