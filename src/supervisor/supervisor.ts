// The supervisor: plan -> schedule specialists -> replan -> verdict -> report, all as run events. Each step
// is its own module under steps/; this function is the list of them. It imports nothing from Slack or the
// CLI; with no model it runs the same pipeline rules-only.
import type { IncidentRecord } from "../agents/incident.js";
import { DEFAULT_TEAM } from "../agents/registry.js";
import type { Team } from "../agents/team.js";
import type { Clock } from "../clock.js";
import type { LlmGateway } from "../llm/gateway.js";
import { emptyTotals, type UsageTotals } from "../llm/usage.js";
import type { NetworkSource } from "../network/source.js";
import { RunbookLibrary } from "../runbooks/library.js";
import type { RunEventBus } from "./events.js";
import type { Plan, PlanStep } from "./plan.js";
import {
  DEFAULT_LIMITS,
  type InvestigationRequest,
  type RunContext,
  type SupervisorLimits,
} from "./run-context.js";
import { startAnalysis } from "./steps/analyze.js";
import { makePlan } from "./steps/plan.js";
import { announceProposals, type ProposalChecks, withChecks } from "./steps/proposals.js";
import { replan } from "./steps/replan.js";
import { writeReport } from "./steps/report.js";
import { matchForRun, RunRunbooks, runbookCatalogue, runbookUses } from "./steps/runbooks.js";
import { StepBook, schedule } from "./steps/schedule.js";
import { giveVerdict } from "./steps/verdict.js";

export interface SupervisorDeps {
  network: NetworkSource;
  gateway: LlmGateway | null;
  clock: Clock;
  bus: RunEventBus;
  limits?: Partial<SupervisorLimits>;
  /** Whom the plan, keyword routing and consult can reach; the registry's team unless given. */
  team?: Team;
  /** What the change workflow made of the run's proposals, awaited before the report. */
  proposalChecks?: ProposalChecks;
  /** The team's runbooks; none unless given. */
  runbooks?: RunbookLibrary;
}

export interface Investigation extends IncidentRecord {
  plan: Plan;
  report: string;
  usage: UsageTotals;
}

export async function investigate(
  request: InvestigationRequest,
  deps: SupervisorDeps,
): Promise<Investigation> {
  const { clock, network } = deps;
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const run: RunContext = {
    request,
    team: deps.team ?? DEFAULT_TEAM,
    at: () => clock.now().toISOString(),
    emit: (event) => deps.bus.emit(event),
    missing: [],
    runbooks: new RunRunbooks(deps.runbooks ?? RunbookLibrary.empty),
  };
  const startedAt = run.at();
  const { runId, question } = request;
  run.emit({
    type: "run.started",
    at: startedAt,
    runId,
    question,
    mode: deps.gateway ? "llm" : "rules-only",
  });

  const analyzing = await startAnalysis(network, clock.now());

  const planned = await makePlan(run, deps.gateway, await runbookCatalogue(run, network));
  const gateway = planned.unreachable ? null : deps.gateway;
  const analysis = await analyzing.analysis;
  await matchForRun(run, network, analysis);

  const book = new StepBook(run, gateway);
  const tools = { network, analysis, now: clock.now() };
  const runSteps = (steps: readonly PlanStep[]) =>
    schedule(run, steps, { book, clock, gateway, tools, limits });
  await runSteps(planned.plan.steps);

  const plan = await replan(run, gateway, planned.plan, {
    book,
    analysis,
    rounds: limits.replanRounds,
    runSteps,
  });

  const steps = book.recordsOf(plan);
  const verdict = await giveVerdict(run, gateway, steps, analysis);

  const incident: IncidentRecord = {
    id: runId,
    question,
    mode: gateway ? "llm" : "rules-only",
    started_at: startedAt,
    steps,
    verdict: verdict.verdict,
    verdict_source: verdict.source,
    synthesis: verdict.synthesis,
    proposals: await withChecks(announceProposals(run, plan, book), deps.proposalChecks),
    missing: run.missing,
    runbooks: runbookUses(run, book, analysis, gateway ? "llm" : "rules-only"),
  };
  const { report, record } = await writeReport(run, gateway, book, incident);

  const usage = deps.gateway?.ledger.totals() ?? emptyTotals();
  run.emit({
    type: "run.finished",
    at: run.at(),
    runId,
    verdict: incident.verdict,
    verdictSource: incident.verdict_source,
    synthesis: incident.synthesis,
    missing: incident.missing,
    usage,
  });
  return { ...incident, steps: [...steps, record], plan, report, usage };
}
