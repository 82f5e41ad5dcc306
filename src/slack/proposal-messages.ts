// Keeps each proposal's message in its thread true to where the proposal stands: edited in place at every
// move (approved by whom, applying, applied, verified or rolled back), a restaged proposal posted anew, a
// failed rollback raised for a person, and a resolved incident's root message and thread told.
import type { ChangeUpdate } from "../changes/workflow.js";
import { InFlight } from "../in-flight.js";
import type { Logger } from "../log.js";
import type { IncidentStore } from "../store/incidents.js";
import type { ProposalRow } from "../store/proposals.js";
import type { SlackState } from "../store/slack-state.js";
import { context, escapeMrkdwn, section } from "./blocks.js";
import type { SlackGateway } from "./gateway.js";
import { rootMessage } from "./render.js";
import { proposalMessage } from "./render-proposal.js";

export class ProposalMessages {
  readonly #sent = new InFlight();

  constructor(
    private readonly deps: {
      gateway: SlackGateway;
      state: SlackState;
      incidents: IncidentStore;
      log: Logger;
      approvers: () => string;
    },
  ) {}

  handle(update: ChangeUpdate): void {
    const { gateway, state, incidents } = this.deps;
    const incident = incidents.get(
      update.type === "resolved" ? update.incidentId : update.proposal.incident_id,
    );
    if (!incident?.channel || !incident.root_ts) return;
    switch (update.type) {
      case "proposal": {
        const ref = state.message(incident.id, `proposal:${update.proposal.id}`);
        if (ref)
          this.#track(
            gateway.update(ref.channel, ref.ts, proposalMessage(update.proposal, this.deps.approvers())),
          );
        return;
      }
      case "restaged":
        this.post(update.proposal, `staged again from ${update.from} by <@${update.by}>`);
        return;
      case "attention": {
        const p = update.proposal;
        this.#track(
          gateway.post(
            incident.channel,
            {
              text: `${p.id} on ${p.device} needs a person: the rollback failed`,
              blocks: [
                section(
                  `:rotating_light: *${p.id} on ${p.device} needs a person now*${p.decided_by ? ` (approved by <@${p.decided_by}>)` : ""}: ${escapeMrkdwn(update.why)}`,
                ),
                context(
                  "nocbot will not touch this device again for this proposal; check its running config by hand.",
                ),
              ],
            },
            incident.root_ts,
          ).ts,
        );
        return;
      }
      case "resolved": {
        const p = update.proposal;
        const status = `resolved: ${incident.verdict_label ?? "fault"} on ${incident.verdict_device ?? p.device} fixed by ${p.id}`;
        this.#track(gateway.update(incident.channel, incident.root_ts, rootMessage(incident, status)));
        this.#track(
          gateway.post(
            incident.channel,
            {
              text: `${incident.id} resolved`,
              blocks: [
                section(
                  `:large_green_circle: *${incident.id} is resolved*: ${p.id} on ${p.device}, approved by <@${p.decided_by ?? "?"}>, was applied and verified; the analyzers no longer see ${incident.verdict_label ?? "the fault"} on ${incident.verdict_device ?? p.device}.`,
                ),
                context(
                  "The stored report has a Resolution section: `nocbot incidents show` or `/noc status`.",
                ),
              ],
            },
            incident.root_ts,
          ).ts,
        );
        return;
      }
    }
  }

  /**
   * A proposal that has no message yet (restaged, or checked after a restart) goes into its thread; one
   * whose placeholder went out before a stop gets that message edited instead.
   */
  post(proposal: ProposalRow, note?: string): void {
    const { gateway, state, incidents } = this.deps;
    const incident = incidents.get(proposal.incident_id);
    if (!incident?.channel || !incident.root_ts) return;
    const message = proposalMessage(proposal, this.deps.approvers());
    if (note) message.blocks.push(context(note));
    const ref = state.message(incident.id, `proposal:${proposal.id}`);
    if (ref) {
      this.#track(gateway.update(ref.channel, ref.ts, message));
      return;
    }
    const posted = gateway.post(incident.channel, message, incident.root_ts);
    this.#track(
      posted.ts.then((ts) =>
        state.setMessage(incident.id, `proposal:${proposal.id}`, { channel: posted.channel, ts }),
      ),
    );
  }

  settled(): Promise<void> {
    return this.#sent.idle();
  }

  #track(promise: Promise<unknown>): void {
    this.#sent
      .track(promise)
      .catch((error: unknown) => this.deps.log.error({ err: error }, "could not update a proposal message"));
  }
}
