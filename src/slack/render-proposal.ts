// A proposed change in the thread, as it moves through its states: what it changes on the device (the
// staged diff), why, on what evidence, what could break, where it stands, and the buttons that decide it.
// The buttons carry only the proposal id; the server looks up everything else.
import type { ActionsBlock, KnownBlock } from "@slack/types";
import { canRestage, type ProposalRow } from "../store/proposals.js";
import { codeSections, context, escapeMrkdwn, type SlackMessage, section } from "./blocks.js";

export const APPROVE_ACTION = "noc_proposal_approve";
export const REJECT_ACTION = "noc_proposal_reject";
export const RESTAGE_ACTION = "noc_proposal_restage";

const who = (user: string | null) => (user ? `<@${user}>` : "someone");

const button = (
  actionId: string,
  text: string,
  id: string,
  style?: "primary" | "danger",
): ActionsBlock["elements"][number] => ({
  type: "button",
  action_id: actionId,
  text: { type: "plain_text", text },
  value: id,
  ...(style ? { style } : {}),
});

function status(p: ProposalRow, approvers: string): string {
  const decided = `${who(p.decided_by)} at ${p.decided_at ?? "?"}`;
  switch (p.status) {
    case "proposed":
      return ":hourglass: Checking and staging…";
    case "pending":
      return `:hourglass: *Waiting for an approver* (${approvers}) · expires ${p.expires_at}`;
    case "refused":
      return `:no_entry: *Refused before staging*, so it cannot be approved: ${escapeMrkdwn(p.reason ?? "")}`;
    case "approved":
      return `:white_check_mark: *Approved* by ${decided} · applying…`;
    case "applying":
      return `:gear: *Applying* (approved by ${decided}): committing with a revert timer…`;
    case "applied":
      return `:gear: *Applied* (approved by ${decided}): ${escapeMrkdwn(p.reason ?? "")} · verifying…`;
    case "verified":
      return `:large_green_circle: *Applied, verified and confirmed* · approved by ${decided}\n${escapeMrkdwn(p.reason ?? "")}`;
    case "rolled-back":
      return `:rewind: *Rolled back* (approved by ${decided}): ${escapeMrkdwn(p.reason ?? "")}`;
    case "rejected":
      return `:x: *Rejected* by ${decided}`;
    case "expired":
      return `:alarm_clock: *Expired* at ${p.expires_at}, undecided; stage it again to decide on a fresh diff`;
    case "failed":
      return `:warning: *Failed*: ${escapeMrkdwn(p.reason ?? "")}`;
    case "rollback-failed":
      return `:rotating_light: *Rollback failed: ${p.device} may be in an unknown state* (approved by ${decided}): ${escapeMrkdwn(p.reason ?? "")}`;
  }
}

export function proposalMessage(p: ProposalRow, approvers: string): SlackMessage {
  const blocks: KnownBlock[] = [
    section(
      `:wrench: *Proposed change ${p.id}* on *${p.device}* · from ${p.agent}\n${escapeMrkdwn(p.rationale)}`,
    ),
  ];
  if (p.evidence.length)
    blocks.push(context(`evidence: ${escapeMrkdwn(p.evidence.slice(0, 12).join(", "))}`));
  if (p.diff) {
    blocks.push(section("*Diff* (the staged candidate against the running config):"));
    blocks.push(...codeSections(p.diff).slice(0, 6));
  } else {
    blocks.push(section("*Lines proposed:*"));
    blocks.push(...codeSections(p.lines.join("\n")).slice(0, 3));
  }
  if (p.risk) blocks.push(section(`*Risk*: ${escapeMrkdwn(p.risk)}`));
  blocks.push(section(status(p, approvers)));
  if (p.note && p.status === "pending") blocks.push(context(`:bell: ${escapeMrkdwn(p.note)}`));
  if (p.superseded_by) blocks.push(context(`staged again as ${p.superseded_by}`));
  const actions =
    p.status === "pending"
      ? [button(APPROVE_ACTION, "Approve", p.id, "primary"), button(REJECT_ACTION, "Reject", p.id, "danger")]
      : canRestage(p)
        ? [button(RESTAGE_ACTION, "Stage again", p.id)]
        : [];
  if (actions.length) blocks.push({ type: "actions", block_id: `proposal:${p.id}`, elements: actions });
  return { text: `Proposed change ${p.id} on ${p.device}: ${p.status}`, blocks };
}
