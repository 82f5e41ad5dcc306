// The only way a device's configuration changes: a proposal is recorded and checked as the run makes it
// (whichever front end started the run), staged to get the device's own diff, decided by a person, then
// committed with a revert timer, verified, and confirmed or rolled back. A decision is an exactly-once move
// in SQLite; applying holds the device's lock; every check, decision and step is in the audit log.
import { createHash } from "node:crypto";
import type { ProposalRecord } from "../agents/incident.js";
import { analyzeNetwork } from "../analyzers/analyze.js";
import { countsAsRootCause } from "../analyzers/rank.js";
import type { Clock } from "../clock.js";
import { errorMessage } from "../error-message.js";
import { InFlight } from "../in-flight.js";
import type { Logger } from "../log.js";
import type { NetworkSource } from "../network/source.js";
import type { AuditEntry, AuditLog } from "../store/audit.js";
import type { IncidentStore } from "../store/incidents.js";
import type { ProposalRow, ProposalStatus, ProposalStore, ReasonCode } from "../store/proposals.js";
import type { RunEventListener } from "../supervisor/events.js";
import type { AllowlistExtension } from "./allowlist-file.js";
import type { Approvers } from "./approvers.js";
import { checkProposedLines } from "./check-lines.js";
import { DeviceLocks } from "./device-lock.js";
import { verifyFix } from "./verify.js";

export type ChangeUpdate =
  | { type: "proposal"; proposal: ProposalRow }
  | { type: "restaged"; proposal: ProposalRow; from: string; by: string }
  | { type: "resolved"; incidentId: string; proposal: ProposalRow }
  /** Something only a person can sort out: a rollback that failed leaves the device in an unknown state. */
  | { type: "attention"; proposal: ProposalRow; why: string };

export type Decision =
  | { kind: "not-found" }
  | { kind: "denied"; why: string; approvers: string; proposal: ProposalRow }
  | { kind: "decided-already"; proposal: ProposalRow }
  | { kind: "expired"; proposal: ProposalRow }
  | { kind: "not-decidable"; proposal: ProposalRow }
  | { kind: "rejected"; proposal: ProposalRow }
  | { kind: "approved"; proposal: ProposalRow; applied: Promise<ProposalRow> }
  | { kind: "restaged"; proposal: ProposalRow }
  | { kind: "restaged-already"; proposal: ProposalRow };

/** One run's proposals as they enter the lifecycle. */
export interface RunIntake {
  onEvent: RunEventListener;
  /** Every proposal of the run, once checked (staged and pending, or refused). */
  settled(): Promise<ProposalRow[]>;
}

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
  /** The team's additions to the allowlist of proposal lines (NOC_CHANGE_ALLOWLIST). */
  allowlist?: AllowlistExtension | null;
}

const hash = (text: string) => createHash("sha256").update(text).digest("hex");

/** A move of the proposal that another hand made impossible meanwhile. */
class LostMoveError extends Error {
  constructor(status: string) {
    super(`the proposal was moved to ${status} by someone else meanwhile`);
    this.name = "LostMoveError";
  }
}

export class ChangeWorkflow {
  readonly #locks = new DeviceLocks();
  readonly #listeners: Array<(update: ChangeUpdate) => void> = [];
  readonly #work = new InFlight();
  readonly #checking = new Map<string, Promise<ProposalRow>>();

  /** Changes this process did not start were cut off by a stop; those it started are its own. */
  readonly #startedAt: Date;

  constructor(private readonly deps: WorkflowDeps) {
    this.#startedAt = deps.clock.now();
  }

  on(listener: (update: ChangeUpdate) => void): void {
    this.#listeners.push(listener);
  }

