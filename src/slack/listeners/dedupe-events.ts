// Slack delivers events at least once: a retry (x-slack-retry-num over HTTP, retry_attempt over Socket
// Mode) or a plain redelivery carries the same event_id. The first delivery claims it in SQLite, so a
// restart in between changes nothing; a retry whose original never arrived is the first, and runs.
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { Logger } from "../../log.js";
import type { SlackState } from "../../store/slack-state.js";
import { EventEnvelopeSchema } from "../payloads.js";

export function dedupeEvents(state: SlackState, log: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const envelope = EventEnvelopeSchema.safeParse(body);
    if (envelope.success && !state.claim(`event:${envelope.data.event_id}`)) {
      log.info(
        { eventId: envelope.data.event_id, retryNum: context.retryNum, retryReason: context.retryReason },
        "event already handled; redelivery ignored",
      );
      return;
    }
    await next();
  };
}
