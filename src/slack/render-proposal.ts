// A proposed change in the thread: what it changes, why, and the buttons to decide it.
import type { ProposalRecord } from "../agents/incident.js";
import { codeSections, context, type SlackMessage, section } from "./blocks.js";

export const APPROVE_ACTION = "noc_proposal_approve";
export const REJECT_ACTION = "noc_proposal_reject";

export async function simpleProposalView(p: ProposalRecord): Promise<SlackMessage> {
  return {
    text: `Proposed change ${p.id} on ${p.device}`,
    blocks: [
      section(`:wrench: *Proposed change ${p.id}* on *${p.device}* (from ${p.agent})\n${p.rationale}`),
      ...codeSections(p.lines.join("\n")),
      context(`risk: ${p.risk}`),
      {
        type: "actions",
        block_id: `proposal:${p.id}`,
        elements: [
          {
            type: "button",
            action_id: APPROVE_ACTION,
            text: { type: "plain_text", text: "Approve" },
            style: "primary",
            value: p.id,
          },
          {
            type: "button",
            action_id: REJECT_ACTION,
            text: { type: "plain_text", text: "Reject" },
            style: "danger",
            value: p.id,
          },
        ],
      },
    ],
  };
}
