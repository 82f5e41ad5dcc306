// nocbot investigate "TEXT" [--scenario ID] [--json] [--lab FILE]: a full investigation on the lab,
// printed live from the run events (or, with --json, the whole structured run at the end).
import { parseArgs } from "node:util";
import type { AppConfig } from "../../config.js";
import { createLogger } from "../../log.js";
import { cutNotice } from "../../runs/question.js";
import type { ProposalRow } from "../../store/proposals.js";
import type { RunEvent } from "../../supervisor/events.js";
import type { Investigation } from "../../supervisor/supervisor.js";
import { openCore } from "../core.js";
import { type Io, json, UsageError } from "../io.js";

export const investigateUsage = 'nocbot investigate "TEXT" [--scenario ID] [--json] [--lab FILE]';

export async function runInvestigate(args: string[], io: Io, config: AppConfig): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      scenario: { type: "string" },
      json: { type: "boolean", default: false },
      lab: { type: "string" },
    },
  });
  const question = positionals.join(" ").trim();
  if (!question) throw new UsageError('say what to investigate, e.g. nocbot investigate "branch latency"');
  const log = createLogger(config.LOG_LEVEL);
  const core = openCore(config, { lab: values.lab, scenario: values.scenario, log });
  try {
    const incident = core.runner.open({ question, channel: null, requestedBy: null });
    const notice = cutNotice(incident.id, question);
    if (notice) io.err(`nocbot: ${notice}`);
    const outcome = await core.runner.run({
      incident,
      kind: "investigation",
      question,
      requestedBy: null,
      hooks: () => ({
        onEvent: (event) => {
          if (!values.json) io.out(describeEvent(event));
        },
      }),
    });
    if (!outcome.ok) {
      io.err(`nocbot: ${incident.id} failed: ${outcome.error}`);
      return 1;
    }
    if (values.json)
      io.out(
        json({ incident_id: incident.id, ...investigationRecord(outcome.investigation, outcome.proposals) }),
      );
    else {
      for (const p of outcome.proposals) io.out(describeProposal(p));
      io.out(`\n${outcome.investigation.report}\n\nStored as ${incident.id} in ${config.NOC_DB_PATH}.`);
    }
    return 0;
  } finally {
    core.close();
  }
}

/** The documented JSON shape of a run: stable fields for the eval and other tools. */
export function investigationRecord(r: Investigation, proposals: readonly ProposalRow[]) {
  return {
    run_id: r.id,
    question: r.question,
    mode: r.mode,
    plan: r.plan,
    steps: r.steps.map((s) => ({
      id: s.id,
      agent: s.agent,
      status: s.status,
      summary: s.summary,
      findings: s.findings,
      error: s.error,
    })),
    verdict: {
      fault: r.verdict.fault,
      label: r.verdict.label,
      device: r.verdict.device,
      interface: r.verdict.interface,
      confidence: r.verdict.confidence,
      evidence: r.verdict.evidence,
    },
    verdict_source: r.verdict_source,
    synthesis: r.synthesis,
    missing: r.missing,
    // As the change workflow checked them: staged and pending approval, or refused and why.
    proposals: proposals.map((p) => ({
      id: p.id,
      agent: p.agent,
      device: p.device,
      lines: p.lines,
      rationale: p.rationale,
      status: p.status,
      reason_code: p.reason_code,
      reason: p.reason,
      diff: p.diff,
    })),
    report: r.report,
    // The runbooks used (the best match, and any a specialist fetched), check by check.
    runbooks: r.runbooks.map((u) => ({
      id: u.id,
      score: u.score,
      reasons: u.reasons,
      fetched_by: u.fetchedBy,
      checks: u.checks.map((c) => ({
        n: c.n,
        status: c.status,
        by: c.by,
        evidence: c.evidence,
        note: c.note,
      })),
    })),
    usage: {
      input_tokens: r.usage.input_tokens,
      output_tokens: r.usage.output_tokens,
      cache_read_input_tokens: r.usage.cache_read_input_tokens,
      cache_creation_input_tokens: r.usage.cache_creation_input_tokens,
      model_calls: r.usage.model_calls,
      cost_usd: r.usage.cost_usd,
    },
  };
}

/** A proposal as the change workflow left it: its staged diff, or why it was refused. */
function describeProposal(p: ProposalRow): string {
  if (p.status === "pending")
    return `\nproposal ${p.id} on ${p.device}: checked and staged, not applied. Approvals happen in an incident's Slack thread; an investigation from the command line has none, so apply it by hand after review, or ask again in Slack.\n${p.diff ?? ""}`;
  return `\nproposal ${p.id} on ${p.device}: ${p.status}${p.reason_code ? ` (${p.reason_code})` : ""}: ${p.reason ?? ""}`;
}

function describeEvent(event: RunEvent): string {
  switch (event.type) {
    case "run.started":
      return `${event.runId} investigating: ${event.question}${event.mode === "rules-only" ? "  [rules-only: no model, analyzer findings and a templated report]" : ""}`;
    case "plan.ready":
      return `plan (${event.source}${event.note ? `; ${event.note}` : ""}):\n${event.plan.steps.map((s) => `  ${s.id}: ${s.agent}${s.depends_on.length ? ` after ${s.depends_on.join(", ")}` : ""}: ${s.task}`).join("\n")}`;
    case "runbooks.matched":
      return `runbooks: ${event.matches.map((m) => `${m.id} (${m.score}: ${m.reasons.join("; ")})`).join(", ") || "none fits"}`;
    case "step.started":
      return `> ${event.agent} started`;
    case "step.progress":
      return `  ${event.agent}: ${event.message}`;
    case "step.finished":
      return `< ${event.agent} done: ${event.result.summary}`;
    case "step.failed":
      return `x ${event.agent} ${event.status}: ${event.error}`;
    case "proposal.created":
      return `proposal ${event.proposal.id} for ${event.proposal.device} (${event.proposal.agent}): ${event.proposal.rationale} [checking its lines]`;
    case "report.ready":
      return "report ready";
    case "run.finished": {
      const v = event.verdict;
      const what = v.fault
        ? `${v.label} on ${v.device}${v.interface ? ` ${v.interface}` : ""}`
        : "no fault found";
      return `verdict (${event.verdictSource}): ${what}, confidence ${v.confidence.toFixed(2)}\n${event.synthesis}\nusage: ${event.usage.model_calls} model calls, ${event.usage.input_tokens} in / ${event.usage.output_tokens} out tokens, $${event.usage.cost_usd.toFixed(4)}`;
    }
  }
}
