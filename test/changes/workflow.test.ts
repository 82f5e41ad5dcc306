// The change workflow without any front end: a run's proposals are recorded and checked as the run makes
// them, the proposal store enforces the transition table, a failed rollback is never swallowed, restaging
// is for approvers and happens once, and a stop leaves nothing unchecked or half-applied unmarked.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import type { ProposalRecord } from "../../src/agents/incident.js";
import type { AllowlistExtension } from "../../src/changes/allowlist-file.js";
import { Approvers } from "../../src/changes/approvers.js";
import { type ChangeUpdate, ChangeWorkflow } from "../../src/changes/workflow.js";
import type { NetworkSource } from "../../src/network/source.js";
import { AuditLog } from "../../src/store/audit.js";
import { openDatabase } from "../../src/store/db.js";
import { IncidentStore } from "../../src/store/incidents.js";
import {
  IllegalTransitionError,
  PROPOSAL_STATUSES,
  PROPOSAL_TRANSITIONS,
  ProposalStore,
} from "../../src/store/proposals.js";
import { labIn } from "../helpers/lab.js";

const APPROVER = "U0CAROL01";
const REQUESTER = "U0ALICE01";
const STRANGER = "U0MALLORY";

const NO_SHUTDOWN: ProposalRecord = {
  id: "INC-1-R1-P1",
  agent: "config",
  device: "br-rtr1",
  lines: ["interface GigabitEthernet0/0", " no shutdown"],
  rationale: "bring the primary back",
  evidence: ["STATE-IF-DOWN@br-rtr1:GigabitEthernet0/0"],
  risk: "OSPF re-forms",
};

/** What a device does wrong, method by method, in a test that says so; the lab answers the rest. */
type Faults = Partial<Record<keyof NetworkSource, (...args: never[]) => Promise<unknown>>>;

function setup() {
  const lab = labIn("wan-primary-down");
  const faults: Faults = {};
  const network = new Proxy(lab.network, {
    get: (target, name) =>
      faults[name as keyof NetworkSource] ??
      (Reflect.get(target, name) as (...args: unknown[]) => unknown).bind(target),
  });
  const { clock } = lab;
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), "nocbot-changes-")), "t.db"));
  const incidents = new IncidentStore(db, clock);
  const proposals = new ProposalStore(db, clock);
  const audit = new AuditLog(db, clock);
  const logged: string[] = [];
  const log = pino(
    { level: "error" },
    {
      write: (line: string) => {
        logged.push(line);
      },
    },
  );
  const updates: ChangeUpdate[] = [];
  /** A workflow as a process builds it at start; a second one is what the next start builds. */
  const start = (allowlist: AllowlistExtension | null = null) => {
    const made = new ChangeWorkflow({
      allowlist,
      network,
      proposals,
      incidents,
      audit,
      approvers: new Approvers({ ids: [APPROVER], allowSelfApproval: false }, async () => [], clock, log),
      clock,
      log,
      revertAfterSeconds: 300,
      proposalTtlSeconds: 3600,
    });
    made.on((u) => updates.push(u));
    return made;
  };
  const workflow = start();
  const incident = incidents.createIncident({
    question: "branch latency",
    channel: null,
    requestedBy: REQUESTER,
  });
  incidents.startRun({
    runId: "INC-1-R1",
    incidentId: incident.id,
    kind: "investigation",
    question: "q",
    requestedBy: REQUESTER,
  });
  const propose = async (...records: ProposalRecord[]) => {
    const intake = workflow.intake({ incidentId: incident.id, runId: "INC-1-R1" });
    for (const proposal of records)
      intake.onEvent({ type: "proposal.created", at: clock.now().toISOString(), proposal });
    return intake.settled();
  };
  return { network: lab.network, faults, clock, proposals, audit, workflow, start, updates, logged, propose };
}

