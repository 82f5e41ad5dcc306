// What each part of an incident thread looks like: pure functions from run data to Block Kit.
import type { StepStatus, Verdict } from "../agents/incident.js";
import type { SpecialistResult } from "../agents/result.js";
import type { IncidentRow } from "../store/incidents.js";
import type { Mode } from "../supervisor/events.js";
import type { Plan } from "../supervisor/plan.js";
import {
  context,
  cut,
  divider,
  escapeMrkdwn,
  header,
  type SlackMessage,
  section,
  sections,
} from "./blocks.js";

export const RULES_ONLY_NOTE =
  ":information_source: *rules-only*: no language model is configured; deterministic routing, analyzer findings and a templated report.";

const where = (device: string | null, iface: string | null) =>
  device ? `${device}${iface ? ` ${iface}` : ""}` : "";

/** A person's words shown back in a message: escaped, and cut to what a glance can take. */
export const quote = (text: string, max = 300) => escapeMrkdwn(cut(text.replace(/\s+/g, " ").trim(), max));

/** A Slack user id, or null for another requester (system:alerts). */
export const slackUser = (id: string | null): string | null => (id && /^[UW][A-Z0-9]+$/.test(id) ? id : null);

/** Who asked: a mention for a person, the principal's name for a system. */
export const requester = (id: string): string => (slackUser(id) ? `<@${id}>` : escapeMrkdwn(id));

export function rootMessage(
  incident: Pick<IncidentRow, "id" | "question" | "requested_by">,
  status: string,
  detail: string[] = [],
): SlackMessage {
  const question = quote(incident.question, 200);
  return {
    text: `${incident.id} · ${status}: ${question}`,
    blocks: [
      section(`*${incident.id}* · ${status}: ${question}`),
      context(
        [
          ...(incident.requested_by ? [`requested by ${requester(incident.requested_by)}`] : []),
          ...detail,
          "reply in the thread to follow up",
        ].join(" · "),
      ),
    ],
  };
}

export const verdictStatus = (verdict: Verdict): string =>
  verdict.fault
    ? `identified: ${verdict.label ?? "unknown cause"}${verdict.device ? ` on ${where(verdict.device, verdict.interface)}` : ""}`
    : "no fault found";

export function planMessage(input: {
  plan: Plan;
  mode: Mode;
  note: string | null;
  kind: "investigation" | "follow-up";
  question: string;
  similar: IncidentRow[];
}): SlackMessage {
  const lines = input.plan.steps.map(
    (s) =>
      `• *${s.agent}*${s.depends_on.length ? ` (after ${s.depends_on.join(", ")})` : ""}: ${escapeMrkdwn(s.task)}`,
  );
  const similar = input.similar.map(
    (s) =>
      `*${s.id}* (${s.status}${s.verdict_label ? `: ${s.verdict_label} on ${where(s.verdict_device, s.verdict_interface)}` : ""}) ${quote(s.question, 80)}`,
  );
  const title = input.kind === "follow-up" ? `*Follow-up* on _${quote(input.question, 200)}_\n` : "";
  return {
    text: `Plan: ${input.plan.steps.map((s) => s.agent).join(", ")}`,
    blocks: [
      section(`${title}*Plan*\n${lines.join("\n")}`),
      ...(input.mode === "rules-only" ? [context(RULES_ONLY_NOTE)] : []),
      ...(input.note && !input.note.startsWith("rules-only") ? [context(escapeMrkdwn(input.note))] : []),
      ...(similar.length ? [context(`Similar past incidents: ${similar.join(" · ")}`)] : []),
    ],
  };
}

export function stepRunning(agent: string, task: string, activity?: string): SlackMessage {
  return {
    text: `${agent}: running`,
    blocks: [
      section(`:hourglass_flowing_sand: *${agent}* running: ${escapeMrkdwn(task)}`),
      ...(activity ? [context(escapeMrkdwn(activity))] : []),
    ],
  };
}

export function stepDone(agent: string, result: SpecialistResult): SlackMessage {
  const top = result.findings
    .slice(0, 3)
    .map(
      (f) =>
        `• ${f.severity} (${f.confidence.toFixed(2)}) ${escapeMrkdwn(f.title)}${f.device ? ` @ ${where(f.device, f.interface)}` : ""}${f.evidence.length ? ` [${f.evidence.slice(0, 3).join(", ")}]` : ""}`,
    );
  const confidence = result.findings[0] ? ` · confidence ${result.findings[0].confidence.toFixed(2)}` : "";
  const more =
    result.findings.length > 3 ? [context(`${result.findings.length - 3} more findings stored`)] : [];
  return {
    text: `${agent}: done`,
    blocks: [
      section(`:white_check_mark: *${agent}* done${confidence}\n${escapeMrkdwn(result.summary)}`),
      ...(top.length ? [section(top.join("\n"))] : []),
      ...more,
    ],
  };
}

export function stepFailed(agent: string, status: Exclude<StepStatus, "done">, error: string): SlackMessage {
  const word =
    status === "timeout"
      ? "timed out"
      : status === "budget"
        ? "stopped (token budget spent)"
        : status === "skipped"
          ? "skipped"
          : "failed";
  return {
    text: `${agent}: ${word}`,
    blocks: [
      section(`:warning: *${agent}* ${word}: ${escapeMrkdwn(error)}`),
      context("The investigation goes on without it; the verdict says what is missing."),
    ],
  };
}

