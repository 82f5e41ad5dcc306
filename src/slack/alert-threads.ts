// Alert incidents in Slack: the same threads, renderers and runner as an incident a person opened. An
// alert whose route names no channel is investigated and stored all the same, shown nowhere.
import type { AlertThreads } from "../alerts/processor.js";
import type { IncidentRunner } from "../runs/incident-runner.js";
import type { IncidentThreads } from "./incident-threads.js";
import { alertNoteMessage } from "./render-alert.js";

export function slackAlertThreads(threads: IncidentThreads, runner: IncidentRunner): AlertThreads {
  return {
    async investigate({ incident, channel, background, alert }) {
      if (channel) return threads.openThread({ incident, channel, background, alert });
      const run = runner.run({
        incident,
        kind: "investigation",
        question: incident.question,
        requestedBy: incident.requested_by,
        background,
        alert,
        hooks: () => ({ onEvent: () => {} }),
      });
      return { run };
    },
    note(incident, note) {
      threads.note(incident, alertNoteMessage(note));
      const found = incident.verdict_label
        ? [
            `found ${incident.verdict_label} on ${incident.verdict_device ?? "?"}${incident.verdict_interface ? ` ${incident.verdict_interface}` : ""}`,
          ]
        : [];
      if (note.kind === "cleared") threads.status(incident, "resolved: the alerts cleared", found);
      if (note.kind === "refired") threads.status(incident, "firing again", found);
    },
  };
}