describe("proposals enter the lifecycle as the run makes them", () => {
  it("records, checks and stages a proposal: the device's diff, a hash of its running config, candidate discarded", async () => {
    const { propose, network, proposals, audit } = setup();
    const [row] = await propose(NO_SHUTDOWN);
    expect(row).toMatchObject({ id: "INC-1-R1-P1", status: "pending", reason_code: null });
    expect(row?.diff).toContain("- shutdown");
    expect(row?.base_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.risk).toContain("OSPF re-forms\n• brings GigabitEthernet0/0 up");
    expect(await network.diff("br-rtr1")).toBe("");
    expect(proposals.forRun("INC-1-R1").map((p) => p.status)).toEqual(["pending"]);
    expect(audit.list().map((a) => `${a.action}:${a.outcome}`)).toEqual(["check:staged"]);
  });

  it("refuses lines the allowlist does not allow, with a reason code and the refusing rule, and never stages them", async () => {
    const { propose, network, audit } = setup();
    const before = await network.getConfig("br-rtr1");
    const [row] = await propose({
      ...NO_SHUTDOWN,
      lines: ["event manager applet FIX", " event none", ' action 1.0 cli command "reload"'],
    });
    expect(row).toMatchObject({
      status: "refused",
      reason_code: "lines-refused",
      diff: null,
      base_hash: null,
    });
    expect(row?.reason).toContain("CHANGE-NOT-ALLOWED: 'event manager applet FIX'");
    expect(await network.getConfig("br-rtr1")).toBe(before);
    expect(audit.list().map((a) => `${a.action}:${a.outcome}`)).toEqual(["check:refused"]);
  });

  it("says plainly when there is nothing to change, or the device is unknown", async () => {
    const { propose } = setup();
    const [same, nowhere] = await propose(
      { ...NO_SHUTDOWN, id: "INC-1-R1-P1", lines: ["interface GigabitEthernet0/2", " no shutdown"] },
      { ...NO_SHUTDOWN, id: "INC-1-R1-P2", device: "core-99" },
    );
    expect(same).toMatchObject({ status: "refused", reason_code: "no-change" });
    expect(nowhere).toMatchObject({ status: "refused", reason_code: "unknown-device" });
  });
});

describe("the proposal store's transition table", () => {
  it("lists every status, and ends in states with no way out", () => {
    expect(Object.keys(PROPOSAL_TRANSITIONS).sort()).toEqual([...PROPOSAL_STATUSES].sort());
    for (const end of [
      "verified",
      "rejected",
      "expired",
      "refused",
      "failed",
      "rolled-back",
      "rollback-failed",
    ] as const)
      expect(PROPOSAL_TRANSITIONS[end]).toEqual([]);
  });

  it("throws on a move the table does not allow, and changes nothing", async () => {
    const { propose, proposals } = setup();
    await propose(NO_SHUTDOWN);
    expect(() => proposals.move("INC-1-R1-P1", ["pending"], "verified")).toThrow(IllegalTransitionError);
    expect(() => proposals.move("INC-1-R1-P1", ["pending"], "applying")).toThrow(
      "a proposal cannot move from pending to applying",
    );
    expect(() => proposals.move("INC-1-R1-P1", ["rejected"], "approved")).toThrow(IllegalTransitionError);
    expect(proposals.get("INC-1-R1-P1")?.status).toBe("pending");
  });

  it("never moves a proposal twice from the same state", async () => {
    const { propose, proposals } = setup();
    await propose(NO_SHUTDOWN);
    const first = proposals.move("INC-1-R1-P1", ["pending"], "approved", { decided_by: "U1" });
    const second = proposals.move("INC-1-R1-P1", ["pending"], "approved", { decided_by: "U2" });
    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, proposal: { status: "approved", decided_by: "U1" } });
  });
});

describe("a rollback that fails", () => {
  it("is recorded as rollback-failed, audited, logged at error and raised for a person", async () => {
    // A device whose rollback errors, and a "fix" that changes nothing the analyzers look at, so
    // verification fails and the workflow must roll back.
    const s = setup();
    s.faults.rollback = async () => {
      throw new Error("connection reset while reverting");
    };
    await s.propose({ ...NO_SHUTDOWN, lines: ["interface GigabitEthernet0/0", " description checked"] });
    const decision = await s.workflow.decide({
      proposalId: "INC-1-R1-P1",
      actor: APPROVER,
      decision: "approve",
    });
    if (decision.kind !== "approved") throw new Error(`not approved: ${decision.kind}`);
    const row = await decision.applied;
    expect(row).toMatchObject({ status: "rollback-failed", reason_code: "rollback-error" });
    expect(row.reason).toContain("the rollback failed: connection reset while reverting");
    expect(row.reason).toContain("may be in an unknown state");
    expect(s.audit.list().map((a) => `${a.action}:${a.outcome}`)).toContain("rollback:failed");
    expect(s.updates.filter((u) => u.type === "attention").map((u) => u.proposal.id)).toEqual([
      "INC-1-R1-P1",
    ]);
    expect(s.logged.join("")).toMatch(/"level":50.*may be in an unknown state/);
  });

  it("a rollback that works ends rolled-back with the verification's reason code", async () => {
    const s = setup();
    await s.propose({ ...NO_SHUTDOWN, lines: ["interface GigabitEthernet0/0", " description checked"] });
    const decision = await s.workflow.decide({
      proposalId: "INC-1-R1-P1",
      actor: APPROVER,
      decision: "approve",
    });
    if (decision.kind !== "approved") throw new Error(`not approved: ${decision.kind}`);
    expect(await decision.applied).toMatchObject({
      status: "rolled-back",
      reason_code: "verification-failed",
    });
    expect(s.updates.some((u) => u.type === "attention")).toBe(false);
  });
});

