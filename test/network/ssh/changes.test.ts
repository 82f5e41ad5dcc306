// Changing a device over SSH the IOS way, through the served lab: the diff first, `configure terminal
// revert timer N`, the lines, the device's own check that it took them, then `configure confirm` and
// `write memory`, or `configure revert now`. Nothing reaches the startup config before it is confirmed.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { ProposalRecord } from "../../../src/agents/incident.js";
import { Approvers } from "../../../src/changes/approvers.js";
import { ChangeWorkflow } from "../../../src/changes/workflow.js";
import type { CliSession } from "../../../src/network/emulator/ios-device.js";
import { NetworkError, type NetworkSource } from "../../../src/network/source.js";
import { missingLines } from "../../../src/network/ssh/changes.js";
import { AuditLog } from "../../../src/store/audit.js";
import { openDatabase } from "../../../src/store/db.js";
import { IncidentStore } from "../../../src/store/incidents.js";
import { ProposalStore } from "../../../src/store/proposals.js";
import type { ManualClock } from "../../helpers/clock.js";
import { labIn } from "../../helpers/lab.js";
import { type ServedLab, serveLabOverSsh } from "../../helpers/served-lab.js";

const DEVICE = "br-rtr1";
const APPROVER = "U0CAROL01";
const NO_SHUTDOWN: ProposalRecord = {
  id: "INC-1-R1-P1",
  agent: "config",
  device: DEVICE,
  lines: ["interface GigabitEthernet0/0", " no shutdown"],
  rationale: "bring the primary back",
  evidence: ["STATE-IF-DOWN@br-rtr1:GigabitEthernet0/0"],
  risk: "OSPF re-forms",
};

let served: ServedLab | null = null;
afterEach(async () => {
  await served?.close();
  served = null;
});

/** The lab served over SSH, recording every line typed at br-rtr1's command line. */
async function setup(scenario = "wan-primary-down") {
  const { network: lab, clock } = labIn(scenario);
  const typed: string[] = [];
  served = await serveLabOverSsh(lab, clock, {
    wrap: (device: string, cli: CliSession): CliSession => ({
      prompt: () => cli.prompt(),
      pageLength: () => cli.pageLength(),
      hidesInput: () => cli.hidesInput(),
      execute: (line) => {
        if (device === DEVICE && !cli.hidesInput()) typed.push(line);
        return cli.execute(line);
      },
    }),
  });
  const ssh = served.connect();
  // What was typed from the first change on, without the reads (show, ping) around it.
  const changes = () => {
    const first = typed.findIndex((l) => l.startsWith("configure"));
    return first < 0 ? [] : typed.slice(first).filter((l) => !/^(show|ping|traceroute|terminal) /.test(l));
  };
  return { lab, clock, ssh, typed: changes };
}

