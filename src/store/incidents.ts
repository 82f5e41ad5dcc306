// Incidents and their runs: creating them, reading them back, full-text search, similar past incidents,
// what a follow-up starts from, and crash recovery. Run events themselves are written by run-recorder.ts.
import { z } from "zod";
import type { Clock } from "../clock.js";
import { RunbookMatchSchema } from "../runbooks/match.js";
import { CountRow, type Db, JsonStrings } from "./db.js";
import { ProposalStore } from "./proposals.js";

export const IncidentStatusSchema = z.enum([
  "investigating",
  "identified",
  "no-fault",
  "interrupted",
  "failed",
  "resolved",
]);
export type IncidentStatus = z.infer<typeof IncidentStatusSchema>;

export const IncidentRowSchema = z.object({
  id: z.string(),
  seq: z.number(),
  question: z.string(),
  status: IncidentStatusSchema,
  channel: z.string().nullable(),
  root_ts: z.string().nullable(),
  requested_by: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  verdict_label: z.string().nullable(),
  verdict_device: z.string().nullable(),
  verdict_interface: z.string().nullable(),
  synthesis: z.string().nullable(),
  report: z.string().nullable(),
});
export type IncidentRow = z.infer<typeof IncidentRowSchema>;

export const RunKindSchema = z.enum(["investigation", "follow-up"]);
export type RunKind = z.infer<typeof RunKindSchema>;

export const RunRowSchema = z.object({
  id: z.string(),
  incident_id: z.string(),
  kind: RunKindSchema,
  question: z.string(),
  requested_by: z.string().nullable(),
  mode: z.string().nullable(),
  status: z.enum(["running", "finished", "failed", "interrupted"]),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  error: z.string().nullable(),
  /** The runbooks that fit, best first (null before the match, or from before runbooks were recorded). */
  runbooks: z
    .string()
    .nullable()
    .transform((text) => (text === null ? null : (JSON.parse(text) as unknown)))
    .pipe(z.array(RunbookMatchSchema).nullable()),
});
export type RunRow = z.infer<typeof RunRowSchema>;

export const StepRowSchema = z.object({
  step_id: z.string(),
  agent: z.string(),
  task: z.string(),
  status: z.string(),
  summary: z.string().nullable(),
  error: z.string().nullable(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
});
export type StepRow = z.infer<typeof StepRowSchema>;

const INCIDENT_COLUMNS =
  "id, seq, question, status, channel, root_ts, requested_by, created_at, updated_at, verdict_label, verdict_device, verdict_interface, synthesis, report";
const qualified = (alias: string) =>
  INCIDENT_COLUMNS.split(", ")
    .map((c) => `${alias}.${c}`)
    .join(", ");
const RUN_COLUMNS =
  "id, incident_id, kind, question, requested_by, mode, status, started_at, finished_at, error, runbooks_json AS runbooks";

export interface InterruptedRun {
  run: RunRow;
  incident: IncidentRow;
  /** Step messages that were still showing "running" when the run was cut off. */
  runningSteps: Array<{ stepId: string; agent: string }>;
}

const STOP_WORDS = new Set(
  "a an and are at be but by can cannot do does for from has have in is it its not of on or our since so that the their there this to up was we were what when where which why with".split(
    " ",
  ),
);

const words = (text: string): string[] =>
  (text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}_./-]*/gu) ?? []).slice(0, 24);
const quoted = (word: string) => `"${word.replace(/"/g, '""')}"`;

/** A user's words as an FTS5 query: every word must appear (as a prefix), and no FTS syntax gets through. */
export function ftsQuery(text: string): string | null {
  const all = words(text).slice(0, 12);
  return all.length === 0 ? null : all.map((w) => `${quoted(w)}*`).join(" ");
}

/** The significant words of a question, any of which may match (for "similar" rather than "search"). */
/** The words of a text that say something (no stop words, nothing under three letters), once each. */
export const significantWords = (text: string): string[] => [
  ...new Set(words(text).filter((w) => w.length > 2 && !STOP_WORDS.has(w))),
];

