// What alerts say in an incident's thread: alerts that joined it, resolved, or fired again within the
// cooldown; the alerts clearing while the investigation runs; the incident resolved because they cleared.
// Alert names and summaries are monitoring's text: escaped and cut like any other.
import type { AlertNote } from "../alerts/processor.js";
import { summaryOf } from "../alerts/question.js";
import type { AlertRow } from "../store/alerts.js";
import { context, type SlackMessage, section } from "./blocks.js";
import { quote } from "./render.js";

const ALERTS_SHOWN = 10;

const alertLine = (a: AlertRow) => {
  const where = a.device
    ? ` on ${quote(a.device, 80)}${a.interface ? ` ${quote(a.interface, 80)}` : ""}`
    : "";
  const summary = summaryOf(a);
  return `• *${quote(a.name, 120)}*${a.severity ? ` (${quote(a.severity, 20)})` : ""}${where}${summary ? `: ${quote(summary, 200)}` : ""}${a.status === "resolved" && a.ends_at ? ` · ended ${a.ends_at}` : ""}`;
};

const alertList = (alerts: readonly AlertRow[]) => {
  const shown = alerts.slice(0, ALERTS_SHOWN).map(alertLine);
  return alerts.length > ALERTS_SHOWN ? [...shown, `… and ${alerts.length - ALERTS_SHOWN} more`] : shown;
};

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

export function alertNoteMessage(note: AlertNote): SlackMessage {
  switch (note.kind) {
    case "joined":
      return {
        text: `${count(note.alerts.length, "alert")} joined this incident`,
        blocks: [
          section(
            `:bell: *${count(note.alerts.length, "more alert")} of this group fired*; no new investigation:\n${alertList(note.alerts).join("\n")}`,
          ),
        ],
      };
    case "resolved":
      return {
        text: `${count(note.alerts.length, "alert")} resolved`,
        blocks: [section(`:white_check_mark: *Resolved*:\n${alertList(note.alerts).join("\n")}`)],
      };
    case "refired":
      return {
        text: "The alert fired again",
        blocks: [
          section(
            `:repeat: *Firing again*, after clearing at ${note.clearedAt}:\n${alertList(note.alerts).join("\n")}`,
          ),
          context(
            "Within the cooldown (NOC_ALERT_COOLDOWN) it stays this incident: no new investigation. Reply in this thread to investigate again.",
          ),
        ],
      };
    case "clearing":
      return {
        text: "The alert cleared while investigating",
        blocks: [
          section(
            `:hourglass: *The alert cleared* at ${note.at} while the investigation runs. It finishes; its findings are as of when it started. The incident is then marked resolved.`,
          ),
        ],
      };
    case "cleared":
      return {
        text: "Resolved: the alerts cleared",
        blocks: [
          section(
            `:large_green_circle: *Resolved: every alert of this incident cleared* (at ${note.at}). nocbot changed nothing for it.`,
          ),
          ...(note.proposals.length
            ? [
                context(
                  `Proposed changes ${note.proposals.join(", ")} are still pending, marked "alert cleared, still needed?": approve only if they are.`,
                ),
              ]
            : []),
        ],
      };
  }
}
