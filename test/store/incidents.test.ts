// The incident store on a real SQLite file: search that no user text can break, similar incidents, and
// a follow-up's context.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emptyTotals } from "../../src/llm/usage.js";
import { openDatabase } from "../../src/store/db.js";
import { ftsQuery, IncidentStore } from "../../src/store/incidents.js";
import { RunRecorder } from "../../src/store/run-recorder.js";
import { ManualClock } from "../helpers/clock.js";

function store() {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), "nocbot-store-")), "t.db"));
  const clock = new ManualClock();
  const incidents = new IncidentStore(db, clock);
  return {
    db,
    incidents,
    recorder: new RunRecorder(db, incidents),
    clock,
  };
}

function finish(
  s: ReturnType<typeof store>,
  question: string,
  verdict: { label: string; device: string } | null,
) {
  const incident = s.incidents.createIncident({ question, channel: null, requestedBy: null });
  const runId = s.incidents.nextRunId(incident.id);
  s.incidents.startRun({
    runId,
    incidentId: incident.id,
    kind: "investigation",
    question,
    requestedBy: null,
  });
  const usage = emptyTotals();
  s.recorder.record(runId, incident.id, {
    type: "run.finished",
    at: s.clock.now().toISOString(),
    runId,
    verdict: verdict
      ? {
          fault: true,
          label: verdict.label as "link-down",
          device: verdict.device,
          interface: null,
          confidence: 0.8,
          evidence: [],
        }
      : { fault: false, label: null, device: null, interface: null, confidence: 0, evidence: [] },
    verdictSource: "rules-only",
    synthesis: verdict ? `found ${verdict.label} on ${verdict.device}` : "nothing wrong",
    missing: [],
    usage,
  });
  return incident.id;
}

describe("incident search", () => {
  it("turns any text into a safe query, or none", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const s = store();
        expect(() => s.incidents.search(text)).not.toThrow();
        s.db.close();
      }),
      { numRuns: 30 },
    );
    expect(ftsQuery("  ")).toBeNull();
    expect(ftsQuery('bgp" OR x NEAR(')).toBe('"bgp"* "or"* "x"* "near"*');
  });

  it("finds incidents by every word, newest first, and by device and label", () => {
    const s = store();
    finish(s, "branch latency this morning", { label: "link-down", device: "br-rtr1" });
    finish(s, "internet drops every few minutes", { label: "bgp-flap", device: "inet-edge1" });
    finish(s, "branch latency again", { label: "link-down", device: "br-rtr1" });
    expect(s.incidents.search("branch latency").map((r) => r.id)).toEqual(["INC-3", "INC-1"]);
    expect(s.incidents.search("inet-edge1").map((r) => r.id)).toEqual(["INC-2"]);
    expect(s.incidents.search("bgp-flap").map((r) => r.id)).toEqual(["INC-2"]);
    expect(s.incidents.search("latenc").map((r) => r.id)).toEqual(["INC-3", "INC-1"]);
    expect(s.incidents.search("latency internet")).toEqual([]);
  });

  it("offers similar past incidents: same device or label first, then shared words", () => {
    const s = store();
    finish(s, "branch latency this morning", { label: "link-down", device: "br-rtr1" });
    finish(s, "internet drops every few minutes", { label: "bgp-flap", device: "inet-edge1" });
    finish(s, "voice choppy at the branch", { label: "congestion-no-qos", device: "br-rtr1" });
    const now = s.incidents.createIncident({
      question: "is br-rtr1 ok? internet drops",
      channel: null,
      requestedBy: null,
    });
    expect(
      s.incidents.similar({ question: now.question, devices: ["br-rtr1"], exclude: now.id }).map((r) => r.id),
    ).toEqual(["INC-3", "INC-1", "INC-2"]);
    expect(s.incidents.similar({ question: "the the the", exclude: now.id })).toEqual([]);
  });
});
