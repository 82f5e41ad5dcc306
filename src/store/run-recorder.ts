// Persists a run as it happens: one more listener on the run's event bus. Every event is written when it
// arrives, so a crash loses at most what was in flight, never what was already shown.
import type { RunEvent } from "../supervisor/events.js";
import type { Db } from "./db.js";
import type { IncidentStore } from "./incidents.js";

const json = (value: unknown) => JSON.stringify(value);

export class RunRecorder {
  constructor(
    private readonly db: Db,
    private readonly incidents: IncidentStore,
  ) {}

  /** The listener that writes one run's events. */
  listener(runId: string, incidentId: string): (event: RunEvent) => void {
    return (event) => this.record(runId, incidentId, event);
  }

  record(runId: string, incidentId: string, event: RunEvent): void {
    switch (event.type) {
      case "run.started":
        this.db.prepare("UPDATE runs SET mode = ? WHERE id = ?").run(event.mode, runId);
        return;
      case "plan.ready":
        this.db.prepare("UPDATE runs SET plan_json = ? WHERE id = ?").run(json(event.plan), runId);
        return;
      case "runbooks.matched":
        this.db.prepare("UPDATE runs SET runbooks_json = ? WHERE id = ?").run(json(event.matches), runId);
        return;
      case "step.started":
        this.db
          .prepare(
            "INSERT OR REPLACE INTO steps (run_id, step_id, agent, task, status, started_at) VALUES (?, ?, ?, ?, 'running', ?)",
          )
          .run(runId, event.stepId, event.agent, event.task, event.at);
        return;
      case "step.progress":
        if (event.toolCall) {
          const call = event.toolCall;
          this.db
            .prepare(
              "INSERT OR REPLACE INTO tool_calls (id, run_id, step_id, agent, name, input_json, ok, error, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .run(
              call.id,
              runId,
              event.stepId,
              event.agent,
              call.name,
              json(call.input ?? null),
              call.ok ? 1 : 0,
              call.error,
              event.at,
            );
        }
        return;
      case "step.finished":
        this.db.transaction(() => {
          this.db
            .prepare(
              "UPDATE steps SET status = 'done', summary = ?, finished_at = ?, usage_json = ? WHERE run_id = ? AND step_id = ?",
            )
            .run(event.result.summary, event.at, json(event.usage), runId, event.stepId);
          const insert = this.db.prepare(
            "INSERT INTO findings (run_id, step_id, title, severity, confidence, device, interface, evidence_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          );
          for (const f of event.result.findings) {
            insert.run(
              runId,
              event.stepId,
              f.title,
              f.severity,
              f.confidence,
              f.device,
              f.interface,
              json(f.evidence),
            );
          }
        })();
        return;
      case "step.failed":
        this.db
          .prepare("UPDATE steps SET status = ?, error = ?, finished_at = ? WHERE run_id = ? AND step_id = ?")
          .run(event.status, event.error, event.at, runId, event.stepId);
        return;
      case "proposal.created":
        // A proposal's record belongs to the change workflow, which checks it as it is made.
        return;
      case "report.ready":
        this.db
          .prepare("UPDATE incidents SET report = ?, updated_at = ? WHERE id = ?")
          .run(event.markdown, event.at, incidentId);
        return;
      case "run.finished":
        this.db.transaction(() => {
          const v = event.verdict;
          this.db
            .prepare(
              "UPDATE runs SET status = 'finished', finished_at = ?, verdict_json = ?, usage_json = ?, missing_json = ? WHERE id = ?",
            )
            .run(event.at, json(v), json(event.usage), json(event.missing), runId);
          this.db
            .prepare(
              "UPDATE incidents SET status = ?, verdict_label = ?, verdict_device = ?, verdict_interface = ?, verdict_json = ?, synthesis = ?, updated_at = ? WHERE id = ?",
            )
            .run(
              v.fault ? "identified" : "no-fault",
              v.label,
              v.device,
              v.interface,
              json(v),
              event.synthesis,
              event.at,
              incidentId,
            );
          this.incidents.reindex(incidentId);
        })();
        return;
    }
  }
}
