// What the long-running commands share: the lab network with one scenario live, the incident database,
// and the runner that turns requests into stored runs. Built once per process, closed on the way out.
import { type Clock, systemClock } from "../clock.js";
import type { AppConfig } from "../config.js";
import { createGateway } from "../llm/client.js";
import type { Logger } from "../log.js";
import type { LabNetworkSource } from "../network/lab/driver.js";
import type { Lab } from "../network/lab/schema.js";
import type { Metrics } from "../observability/metrics.js";
import { IncidentRunner } from "../runs/incident-runner.js";
import { type Db, openDatabase } from "../store/db.js";
import { IncidentStore } from "../store/incidents.js";
import { RunRecorder } from "../store/run-recorder.js";
import { UsageError } from "./io.js";
import { labFile, labNetwork, openLab } from "./lab-source.js";

export interface Core {
  lab: Lab;
  scenario: string;
  network: LabNetworkSource;
  db: Db;
  store: IncidentStore;
  runner: IncidentRunner;
  close(): void;
}

export function openCore(
  config: AppConfig,
  options: {
    lab?: string | undefined;
    scenario?: string | undefined;
    log: Logger;
    metrics?: Metrics;
    clock?: Clock;
  },
): Core {
  const clock = options.clock ?? systemClock;
  const lab = openLab(labFile(options.lab, config));
  const scenario = options.scenario ?? config.NOC_LAB_SCENARIO ?? lab.default_scenario;
  if (!scenario) throw new UsageError("name the lab scenario with --scenario ID (see 'nocbot lab list')");
  const network = labNetwork(lab, scenario, clock);
  // Fails fast on a deprecated model, before anything is opened.
  createGateway(config);
  const db = openDatabase(config.NOC_DB_PATH);
  const store = new IncidentStore(db, clock);
  const recorder = new RunRecorder(db, store, clock, { proposalTtlSeconds: config.NOC_PROPOSAL_TTL });
  const runner = new IncidentRunner({
    store,
    recorder,
    network,
    gateway: () => createGateway(config),
    llmConfigured: config.ANTHROPIC_API_KEY !== undefined,
    clock,
    limits: { concurrency: config.NOC_MAX_CONCURRENCY, stepTimeoutMs: config.NOC_STEP_TIMEOUT_MS },
    log: options.log,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  return { lab, scenario, network, db, store, runner, close: () => db.close() };
}
