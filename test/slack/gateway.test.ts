// The gateway in front of Slack, on a real WebClient against the fake: pacing per channel, edits of a
// message not yet sent folded into its post, queued edits collapsed to the latest, Block Kit limits, 429s.
// Pacing and Retry-After waits run on a test clock, so the tests say when time passes and assert on it.
import { WebClient } from "@slack/web-api";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Metrics } from "../../src/observability/metrics.js";
import { webClientOptions } from "../../src/slack/app.js";
import { section } from "../../src/slack/blocks.js";
import { SlackGateway } from "../../src/slack/gateway.js";
import { FakeSlack } from "../fakes/slack.js";
import { ManualClock } from "../helpers/clock.js";

let clock: ManualClock;
let t0: number;
let slack: FakeSlack;
beforeEach(async () => {
  clock = new ManualClock();
  t0 = clock.now().getTime();
  slack = await new FakeSlack({ clock }).start();
});
afterEach(async () => {
  await slack.stop();
});

const gatewayFor = (minIntervalMs: number, maxRateLimitRetries?: number) =>
  new SlackGateway(
    new WebClient("xoxb-test", webClientOptions({ apiUrl: slack.url })),
    { minIntervalMs, ...(maxRateLimitRetries === undefined ? {} : { maxRateLimitRetries }) },
    new Metrics(),
    pino({ level: "silent" }),
    clock,
  );
const msg = (text: string) => ({ text, blocks: [section(text)] });
/** When (ms on the test clock) the fake received each call of a method. */
const at = (method: string, channel?: string) =>
  slack
    .callsOf(method)
    .filter((c) => channel === undefined || c.args.channel === channel)
    .map((c) => c.at - t0);

/** Waits (in real time, for the HTTP round trips) until the gateway waits on the clock again. */
const waitingOnClock = (timers = 1) =>
  vi.waitFor(() => {
    if (clock.pending !== timers) throw new Error(`${clock.pending} timers pending, not ${timers}`);
  });

describe("SlackGateway", () => {
  it("paces calls to one channel on its clock, and lets other channels go at once", async () => {
    const gateway = gatewayFor(150);
    gateway.post("C1", msg("a"));
    gateway.post("C1", msg("b"));
    gateway.post("C1", msg("c"));
    gateway.post("C2", msg("x"));
    await waitingOnClock();
    expect(at("chat.postMessage", "C1")).toEqual([0]);
    expect(at("chat.postMessage", "C2")).toEqual([0]);
    // Nothing more goes to C1 until 150 ms have passed on the clock, however long that takes in real time.
    clock.advance(149);
    expect(clock.pending).toBe(1);
    clock.advance(1);
    await waitingOnClock();
    clock.advance(150);
    await gateway.drained();
    expect(at("chat.postMessage", "C1")).toEqual([0, 150, 300]);
    expect(slack.roots("C1").map((m) => m.text)).toEqual(["a", "b", "c"]);
  });

  it("folds edits into a post that has not gone out, and collapses queued edits to the latest", async () => {
    const gateway = gatewayFor(100);
    gateway.post("C1", msg("first"));
    const second = gateway.post("C1", msg("running"));
    const edited = second.edit(msg("done"));
    await waitingOnClock();
    clock.advance(100);
    await edited;
    expect(slack.callsOf("chat.update")).toHaveLength(0);
    expect(slack.roots("C1")[1]?.versions.map((v) => v.text)).toEqual(["done"]);

    const ts = await second.ts;
    gateway.post("C1", msg("busy"));
    const edits = [
      gateway.update("C1", ts, msg("v1")),
      gateway.update("C1", ts, msg("v2")),
      gateway.update("C1", ts, msg("v3")),
    ];
    clock.advance(100);
    await waitingOnClock();
    clock.advance(100);
    await Promise.all(edits);
    expect(slack.callsOf("chat.update")).toHaveLength(1);
    expect(slack.message("C1", ts)?.text).toBe("v3");
  });

  it("keeps a message still in the making in its place, and sends the ones behind it after it", async () => {
    const gateway = gatewayFor(0);
    let finish: (m: ReturnType<typeof msg>) => void = () => {};
    const later = new Promise<ReturnType<typeof msg>>((resolve) => {
      finish = resolve;
    });
    gateway.post("C1", msg("one"));
    gateway.post("C1", later);
    gateway.post("C1", msg("three"));
    setTimeout(() => finish(msg("two, once checked")), 50);
    await gateway.drained();
    expect(slack.roots("C1").map((m) => m.text)).toEqual(["one", "two, once checked", "three"]);
    expect(slack.callsOf("chat.update")).toHaveLength(0);
  });

  it("keeps every message inside Block Kit's limits", async () => {
    const gateway = gatewayFor(0);
    const blocks = Array.from({ length: 80 }, (_, i) => section(`${i} ${"x".repeat(5000)}`));
    const posted = gateway.post("C1", { text: "y".repeat(50_000), blocks });
    await posted.ts;
    const [m] = slack.roots("C1");
    expect(m?.blocks).toHaveLength(50);
    expect(m?.text.length).toBeLessThanOrEqual(3000);
    expect(JSON.stringify(m?.blocks.at(-1))).toContain("31 more blocks not shown");
  });

  it("waits out Retry-After on its clock and tries again, then gives up after too many 429s in a row", async () => {
    const gateway = gatewayFor(0, 1);
    slack.rateLimit(1, 1, "chat.postMessage");
    const posted = gateway.post("C1", msg("after one 429")).ts;
    await waitingOnClock();
    clock.advance(999);
    expect(at("chat.postMessage")).toEqual([0]);
    clock.advance(1);
    await posted;
    expect(at("chat.postMessage")).toEqual([0, 1000]);
    expect(slack.callsOf("chat.postMessage").map((c) => c.status)).toEqual([429, 200]);

    slack.rateLimit(2, 0, "chat.postMessage");
    const failing = gateway.post("C1", msg("after two")).ts;
    await waitingOnClock();
    clock.advance(0);
    await expect(failing).rejects.toThrow(/rate/i);
  });
});
