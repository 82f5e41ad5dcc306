// Slack's error codes, turned into what the person who asked can do about them.
import { ErrorCode } from "@slack/web-api";

const ADVICE: Record<string, string> = {
  not_in_channel: "nocbot is not in this channel: invite it with `/invite @nocbot`, then try again.",
  channel_not_found:
    "nocbot cannot see this channel (a private channel or a DM it is not part of): invite it, or use a channel it is in.",
  is_archived: "This channel is archived.",
  restricted_action: "This workspace does not allow nocbot to post here.",
};

export function slackErrorAdvice(error: unknown): string {
  const e = error as { code?: unknown; data?: { error?: unknown } } | null;
  const code = e?.code === ErrorCode.PlatformError ? String(e.data?.error ?? "") : "";
  return (
    ADVICE[code] ??
    `nocbot could not start the investigation (${code || "Slack did not answer"}); please try again.`
  );
}
