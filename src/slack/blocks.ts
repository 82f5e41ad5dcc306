// Block Kit, kept inside Slack's limits before anything is sent: 50 blocks a message, 3,000 characters
// a section, 150 a header. Longer text is cut with a visible marker, never rejected by Slack.
import type { KnownBlock } from "@slack/types";

export const MAX_BLOCKS = 50;
export const MAX_SECTION = 3000;
/** The fallback text of a message (notifications, screen readers); Slack allows more, nobody reads more. */
export const MAX_TEXT = 3000;

const MARK = "… (truncated)";

/** Text a person or a device wrote, safe inside mrkdwn: Slack reads &, < and > as markup. */
export const escapeMrkdwn = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export const cut = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max - MARK.length)}${MARK}`;

export const section = (text: string): KnownBlock => ({
  type: "section",
  text: { type: "mrkdwn", text: cut(text || " ", MAX_SECTION) },
});
export const context = (text: string): KnownBlock => ({
  type: "context",
  elements: [{ type: "mrkdwn", text: cut(text || " ", MAX_SECTION) }],
});
export const header = (text: string): KnownBlock => ({
  type: "header",
  text: { type: "plain_text", text: cut(text, 150) },
});
export const divider = (): KnownBlock => ({ type: "divider" });

/** Text split at line boundaries into pieces of at most `max` characters (a longer line is cut). */
export function chunks(text: string, max: number): string[] {
  const out: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    const piece = cut(line, max);
    if (current && current.length + piece.length + 1 > max) {
      out.push(current);
      current = "";
    }
    current = current ? `${current}\n${piece}` : piece;
  }
  if (current) out.push(current);
  return out;
}

/** Long Markdown as consecutive sections, each within the section limit. */
export const sections = (text: string): KnownBlock[] => chunks(text, MAX_SECTION - 100).map(section);

/** Preformatted text (a diff, config lines) as sections, each fenced on its own so none breaks. */
export const codeSections = (text: string): KnownBlock[] =>
  chunks(text.replace(/```/g, "'''"), MAX_SECTION - 20).map((piece) => section(`\`\`\`\n${piece}\n\`\`\``));

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** The message with its blocks capped and its fallback text cut to size. */
export function fitToLimits(message: SlackMessage): SlackMessage {
  const blocks =
    message.blocks.length <= MAX_BLOCKS
      ? message.blocks
      : [
          ...message.blocks.slice(0, MAX_BLOCKS - 1),
          context(`… ${message.blocks.length - MAX_BLOCKS + 1} more blocks not shown`),
        ];
  return { text: cut(message.text || " ", MAX_TEXT), blocks };
}
