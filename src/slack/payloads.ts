// The parts of Slack's payloads nocbot acts on, validated: anything else in them is passed over, and a
// payload without what we need is refused with a log line instead of half-handled.
import { z } from "zod";

export const SlashCommandSchema = z.object({
  command: z.string(),
  text: z.string(),
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
  team_id: z.string().optional(),
  trigger_id: z.string().min(1),
  response_url: z.string().optional(),
});

/** A message the bot should read: an @mention, or a plain message in a thread. */
export const UserMessageSchema = z.object({
  type: z.enum(["app_mention", "message"]),
  subtype: z.string().optional(),
  user: z.string().min(1),
  bot_id: z.string().optional(),
  text: z.string().default(""),
  ts: z.string().min(1),
  channel: z.string().min(1),
  thread_ts: z.string().optional(),
  team: z.string().optional(),
});
export type UserMessage = z.infer<typeof UserMessageSchema>;

export const EventEnvelopeSchema = z.object({
  type: z.literal("event_callback"),
  event_id: z.string().min(1),
  team_id: z.string().optional(),
});

export const BlockActionSchema = z.object({
  type: z.literal("block_actions"),
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string().min(1) }).optional(),
  container: z.object({ channel_id: z.string().optional(), message_ts: z.string().optional() }).optional(),
  message: z.object({ ts: z.string(), thread_ts: z.string().optional() }).optional(),
  actions: z
    .array(z.object({ action_id: z.string(), value: z.string().max(200).optional(), action_ts: z.string() }))
    .min(1),
});

/** The text of a mention without the bot's own <@U...> tag. */
export const withoutMention = (text: string, botUserId: string | undefined): string =>
  (botUserId ? text.replaceAll(`<@${botUserId}>`, "") : text.replace(/^\s*<@[A-Z0-9]+>/, ""))
    .replace(/\s+/g, " ")
    .trim();
