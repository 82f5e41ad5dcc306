// What a runbook is: YAML frontmatter (who it is for, when it applies, who owns it) over a Markdown body of
// five sections. The frontmatter is validated here; names nocbot defines elsewhere (tools, specialists,
// analyzer rules) are checked against a vocabulary handed in, so this layer depends on none of them.
import { z } from "zod";
import { RootCauseLabelSchema } from "../network/root-causes.js";

export const RUNBOOK_SECTIONS = ["Goal", "Checks", "Interpretation", "Remediation", "Escalation"] as const;
export type RunbookSection = (typeof RUNBOOK_SECTIONS)[number];

/** A glob over names: `*` any run of characters, `?` one; compared without regard to case. */
const Glob = z.string().min(1).max(200);

const OneLine = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((text) => !/[\r\n]/.test(text.trim()), "expected one line");

export const RunbookFrontmatterSchema = z.strictObject({
  id: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9-]{1,62}$/,
      "expected a lower-case id of letters, digits and dashes (wan-link-down)",
    ),
  title: OneLine(120),
  description: OneLine(200),
  match: z
    .strictObject({
      /** Alert names (Alertmanager's `alertname`, Grafana's rule, PagerDuty's title). */
      alerts: z.array(Glob).max(50).default([]),
      /** Alert labels that must all match for the labels to count. */
      labels: z
        .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "expected a label name"), Glob)
        .default({}),
      /** Root-cause labels from the closed set the analyzers and the lab use. */
      root_causes: z.array(RootCauseLabelSchema).max(20).default([]),
      devices: z.array(Glob).max(50).default([]),
      keywords: z.array(z.string().min(2).max(60)).max(50).default([]),
    })
    .refine(
      (m) => m.alerts.length + Object.keys(m.labels).length + m.root_causes.length + m.keywords.length > 0,
      "a runbook needs at least one of alerts, labels, root_causes or keywords to match on",
    ),
  /** The specialists the runbook is for; a check tagged [agent] is for that one only. */
  specialists: z.array(z.string().min(1)).min(1).max(10),
  /** The tools its checks need. */
  tools: z.array(z.string().min(1)).max(40).default([]),
  owner: OneLine(100),
  /** Who to call when the runbook does not settle it: one line; the body's Escalation section says how. */
  escalation: OneLine(300),
  last_reviewed: z.iso.date({ error: "expected a date such as 2025-06-30" }),
  /** A draft (written by nocbot after an incident) is never matched or fetched until a person removes this. */
  draft: z.boolean().default(false),
});
export type RunbookFrontmatter = z.infer<typeof RunbookFrontmatterSchema>;

export interface RunbookCheck {
  /** The number the author gave it; the report cites checks by it. */
  n: number;
  text: string;
  /** The specialists it is for ([diagnosis] before the text); empty: whoever fetches the runbook. */
  agents: string[];
  /** Tools it names (`get_interfaces`); as parsed, every backticked word that could be one. */
  tools: string[];
  /** Analyzer rules that answer it without a model ("(evidence: STATE-IF-DOWN)"). */
  rules: string[];
  line: number;
}

export interface Runbook extends RunbookFrontmatter {
  path: string;
  goal: string;
  checks: RunbookCheck[];
  interpretation: string;
  remediation: string;
  escalationSteps: string;
}

export interface RunbookProblem {
  file: string;
  line: number | null;
  severity: "error" | "warning";
  message: string;
}

/** What nocbot has that runbooks may name: the closed sets defined above this layer. */
export interface RunbookVocabulary {
  tools: readonly string[];
  /** Each specialist and the tools it may call. */
  specialists: Readonly<Record<string, readonly string[]>>;
  rules: readonly string[];
}
