// Alert intake figures: the intake's own cost in process, then against the running app (the real HTTP
// receiver, SQLite on disk), the load client in its own thread with its connections open before the burst:
// - deliveries per second stored and acknowledged (Alertmanager webhooks of two alerts each, 256 at a time);
// - the acknowledgement's latency under a burst of 500 at once, stored only (severities that start no
//   investigation), and the same burst when it is an alert storm: 10 groups, each delivered 50 times (HA
//   twins, retries, updates), of which 10 incidents open and investigate rules-only after the ack.
import { FakeSlack } from "../test/fakes/slack.js";
import { ALERT_TOKEN, alertFixture, alertRig, bearer, CHANNEL } from "../test/helpers/alerts.js";
import { startNocbot } from "../test/helpers/nocbot.js";
import { inWorker, type LoadRequest, ms, percentile } from "./measure.js";

const fixture = alertFixture("alertmanager-firing");

/** A delivery of group `group` (two alerts), with this severity. */
function delivery(url: string, group: string, severity: string): LoadRequest {
  const alerts = fixture.alerts.map((a, i) => ({
    ...a,
    fingerprint: `${group}-${i}`,
    labels: { ...a.labels, severity, group },
  }));
  return {
    url,
    headers: { "content-type": "application/json", authorization: `Bearer ${ALERT_TOKEN}` },
    body: JSON.stringify({ ...fixture, groupKey: `{}:{group="${group}"}`, alerts }),
  };
}

async function measure(
  label: string,
  requests: (url: string) => LoadRequest[],
  report: (results: Array<{ ms: number; status: number }>, seconds: number) => string,
): Promise<void> {
  const slack = await new FakeSlack().start();
  const nocbot = await startNocbot({
    slack,
    env: {
      NOC_ALERT_TOKEN: ALERT_TOKEN,
      NOC_ALERT_CHANNEL: CHANNEL,
      NOC_ALERT_SEVERITIES: "critical",
      LOG_LEVEL: "warn",
    },
  });
  try {
    const url = `http://127.0.0.1:${nocbot.started.port}/alerts/alertmanager`;
    const warmup = Array.from({ length: 256 }, (_, i) => delivery(url, `warmup-${i}`, "info"));
    const burst = requests(url);
    const started = performance.now();
    const results = await inWorker(burst, warmup);
    const seconds = (performance.now() - started) / 1000;
    const failed = results.filter((r) => r.status !== 200).length;
    console.log(`  ${label.padEnd(58)} ${report(results, seconds)}${failed ? `; ${failed} not 200` : ""}`);
    await nocbot.settle();
  } finally {
    await nocbot.stop();
    await slack.stop();
  }
}

const latency = (results: Array<{ ms: number }>) => {
  const times = results.map((r) => r.ms);
  return `ack p50 ${ms(percentile(times, 50))}, p99 ${ms(percentile(times, 99))}`;
};

/** The intake's own cost, without HTTP: receive (auth, parse, store) and then act, per delivery. */
async function inProcess(count: number): Promise<void> {
  const rig = alertRig({ severities: ["critical"] });
  const bodies = Array.from({ length: count }, (_, i) => Buffer.from(delivery("", `p${i}`, "info").body));
  const headers = bearer();
  let started = performance.now();
  for (const body of bodies) rig.intake.receive("alertmanager", headers, body);
  const received = performance.now() - started;
  started = performance.now();
  await rig.processor.idle();
  const acted = performance.now() - started;
  rig.db.close();
  console.log(
    `  ${`${count.toLocaleString("en")} deliveries in process, no HTTP`.padEnd(58)} received and stored ${ms(received / count)} each (${Math.round(count / (received / 1000)).toLocaleString("en")}/s), then acted on ${ms(acted / count)} each`,
  );
}

export async function printAlertBench(): Promise<void> {
  console.log("Alert intake: Alertmanager webhooks (2 alerts each), bearer token, SQLite on disk");
  await inProcess(2000);
  await measure(
    "2,000 deliveries, 256 connections, stored only",
    (url) => Array.from({ length: 2000 }, (_, i) => delivery(url, `g${i}`, "info")),
    (results, seconds) =>
      `${Math.round(results.length / seconds).toLocaleString("en")} deliveries/s stored and acknowledged (${Math.round((2 * results.length) / seconds).toLocaleString("en")} alerts/s); ${latency(results)}`,
  );
  await measure(
    "burst of 500 at once, stored only",
    (url) => Array.from({ length: 500 }, (_, i) => delivery(url, `b${i}`, "info")),
    (results) => latency(results),
  );
  await measure(
    "burst of 500 at once: 10 groups x 50 copies, 10 investigations",
    (url) => Array.from({ length: 500 }, (_, i) => delivery(url, `storm-${i % 10}`, "critical")),
    (results) => latency(results),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await printAlertBench();
