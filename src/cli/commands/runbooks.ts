// nocbot runbooks list | show ID | check [DIR] | match "TEXT" [--scenario ID] [--alert NAME --label K=V]
// (each with --json): for runbook authors. `check` exits 1 when a runbook has an error (it would be left
// out at start); `match` shows the deterministic score behind every match, best first.
import { existsSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DraftError, draftRunbook } from "../../agents/runbook-draft.js";
import { runbookVocabulary } from "../../agents/runbooks.js";
import { analyzeNetwork } from "../../analyzers/analyze.js";
import { systemClock } from "../../clock.js";
import type { AppConfig } from "../../config.js";
import { SecretVault } from "../../network/secrets/vault.js";
import { describeRunbookProblem } from "../../runbooks/library.js";
import { matchRunbooks } from "../../runbooks/match.js";
import { parseRunbook } from "../../runbooks/parse.js";
import type { Runbook } from "../../runbooks/schema.js";
import { checkVocabulary } from "../../runbooks/vocabulary.js";
import { openDatabase } from "../../store/db.js";
import { IncidentStore } from "../../store/incidents.js";
import { ProposalStore } from "../../store/proposals.js";
import { type Io, json, table, UsageError } from "../io.js";
import { labFile, labNetwork, openLab } from "../lab-source.js";
import { openRunbooks, runbookDirs } from "../runbooks.js";

export const runbooksUsage =
  'nocbot runbooks list | runbooks show ID | runbooks check [DIR] | runbooks match "TEXT" [--scenario ID] [--alert NAME] [--label K=V]...   (each with --json) | runbooks draft INC-ID [--out FILE]';

export async function runRunbooks(args: string[], io: Io, config: AppConfig): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      scenario: { type: "string" },
      lab: { type: "string" },
      alert: { type: "string" },
      out: { type: "string" },
      label: { type: "string", multiple: true, default: [] },
    },
  });
  const [sub, ...rest] = positionals;
  const now = new Date();
  switch (sub) {
    case "list": {
      const { library } = openRunbooks(runbookDirs(config), now);
      const rows = library.all.map((r) => ({ id: r.id, title: r.title, path: r.path }));
      if (values.json) io.out(json(rows));
      else if (rows.length === 0) io.out("No runbooks.");
      else
        io.out(
          table(
            ["RUNBOOK", "PATH", "TITLE"],
            library.all.map((r) => [r.id, r.path, `${r.draft ? "[draft] " : ""}${r.title}`]),
          ),
        );
      return 0;
    }
    case "show": {
      const id = rest[0];
      if (!id) throw new UsageError("runbooks show needs a runbook id (see 'nocbot runbooks list')");
      const { library } = openRunbooks(runbookDirs(config), now);
      const runbook = library.get(id);
      if (!runbook) {
        io.err(`nocbot: no runbook '${id}'; runbooks: ${library.all.map((r) => r.id).join(", ") || "none"}`);
        return 1;
      }
      io.out(values.json ? json(runbook) : describeRunbook(runbook));
      return 0;
    }
    case "check": {
      const dirs = rest.length > 0 ? rest : runbookDirs(config);
      const { library, problems } = openRunbooks(dirs, now);
      const errors = problems.filter((p) => p.severity === "error").length;
      if (values.json) io.out(json({ runbooks: library.all.map((r) => r.id), problems }));
      else {
        for (const p of problems) io.out(describeRunbookProblem(p));
        io.out(
          `${library.all.length} runbook${library.all.length === 1 ? "" : "s"} ok in ${dirs.join(", ")}; ${errors} error${errors === 1 ? "" : "s"}, ${problems.length - errors} warning${problems.length - errors === 1 ? "" : "s"}`,
        );
      }
      return errors > 0 ? 1 : 0;
    }
    case "match": {
      const text = rest.join(" ").trim();
      if (!text && !values.alert)
        throw new UsageError(
          'runbooks match needs the text of an incident, e.g. runbooks match "branch latency"',
        );
      const { library } = openRunbooks(runbookDirs(config), now);
      const labels = Object.fromEntries(values.label.map(labelPair));
      const lab = values.scenario ? openLab(labFile(values.lab, config)) : null;
      const network =
        lab && values.scenario ? labNetwork(lab, values.scenario, SecretVault.ephemeral()) : null;
      const candidates = network ? (await analyzeNetwork(network, now)).candidates : [];
      const devices = network
        ? (await network.inventory())
            .map((d) => d.name)
            .filter((n) => text.toLowerCase().includes(n.toLowerCase()))
        : [];
      const matches = matchRunbooks(
        library.usable,
        { text, alert: values.alert ? { name: values.alert, labels } : null, candidates, devices },
        library.usable.length,
      );
      if (values.json) io.out(json(matches));
      else if (matches.length === 0) io.out("No runbook matches.");
      else
        io.out(
          table(
            ["RUNBOOK", "SCORE", "WHY"],
            matches.map((m) => [m.id, m.score.toFixed(2), m.reasons.join("; ")]),
          ),
        );
      return 0;
    }
    case "draft": {
      const id = rest[0];
      if (!id) throw new UsageError("runbooks draft needs an incident id such as INC-12");
      return draft(id, values.out, io, config, now);
    }
    default:
      throw new UsageError(
        sub ? `unknown runbooks subcommand '${sub}'` : "runbooks needs list, show, check, match or draft",
      );
  }
}