export function verdictMessage(input: {
  verdict: Verdict;
  source: "model" | "rules-only";
  synthesis: string;
  missing: string[];
}): SlackMessage {
  const v = input.verdict;
  const what = v.fault
    ? `*${v.label ?? "unknown cause"}*${v.device ? ` on *${where(v.device, v.interface)}*` : ""}`
    : "no fault found";
  return {
    text: `Verdict: ${verdictStatus(v)}`,
    blocks: [
      section(
        `:mag: *Verdict* (${input.source === "model" ? "model" : "rules-only ranking"}): ${what} · confidence ${v.confidence.toFixed(2)}`,
      ),
      ...sections(escapeMrkdwn(input.synthesis)).slice(0, 5),
      ...(v.evidence.length ? [context(`evidence: ${v.evidence.slice(0, 12).join(", ")}`)] : []),
      ...(input.missing.length
        ? [context(`:warning: *Partial result.* Missing: ${escapeMrkdwn(input.missing.join("; "))}`)]
        : []),
    ],
  };
}

/** Reports up to this size go in the thread as sections; longer ones go up as a Markdown file. */
export const REPORT_INLINE_LIMIT = 12_000;

export function reportMessage(markdown: string): SlackMessage {
  return {
    text: "Incident report",
    blocks: [
      context(":white_check_mark: *documentation* done"),
      header("Incident report"),
      divider(),
      ...sections(markdownToMrkdwn(markdown)),
    ],
  };
}

/** The documentation step's message when the report is too long for one and goes up as a file. */
export function reportAttached(markdown: string): SlackMessage {
  return {
    text: "Incident report attached",
    blocks: [
      section(
        `:white_check_mark: *documentation* done: the incident report (${markdown.length.toLocaleString("en")} characters) is attached below as Markdown.`,
      ),
    ],
  };
}

/** The report as a file, with a message that says what it is and how it starts. */
export function reportFileComment(markdown: string): string {
  const firstLine = markdown.split("\n").find((l) => l.trim() && !l.startsWith("#")) ?? "";
  return `Incident report (${markdown.length.toLocaleString("en")} characters, attached as Markdown). ${cut(firstLine, 300)}`;
}

/** Slack's mrkdwn is not Markdown: headings become bold lines, **bold** becomes *bold*. */
export function markdownToMrkdwn(markdown: string): string {
  return markdown
    .split("\n")
    .map((line) => {
      const heading = /^#{1,6}\s+(.*)$/.exec(line);
      if (heading) return `*${heading[1]}*`;
      return line.replace(/\*\*([^*]+)\*\*/g, "*$1*").replace(/^(\s*)[-*] \[ \] /, "$1☐ ");
    })
    .join("\n");
}

export function failedRunMessage(error: string): SlackMessage {
  return {
    text: "The investigation failed",
    blocks: [
      section(`:x: *The investigation failed*: ${escapeMrkdwn(cut(error, 1000))}`),
      context("What was found before the failure is stored; reply in this thread to try again."),
    ],
  };
}

export function interruptedMessage(runId: string, at: string): SlackMessage {
  return {
    text: `${runId} was interrupted`,
    blocks: [
      section(
        `:warning: *${runId} was interrupted*: nocbot stopped while it was running (noticed at restart, ${at}).`,
      ),
      context(
        "Everything recorded before the stop is kept. Reply in this thread to investigate again from what is known.",
      ),
    ],
  };
}

export function queuedMessage(): SlackMessage {
  return {
    text: "Queued",
    blocks: [
      context(":hourglass: Another run of this incident is still going; this follow-up starts when it ends."),
    ],
  };
}

export function statusMessage(row: IncidentRow, runs: number): SlackMessage {
  const verdict = row.verdict_label
    ? `${row.verdict_label} on ${where(row.verdict_device, row.verdict_interface)}`
    : "no verdict yet";
  return {
    text: `${row.id}: ${row.status}`,
    blocks: [
      section(`*${row.id}* · ${row.status} · ${verdict}\n${quote(row.question)}`),
      context(
        `opened ${row.created_at}${row.requested_by ? ` by ${requester(row.requested_by)}` : ""} · ${runs} run${runs === 1 ? "" : "s"} · updated ${row.updated_at}`,
      ),
    ],
  };
}

export function historyMessage(rows: IncidentRow[], query: string | null): SlackMessage {
  if (rows.length === 0) {
    return {
      text: "No incidents found",
      blocks: [section(query ? `No incident matches _${quote(query, 100)}_.` : "No incidents yet.")],
    };
  }
  const lines = rows.map(
    (r) =>
      `• *${r.id}* · ${r.status}${r.verdict_label ? ` · ${r.verdict_label} on ${where(r.verdict_device, r.verdict_interface)}` : ""} · ${r.created_at.slice(0, 10)}: ${quote(r.question, 120)}`,
  );
  return {
    text: `${rows.length} incidents`,
    blocks: [
      section(
        `${query ? `Incidents matching _${quote(query, 100)}_` : "Recent incidents"}\n${lines.join("\n")}`,
      ),
    ],
  };
}

export const HELP_TEXT = `*nocbot* investigates network incidents with a team of specialists.
• \`/noc investigate <what is wrong>\` (or just \`/noc <what is wrong>\`): start an investigation; progress appears in a thread
• \`/noc status [INC-id]\`: where an incident stands (the latest, without an id)
• \`/noc history [words]\`: past incidents, newest first, searched by words
• \`/noc help\`: this
Mention @nocbot with a description to start one too. To follow up on an incident, *reply in its thread*: slash commands do not work in threads.`;

export const helpMessage = (prefix = ""): SlackMessage => ({
  text: "nocbot help",
  blocks: [section(`${prefix}${HELP_TEXT}`)],
});

export const plainMessage = (text: string): SlackMessage => ({ text, blocks: [section(text)] });
