// The only way a device's configuration changes: stage -> diff -> a person approves -> commit with a revert
// timer -> verify -> confirm, or roll back. Proposals are checked and staged as they are made (so the
// diff shown is the device's, not the model's); a decision is an exactly-once move in SQLite; applying
// holds the device's lock; every decision and step is in the audit log.
import { createHash } from "node:crypto";
import type { ProposalRecord } from "../agents/incident.js";
import { analyzeNetwork } from "../analyzers/analyze.js";
import { countsAsRootCause } from "../analyzers/rank.js";
import type { Clock } from "../clock.js";
import { InFlight } from "../in-flight.js";
import type { Logger } from "../log.js";
import type { NetworkSource } from "../network/source.js";
import type { AuditLog } from "../store/audit.js";
import type { IncidentStore } from "../store/incidents.js";
import type { ProposalRow, ProposalStore } from "../store/proposals.js";
import type { Approvers } from "./approvers.js";
import { checkProposedLines } from "./check-lines.js";
import { DeviceLocks } from "./device-lock.js";
import { verifyFix } from "./verify.js";

export type ChangeUpdate =
  | { type: "proposal"; proposal: ProposalRow }
  | { type: "restaged"; proposal: ProposalRow; by: string }
  | { type: "resolved"; incidentId: string; proposal: ProposalRow };

export type Decision =
  | { kind: "not-found" }
  | { kind: "denied"; why: string; approvers: string; proposal: ProposalRow }
  | { kind: "decided-already"; proposal: ProposalRow }
  | { kind: "expired"; proposal: ProposalRow }
  | { kind: "not-decidable"; proposal: ProposalRow }
  | { kind: "rejected"; proposal: ProposalRow }
  | { kind: "approved"; proposal: ProposalRow; applied: Promise<ProposalRow> }
  | { kind: "restaged"; proposal: ProposalRow };

export interface WorkflowDeps {
  network: NetworkSource;
  proposals: ProposalStore;
  incidents: IncidentStore;
  audit: AuditLog;
  approvers: Approvers;
  clock: Clock;
  log: Logger;
  revertAfterSeconds: number;
  proposalTtlSeconds: number;
}

