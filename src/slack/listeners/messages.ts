// Messages that start runs: an @mention starts an investigation (or, in an incident's thread, a
// follow-up), and a person's reply in an incident's thread is a follow-up. A mention in a thread arrives
// twice (app_mention and message) with different event ids: the message's own ts makes it one.
import type { App } from "@slack/bolt";
import type { IncidentRow } from "../../store/incidents.js";
import { type UserMessage, UserMessageSchema, withoutMention } from "../payloads.js";
import { helpMessage } from "../render.js";
import type { ListenerDeps } from "./deps.js";

/** Message subtypes that are still a person writing in the thread; edits, deletions and bots are not. */
const PERSON_SUBTYPES = new Set([undefined, "thread_broadcast", "file_share"]);

export function registerMessageListeners(app: App, deps: ListenerDeps): void {
  app.event("app_mention", async ({ event, context }) => {
    const message = UserMessageSchema.safeParse(event);
    if (!message.success) {
      deps.log.warn({ issues: message.error.issues }, "malformed app_mention event");
      return;
    }
    const m = message.data;
    if (m.bot_id) return;
    const incident = m.thread_ts ? deps.store.byThread(m.channel, m.thread_ts) : null;
    await handle(deps, m, incident, withoutMention(m.text, context.botUserId), true);
  });

  app.event("message", async ({ event, context }) => {
    const message = UserMessageSchema.safeParse(event);
    if (!message.success) return; // bot messages, edits and deletions carry no user
    const m = message.data;
    if (m.bot_id || !PERSON_SUBTYPES.has(m.subtype) || !m.thread_ts || m.thread_ts === m.ts) return;
    const incident = deps.store.byThread(m.channel, m.thread_ts);
    if (!incident) return;
    await handle(deps, m, incident, withoutMention(m.text, context.botUserId), false);
  });
}

/** `incident`: the incident whose thread the message is in, if any. */
async function handle(
  deps: ListenerDeps,
  m: UserMessage,
  incident: IncidentRow | null,
  text: string,
  mentioned: boolean,
): Promise<void> {
  if (!text) {
    if (mentioned) {
      await deps.gateway.ephemeral(
        m.channel,
        m.user,
        helpMessage("Tell me what is wrong, e.g. `@nocbot branch latency since this morning`.\n\n"),
        m.thread_ts,
      );
    }
    return;
  }
  if (!deps.state.claim(`message:${m.channel}:${m.ts}`)) return;
  if (incident) {
    deps.threads.followUp({ incident, question: text, user: m.user });
    return;
  }
  try {
    await deps.threads.investigate({ question: text, channel: m.channel, user: m.user });
  } catch (error) {
    deps.log.warn({ err: error, channel: m.channel }, "could not start an investigation from a mention");
  }
}
