// The team's runbooks in a run. Before the plan, the planner sees a catalogue (one line each, those that
// already fit the question or the alert first). Once the analyzers have ranked the root causes, the
// runbooks are matched deterministically and the top matches are announced (and recorded); each specialist
// is told which of them are for it, and may fetch its part. At the end, every runbook used (the best match,
// and any a specialist fetched) is accounted for check by check.
import type { Analysis } from "../../analyzers/analyze.js";
import type { NetworkSource } from "../../network/source.js";
import type { RunbookLibrary } from "../../runbooks/library.js";
import { type MatchInput, matchRunbooks, type RunbookMatch, scoreRunbook } from "../../runbooks/match.js";
import { type CheckReport, type RunbookUse, runbookUse } from "../../runbooks/outcome.js";
import { catalogueLine, checksFor } from "../../runbooks/part.js";
import type { RunContext } from "../run-context.js";
import type { StepBook } from "./schedule.js";

/** A run's runbooks: the library, what matched, and who fetched what. */
export class RunRunbooks {
  matches: RunbookMatch[] = [];
  readonly #fetched = new Map<string, Set<string>>();

  constructor(readonly library: RunbookLibrary) {}

  fetched(id: string, agent: string): void {
    const by = this.#fetched.get(id) ?? new Set<string>();
    by.add(agent);
    this.#fetched.set(id, by);
  }

  fetchedBy(id: string): string[] {
    return [...(this.#fetched.get(id) ?? [])];
  }

  get fetchedIds(): string[] {
    return [...this.#fetched.keys()];
  }
}

const CATALOGUE_LINES = 30;

/** Inventory devices the question names (a device an alert is about is named in its question). */
async function devicesNamed(network: NetworkSource, text: string): Promise<string[]> {
  const lower = text.toLowerCase();
  return (await network.inventory()).map((d) => d.name).filter((name) => lower.includes(name.toLowerCase()));
}

function matchInput(run: RunContext, devices: string[], analysis?: Analysis): MatchInput {
  return {
    text: run.request.question,
    alert: run.request.alert ?? null,
    devices,
    ...(analysis ? { candidates: analysis.candidates } : {}),
  };
}

/** The planner's catalogue: what fits the question or the alert already first, then the rest by id. */
export async function runbookCatalogue(run: RunContext, network: NetworkSource): Promise<string[]> {
  const usable = run.runbooks.library.usable;
  if (usable.length === 0) return [];
  const input = matchInput(run, await devicesNamed(network, run.request.question));
  const ranked = usable
    .map((runbook) => ({ runbook, match: scoreRunbook(runbook, input) }))
    .sort((a, b) => b.match.score - a.match.score || a.runbook.id.localeCompare(b.runbook.id));
  const lines = ranked
    .slice(0, CATALOGUE_LINES)
    .map(({ runbook, match }) =>
      match.score > 0
        ? `${catalogueLine(runbook)} (fits: ${match.reasons.join("; ")})`
        : catalogueLine(runbook),
    );
  const more = ranked.length - lines.length;
  return more > 0 ? [...lines, `- ... and ${more} more, fetched by id`] : lines;
}

/** The deterministic match once the analyzers have ranked the causes; announced, so it is recorded. */
export async function matchForRun(
  run: RunContext,
  network: NetworkSource,
  analysis: Analysis,
): Promise<RunbookMatch[]> {
  const { library } = run.runbooks;
  if (library.usable.length === 0) return [];
  const devices = await devicesNamed(network, run.request.question);
  const matches = matchRunbooks(library.usable, matchInput(run, devices, analysis));
  run.runbooks.matches = matches;
  run.emit({ type: "runbooks.matched", at: run.at(), matches });
  return matches;
}

/** The matched runbooks that have checks for this specialist, for its step prompt. */
export function runbooksFor(run: RunContext, agent: string): string[] {
  return run.runbooks.matches.flatMap((m) => {
    const runbook = run.runbooks.library.get(m.id);
    if (!runbook?.specialists.includes(agent)) return [];
    const mine = checksFor(runbook, agent).map((c) => c.n);
    return [
      `- ${runbook.id}: ${runbook.title} (fits: ${m.reasons.join("; ")}; your checks: ${mine.join(", ") || "none"})`,
    ];
  });
}

/** Every runbook used in the run (the best match, and each one fetched), check by check. */
export function runbookUses(
  run: RunContext,
  book: StepBook,
  analysis: Analysis,
  mode: "llm" | "rules-only",
): RunbookUse[] {
  const { library, matches } = run.runbooks;
  const ids = [...new Set([...(matches[0] ? [matches[0].id] : []), ...run.runbooks.fetchedIds])];
  const reports: Array<CheckReport & { agent: string }> = book
    .all()
    .flatMap((step) =>
      (book.result(step.id)?.runbook_checks ?? []).map((r) => ({ ...r, agent: step.agent })),
    );
  return ids.flatMap((id) => {
    const runbook = library.get(id);
    if (!runbook) return [];
    return [
      runbookUse(runbook, {
        match: matches.find((m) => m.id === id) ?? null,
        fetchedBy: run.runbooks.fetchedBy(id),
        reports,
        findings: analysis.findings,
        mode,
      }),
    ];
  });
}