const hash = (text: string) => createHash("sha256").update(text).digest("hex");
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class ChangeWorkflow {
  readonly #locks = new DeviceLocks();
  readonly #listeners: Array<(update: ChangeUpdate) => void> = [];
  readonly #applying = new InFlight();

  constructor(private readonly deps: WorkflowDeps) {}

  on(listener: (update: ChangeUpdate) => void): void {
    this.#listeners.push(listener);
  }

  /** Checks a new proposal's lines and stages them to get the device's own diff; or refuses it, saying why. */
  prepare(record: Pick<ProposalRecord, "id">): Promise<ProposalRow | null> {
    const row = this.deps.proposals.get(record.id);
    if (!row) return Promise.resolve(null);
    return this.#locks.run(row.device, () => this.#stage(row));
  }

  /** A person clicked Approve or Reject. */
  async decide(input: {
    proposalId: string;
    actor: string;
    decision: "approve" | "reject";
  }): Promise<Decision> {
    const { proposals, audit } = this.deps;
    const proposal = proposals.get(input.proposalId);
    if (!proposal) return { kind: "not-found" };
    const base = {
      actor: input.actor,
      incident: proposal.incident_id,
      proposal: proposal.id,
      device: proposal.device,
    };
    const allowed = await this.#authorize(input.actor, proposal, input.decision);
    if (!allowed.ok) {
      audit.append({ ...base, action: input.decision, outcome: "denied", detail: allowed.why });
      return { kind: "denied", why: allowed.why, approvers: this.deps.approvers.describe(), proposal };
    }
    if (proposal.status !== "pending") {
      audit.append({ ...base, action: input.decision, outcome: `ignored: already ${proposal.status}` });
      return proposal.decided_by
        ? { kind: "decided-already", proposal }
        : { kind: "not-decidable", proposal };
    }
    if (Date.parse(proposal.expires_at) <= this.deps.clock.now().getTime()) {
      const expired = proposals.move(proposal.id, ["pending"], "expired", { reason: "not decided in time" });
      if (expired.ok) this.#emit({ type: "proposal", proposal: expired.proposal });
      audit.append({ ...base, action: input.decision, outcome: "expired" });
      return { kind: "expired", proposal: expired.proposal ?? proposal };
    }
    const decidedAt = this.deps.clock.now().toISOString();
    const to = input.decision === "approve" ? "approved" : "rejected";
    const moved = proposals.move(
      proposal.id,
      ["pending"],
      to,
      { decided_by: input.actor, decided_at: decidedAt },
      { unexpired: true },
    );
    if (!moved.ok) {
      const now = moved.proposal ?? proposal;
      audit.append({ ...base, action: input.decision, outcome: `lost the race: already ${now.status}` });
      return now.status === "expired"
        ? { kind: "expired", proposal: now }
        : { kind: "decided-already", proposal: now };
    }
    proposals.recordDecision(proposal.id, input.actor, input.decision);
    audit.append({
      ...base,
      action: input.decision,
      outcome: to,
      detail: to === "approved" ? moved.proposal.diff : null,
    });
    this.#emit({ type: "proposal", proposal: moved.proposal });
    if (to === "rejected") return { kind: "rejected", proposal: moved.proposal };
    const applied = this.#applying.track(
      this.#locks.run(proposal.device, () => this.#apply(moved.proposal, input.actor)),
    );
    return { kind: "approved", proposal: moved.proposal, applied };
  }

  /** Stages an expired or drifted proposal again as a new one, with a fresh diff and time to live. */
  async restage(input: { proposalId: string; actor: string }): Promise<Decision> {
    const source = this.deps.proposals.get(input.proposalId);
    if (!source) return { kind: "not-found" };
    if (!["expired", "failed"].includes(source.status)) return { kind: "not-decidable", proposal: source };
    const fresh = this.deps.proposals.restage(source, this.deps.proposalTtlSeconds);
    this.deps.audit.append({
      actor: input.actor,
      action: "restage",
      incident: source.incident_id,
      proposal: fresh.id,
      device: fresh.device,
      outcome: `restaged from ${source.id}`,
    });
    const staged = (await this.prepare(fresh)) ?? fresh;
    this.#emit({ type: "restaged", proposal: staged, by: input.actor });
    return { kind: "restaged", proposal: staged };
  }

  /** After a restart: changes caught mid-way are marked failed; the device's revert timer undoes them. */
  recoverInFlight(): ProposalRow[] {
    return this.deps.proposals.inFlight().flatMap((p) => {
      const moved = this.deps.proposals.move(p.id, [p.status], "failed", {
        reason: `nocbot stopped while the change was ${p.status}; an unconfirmed commit rolls back on its revert timer (${this.deps.revertAfterSeconds} s)`,
      });
      if (!moved.ok) return [];
      this.deps.audit.append({
        actor: "nocbot",
        action: "recover",
        incident: p.incident_id,
        proposal: p.id,
        device: p.device,
        outcome: "failed: interrupted by a restart",
      });
      return [moved.proposal];
    });
  }

  /** Resolves when every apply started so far has ended (shutdown, tests). */
  idle(): Promise<void> {
    return this.#applying.idle();
  }

  #emit(update: ChangeUpdate): void {
    for (const listener of this.#listeners) {
      try {
        listener(update);
      } catch (error) {
        this.deps.log.error({ err: error }, "a change listener failed");
      }
    }
  }

  async #authorize(actor: string, proposal: ProposalRow, decision: "approve" | "reject") {
    const incident = this.deps.incidents.get(proposal.incident_id);
    const run = this.deps.incidents.runs(proposal.incident_id).find((r) => r.id === proposal.run_id);
    const requesters = [incident?.requested_by, run?.requested_by].filter((u): u is string => Boolean(u));
    // Saying no is always safe for the person who asked; saying yes needs an approver who did not.
    if (decision === "reject" && requesters.includes(actor)) return { ok: true as const };
    return this.deps.approvers.check(actor, requesters);
  }

  async #stage(row: ProposalRow): Promise<ProposalRow> {
    const { network, proposals, audit } = this.deps;
    const refuse = (why: string) => {
      const moved = proposals.staged(row.id, { invalid: why });
      audit.append({
        actor: "nocbot",
        action: "check",
        incident: row.incident_id,
        proposal: row.id,
        device: row.device,
        outcome: "refused",
        detail: why,
      });
      return moved.proposal ?? row;
    };
    try {
      const inventory = await network.inventory();
      if (!inventory.some((d) => d.name === row.device))
        return refuse(`'${row.device}' is not a device in the inventory`);
      const [running, ospf, bgp] = await Promise.all([
        network.getConfig(row.device),
        network.getOspfNeighbors(row.device),
        network.getBgpNeighbors(row.device),
      ]);
      const check = checkProposedLines(row.lines, { device: row.device, inventory, running, ospf, bgp });
      if (check.problems.length > 0) return refuse(check.problems.join("; "));
      const staged = await network.stage(row.device, row.lines);
      await network.discard(row.device);
      if (!staged.changed)
        return refuse(`nothing to change: the running config of ${row.device} already has these lines`);
      const risk = [row.risk, ...check.risks.map((r) => `• ${r}`)].filter(Boolean).join("\n");
      const moved = proposals.staged(row.id, { diff: staged.diff, baseHash: hash(running), risk });
      return moved.proposal ?? row;
    } catch (error) {
      await network.discard(row.device).catch(() => {});
      return refuse(`could not be staged: ${message(error)}`);
    }
  }

  async #apply(approved: ProposalRow, actor: string): Promise<ProposalRow> {
    const { network, proposals, audit, clock } = this.deps;
    const base = { actor, incident: approved.incident_id, proposal: approved.id, device: approved.device };
    const move = (from: ProposalRow["status"][], to: ProposalRow["status"], reason: string | null) => {
      const moved = proposals.move(approved.id, from, to, { reason });
      if (moved.proposal) this.#emit({ type: "proposal", proposal: moved.proposal });
      return moved.proposal ?? approved;
    };
    const applying = move(["approved"], "applying", null);
    let committed = false;
    try {
      const running = await network.getConfig(approved.device);
      if (hash(running) !== approved.base_hash) {
        const why = `the running config of ${approved.device} changed since this was staged; nothing was applied. Stage it again to see the new diff.`;
        audit.append({ ...base, action: "apply", outcome: "refused: drift", detail: why });
        return move(["applying"], "failed", why);
      }
      const before = await analyzeNetwork(network, clock.now());
      const staged = await network.stage(approved.device, approved.lines);
      const commit = await network.commit(approved.device, {
        revertAfterSeconds: this.deps.revertAfterSeconds,
      });
      committed = true;
      audit.append({
        ...base,
        action: "commit",
        outcome: `committed ${commit.commit_id}, reverts at ${commit.revert_at ?? "never"} unless confirmed`,
        detail: staged.diff,
      });
      move(
        ["applying"],
        "applied",
        `committed ${commit.commit_id}; reverts at ${commit.revert_at ?? "-"} unless verified`,
      );

      const after = await analyzeNetwork(network, clock.now());
      const verification = verifyFix({ device: approved.device, evidence: approved.evidence, before, after });
      if (!verification.passed) {
        await network.rollback(approved.device);
        const restored = (await network.getConfig(approved.device)) === running;
        const why = `post-checks failed: ${verification.failures.join("; ")}. Rolled back${restored ? "; the running config is as it was" : ""}.`;
        audit.append({ ...base, action: "verify", outcome: "rolled back", detail: why });
        return move(["applied"], "rolled-back", why);
      }
      await network.confirm(approved.device);
      audit.append({
        ...base,
        action: "verify",
        outcome: "verified",
        detail: verification.checks.join("; "),
      });
      const verified = move(["applied"], "verified", `verified: ${verification.checks.join("; ")}`);
      this.#resolveIfFixed(verified, after.candidates);
      return verified;
    } catch (error) {
      const why = message(error);
      if (committed) await network.rollback(approved.device).catch(() => {});
      else await network.discard(approved.device).catch(() => {});
      audit.append({ ...base, action: "apply", outcome: "failed", detail: why });
      return move(
        [applying.status, "applying", "applied"],
        "failed",
        `${committed ? "rolled back after an error" : "not applied"}: ${why}`,
      );
    }
  }

  /** The incident is resolved when the analyzers no longer see the root cause its verdict named. */
  #resolveIfFixed(
    proposal: ProposalRow,
    candidates: Array<{ label: string; device: string; confidence: number }>,
  ): void {
    const incident = this.deps.incidents.get(proposal.incident_id);
    if (!incident?.verdict_label || !incident.verdict_device) return;
    const stillThere = candidates.some(
      (c) =>
        c.label === incident.verdict_label && c.device === incident.verdict_device && countsAsRootCause(c),
    );
    if (stillThere) return;
    this.deps.incidents.resolve(
      incident.id,
      `## Resolution: applied and verified\n\n${proposal.id} on ${proposal.device}, approved by <@${proposal.decided_by ?? "?"}> at ${proposal.decided_at ?? "?"}, was applied and ${proposal.reason ?? "verified"}.\n\n\`\`\`diff\n${proposal.diff ?? ""}\n\`\`\``,
    );
    this.deps.audit.append({
      actor: "nocbot",
      action: "resolve",
      incident: incident.id,
      proposal: proposal.id,
      device: proposal.device,
      outcome: "resolved",
    });
    this.#emit({ type: "resolved", incidentId: incident.id, proposal });
  }
}
