// What the long-running commands share: the lab network with one scenario live, the incident database,
// the change workflow with its approvers, and the runner that turns requests into stored runs, every run's
// proposals checked by the workflow whichever front end started it. Built once per process, closed on the
// way out.
import { loadAllowlistExtension } from "../changes/allowlist-file.js";
import { Approvers, type GroupLookup } from "../changes/approvers.js";
import { ChangeWorkflow } from "../changes/workflow.js";
import { type Clock, systemClock } from "../clock.js";
import type { AppConfig } from "../config.js";
import { configuredModels, createGateway } from "../llm/client.js";
import type { Logger } from "../log.js";
import type { Lab } from "../network/lab/schema.js";
import type { RedactingNetworkSource } from "../network/secrets/redacting-source.js";
import { SecretVault } from "../network/secrets/vault.js";
import type { Metrics } from "../observability/metrics.js";
import { describeRunbookProblem, type RunbookLibrary } from "../runbooks/library.js";
import { IncidentRunner } from "../runs/incident-runner.js";
import { AuditLog } from "../store/audit.js";
import { type Db, openDatabase } from "../store/db.js";
import { IncidentStore } from "../store/incidents.js";
import { ProposalStore } from "../store/proposals.js";
import { RunRecorder } from "../store/run-recorder.js";
import { tokenKeyFor } from "../store/token-key.js";
import { UsageError } from "./io.js";
import { labFile, labNetwork, openLab, scenarioOf } from "./lab-source.js";
import { openRunbooks, runbookDirs } from "./runbooks.js";

export interface Core {
  lab: Lab;
  scenario: string;
  network: RedactingNetworkSource;
  db: Db;
  store: IncidentStore;
  proposals: ProposalStore;
  audit: AuditLog;
  approvers: Approvers;
  workflow: ChangeWorkflow;
  runner: IncidentRunner;
  runbooks: RunbookLibrary;
  close(): void;
}

/** Without a directory of user groups (the CLI), approvers are the user ids listed. */
const noGroups: GroupLookup = async () => "unsupported";

export function openCore(
  config: AppConfig,
  options: {
    lab?: string | undefined;
    scenario?: string | undefined;
    log: Logger;
    metrics?: Metrics;
    clock?: Clock;
    /** How to read a user group's members (Slack's usergroups.users.list); none in the CLI. */
    groups?: GroupLookup;
  },
): Core {
  const clock = options.clock ?? systemClock;
  const lab = openLab(labFile(options.lab, config));
  const scenario = options.scenario ?? config.NOC_LAB_SCENARIO ?? lab.default_scenario;
  if (!scenario) throw new UsageError("name the lab scenario with --scenario ID (see 'nocbot lab list')");
  scenarioOf(lab, scenario);
  // Fails fast on a deprecated model, before anything is opened.
  configuredModels(config);
  const allowlist = config.NOC_CHANGE_ALLOWLIST ? loadAllowlistExtension(config.NOC_CHANGE_ALLOWLIST) : null;
  const db = openDatabase(config.NOC_DB_PATH);
  const vault = new SecretVault(tokenKeyFor(config.NOC_DB_PATH));
  const network = labNetwork(lab, scenario, vault, clock);
  const store = new IncidentStore(db, clock);
  const proposals = new ProposalStore(db, clock);
  const audit = new AuditLog(db, clock);
  const approvers = new Approvers(
    { ids: config.NOC_APPROVERS, allowSelfApproval: config.NOC_ALLOW_SELF_APPROVAL },
    options.groups ?? noGroups,
    clock,
    options.log,
  );
  const workflow = new ChangeWorkflow({
    network,
    proposals,
    incidents: store,
    audit,
    approvers,
    clock,
    log: options.log,
    revertAfterSeconds: config.NOC_REVERT_AFTER,
    proposalTtlSeconds: config.NOC_PROPOSAL_TTL,
    allowlist,
  });
  workflow.auditAllowlist();
  // A runbook with a problem is left out and named in the log; the others are used.
  const { library: runbooks, problems } = openRunbooks(runbookDirs(config), clock.now());
  for (const problem of problems)
    options.log[problem.severity === "error" ? "error" : "warn"](
      `runbook ${describeRunbookProblem(problem)}`,
    );
  const runner = new IncidentRunner({
    store,
    recorder: new RunRecorder(db, store),
    changes: workflow,
    network,
    gateway: () => createGateway(config, vault),
    llmConfigured: config.ANTHROPIC_API_KEY !== undefined,
    clock,
    limits: { concurrency: config.NOC_MAX_CONCURRENCY, stepTimeoutMs: config.NOC_STEP_TIMEOUT_MS },
    log: options.log,
    runbooks,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  return {
    lab,
    scenario,
    network,
    db,
    store,
    proposals,
    audit,
    approvers,
    workflow,
    runner,
    runbooks,
    close: () => db.close(),
  };
}