describe("applying, when the world moves underneath", () => {
  it("stops touching the device once another hand has moved the proposal, and undoes its commit", async () => {
    const s = setup();
    await s.propose(NO_SHUTDOWN);
    const before = await s.network.getConfig("br-rtr1");
    // As the commit lands, another process takes the change for cut off and marks it failed.
    s.faults.commit = async (...args: never[]) => {
      const result = await s.network.commit(...(args as unknown as Parameters<NetworkSource["commit"]>));
      s.proposals.move("INC-1-R1-P1", ["applying"], "failed", { reason_code: "interrupted", reason: "x" });
      return result;
    };
    const decision = await s.workflow.decide({
      proposalId: "INC-1-R1-P1",
      actor: APPROVER,
      decision: "approve",
    });
    if (decision.kind !== "approved") throw new Error(decision.kind);
    expect(await decision.applied).toMatchObject({ status: "failed", reason_code: "interrupted" });
    expect(await s.network.getConfig("br-rtr1")).toBe(before);
    expect(s.audit.list().map((a) => `${a.action}:${a.outcome}`)).not.toContain("verify:verified");
  });

  it("takes a device that could not be staged for a failure it can retry, not a refusal", async () => {
    const s = setup();
    s.faults.getConfig = async () => {
      throw new Error("SSH session timed out");
    };
    const [row] = await s.propose(NO_SHUTDOWN);
    expect(row).toMatchObject({ status: "failed", reason_code: "stage-error" });
    delete s.faults.getConfig;
    const again = await s.workflow.restage({ proposalId: "INC-1-R1-P1", actor: APPROVER });
    expect(again).toMatchObject({ kind: "restaged", proposal: { id: "INC-1-R1-P1-S1", status: "pending" } });
  });

  it("logs a check that breaks, and the run learns the proposal is unchecked", async () => {
    const s = setup();
    s.faults.inventory = async () => {
      throw new Error("inventory unreachable");
    };
    const originalMove = s.proposals.move.bind(s.proposals);
    // The store refuses to record the outcome: the check cannot finish.
    s.proposals.move = () => {
      throw new Error("database is locked");
    };
    const rows = await s.propose(NO_SHUTDOWN);
    s.proposals.move = originalMove;
    expect(rows.map((r) => r.status)).toEqual(["proposed"]);
    expect(s.logged.join("")).toContain("a proposal could not be checked");
  });
});

describe("the team's allowlist in the audit log", () => {
  it("is recorded when it changes and when it is removed, once each", () => {
    const s = setup();
    const extension = (sha: string): AllowlistExtension => ({
      file: "/etc/nocbot/allow.yaml",
      sha256: sha.repeat(64),
      rules: [],
      summary: "TEAM-X in top: /x/: y",
    });
    for (const allowlist of [extension("a"), extension("a"), extension("b"), null, null, extension("b")])
      s.start(allowlist).auditAllowlist();
    expect(s.audit.list().map((a) => [a.outcome, a.detail?.match(/sha256 (\w)/)?.[1] ?? null])).toEqual([
      ["extended", "a"],
      ["extended", "b"],
      ["removed", null],
      ["extended", "b"],
    ]);
  });
});

