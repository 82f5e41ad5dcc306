// One runbook file: `---` YAML frontmatter `---`, then a Markdown body with the sections Goal, Checks
// (a numbered list), Interpretation, Remediation and Escalation. Every problem names its line; an error
// keeps the runbook out, a warning is reported and the runbook is used.
import { readYamlDocument } from "../network/yaml-document.js";
import {
  RUNBOOK_SECTIONS,
  type Runbook,
  type RunbookCheck,
  RunbookFrontmatterSchema,
  type RunbookProblem,
  type RunbookSection,
} from "./schema.js";
import { secretLike } from "./secrets.js";

export const MAX_RUNBOOK_BYTES = 64 * 1024;

const REQUIRED: ReadonlySet<RunbookSection> = new Set(["Goal", "Checks"]);
const CHECK_ITEM = /^(\d{1,3})[.)]\s+(.*)$/;
const AGENT_TAG = /^\[([a-z][a-z0-9_-]*(?:\s*,\s*[a-z][a-z0-9_-]*)*)\]\s*/;
const EVIDENCE = /\(evidence:\s*([A-Z0-9][A-Z0-9@:/._#,\s-]*)\)/g;
/** A backticked word that may name a tool (`ping`, `get_logs`); the vocabulary check decides which do. */
const TOOL_NAME = /`([a-z][a-z0-9]*(?:_[a-z0-9]+)*)`/g;

export interface Parsed {
  runbook: Runbook | null;
  problems: RunbookProblem[];
}

export function parseRunbook(text: string, file: string): Parsed {
  const problems: RunbookProblem[] = [];
  const problem = (line: number | null, message: string, severity: "error" | "warning" = "error") =>
    problems.push({ file, line, severity, message });

  for (const { line, what } of secretLike(text))
    problem(line, `looks like ${what}; write a placeholder such as <secret> instead`);

  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const close = lines[0] === "---" ? lines.indexOf("---", 1) : -1;
  if (close < 0) {
    problem(1, "no frontmatter: a runbook starts with a '---' line, its YAML, and another '---' line");
    return { runbook: null, problems };
  }
  // The frontmatter starts on the file's second line.
  const inFile = (line: number | null) => (line === null ? null : line + 1);
  const doc = readYamlDocument(lines.slice(1, close).join("\n"));
  for (const e of doc.syntax) problem(inFile(e.line), e.message);
  const front = doc.syntax.length === 0 ? RunbookFrontmatterSchema.safeParse(doc.raw) : null;
  if (front && !front.success)
    for (const issue of front.error.issues) {
      const at = doc.at(issue.path, issue.message);
      problem(inFile(at.line), `${at.path ? `${at.path}: ` : ""}${issue.message}`);
    }

  const body = parseBody(lines.slice(close + 1), close + 2, problem);
  if (!front?.success || problems.some((p) => p.severity === "error")) return { runbook: null, problems };
  return {
    runbook: {
      ...front.data,
      path: file,
      goal: body.text.Goal,
      checks: body.checks,
      interpretation: body.text.Interpretation,
      remediation: body.text.Remediation,
      escalationSteps: body.text.Escalation,
    },
    problems,
  };
}

function parseBody(
  lines: string[],
  firstLine: number,
  problem: (line: number | null, message: string, severity?: "error" | "warning") => void,
): { text: Record<RunbookSection, string>; checks: RunbookCheck[] } {
  const text = Object.fromEntries(RUNBOOK_SECTIONS.map((s) => [s, ""])) as Record<RunbookSection, string>;
  const seen = new Map<RunbookSection, number>();
  const checks: RunbookCheck[] = [];
  let section: RunbookSection | "unknown" | null = null;
  lines.forEach((raw, i) => {
    const line = firstLine + i;
    const heading = /^##\s+(.+?)\s*#*\s*$/.exec(raw);
    if (heading) {
      const name = RUNBOOK_SECTIONS.find((s) => s.toLowerCase() === heading[1]?.toLowerCase()) ?? null;
      if (!name)
        problem(line, `unknown section '${heading[1]}'; expected ${RUNBOOK_SECTIONS.join(", ")}`, "warning");
      else if (seen.has(name))
        problem(line, `section ${name} appears twice (first at line ${seen.get(name)})`);
      else seen.set(name, line);
      section = name ?? "unknown";
      return;
    }
    if (!section) {
      if (raw.trim() && !/^#\s/.test(raw))
        problem(line, "text before the first ## section is ignored", "warning");
      return;
    }
    if (section === "unknown") return;
    if (section !== "Checks") {
      text[section] = text[section] ? `${text[section]}\n${raw}` : raw;
      return;
    }
    const item = CHECK_ITEM.exec(raw);
    const last = checks.at(-1);
    if (item)
      checks.push({ n: Number(item[1]), text: item[2] ?? "", agents: [], tools: [], rules: [], line });
    else if (last && raw.trim()) last.text += ` ${raw.trim()}`;
    else if (raw.trim()) problem(line, "the Checks section is a numbered list (1. ..., 2. ...)", "warning");
  });
  for (const name of RUNBOOK_SECTIONS) {
    text[name] = text[name].trim();
    if (!seen.has(name)) problem(null, `no '## ${name}' section`, REQUIRED.has(name) ? "error" : "warning");
  }
  if (seen.has("Checks") && checks.length === 0)
    problem(seen.get("Checks") ?? null, "the Checks list is empty");
  const numbers = new Set<number>();
  for (const check of checks) {
    if (numbers.has(check.n)) problem(check.line, `check ${check.n} is numbered twice`);
    numbers.add(check.n);
    Object.assign(check, readCheck(check.text));
  }
  return { text, checks };
}

/** A check's tags, tools and evidence rules, and its text without the tag. */
function readCheck(raw: string): Pick<RunbookCheck, "text" | "agents" | "tools" | "rules"> {
  const tag = AGENT_TAG.exec(raw);
  const text = (tag ? raw.slice(tag[0].length) : raw).trim();
  return {
    text: text.replace(EVIDENCE, "").replace(/\s+/g, " ").trim(),
    agents: tag?.[1]?.split(",").map((a) => a.trim()) ?? [],
    tools: [...new Set([...text.matchAll(TOOL_NAME)].map((m) => m[1] as string))],
    rules: [
      ...new Set(
        [...text.matchAll(EVIDENCE)].flatMap((m) =>
          (m[1] ?? "")
            .split(",")
            .map((r) => r.trim())
            .filter(Boolean),
        ),
      ),
    ],
  };
}
