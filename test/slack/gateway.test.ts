// The gateway in front of Slack, on a real WebClient against the fake: pacing per channel, edits of a
// message not yet sent folded into its post, queued edits collapsed to the latest, Block Kit limits.
import { WebClient } from "@slack/web-api";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Metrics } from "../../src/observability/metrics.js";
import { webClientOptions } from "../../src/slack/app.js";
import { section } from "../../src/slack/blocks.js";
import { SlackGateway } from "../../src/slack/gateway.js";
import { FakeSlack } from "../fakes/slack.js";

let slack: FakeSlack;
beforeEach(async () => {
  slack = await new FakeSlack().start();
});
afterEach(async () => {
  await slack.stop();
});

const gatewayFor = (minIntervalMs: number) =>
  new SlackGateway(
    new WebClient("xoxb-test", webClientOptions({ apiUrl: slack.url })),
    { minIntervalMs },
    new Metrics(),
    pino({ level: "silent" }),
  );
const msg = (text: string) => ({ text, blocks: [section(text)] });

describe("SlackGateway", () => {
  it("paces calls to one channel and lets other channels go at once", async () => {
    const gateway = gatewayFor(150);
    gateway.post("C1", msg("a"));
    gateway.post("C1", msg("b"));
    gateway.post("C1", msg("c"));
    gateway.post("C2", msg("x"));
    await gateway.drained();
    const at = (channel: string) =>
      slack
        .callsOf("chat.postMessage")
        .filter((c) => c.args.channel === channel)
        .map((c) => c.at);
    const c1 = at("C1");
    expect(c1).toHaveLength(3);
    expect((c1[1] ?? 0) - (c1[0] ?? 0)).toBeGreaterThanOrEqual(140);
    expect((c1[2] ?? 0) - (c1[1] ?? 0)).toBeGreaterThanOrEqual(140);
    expect((at("C2")[0] ?? 0) - (c1[0] ?? 0)).toBeLessThan(100);
    expect(slack.roots("C1").map((m) => m.text)).toEqual(["a", "b", "c"]);
  });

  it("folds edits into a post that has not gone out, and collapses queued edits to the latest", async () => {
    const gateway = gatewayFor(100);
    gateway.post("C1", msg("first"));
    const second = gateway.post("C1", msg("running"));
    await second.edit(msg("done"));
    expect(slack.callsOf("chat.update")).toHaveLength(0);
    expect(slack.roots("C1")[1]?.versions.map((v) => v.text)).toEqual(["done"]);

    const ts = await second.ts;
    gateway.post("C1", msg("busy"));
    const edits = [
      gateway.update("C1", ts, msg("v1")),
      gateway.update("C1", ts, msg("v2")),
      gateway.update("C1", ts, msg("v3")),
    ];
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

  it("waits out Retry-After and tries again, then gives up after too many 429s in a row", async () => {
    const gateway = new SlackGateway(
      new WebClient("xoxb-test", webClientOptions({ apiUrl: slack.url })),
      { minIntervalMs: 0, maxRateLimitRetries: 1 },
      new Metrics(),
      pino({ level: "silent" }),
    );
    slack.rateLimit(1, 1, "chat.postMessage");
    const started = Date.now();
    await gateway.post("C1", msg("after one 429")).ts;
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    slack.rateLimit(2, 0, "chat.postMessage");
    await expect(gateway.post("C1", msg("after two")).ts).rejects.toThrow(/rate/i);
  });
});