describe("restaging", () => {
  async function expired() {
    const s = setup();
    await s.propose(NO_SHUTDOWN);
    s.clock.advance(3601_000);
    await s.workflow.decide({ proposalId: "INC-1-R1-P1", actor: APPROVER, decision: "approve" });
    expect(s.proposals.get("INC-1-R1-P1")).toMatchObject({ status: "expired", reason_code: "ttl" });
    return s;
  }

  it("is refused to someone who may not approve, and audited", async () => {
    const s = await expired();
    for (const actor of [STRANGER, REQUESTER]) {
      const decision = await s.workflow.restage({ proposalId: "INC-1-R1-P1", actor });
      expect(decision.kind).toBe("denied");
    }
    expect(s.proposals.forIncident("INC-1")).toHaveLength(1);
    expect(
      s.audit
        .list()
        .filter((a) => a.action === "restage")
        .map((a) => a.outcome),
    ).toEqual(["denied", "denied"]);
  });

  it("makes one new proposal however many approvers click at once", async () => {
    const s = await expired();
    const decisions = await Promise.all(
      Array.from({ length: 8 }, () => s.workflow.restage({ proposalId: "INC-1-R1-P1", actor: APPROVER })),
    );
    expect(decisions.filter((d) => d.kind === "restaged")).toHaveLength(1);
    expect(decisions.filter((d) => d.kind === "restaged-already")).toHaveLength(7);
    const all = s.proposals.forIncident("INC-1");
    expect(all.map((p) => [p.id, p.status])).toEqual([
      ["INC-1-R1-P1", "expired"],
      ["INC-1-R1-P1-S1", "pending"],
    ]);
    expect(all[0]?.superseded_by).toBe("INC-1-R1-P1-S1");
    expect(s.updates.filter((u) => u.type === "restaged")).toHaveLength(1);
  });

  it("is offered by reason code: a drifted or cut-off change may be staged again, a rolled-back one may not", async () => {
    const s = setup();
    await s.propose(NO_SHUTDOWN);
    s.proposals.move("INC-1-R1-P1", ["pending"], "approved", { decided_by: APPROVER });
    s.proposals.move("INC-1-R1-P1", ["approved"], "failed", {
      reason_code: "drift",
      reason: "whatever it says",
    });
    expect((await s.workflow.restage({ proposalId: "INC-1-R1-P1", actor: APPROVER })).kind).toBe("restaged");

    await s.propose({
      ...NO_SHUTDOWN,
      id: "INC-1-R1-P2",
      lines: ["interface GigabitEthernet0/1", " description x"],
    });
    s.proposals.move("INC-1-R1-P2", ["pending"], "approved", { decided_by: APPROVER });
    s.proposals.move("INC-1-R1-P2", ["approved"], "failed", {
      reason_code: "apply-error-rolled-back",
      reason: "changed since this was staged", // the words of a drift, the code of something else
    });
    expect((await s.workflow.restage({ proposalId: "INC-1-R1-P2", actor: APPROVER })).kind).toBe(
      "not-decidable",
    );
  });
});

describe("after a stop", () => {
  it("marks a change caught mid-apply as failed, naming the revert timer", async () => {
    const { propose, workflow, proposals, clock, start } = setup();
    await propose(NO_SHUTDOWN);
    proposals.move("INC-1-R1-P1", ["pending"], "approved", { decided_by: APPROVER });
    proposals.move("INC-1-R1-P1", ["approved"], "applying");
    // The process that is applying it never takes it for cut off; the next one does.
    expect(workflow.recover().interrupted).toEqual([]);
    clock.advance(1000);
    const next = start();
    const { interrupted } = next.recover();
    expect(interrupted.map((p) => [p.id, p.status, p.reason_code])).toEqual([
      ["INC-1-R1-P1", "failed", "interrupted"],
    ]);
    expect(interrupted[0]?.reason).toContain("rolls back on its revert timer (300 s)");
    expect(next.recover().interrupted).toEqual([]);
  });

  it("tells a person when a cut-off change left the device's config other than it was staged against", async () => {
    const s = setup();
    await s.propose(NO_SHUTDOWN);
    s.proposals.move("INC-1-R1-P1", ["pending"], "approved", { decided_by: APPROVER });
    s.proposals.move("INC-1-R1-P1", ["approved"], "applying");
    await s.network.stage("br-rtr1", NO_SHUTDOWN.lines);
    await s.network.commit("br-rtr1", { revertAfterSeconds: null });
    s.proposals.move("INC-1-R1-P1", ["applying"], "applied");
    s.clock.advance(1000);
    const next = s.start();
    next.recover();
    await next.idle();
    const attention = s.updates.filter((u) => u.type === "attention");
    expect(attention.map((u) => u.proposal.id)).toEqual(["INC-1-R1-P1"]);
    expect(attention[0]?.type === "attention" ? attention[0].why : "").toContain(
      "the change may still be live",
    );
  });

  it("stays quiet when a cut-off change never reached the device", async () => {
    const s = setup();
    await s.propose(NO_SHUTDOWN);
    s.proposals.move("INC-1-R1-P1", ["pending"], "approved", { decided_by: APPROVER });
    s.proposals.move("INC-1-R1-P1", ["approved"], "applying");
    s.clock.advance(1000);
    const next = s.start();
    expect(next.recover().interrupted).toHaveLength(1);
    await next.idle();
    expect(s.updates.some((u) => u.type === "attention")).toBe(false);
  });

  it("checks a proposal that was recorded but never checked", async () => {
    const { workflow, proposals } = setup();
    proposals.create({
      id: "INC-1-R1-P1",
      incidentId: "INC-1",
      runId: "INC-1-R1",
      agent: "config",
      device: "br-rtr1",
      lines: NO_SHUTDOWN.lines,
      rationale: "r",
      evidence: [],
      risk: "",
      ttlSeconds: 3600,
    });
    const rechecked = await workflow.recover().rechecked;
    expect(rechecked.map((p) => [p.id, p.status])).toEqual([["INC-1-R1-P1", "pending"]]);
  });
});
