// The change workflow without Slack: a proposal is staged as it is made, and a change caught mid-apply by
// a stop is marked failed at the next start (the device's revert timer undoes an unconfirmed commit).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { Approvers } from "../../src/changes/approvers.js";
import { ChangeWorkflow } from "../../src/changes/workflow.js";
import { AuditLog } from "../../src/store/audit.js";
import { openDatabase } from "../../src/store/db.js";
import { IncidentStore } from "../../src/store/incidents.js";
import { ProposalStore } from "../../src/store/proposals.js";
import { RunRecorder } from "../../src/store/run-recorder.js";
import { labIn } from "../helpers/lab.js";

function setup() {
  const { network, clock } = labIn("wan-primary-down");
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), "nocbot-changes-")), "t.db"));
  const incidents = new IncidentStore(db, clock);
  const proposals = new ProposalStore(db, clock);
  const log = pino({ level: "silent" });
  const workflow = new ChangeWorkflow({
    network,
    proposals,
    incidents,
    audit: new AuditLog(db, clock),
    approvers: new Approvers({ ids: ["U0CAROL01"], allowSelfApproval: false }, async () => [], clock, log),
    clock,
    log,
    revertAfterSeconds: 300,
    proposalTtlSeconds: 3600,
  });
  const incident = incidents.createIncident({
    question: "branch latency",
    channel: null,
    requestedBy: "U0ALICE01",
  });
  incidents.startRun({
    runId: "INC-1-R1",
    incidentId: incident.id,
    kind: "investigation",
    question: "q",
    requestedBy: "U0ALICE01",
  });
  new RunRecorder(db, incidents, clock, { proposalTtlSeconds: 3600 }).record("INC-1-R1", incident.id, {
    type: "proposal.created",
    at: clock.now().toISOString(),
    proposal: {
      id: "INC-1-R1-P1",
      agent: "config",
      device: "br-rtr1",
      lines: ["interface GigabitEthernet0/0", " no shutdown"],
      rationale: "bring the primary back",
      evidence: ["STATE-IF-DOWN@br-rtr1:GigabitEthernet0/0"],
      risk: "OSPF re-forms",
    },
  });
  return { network, clock, proposals, workflow };
}

describe("ChangeWorkflow", () => {
  it("stages a proposal as it is made: the device's diff, against a hash of its running config, candidate discarded", async () => {
    const { workflow, network } = setup();
    const row = await workflow.prepare({ id: "INC-1-R1-P1" });
    expect(row).toMatchObject({ status: "pending" });
    expect(row?.diff).toContain("- shutdown");
    expect(row?.base_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.risk).toContain("OSPF re-forms\n• brings GigabitEthernet0/0 up");
    expect(await network.diff("br-rtr1")).toBe("");
  });

  it("marks a change caught mid-apply by a stop as failed, naming the revert timer", async () => {
    const { workflow, proposals } = setup();
    await workflow.prepare({ id: "INC-1-R1-P1" });
    proposals.move("INC-1-R1-P1", ["pending"], "approved", { decided_by: "U0CAROL01" });
    proposals.move("INC-1-R1-P1", ["approved"], "applying");
    const recovered = workflow.recoverInFlight();
    expect(recovered.map((p) => [p.id, p.status])).toEqual([["INC-1-R1-P1", "failed"]]);
    expect(recovered[0]?.reason).toContain("rolls back on its revert timer (300 s)");
    expect(workflow.recoverInFlight()).toEqual([]);
  });

  it("never moves a proposal twice from the same state", () => {
    const { proposals } = setup();
    const first = proposals.move("INC-1-R1-P1", ["pending"], "approved", { decided_by: "U1" });
    const second = proposals.move("INC-1-R1-P1", ["pending"], "approved", { decided_by: "U2" });
    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, proposal: { status: "approved", decided_by: "U1" } });
  });
});