function anyWordQuery(text: string): string | null {
  const significant = significantWords(text);
  return significant.length === 0 ? null : significant.map(quoted).join(" OR ");
}

export class IncidentStore {
  constructor(
    readonly db: Db,
    private readonly clock: Clock,
  ) {}

  #now = () => this.clock.now().toISOString();

  #incident(row: unknown): IncidentRow | null {
    return row === undefined ? null : IncidentRowSchema.parse(row);
  }

  createIncident(input: {
    question: string;
    channel: string | null;
    requestedBy: string | null;
  }): IncidentRow {
    return this.db
      .transaction(() => {
        const { n } = CountRow.parse(
          this.db.prepare("SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM incidents").get(),
        );
        const id = `INC-${n}`;
        const now = this.#now();
        this.db
          .prepare(
            "INSERT INTO incidents (id, seq, question, status, channel, requested_by, created_at, updated_at) VALUES (?, ?, ?, 'investigating', ?, ?, ?, ?)",
          )
          .run(id, n, input.question, input.channel, input.requestedBy, now, now);
        this.#index(id, n, { question: input.question });
        return this.get(id) as IncidentRow;
      })
      .immediate();
  }

  get(id: string): IncidentRow | null {
    return this.#incident(
      this.db.prepare(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id = ?`).get(id.toUpperCase()),
    );
  }

  setRoot(id: string, channel: string, ts: string): void {
    this.db
      .prepare("UPDATE incidents SET channel = ?, root_ts = ?, updated_at = ? WHERE id = ?")
      .run(channel, ts, this.#now(), id);
  }

  byThread(channel: string, threadTs: string): IncidentRow | null {
    return this.#incident(
      this.db
        .prepare(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE channel = ? AND root_ts = ?`)
        .get(channel, threadTs),
    );
  }

  setStatus(id: string, status: IncidentStatus): void {
    this.db
      .prepare("UPDATE incidents SET status = ?, updated_at = ? WHERE id = ?")
      .run(status, this.#now(), id);
  }

  list(limit = 20): IncidentRow[] {
    return this.db
      .prepare(`SELECT ${INCIDENT_COLUMNS} FROM incidents ORDER BY seq DESC LIMIT ?`)
      .all(limit)
      .map((r) => IncidentRowSchema.parse(r));
  }

  /** Incidents whose text has every word of the query, newest first. */
  search(text: string, limit = 10): IncidentRow[] {
    const query = ftsQuery(text);
    if (!query) return [];
    return this.db
      .prepare(
        `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE seq IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ? ORDER BY rowid DESC LIMIT ?) ORDER BY seq DESC`,
      )
      .all(query, limit)
      .map((r) => IncidentRowSchema.parse(r));
  }

  /** Past incidents like this one: the same device or root cause first, then the closest text matches. */
  similar(
    input: { question: string; devices?: string[]; label?: string | null; exclude: string },
    limit = 3,
  ): IncidentRow[] {
    const out = new Map<string, IncidentRow>();
    const devices = input.devices ?? [];
    if (devices.length > 0 || input.label) {
      const rows = this.db
        .prepare(
          `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id != ? AND verdict_label IS NOT NULL AND (verdict_device IN (SELECT value FROM json_each(?)) OR verdict_label = ?) ORDER BY seq DESC LIMIT ?`,
        )
        .all(input.exclude, JSON.stringify(devices), input.label ?? null, limit);
      for (const r of rows) {
        const row = IncidentRowSchema.parse(r);
        out.set(row.id, row);
      }
    }
    const query = anyWordQuery(input.question);
    if (query && out.size < limit) {
      const rows = this.db
        .prepare(
          `SELECT ${qualified("i")} FROM (SELECT rowid AS seq, rank FROM incidents_fts WHERE incidents_fts MATCH ? ORDER BY rank LIMIT ?) m JOIN incidents i ON i.seq = m.seq WHERE i.id != ? ORDER BY m.rank`,
        )
        .all(query, limit + 1, input.exclude);
      for (const r of rows) {
        const row = IncidentRowSchema.parse(r);
        if (out.size < limit) out.set(row.id, row);
      }
    }
    return [...out.values()];
  }

  // --- runs ---

  startRun(input: {
    runId: string;
    incidentId: string;
    kind: RunKind;
    question: string;
    requestedBy: string | null;
  }): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          "INSERT INTO runs (id, incident_id, kind, question, requested_by, status, started_at) VALUES (?, ?, ?, ?, ?, 'running', ?)",
        )
        .run(input.runId, input.incidentId, input.kind, input.question, input.requestedBy, this.#now());
      this.setStatus(input.incidentId, "investigating");
    })();
  }

  runs(incidentId: string): RunRow[] {
    return this.db
      .prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE incident_id = ? ORDER BY started_at, id`)
      .all(incidentId)
      .map((r) => RunRowSchema.parse(r));
  }

  steps(runId: string): StepRow[] {
    return this.db
      .prepare(
        "SELECT step_id, agent, task, status, summary, error, started_at, finished_at FROM steps WHERE run_id = ? ORDER BY started_at, step_id",
      )
      .all(runId)
      .map((r) => StepRowSchema.parse(r));
  }

  nextRunId(incidentId: string): string {
    const { n } = CountRow.parse(
      this.db.prepare("SELECT COUNT(*) + 1 AS n FROM runs WHERE incident_id = ?").get(incidentId),
    );
    return `${incidentId}-R${n}`;
  }

  failRun(runId: string, incidentId: string, error: string): void {
    this.db.transaction(() => {
      this.db
        .prepare("UPDATE runs SET status = 'failed', finished_at = ?, error = ? WHERE id = ?")
        .run(this.#now(), error, runId);
      this.setStatus(incidentId, "failed");
    })();
  }

  /** After a crash: runs still marked running were cut off. Mark them, and say where to tell people. */
  interruptRunning(): InterruptedRun[] {
    return this.db.transaction(() => {
      const runs = this.db
        .prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE status = 'running'`)
        .all()
        .map((r) => RunRowSchema.parse(r));
      const now = this.#now();
      return runs.map((run) => {
        const runningSteps = z
          .array(z.object({ stepId: z.string(), agent: z.string() }))
          .parse(
            this.db
              .prepare("SELECT step_id AS stepId, agent FROM steps WHERE run_id = ? AND status = 'running'")
              .all(run.id),
          );
        this.db
          .prepare(
            "UPDATE steps SET status = 'interrupted', finished_at = ? WHERE run_id = ? AND status = 'running'",
          )
          .run(now, run.id);
        this.db
          .prepare(
            "UPDATE runs SET status = 'interrupted', finished_at = ?, error = 'nocbot stopped while this run was in progress' WHERE id = ?",
          )
          .run(now, run.id);
        this.setStatus(run.incident_id, "interrupted");
        return { run, incident: this.get(run.incident_id) as IncidentRow, runningSteps };
      });
    })();
  }

  /** What a follow-up starts from: the earlier questions, verdict, findings and proposals, as text. */
  contextFor(incidentId: string): string[] {
    const incident = this.get(incidentId);
    if (!incident) return [];
    const runs = this.runs(incidentId);
    const findings = this.findings(incidentId, 15);
    const proposals = new ProposalStore(this.db, this.clock).forIncident(incidentId);
    const plans = z
      .array(z.object({ plan_json: z.string() }))
      .parse(
        this.db
          .prepare(
            "SELECT plan_json FROM runs WHERE incident_id = ? AND plan_json IS NOT NULL ORDER BY started_at, id",
          )
          .all(incidentId),
      );
    const planSteps = z.object({ steps: z.array(z.object({ agent: z.string(), task: z.string() })) });
    return [
      `- earlier in ${incident.id} (${incident.status}): ${runs.map((r) => `"${r.question.slice(0, 300)}"`).join(", then ")}`,
      ...plans.map(
        (p) =>
          `- earlier plan: ${planSteps
            .parse(JSON.parse(p.plan_json))
            .steps.map((s) => `${s.agent} (${s.task.slice(0, 80)})`)
            .join("; ")}`,
      ),
      ...(incident.verdict_label
        ? [
            `- earlier verdict: ${incident.verdict_label} on ${incident.verdict_device ?? "?"} ${incident.verdict_interface ?? ""}`.trimEnd(),
          ]
        : []),
      ...(incident.synthesis ? [`- earlier synthesis: ${incident.synthesis.slice(0, 1500)}`] : []),
      ...findings.map(
        (f) =>
          `- earlier finding (${f.step_id}) ${f.severity} ${f.confidence.toFixed(2)}: ${f.title} @ ${f.device ?? "-"} ${f.interface ?? ""} [${f.evidence.join(", ")}]`,
      ),
      ...proposals.map(
        (p) =>
          `- earlier proposal ${p.id} (${p.status}${p.reason ? `: ${p.reason}` : ""}) on ${p.device}: ${p.lines.join(" / ")}`,
      ),
    ];
  }

  /** An incident's findings over all its runs, strongest first, with the agent of the step behind each. */
  findings(incidentId: string, limit: number) {
    return z
      .array(
        z.object({
          step_id: z.string(),
          agent: z.string(),
          title: z.string(),
          severity: z.string(),
          confidence: z.number(),
          device: z.string().nullable(),
          interface: z.string().nullable(),
          evidence: JsonStrings,
        }),
      )
      .parse(
        this.db
          .prepare(
            "SELECT f.step_id, COALESCE(s.agent, f.step_id) AS agent, f.title, f.severity, f.confidence, f.device, f.interface, f.evidence_json AS evidence FROM findings f JOIN runs r ON r.id = f.run_id LEFT JOIN steps s ON s.run_id = f.run_id AND s.step_id = f.step_id WHERE r.incident_id = ? ORDER BY f.confidence DESC, f.id LIMIT ?",
          )
          .all(incidentId, limit),
      );
  }

  /** The tools the incident's runs called, by name. */
  toolsUsed(incidentId: string): string[] {
    return z
      .array(z.object({ name: z.string() }))
      .parse(
        this.db
          .prepare(
            "SELECT DISTINCT t.name FROM tool_calls t JOIN runs r ON r.id = t.run_id WHERE r.incident_id = ? ORDER BY t.name",
          )
          .all(incidentId),
      )
      .map((t) => t.name);
  }

  /** Marks an incident resolved and adds how to its report. */
  resolve(id: string, resolution: string): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          "UPDATE incidents SET status = 'resolved', report = COALESCE(report, '') || ? , updated_at = ? WHERE id = ?",
        )
        .run(`\n\n${resolution}`, this.#now(), id);
      this.reindex(id);
    })();
  }

  /** Rewrites an incident's search entry from what is stored now. */
  reindex(id: string): void {
    const row = this.get(id);
    if (!row) return;
    const devices = z
      .array(z.object({ device: z.string() }))
      .parse(
        this.db
          .prepare(
            "SELECT DISTINCT f.device FROM findings f JOIN runs r ON r.id = f.run_id WHERE r.incident_id = ? AND f.device IS NOT NULL",
          )
          .all(id),
      )
      .map((d) => d.device);
    this.#index(id, row.seq, {
      question: row.question,
      synthesis: row.synthesis ?? "",
      report: row.report ?? "",
      devices: [...new Set([...devices, ...(row.verdict_device ? [row.verdict_device] : [])])].join(" "),
      labels: row.verdict_label ?? "",
    });
  }

  #index(
    id: string,
    seq: number,
    text: { question: string; synthesis?: string; report?: string; devices?: string; labels?: string },
  ): void {
    this.db.prepare("DELETE FROM incidents_fts WHERE rowid = ?").run(seq);
    this.db
      .prepare(
        "INSERT INTO incidents_fts (rowid, incident_id, question, synthesis, report, devices, labels) VALUES (?, ?, ?, ?, ?, ?, ?)",
      )
      .run(
        seq,
        id,
        text.question,
        text.synthesis ?? "",
        text.report ?? "",
        text.devices ?? "",
        text.labels ?? "",
      );
  }
}
