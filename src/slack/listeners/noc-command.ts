// /noc: acknowledged at once; an investigation starts after the ack, everything else is answered in the
// ack itself, visible only to the person who asked.
import type { App, RespondFn } from "@slack/bolt";
import { cutNotice } from "../../runs/question.js";
import { type SlackMessage, section } from "../blocks.js";
import { parseNocCommand } from "../command.js";
import { SlashCommandSchema } from "../payloads.js";
import { helpMessage, historyMessage, plainMessage, statusMessage } from "../render.js";
import type { ListenerDeps } from "./deps.js";
import { slackErrorAdvice } from "./slack-errors.js";

const ephemeral = (message: SlackMessage) => ({ response_type: "ephemeral" as const, ...message });

export function registerNocCommand(app: App, deps: ListenerDeps): void {
  app.command(/^\/noc/, async ({ body, ack, respond }) => {
    const parsed = SlashCommandSchema.safeParse(body);
    if (!parsed.success) {
      await ack(ephemeral(plainMessage("nocbot could not read this command; please try again.")));
      deps.log.warn({ issues: parsed.error.issues }, "malformed slash command payload");
      return;
    }
    const command = parsed.data;
    const request = parseNocCommand(command.text);
    switch (request.kind) {
      case "help":
        await ack(ephemeral(helpMessage(request.problem ? `${request.problem}\n\n` : "")));
        return;
      case "status": {
        const row = request.incidentId ? deps.store.get(request.incidentId) : (deps.store.list(1)[0] ?? null);
        await ack(
          ephemeral(
            row
              ? statusMessage(row, deps.store.runs(row.id).length)
              : plainMessage(request.incidentId ? `No incident ${request.incidentId}.` : "No incidents yet."),
          ),
        );
        return;
      }
      case "history": {
        const rows = request.query ? deps.store.search(request.query, 10) : deps.store.list(10);
        await ack(ephemeral(historyMessage(rows, request.query)));
        return;
      }
      case "investigate": {
        await ack();
        if (!deps.state.claim(`command:${command.trigger_id}`)) return;
        await deps.inFlight.track(startInvestigation(deps, command, request.text, respond));
        return;
      }
    }
  });
}

/** Opens the incident after the ack; whatever goes wrong is told to the person who asked, privately. */
async function startInvestigation(
  deps: ListenerDeps,
  command: { channel_id: string; user_id: string },
  text: string,
  respond: RespondFn,
): Promise<void> {
  try {
    const incident = await deps.threads.investigate({
      question: text,
      channel: command.channel_id,
      user: command.user_id,
    });
    const notice = cutNotice(incident.id, text);
    if (notice) await respond(ephemeral({ text: "Long description", blocks: [section(notice)] }));
  } catch (error) {
    deps.log.warn({ err: error, channel: command.channel_id }, "could not start an investigation");
    await respond(ephemeral(plainMessage(slackErrorAdvice(error))));
  }
}
