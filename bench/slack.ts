// Slack figures, against the fake Slack Web API and the real Bolt HTTP receiver:
// - ack latency of 200 concurrent signed slash commands (p50, p99; Slack allows 3,000 ms);
// - Slack API calls per investigation, and 429s met, against a fake enforcing one message per second
//   per channel (target: no 429, at most 2 + 2 x steps calls);
// - history search over 100,000 stored incidents (p50, p99 per query; target p99 under 20 ms).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../src/store/db.js";
import { IncidentStore } from "../src/store/incidents.js";
import { FakeAnthropic } from "../test/fakes/anthropic.js";
import { FakeSlack } from "../test/fakes/slack.js";
import { teamScript } from "../test/fakes/team-script.js";
import { ManualClock } from "../test/helpers/clock.js";
import { startNocbot } from "../test/helpers/nocbot.js";
import { FORM, send, sign, slashCommand } from "../test/helpers/slack-requests.js";
import { inWorker, ms, percentile } from "./measure.js";

async function ackLatency(text: string, label: string, burst = 200): Promise<void> {
  const slack = await new FakeSlack().start();
  const nocbot = await startNocbot({ slack });
  try {
    // The warm-up opens the client's 200 connections and lets the receiver's code paths compile.
    const signed = (t: string) => ({ url: nocbot.events, ...sign(slashCommand(t), FORM) });
    const warmup = Array.from({ length: 200 }, () => signed("help"));
    const results = await inWorker(
      Array.from({ length: burst }, () => signed(text)),
      warmup,
    );
    const slowest = Math.max(...results.map((r) => r.ms));
    const failed = results.filter((r) => r.status !== 200).length;
    const times = results.map((r) => r.ms);
    console.log(
      `  ${label.padEnd(44)} p50 ${ms(percentile(times, 50))}, p99 ${ms(percentile(times, 99))}; the burst served at ${(burst / (slowest / 1000)).toFixed(0)} acks/s${failed ? `, ${failed} failed` : ""}`,
    );
    await nocbot.settle();
  } finally {
    await nocbot.stop();
    await slack.stop();
  }
}

/** fixedMs: the model's latency per call before its tokens (null: rules-only, no model). */
async function callsPerInvestigation(fixedMs: number | null): Promise<void> {
  const slack = await new FakeSlack({ perChannelIntervalMs: 1000 }).start();
  const anthropic =
    fixedMs === null
      ? null
      : await new FakeAnthropic(
          teamScript({ latency: (tokens) => fixedMs + tokens, outputTokens: 200 }),
        ).start();
  const nocbot = await startNocbot({
    slack,
    ...(anthropic ? { anthropic } : {}),
    env: { NOC_SLACK_MIN_INTERVAL_MS: "1000" },
  });
  try {
    const started = Date.now();
    await send(nocbot.events, sign(slashCommand("investigate branch latency"), FORM));
    await nocbot.settle();
    const seconds = (Date.now() - started) / 1000;
    const calls = slack.calls.filter((c) => c.method !== "auth.test");
    const steps = nocbot.core.store.steps("INC-1-R1").length;
    const byMethod = new Map<string, number>();
    for (const c of calls) byMethod.set(c.method, (byMethod.get(c.method) ?? 0) + 1);
    console.log(
      `  ${fixedMs === null ? "rules-only" : `with the model (fake, ${fixedMs} ms + 1 ms/token)`}: ${calls.length} calls for ${steps} steps (target <= ${2 + 2 * steps}), ${slack.rateLimited} x 429, thread complete in ${seconds.toFixed(1)} s`,
    );
    console.log(`    ${[...byMethod].map(([m, n]) => `${m} ${n}`).join(", ")}`);
  } finally {
    await nocbot.stop();
    await Promise.all([slack.stop(), anthropic?.stop()]);
  }
}

const WORDS = [
  "branch",
  "latency",
  "internet",
  "drops",
  "voice",
  "choppy",
  "erp",
  "timeout",
  "dns",
  "dhcp",
  "laptops",
  "address",
  "bgp",
  "flap",
  "ospf",
  "stuck",
  "exstart",
  "mtu",
  "duplex",
  "crc",
  "errors",
  "slow",
  "wan",
  "backup",
  "primary",
  "link",
  "down",
  "acl",
  "portal",
  "snmp",
  "community",
  "ssh",
  "brute",
  "force",
  "ntp",
  "clock",
  "storm",
  "broadcast",
  "cpu",
  "printer",
  "vpn",
  "wifi",
  "firewall",
  "datacenter",
  "maintenance",
];
const DEVICES = ["br-rtr1", "br-sw1", "dc-wan1", "dc-core1", "dc-sw1", "inet-edge1"];
const LABELS = ["link-down", "bgp-flap", "duplex-mismatch", "mtu-mismatch", "acl-deny", "dns-unreachable"];

async function historySearch(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "nocbot-bench-history-"));
  const db = openDatabase(join(dir, "history.db"));
  const store = new IncidentStore(db, new ManualClock());
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const setVerdict = db.prepare(
    "UPDATE incidents SET status = 'identified', verdict_label = ?, verdict_device = ?, synthesis = ? WHERE id = ?",
  );
  const started = Date.now();
  db.transaction(() => {
    for (let i = 0; i < 100_000; i++) {
      const question = Array.from({ length: 4 + Math.floor(random() * 8) }, () => pick(WORDS)).join(" ");
      const incident = store.createIncident({ question, channel: "C0NOC0001", requestedBy: "U0ALICE01" });
      const device = pick(DEVICES);
      const label = pick(LABELS);
      setVerdict.run(
        label,
        device,
        `${label} on ${device}: ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}`,
        incident.id,
      );
      store.reindex(incident.id);
    }
  })();
  const loadSeconds = (Date.now() - started) / 1000;
  const queries = [
    ...Array.from({ length: 300 }, () => pick(WORDS)),
    ...Array.from({ length: 300 }, () => `${pick(WORDS)} ${pick(WORDS)}`),
    ...Array.from({ length: 200 }, () => `${pick(WORDS)} ${pick(WORDS)} ${pick(DEVICES)}`),
    ...Array.from({ length: 100 }, () => pick(LABELS)),
    ...Array.from({ length: 100 }, () => `${pick(WORDS).slice(0, 3)}`),
  ];
  for (const q of queries.slice(0, 50)) store.search(q, 10);
  const times = queries.map((q) => {
    const t = performance.now();
    store.search(q, 10);
    return performance.now() - t;
  });
  console.log(
    `  ${queries.length} queries over 100,000 incidents (loaded in ${loadSeconds.toFixed(1)} s): p50 ${ms(percentile(times, 50))}, p99 ${ms(percentile(times, 99))}, max ${ms(Math.max(...times))}`,
  );
  db.close();
}

export async function printSlackBench(): Promise<void> {
  console.log(
    "Slack: ack latency of signed slash commands sent at once (200 unless said) to the real HTTP receiver",
  );
  await ackLatency("help", "/noc help (answered in the ack), 50 at once", 50);
  await ackLatency("help", "/noc help (answered in the ack)");
  await ackLatency("status", "/noc status (a store read in the ack)");
  await ackLatency("investigate branch latency", "/noc investigate (200 investigations start)");
  console.log("Slack: API calls per investigation, fake enforcing 1 message/s per channel");
  await callsPerInvestigation(null);
  await callsPerInvestigation(150);
  // Closer to a real model: each call takes seconds, so step messages go out before their steps end.
  await callsPerInvestigation(2000);
  console.log("Incident history search (FTS5)");
  await historySearch();
}

if (import.meta.url === `file://${process.argv[1]}`) await printSlackBench();