function makeWorkflow(network: NetworkSource, clock: ManualClock) {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), "nocbot-ssh-changes-")), "t.db"));
  const incidents = new IncidentStore(db, clock);
  const log = pino({ level: "silent" });
  const workflow = new ChangeWorkflow({
    network,
    proposals: new ProposalStore(db, clock),
    incidents,
    audit: new AuditLog(db, clock),
    approvers: new Approvers({ ids: [APPROVER], allowSelfApproval: false }, async () => [], clock, log),
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
  const approve = async (proposal: ProposalRecord) => {
    const intake = workflow.intake({ incidentId: incident.id, runId: "INC-1-R1" });
    intake.onEvent({ type: "proposal.created", at: clock.now().toISOString(), proposal });
    const [row] = await intake.settled();
    if (row?.status !== "pending") throw new Error(`not staged: ${row?.status} ${row?.reason}`);
    const decision = await workflow.decide({ proposalId: proposal.id, actor: APPROVER, decision: "approve" });
    if (decision.kind !== "approved") throw new Error(`not approved: ${decision.kind}`);
    return { staged: row, applied: await decision.applied };
  };
  return { approve };
}

describe("an approved fix over SSH", () => {
  it("is committed with a revert timer, verified by the analyzers, then confirmed and only then saved", async () => {
    const { lab, clock, ssh, typed } = await setup();
    const startup = await lab.getConfig(DEVICE, "startup");
    const { staged, applied } = await makeWorkflow(ssh, clock).approve(NO_SHUTDOWN);
    expect(staged.diff).toContain("- shutdown");
    expect(applied).toMatchObject({ status: "verified" });
    expect(typed()).toEqual([
      "configure terminal revert timer 5",
      "interface GigabitEthernet0/0",
      " no shutdown",
      "end",
      "configure confirm",
      "write memory",
    ]);
    const running = await lab.getConfig(DEVICE);
    expect(running).not.toMatch(/interface GigabitEthernet0\/0\n(?: .*\n)* shutdown\n/);
    expect(await lab.getConfig(DEVICE, "startup")).toBe(running);
    expect(startup).not.toBe(running);
    // The served lab itself is fixed: its own analysis finds the fault gone.
    const { analyzeNetwork } = await import("../../../src/analyzers/analyze.js");
    expect((await analyzeNetwork(lab, clock.now())).candidates[0]?.label).not.toBe("link-down");
  });

  it("whose verification fails is rolled back with 'configure revert now', startup untouched", async () => {
    const { lab, clock, ssh, typed } = await setup();
    const [running, startup] = [await lab.getConfig(DEVICE), await lab.getConfig(DEVICE, "startup")];
    const { applied } = await makeWorkflow(ssh, clock).approve({
      ...NO_SHUTDOWN,
      lines: ["interface GigabitEthernet0/0", " description checked"],
    });
    expect(applied).toMatchObject({ status: "rolled-back", reason_code: "verification-failed" });
    expect(typed()).toEqual([
      "configure terminal revert timer 5",
      "interface GigabitEthernet0/0",
      " description checked",
      "end",
      "configure revert now",
    ]);
    expect(await lab.getConfig(DEVICE)).toBe(running);
    expect(await lab.getConfig(DEVICE, "startup")).toBe(startup);
  });
});

describe("the IOS change sequence", () => {
  it("stages with the device's own diff, refuses a second change while one waits, and lets the device's timer roll back", async () => {
    const { lab, clock, ssh } = await setup();
    const before = await lab.getConfig(DEVICE);
    const staged = await ssh.stage(DEVICE, NO_SHUTDOWN.lines);
    await lab.stage(DEVICE, NO_SHUTDOWN.lines);
    expect(staged).toEqual(await lab.stage(DEVICE, []));
    await lab.discard(DEVICE);
    expect(await ssh.diff(DEVICE)).toBe(staged.diff);

    const commit = await ssh.commit(DEVICE, { revertAfterSeconds: 90 });
    expect(commit.revert_at).toBe(new Date(clock.now().getTime() + 120_000).toISOString());
    expect(commit.diff).toBe(staged.diff);
    expect(await lab.getConfig(DEVICE)).not.toBe(before);
    await expect(ssh.stage(DEVICE, [" description x"])).rejects.toMatchObject({ code: "commit-pending" });

    clock.advance(121_000);
    expect(await lab.getConfig(DEVICE)).toBe(before);
    await expect(ssh.confirm(DEVICE)).rejects.toMatchObject({ code: "no-pending-commit" });
    await expect(ssh.rollback(DEVICE)).rejects.toMatchObject({ code: "no-pending-commit" });
    await expect(ssh.commit(DEVICE, { revertAfterSeconds: 60 })).rejects.toMatchObject({
      code: "no-candidate",
    });
  });

  it("a line the device refuses rolls the whole change back and names the line", async () => {
    const { lab, ssh, typed } = await setup();
    const before = await lab.getConfig(DEVICE);
    await ssh.stage(DEVICE, [
      "interface GigabitEthernet0/0",
      " no shutdown",
      "interface GigabitEthernet9/9",
      " no shutdown",
    ]);
    const error = await ssh.commit(DEVICE, { revertAfterSeconds: 300 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).message).toMatch(
      /^br-rtr1 did not take the change \(interface GigabitEthernet9\/9 \(% Invalid input detected at '\^' marker\.\)\); rolled back with 'configure revert now'$/,
    );
    expect(typed().at(-1)).toBe("configure revert now");
    expect(await lab.getConfig(DEVICE)).toBe(before);
  });

  it("counts a line as taken when the device stores its secret its own way", () => {
    const running =
      "interface GigabitEthernet0/1\n ip ospf message-digest-key 1 md5 7 0822455D0A16\n!\nend\n";
    expect(
      missingLines(running, ["interface GigabitEthernet0/1", " ip ospf message-digest-key 1 md5 N3wKey"]),
    ).toEqual([]);
    expect(
      missingLines(running, [
        "interface GigabitEthernet0/1",
        " no ip ospf message-digest-key 1 md5 7 0822455D0A16",
      ]),
    ).toEqual(["no ip ospf message-digest-key 1 md5 7 0822455D0A16"]);
    expect(missingLines(running, ["interface GigabitEthernet0/1", " shutdown"])).toEqual(["shutdown"]);
  });
});
