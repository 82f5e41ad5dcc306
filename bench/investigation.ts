// Investigation figures against the fake Messages API answering after a latency model (a fixed delay
// plus a delay per output token), on a lab scenario that uses at least four specialists:
// wall time vs the critical path of model latency, parallel vs sequential scheduling, input tokens vs
// a full-context baseline, and model calls and cost per investigation.

import { systemClock } from "../src/clock.js";
import { LabNetworkSource } from "../src/network/lab/driver.js";
import { loadLabFile } from "../src/network/lab/load.js";
import { DEFAULT_LAB_FILE } from "../src/paths.js";
import { RunEventBus } from "../src/supervisor/events.js";
import { type Investigation, investigate } from "../src/supervisor/supervisor.js";
import { FakeAnthropic, type RecordedRequest } from "../test/fakes/anthropic.js";
import { FOUR_WAY_PLAN, teamScript } from "../test/fakes/team-script.js";
import { gatewayFor } from "../test/helpers/llm.js";

const FIXED_MS = 150;
const PER_TOKEN_MS = 1;
const OUTPUT_TOKENS = 200;
const CALL_MS = FIXED_MS + PER_TOKEN_MS * OUTPUT_TOKENS;
const tokensOf = (chars: number) => Math.ceil(chars / 4);

// Five independent lines of inquiry, each specialist taking two tool rounds before it answers.
const WIDE_PLAN = {
  steps: [
    { id: "diag-branch", agent: "diagnosis", task: "Trace the branch side of the path", depends_on: [] },
    { id: "diag-dc", agent: "diagnosis", task: "Trace the datacenter side of the path", depends_on: [] },
    {
      id: "perf",
      agent: "performance",
      task: "Measure latency, utilisation and drops on both WAN paths",
      depends_on: [],
    },
    { id: "sec", agent: "security", task: "Rule out an attack or exposure", depends_on: [] },
    { id: "cfg", agent: "config", task: "Compare the WAN router configs and propose a fix", depends_on: [] },
  ],
};

const ROUNDS = {
  diagnosis: [
    [
      { name: "get_interfaces", input: { device: "br-rtr1" } },
      { name: "get_routes", input: { device: "br-rtr1" } },
    ],
    [
      { name: "traceroute", input: { device: "br-rtr1", target: "10.20.20.10" } },
      { name: "get_logs", input: { device: "br-rtr1", since_minutes: 120 } },
    ],
  ],
  performance: [
    [
      { name: "get_counters", input: { device: "br-rtr1" } },
      { name: "get_counters", input: { device: "inet-edge1" } },
    ],
    [
      { name: "ping", input: { device: "br-rtr1", target: "10.20.10.53" } },
      { name: "get_environment", input: { device: "br-rtr1" } },
    ],
  ],
  security: [
    [
      { name: "get_logs", input: { device: "inet-edge1", since_minutes: 240 } },
      { name: "get_snmp", input: { device: "br-rtr1" } },
    ],
    [{ name: "get_findings", input: { rule_prefix: "SEC-" } }],
  ],
  config: [
    [
      { name: "get_config", input: { device: "br-rtr1" } },
      { name: "get_config", input: { device: "dc-wan1" } },
    ],
    [{ name: "get_findings", input: { device: "br-rtr1" } }],
  ],
};

interface Measured {
  result: Investigation;
  wallMs: number;
  requests: RecordedRequest[];
  criticalPathCalls: number;
}