/** The documentation specialist's draft from a stored incident, checked like any runbook before it is written. */
function draft(incidentId: string, out: string | undefined, io: Io, config: AppConfig, now: Date): number {
  const db = openDatabase(config.NOC_DB_PATH);
  let drafted: { id: string; markdown: string };
  try {
    const store = new IncidentStore(db, systemClock);
    const incident = store.get(incidentId);
    if (!incident) {
      io.err(`nocbot: no incident ${incidentId.toUpperCase()} in ${config.NOC_DB_PATH}`);
      return 1;
    }
    const vocabulary = runbookVocabulary();
    drafted = draftRunbook(
      {
        incident,
        findings: store.findings(incident.id, 50),
        proposals: new ProposalStore(db, systemClock).forIncident(incident.id),
        toolsUsed: store.toolsUsed(incident.id),
        known: {
          specialists: Object.keys(vocabulary.specialists),
          tools: vocabulary.tools,
          rules: vocabulary.rules,
        },
      },
      now,
    );
  } catch (error) {
    if (!(error instanceof DraftError)) throw error;
    io.err(`nocbot: ${error.message}`);
    return 1;
  } finally {
    db.close();
  }
  const file = out ?? `${drafted.id}.md`;
  const parsed = parseRunbook(drafted.markdown, file);
  const problems = parsed.runbook
    ? [...parsed.problems, ...checkVocabulary(parsed.runbook, runbookVocabulary(), now).problems]
    : parsed.problems;
  if (problems.some((p) => p.severity === "error")) {
    for (const p of problems) io.err(`nocbot: the draft would not load: ${describeRunbookProblem(p)}`);
    return 1;
  }
  if (!out) {
    io.out(drafted.markdown);
    return 0;
  }
  if (existsSync(out)) {
    io.err(`nocbot: ${out} exists; the draft is never written over a file`);
    return 1;
  }
  writeFileSync(out, drafted.markdown);
  io.out(
    `${out}: draft runbook ${drafted.id}, not in use until a person reviews it and removes 'draft: true'`,
  );
  return 0;
}

function labelPair(text: string): [string, string] {
  const at = text.indexOf("=");
  if (at < 1) throw new UsageError(`--label expects NAME=VALUE, got '${text}'`);
  return [text.slice(0, at), text.slice(at + 1)];
}

function describeRunbook(r: Runbook): string {
  const m = r.match;
  const on = [
    ["alerts", m.alerts],
    ["labels", Object.entries(m.labels).map(([k, v]) => `${k}=${v}`)],
    ["root causes", m.root_causes],
    ["devices", m.devices],
    ["keywords", m.keywords],
  ] as const;
  const checks = r.checks.map(
    (c) =>
      `${c.n}. ${c.agents.length ? `[${c.agents.join(", ")}] ` : ""}${c.text}${c.rules.length ? ` (answered by ${c.rules.join(", ")})` : ""}`,
  );
  const head = [
    `${r.id}: ${r.title}${r.draft ? "  [draft: never matched until a person removes draft: true]" : ""}`,
    r.description,
    `owner ${r.owner} · escalation: ${r.escalation} · last reviewed ${r.last_reviewed} · ${r.path}`,
    `for ${r.specialists.join(", ")}; tools ${r.tools.join(", ") || "none listed"}`,
    "matches on:",
    ...on
      .filter(([, values]) => values.length > 0)
      .map(([name, values]) => `  ${name}: ${values.join(", ")}`),
  ].join("\n");
  const sections: Array<[string, string]> = [
    ["Goal", r.goal],
    ["Checks", checks.join("\n")],
    ["Interpretation", r.interpretation],
    ["Remediation", r.remediation],
    ["Escalation", r.escalationSteps],
  ];
  return [head, ...sections.filter(([, text]) => text).map(([name, text]) => `${name}\n${text}`)].join(
    "\n\n",
  );
}
