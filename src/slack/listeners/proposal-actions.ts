// The Approve, Reject and Stage again buttons. Acknowledged at once; the decision is the workflow's, an
// exactly-once move in SQLite. Whoever is refused, or comes too late, is told why, privately.
import type { App } from "@slack/bolt";
import type { ChangeWorkflow, Decision } from "../../changes/workflow.js";
import { context, type SlackMessage, section } from "../blocks.js";
import { BlockActionSchema } from "../payloads.js";
import { APPROVE_ACTION, REJECT_ACTION, RESTAGE_ACTION } from "../render-proposal.js";
import type { ListenerDeps } from "./deps.js";

const ACTIONS = new RegExp(`^(${APPROVE_ACTION}|${REJECT_ACTION}|${RESTAGE_ACTION})$`);

function answer(decision: Decision, verb: string): SlackMessage | null {
  switch (decision.kind) {
    case "not-found":
      return { text: "Unknown proposal", blocks: [section("This proposal is not in nocbot's records.")] };
    case "denied":
      return {
        text: `You cannot ${verb} ${decision.proposal.id}`,
        blocks: [
          section(`:no_entry: You cannot ${verb} *${decision.proposal.id}*: ${decision.why}.`),
          context(
            `Who can approve: ${decision.approvers}. Your click was recorded in the audit log; nothing changed.`,
          ),
        ],
      };
    case "decided-already": {
      const p = decision.proposal;
      return {
        text: `${p.id} was already decided`,
        blocks: [
          section(
            `*${p.id}* was already decided by <@${p.decided_by ?? "?"}> at ${p.decided_at ?? "?"}; it is now *${p.status}*. Your click changed nothing.`,
          ),
        ],
      };
    }
    case "not-decidable":
      return {
        text: `${decision.proposal.id} is ${decision.proposal.status}`,
        blocks: [
          section(`*${decision.proposal.id}* is *${decision.proposal.status}*: there is nothing to decide.`),
        ],
      };
    case "expired":
      return {
        text: `${decision.proposal.id} expired`,
        blocks: [
          section(
            `:alarm_clock: *${decision.proposal.id}* expired at ${decision.proposal.expires_at} without a decision; nothing was applied.`,
          ),
          {
            type: "actions",
            elements: [
              {
                type: "button",
                action_id: RESTAGE_ACTION,
                text: { type: "plain_text", text: "Stage it again" },
                value: decision.proposal.id,
              },
            ],
          },
        ],
      };
    case "restaged-already":
      return {
        text: `${decision.proposal.id} is staged already`,
        blocks: [
          section(
            `This change was already staged again as *${decision.proposal.id}* (now *${decision.proposal.status}*); your click changed nothing.`,
          ),
        ],
      };
    case "approved":
    case "rejected":
    case "restaged":
      return null; // the proposal's own message shows it
  }
}

export function registerProposalActions(app: App, deps: ListenerDeps, workflow: ChangeWorkflow): void {
  app.action(ACTIONS, async ({ ack, body }) => {
    await ack();
    await deps.inFlight.track(handle(body));
  });

  async function handle(body: unknown): Promise<void> {
    const parsed = BlockActionSchema.safeParse(body);
    if (!parsed.success) {
      deps.log.warn({ issues: parsed.error.issues }, "malformed block_actions payload");
      return;
    }
    const click = parsed.data;
    const action = click.actions[0];
    const proposalId = action?.value;
    if (!action || !proposalId) return;
    const actor = click.user.id;
    const decision =
      action.action_id === RESTAGE_ACTION
        ? await workflow.restage({ proposalId, actor })
        : await workflow.decide({
            proposalId,
            actor,
            decision: action.action_id === APPROVE_ACTION ? "approve" : "reject",
          });
    const message = answer(
      decision,
      action.action_id === REJECT_ACTION
        ? "reject"
        : action.action_id === RESTAGE_ACTION
          ? "restage"
          : "approve",
    );
    const channel = click.channel?.id ?? click.container?.channel_id;
    if (message && channel) await deps.gateway.ephemeral(channel, actor, message, click.message?.thread_ts);
  }
}