async function measure(plan: unknown, concurrency: number): Promise<Measured> {
  const lab = loadLabFile(DEFAULT_LAB_FILE);
  const fake = await new FakeAnthropic(
    teamScript({
      plan: () => plan,
      specialists: Object.fromEntries(Object.entries(ROUNDS).map(([agent, rounds]) => [agent, { rounds }])),
      latency: (tokens) => FIXED_MS + PER_TOKEN_MS * tokens,
      outputTokens: OUTPUT_TOKENS,
      inputTokens: (r) => tokensOf(r.raw.length),
    }),
  ).start();
  try {
    const gateway = gatewayFor(fake);
    const started = performance.now();
    const result = await investigate(
      { runId: "INC-BENCH", question: "branch latency to the datacenter" },
      {
        network: new LabNetworkSource(lab, "wan-primary-down", systemClock),
        gateway,
        clock: systemClock,
        bus: new RunEventBus(),
        limits: { concurrency },
      },
    );
    const wallMs = performance.now() - started;
    // Calls per step from the ledger (a consult's calls count in the step that asked).
    const calls = new Map<string, number>();
    for (const call of gateway.ledger.calls) {
      const step = call.step.split(">")[0] as string;
      calls.set(step, (calls.get(step) ?? 0) + 1);
    }
    const longest = new Map<string, number>();
    const chain = (id: string): number => {
      const known = longest.get(id);
      if (known !== undefined) return known;
      const step = result.plan.steps.find((s) => s.id === id);
      const value = (calls.get(id) ?? 0) + Math.max(0, ...(step?.depends_on ?? []).map(chain));
      longest.set(id, value);
      return value;
    };
    const dagCalls = Math.max(0, ...result.plan.steps.map((s) => chain(s.id)));
    const serialCalls = [...calls]
      .filter(([step]) => step.startsWith("supervisor:") || step === "documentation")
      .reduce((n, [, c]) => n + c, 0);
    return { result, wallMs, requests: fake.requests, criticalPathCalls: dagCalls + serialCalls };
  } finally {
    await fake.stop();
  }
}

const median = (runs: Measured[]): Measured =>
  [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)] as Measured;

/** Input tokens if every later agent (and the verdict and report) had received every earlier step's full transcript. */
function fullContextBaseline(m: Measured): { actual: number; baseline: number } {
  const stepOf = (r: RecordedRequest) =>
    m.result.plan.steps.find((s) => r.raw.includes(`Your task: ${s.task}`))?.id ?? null;
  const transcript = new Map<string, number>();
  for (const r of m.requests) {
    const step = stepOf(r);
    if (step) transcript.set(step, Math.max(transcript.get(step) ?? 0, r.raw.length));
  }
  const order = m.result.plan.steps.map((s) => s.id);
  let actual = 0;
  let baseline = 0;
  for (const r of m.requests) {
    const own = tokensOf(r.raw.length);
    actual += own;
    const step = stepOf(r);
    const earlier = step === null ? order : order.slice(0, order.indexOf(step));
    baseline += own + earlier.reduce((sum, id) => sum + tokensOf(transcript.get(id) ?? 0), 0);
  }
  return { actual, baseline };
}

export async function printInvestigationBench(): Promise<void> {
  console.log(
    `investigation against the fake API (latency ${FIXED_MS} ms + ${PER_TOKEN_MS} ms/token, ${OUTPUT_TOKENS} output tokens a call = ${CALL_MS} ms)`,
  );
  for (const [name, plan] of [
    ["wide plan: 5 independent steps (2x diagnosis, performance, security, config)", WIDE_PLAN],
    [
      "layered plan: diagnosis, performance, security, then config after diagnosis+performance",
      FOUR_WAY_PLAN,
    ],
  ] as const) {
    await measure(plan, 5); // warm-up: JIT, sockets
    const parallel = median([await measure(plan, 5), await measure(plan, 5), await measure(plan, 5)]);
    const sequential = await measure(plan, 1);
    const critical = parallel.criticalPathCalls * CALL_MS;
    const tokens = fullContextBaseline(parallel);
    const u = parallel.result.usage;
    console.log(`  ${name}`);
    console.log(
      `    wall time ${Math.round(parallel.wallMs)} ms vs critical path of model latency ${critical} ms (${parallel.criticalPathCalls} calls): ${(parallel.wallMs / critical).toFixed(3)}x  (target <= 1.05x)`,
    );
    console.log(
      `    sequential (concurrency 1) ${Math.round(sequential.wallMs)} ms: parallel is ${(sequential.wallMs / parallel.wallMs).toFixed(2)}x faster  (target >= 2.5x)`,
    );
    console.log(
      `    input tokens ${tokens.actual} vs full-context baseline ${tokens.baseline}: ${(tokens.actual / tokens.baseline).toFixed(3)} of it  (target <= 0.333)`,
    );
    console.log(
      `    ${u.model_calls} model calls, ${u.input_tokens} input + ${u.output_tokens} output tokens, $${u.cost_usd.toFixed(4)} per investigation`,
    );
  }
}