  /** The listener a run's event bus carries beside the recorder: proposals are checked as they are made. */
  intake(run: { incidentId: string; runId: string }): RunIntake {
    const checks: Array<{ id: string; done: Promise<ProposalRow> }> = [];
    return {
      onEvent: (event) => {
        if (event.type === "proposal.created")
          checks.push({ id: event.proposal.id, done: this.#propose(run, event.proposal) });
      },
      // A check that threw (logged where it failed) leaves its proposal as the store has it: unchecked.
      settled: async () =>
        (
          await Promise.all(
            checks.map(({ id, done }) => done.catch(() => this.deps.proposals.get(id) ?? undefined)),
          )
        ).filter((row): row is ProposalRow => row !== undefined),
    };
  }

  /** Where a proposal stands once its check is over (at once if it is). */
  checked(proposalId: string): Promise<ProposalRow | null> {
    return this.#checking.get(proposalId) ?? Promise.resolve(this.deps.proposals.get(proposalId));
  }

  /** Audits the team's allowlist additions when they differ from the last ones audited, or are gone. */
  auditAllowlist(): void {
    const extension = this.deps.allowlist;
    const last = this.deps.audit.last("allowlist");
    if (!extension) {
      if (last?.outcome === "extended")
        this.deps.audit.append({
          actor: "nocbot",
          action: "allowlist",
          incident: null,
          proposal: null,
          device: null,
          outcome: "removed",
          detail: "NOC_CHANGE_ALLOWLIST is no longer set: the built-in allowlist alone decides",
        });
      return;
    }
    if (last?.outcome === "extended" && last.detail?.includes(extension.sha256)) return;
    this.deps.audit.append({
      actor: "nocbot",
      action: "allowlist",
      incident: null,
      proposal: null,
      device: null,
      outcome: "extended",
      detail: `${extension.file} (sha256 ${extension.sha256}), ${extension.rules.length} rule(s):\n${extension.summary}`,
    });
  }

  /** A person clicked Approve or Reject. */
  async decide(input: {
    proposalId: string;
    actor: string;
    decision: "approve" | "reject";
  }): Promise<Decision> {
    const { proposals } = this.deps;
    const proposal = proposals.get(input.proposalId);
    if (!proposal) return { kind: "not-found" };
    const audit = (outcome: AuditEntry["outcome"], detail: string | null = null) =>
      this.#audit(input.actor, input.decision, proposal, outcome, detail);
    const allowed = await this.#authorize(input.actor, proposal, input.decision);
    if (!allowed.ok) {
      audit("denied", allowed.why);
      return { kind: "denied", why: allowed.why, approvers: this.deps.approvers.describe(), proposal };
    }
    if (proposal.status !== "pending") {
      audit("ignored", `already ${proposal.status}`);
      return proposal.decided_by
        ? { kind: "decided-already", proposal }
        : { kind: "not-decidable", proposal };
    }
    if (Date.parse(proposal.expires_at) <= this.deps.clock.now().getTime()) {
      const expired = proposals.move(proposal.id, ["pending"], "expired", {
        reason_code: "ttl",
        reason: "not decided in time",
      });
      if (!expired.ok) {
        const now = expired.proposal ?? proposal;
        audit("lost-race", `already ${now.status}`);
        return { kind: "decided-already", proposal: now };
      }
      this.#emit({ type: "proposal", proposal: expired.proposal });
      audit("expired");
      return { kind: "expired", proposal: expired.proposal };
    }
    const to = input.decision === "approve" ? "approved" : "rejected";
    const moved = proposals.move(
      proposal.id,
      ["pending"],
      to,
      { decided_by: input.actor, decided_at: this.deps.clock.now().toISOString() },
      { unexpired: true },
    );
    if (!moved.ok) {
      const now = moved.proposal ?? proposal;
      audit("lost-race", `already ${now.status}`);
      return now.status === "expired"
        ? { kind: "expired", proposal: now }
        : { kind: "decided-already", proposal: now };
    }
    proposals.recordDecision(proposal.id, input.actor, input.decision);
    audit(to, to === "approved" ? moved.proposal.diff : null);
    this.#emit({ type: "proposal", proposal: moved.proposal });
    if (to === "rejected") return { kind: "rejected", proposal: moved.proposal };
    const applied = this.#work.track(
      this.#locks.run(proposal.device, () => this.#apply(moved.proposal, input.actor)),
    );
    return { kind: "approved", proposal: moved.proposal, applied };
  }

  /**
   * Checks and stages an expired, drifted or cut-off proposal again as a new one, with a fresh diff and time
   * to live. Only someone who may approve it may; of concurrent clicks, one makes the copy.
   */
  async restage(input: { proposalId: string; actor: string }): Promise<Decision> {
    const source = this.deps.proposals.get(input.proposalId);
    if (!source) return { kind: "not-found" };
    const allowed = await this.#authorize(input.actor, source, "approve");
    if (!allowed.ok) {
      this.#audit(input.actor, "restage", source, "denied", allowed.why);
      return {
        kind: "denied",
        why: allowed.why,
        approvers: this.deps.approvers.describe(),
        proposal: source,
      };
    }
    const result = this.deps.proposals.restage(source.id, this.deps.proposalTtlSeconds);
    if (result.kind === "not-restageable") return { kind: "not-decidable", proposal: source };
    if (result.kind === "restaged-already") {
      this.#audit(input.actor, "restage", source, "ignored", `already staged again as ${result.proposal.id}`);
      return { kind: "restaged-already", proposal: result.proposal };
    }
    this.#audit(input.actor, "restage", result.proposal, "restaged", `from ${source.id}`);
    const replaced = this.deps.proposals.get(source.id);
    if (replaced) this.#emit({ type: "proposal", proposal: replaced });
    const checked = await this.#startCheck(result.proposal);
    this.#emit({ type: "restaged", proposal: checked, from: source.id, by: input.actor });
    return { kind: "restaged", proposal: checked };
  }

  /**
   * After a restart: changes caught mid-way (by a process before this one) are marked failed, and a person
   * is told when the device's config is not what it was before (an unconfirmed commit reverts on its timer
   * only if the device honours it); proposals recorded but never checked are checked now.
   */
  recover(): { interrupted: ProposalRow[]; rechecked: Promise<ProposalRow[]> } {
    const before = this.#startedAt.toISOString();
    const interrupted = this.deps.proposals.inFlight().flatMap((p) => {
      if (p.updated_at >= before) return [];
      const moved = this.deps.proposals.move(p.id, [p.status], "failed", {
        reason_code: "interrupted",
        reason: `nocbot stopped while the change was ${p.status}; an unconfirmed commit rolls back on its revert timer (${this.deps.revertAfterSeconds} s)`,
      });
      if (!moved.ok) return [];
      this.#audit("nocbot", "recover", p, "failed", `interrupted by a restart while ${p.status}`);
      this.#work.track(this.#checkReverted(moved.proposal));
      return [moved.proposal];
    });
    const rechecked = Promise.all(this.deps.proposals.unchecked().map((p) => this.#startCheck(p)));
    return { interrupted, rechecked };
  }

  /**
   * A note on an incident's pending proposals, shown with each ("the alert cleared: still needed?"), or
   * cleared with null. It withdraws nothing: they stay pending, for a person to decide.
   */
  notePending(incidentId: string, note: string | null): ProposalRow[] {
    const changed = this.deps.proposals.notePending(incidentId, note);
    for (const proposal of changed) this.#emit({ type: "proposal", proposal });
    return changed;
  }

  /** A change cut off by a stop: if the device's config is not the one it was staged against, say so. */
  async #checkReverted(p: ProposalRow): Promise<void> {
    let why: string;
    try {
      const running = await this.deps.network.getConfig(p.device);
      if (hash(running) === p.base_hash) return;
      why = `nocbot stopped while ${p.id} was ${p.reason?.includes("applied") ? "applied" : "being applied"}, and the running config of ${p.device} is not the one it was staged against: the change may still be live. Check the device.`;
    } catch (error) {
      why = `nocbot stopped while ${p.id} was being applied, and ${p.device} cannot be read now (${errorMessage(error)}): check the device.`;
    }
    this.deps.log.error({ proposal: p.id, device: p.device }, why);
    this.#emit({ type: "attention", proposal: p, why });
  }

  /** Resolves when every check and apply started so far has ended (shutdown, tests). */
  idle(): Promise<void> {
    return this.#work.idle();
  }

  #propose(run: { incidentId: string; runId: string }, record: ProposalRecord): Promise<ProposalRow> {
    const row = this.deps.proposals.create({
      id: record.id,
      incidentId: run.incidentId,
      runId: run.runId,
      agent: record.agent,
      device: record.device,
      lines: record.lines,
      rationale: record.rationale,
      evidence: record.evidence,
      risk: record.risk,
      ttlSeconds: this.deps.proposalTtlSeconds,
    });
    return this.#startCheck(row);
  }

  #startCheck(row: ProposalRow): Promise<ProposalRow> {
    const checking = this.#work.track(this.#locks.run(row.device, () => this.#check(row)));
    this.#checking.set(row.id, checking);
    void checking.then(
      () => this.#checking.delete(row.id),
      (error: unknown) => {
        this.#checking.delete(row.id);
        this.deps.log.error(
          { err: error, proposal: row.id },
          "a proposal could not be checked; it stays unchecked",
        );
      },
    );
    return checking;
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

  #audit(
    actor: string,
    action: AuditEntry["action"],
    proposal: ProposalRow,
    outcome: AuditEntry["outcome"],
    detail: string | null = null,
  ): void {
    this.deps.audit.append({
      actor,
      action,
      incident: proposal.incident_id,
      proposal: proposal.id,
      device: proposal.device,
      outcome,
      detail,
    });
  }

