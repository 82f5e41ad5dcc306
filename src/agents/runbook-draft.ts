// After an incident with a verdict, the documentation specialist drafts a runbook from what the incident
// showed: what matched it (its root cause, device, words), a check for each piece of evidence found (with
// the analyzer rule that answers it), how the verdict read it, and what was proposed. It is a draft for a
// person to review: `draft: true` keeps it out of matching and fetching until someone removes that line,
// owner and escalation are left for the team to write, and nothing here applies anything.
import { stringify } from "yaml";
import { significantWords } from "../store/incidents.js";

export interface DraftSource {
  incident: {
    id: string;
    question: string;
    verdict_label: string | null;
    verdict_device: string | null;
    verdict_interface: string | null;
    synthesis: string | null;
  };
  findings: ReadonlyArray<{ agent: string; title: string; evidence: string[] }>;
  proposals: ReadonlyArray<{ id: string; device: string; lines: string[]; status: string }>;
  toolsUsed: readonly string[];
  /** The names nocbot has: its specialists, their tools, the analyzer rules. */
  known: { specialists: readonly string[]; tools: readonly string[]; rules: readonly string[] };
}

const CHECKS = 8;
const KEYWORDS = 5;

export class DraftError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DraftError";
  }
}

const ruleOf = (evidence: string) => evidence.split("@")[0] ?? evidence;

/** The draft's Markdown, or why the incident cannot give one (no verdict naming a root cause). */
export function draftRunbook(source: DraftSource, today: Date): { id: string; markdown: string } {
  const { incident, known } = source;
  const label = incident.verdict_label;
  if (!label || label === "other" || !incident.verdict_device)
    throw new DraftError(
      `${incident.id} has no verdict naming a root cause and a device to draft a runbook from`,
    );
  const where = `${incident.verdict_device}${incident.verdict_interface ? ` ${incident.verdict_interface}` : ""}`;
  const id = `draft-${label}-${incident.id.toLowerCase()}`;

  // One check per (specialist, evidence rule), strongest first; a finding without a known rule is a check too.
  const checks = new Map<string, { agent: string; title: string; rules: string[] }>();
  for (const f of source.findings) {
    if (!known.specialists.includes(f.agent)) continue;
    const rules = [...new Set(f.evidence.map(ruleOf).filter((r) => known.rules.includes(r)))];
    const key = `${f.agent}|${rules.join(",") || f.title}`;
    if (!checks.has(key)) checks.set(key, { agent: f.agent, title: f.title.replace(/\s+/g, " "), rules });
  }
  const chosen = [...checks.values()].slice(0, CHECKS);
  const specialists = [...new Set(chosen.map((c) => c.agent))];
  const tools = [
    ...new Set([
      ...source.toolsUsed.filter((t) => known.tools.includes(t)),
      ...(chosen.some((c) => c.rules.length) && known.tools.includes("get_findings") ? ["get_findings"] : []),
    ]),
  ];
  const keywords = significantWords(incident.question)
    .filter((w) => w.length > 3)
    .slice(0, KEYWORDS);

  const frontmatter = stringify(
    {
      id,
      title: `Draft: ${label} on ${incident.verdict_device} (from ${incident.id})`,
      description: `Drafted by nocbot from ${incident.id}; review every line, then remove draft: true to use it.`,
      match: {
        root_causes: [label],
        devices: [incident.verdict_device],
        ...(keywords.length ? { keywords } : {}),
      },
      specialists: specialists.length ? specialists : [known.specialists[0] ?? "diagnosis"],
      tools,
      owner: "unassigned (set before enabling)",
      escalation: "not written yet: the team fills it in before enabling",
      last_reviewed: today.toISOString().slice(0, 10),
      draft: true,
    },
    { lineWidth: 0 },
  ).trimEnd();

  const remediation = source.proposals.length
    ? [
        `What was proposed in ${incident.id} (a proposal at most: a person approves it, nothing here applies anything):`,
        ...source.proposals.flatMap((p) => [
          `- ${p.id} on ${p.device} (${p.status}):`,
          "  ```",
          ...p.lines.map((l) => `  ${l}`),
          "  ```",
        ]),
      ].join("\n")
    : `Nothing was proposed in ${incident.id}.`;
  const body = [
    "## Goal",
    `Find whether ${label} on ${where} is back, as in ${incident.id} ("${incident.question.replace(/\s+/g, " ").slice(0, 200)}"), and what fixed it then.`,
    "",
    "## Checks",
    ...(chosen.length
      ? chosen.map(
          (c, i) =>
            `${i + 1}. [${c.agent}] ${c.title}${c.rules.length ? ` (evidence: ${c.rules.join(", ")})` : ""}`,
        )
      : [`1. Confirm ${label} on ${where} with the tools at hand.`]),
    "",
    "## Interpretation",
    `In ${incident.id} the verdict was ${label} on ${where}.${incident.synthesis ? ` ${incident.synthesis.replace(/\s+/g, " ").slice(0, 1500)}` : ""}`,
    "",
    "## Remediation",
    remediation,
    "",
    "## Escalation",
    "Not written yet: who to call, with what, when this runbook does not settle it.",
  ].join("\n");
  return { id, markdown: `---\n${frontmatter}\n---\n\n${body}\n` };
}