  async #authorize(actor: string, proposal: ProposalRow, decision: "approve" | "reject") {
    const incident = this.deps.incidents.get(proposal.incident_id);
    const run = this.deps.incidents.runs(proposal.incident_id).find((r) => r.id === proposal.run_id);
    const requesters = [incident?.requested_by, run?.requested_by].filter((u): u is string => Boolean(u));
    // Saying no is always safe for the person who asked; saying yes needs an approver who did not.
    if (decision === "reject" && requesters.includes(actor)) return { ok: true as const };
    return this.deps.approvers.check(actor, requesters);
  }

  /** Checks a proposal's lines and stages them to get the device's own diff; or refuses it, saying why. */
  async #check(row: ProposalRow): Promise<ProposalRow> {
    const { network, proposals } = this.deps;
    const end = (to: "refused" | "failed", code: ReasonCode, why: string) => {
      const moved = proposals.move(row.id, ["proposed"], to, { reason_code: code, reason: why });
      if (moved.ok) this.#audit("nocbot", "check", row, to === "refused" ? "refused" : "failed", why);
      return moved.proposal ?? row;
    };
    const refuse = (code: ReasonCode, why: string) => end("refused", code, why);
    try {
      const inventory = await network.inventory();
      if (!inventory.some((d) => d.name === row.device))
        return refuse("unknown-device", `'${row.device}' is not a device in the inventory`);
      const [running, ospf, bgp, routes, lldp] = await Promise.all([
        network.getConfig(row.device),
        network.getOspfNeighbors(row.device),
        network.getBgpNeighbors(row.device),
        network.getRoutes(row.device),
        network.getLldpNeighbors(row.device),
      ]);
      const check = checkProposedLines(
        row.lines,
        { device: row.device, inventory, running, ospf, bgp, routes, lldp },
        this.deps.allowlist?.rules ?? [],
      );
      if (check.problems.length > 0) return refuse("lines-refused", check.problems.join("; "));
      const staged = await network.stage(row.device, row.lines);
      await network.discard(row.device);
      if (!staged.changed)
        return refuse(
          "no-change",
          `nothing to change: the running config of ${row.device} already has these lines`,
        );
      const risk = [row.risk, ...check.risks.map((r) => `• ${r}`)].filter(Boolean).join("\n");
      const moved = proposals.move(row.id, ["proposed"], "pending", {
        diff: staged.diff,
        base_hash: hash(running),
        risk,
      });
      if (moved.ok)
        this.#audit(
          "nocbot",
          "check",
          row,
          "staged",
          check.teamRules.length ? `allowed with team rules ${check.teamRules.join(", ")}` : null,
        );
      return moved.proposal ?? row;
    } catch (error) {
      // Not the lines' fault: the device could not be read or staged just now, so it can be tried again.
      await network.discard(row.device).catch(() => {});
      return end("failed", "stage-error", `could not be staged: ${errorMessage(error)}`);
    }
  }

  async #apply(approved: ProposalRow, actor: string): Promise<ProposalRow> {
    const { network, proposals, clock } = this.deps;
    const audit = (action: AuditEntry["action"], outcome: AuditEntry["outcome"], detail: string | null) =>
      this.#audit(actor, action, approved, outcome, detail);
    const move = (
      from: ProposalStatus[],
      to: ProposalStatus,
      code: ReasonCode | null,
      reason: string | null,
    ) => {
      const moved = proposals.move(approved.id, from, to, { reason_code: code, reason });
      if (moved.ok) this.#emit({ type: "proposal", proposal: moved.proposal });
      return moved;
    };
    // Every move must land: if another hand (a recovery, an operator) moved the proposal meanwhile, the
    // device is not touched any further, and a commit already made is rolled back.
    const must = (moved: ReturnType<typeof move>) => {
      if (!moved.ok) throw new LostMoveError(moved.proposal?.status ?? "gone");
      return moved.proposal;
    };
    const started = move(["approved"], "applying", null, null);
    if (!started.ok) return started.proposal ?? approved;
    let committed = false;
    let running = "";
    try {
      running = await network.getConfig(approved.device);
      if (hash(running) !== approved.base_hash) {
        const why = `the running config of ${approved.device} changed since this was staged; nothing was applied. Stage it again to see the new diff.`;
        audit("apply", "refused", why);
        return must(move(["applying"], "failed", "drift", why));
      }
      const before = await analyzeNetwork(network, clock.now());
      const staged = await network.stage(approved.device, approved.lines);
      const commit = await network.commit(approved.device, {
        revertAfterSeconds: this.deps.revertAfterSeconds,
      });
      committed = true;
      must(
        move(
          ["applying"],
          "applied",
          null,
          `committed ${commit.commit_id}; reverts at ${commit.revert_at ?? "-"} unless verified`,
        ),
      );
      audit(
        "commit",
        "committed",
        `${commit.commit_id}, reverts at ${commit.revert_at ?? "never"} unless confirmed\n${staged.diff}`,
      );
      const after = await analyzeNetwork(network, clock.now());
      const verification = verifyFix({ device: approved.device, evidence: approved.evidence, before, after });
      if (!verification.passed)
        return await this.#rollBack(
          approved,
          actor,
          running,
          "verification-failed",
          `post-checks failed: ${verification.failures.join("; ")}.`,
        );
      await network.confirm(approved.device);
      audit("verify", "verified", verification.checks.join("; "));
      const verified = must(
        move(["applied"], "verified", null, `verified: ${verification.checks.join("; ")}`),
      );
      this.#resolveIfFixed(verified, after.candidates);
      return verified;
    } catch (error) {
      const why = errorMessage(error);
      if (committed)
        return this.#rollBack(
          approved,
          actor,
          running,
          "apply-error-rolled-back",
          `error after the commit: ${why}.`,
        );
      await network.discard(approved.device).catch(() => {});
      audit("apply", "failed", why);
      const failed = move(["approved", "applying"], "failed", "apply-error", `not applied: ${why}`);
      return failed.proposal ?? approved;
    }
  }

  /** Undoes a commit. A rollback that fails is never swallowed: the device may be in an unknown state. */
  async #rollBack(
    p: ProposalRow,
    actor: string,
    before: string,
    code: "verification-failed" | "apply-error-rolled-back",
    why: string,
  ): Promise<ProposalRow> {
    const { network, proposals, log } = this.deps;
    const move = (to: ProposalStatus, reasonCode: ReasonCode, reason: string) => {
      const moved = proposals.move(p.id, ["applying", "applied"], to, { reason_code: reasonCode, reason });
      if (moved.ok) this.#emit({ type: "proposal", proposal: moved.proposal });
      return moved.proposal ?? p;
    };
    let failure: string;
    try {
      await network.rollback(p.device);
      const now = await network.getConfig(p.device);
      if (now === before) {
        const reason = `${why} Rolled back; the running config is as it was.`;
        this.#audit(actor, "rollback", p, "rolled-back", reason);
        return move("rolled-back", code, reason);
      }
      failure = "the rollback ran, but the running config is not what it was before the change";
    } catch (error) {
      failure = `the rollback failed: ${errorMessage(error)}`;
    }
    const reason = `${why} Then ${failure}. ${p.device} may be in an unknown state: a person must check it (an unconfirmed commit reverts on its timer, ${this.deps.revertAfterSeconds} s after the commit, if the device honours it).`;
    log.error({ proposal: p.id, device: p.device }, reason);
    this.#audit(actor, "rollback", p, "failed", reason);
    const moved = move("rollback-failed", "rollback-error", reason);
    this.#emit({ type: "attention", proposal: moved, why: reason });
    return moved;
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
    this.#audit("nocbot", "resolve", proposal, "resolved");
    this.#emit({ type: "resolved", incidentId: incident.id, proposal });
  }
}
