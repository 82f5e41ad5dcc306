// The alert endpoints of the running app: beside /slack/events (HTTP mode) and on PORT (Socket Mode);
// off until a credential is configured; bearer, basic auth and the senders' signatures over the raw body;
// a body size limit enforced before reading; refusals counted in /metrics.
import { request } from "node:http";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { FakeSlack } from "../fakes/slack.js";
import { ALERT_TOKEN, alertFixture, CHANNEL, hmac, postAlert } from "../helpers/alerts.js";
import { startNocbot, type TestNocbot } from "../helpers/nocbot.js";

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done();
});

async function boot(env: Record<string, string>) {
  const slack = await new FakeSlack().start();
  const nocbot = await startNocbot({ slack, env: { NOC_ALERT_CHANNEL: CHANNEL, ...env } });
  cleanup.push(async () => {
    await nocbot.stop();
    await slack.stop();
  });
  return { slack, nocbot, base: `http://127.0.0.1:${nocbot.started.port}` };
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const metric = async (nocbot: TestNocbot, source: string, outcome: string) => {
  const text = await nocbot.metrics.text();
  const line = text
    .split("\n")
    .find((l) => l.startsWith(`nocbot_alert_deliveries_total{source="${source}",outcome="${outcome}"}`));
  return Number(line?.split(" ").at(-1) ?? 0);
};

describe("alert endpoints", () => {
  it("are off until a credential is configured", async () => {
    const { base } = await boot({});
    const res = await fetch(`${base}/alerts/alertmanager`, { method: "POST", body: "{}" });
    expect(res.status).toBe(404);
  });

  it("take basic auth as Alertmanager's http_config sends it, and refuse wrong credentials", async () => {
    const { base, nocbot } = await boot({ NOC_ALERT_BASIC_AUTH: "alertmanager:s3cret-pass" });
    const basic = (user: string, pass: string) => ({
      authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`,
    });
    expect(
      (
        await postAlert(
          base,
          "alertmanager",
          alertFixture("alertmanager-firing"),
          basic("alertmanager", "s3cret-pass"),
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await postAlert(
          base,
          "alertmanager",
          alertFixture("alertmanager-firing"),
          basic("alertmanager", "nope-nope"),
        )
      ).status,
    ).toBe(401);
    expect(
      (
        await postAlert(base, "alertmanager", alertFixture("alertmanager-firing"), {
          authorization: `Bearer ${ALERT_TOKEN}`,
        })
      ).status,
    ).toBe(401);
    await nocbot.settle();
    expect(await metric(nocbot, "alertmanager", "refused")).toBe(2);
    expect(await metric(nocbot, "alertmanager", "stored")).toBe(1);
  });

  it("verify Grafana's HMAC over the raw body, with and without its timestamp", async () => {
    const secret = "grafana-signing-secret-0123";
    const { base } = await boot({ NOC_ALERT_GRAFANA_SECRET: secret });
    const body = JSON.stringify(alertFixture("grafana-firing"));
    expect(
      (await postAlert(base, "grafana", body, { "x-grafana-alerting-signature": hmac(secret, body) })).status,
    ).toBe(200);
    // The same JSON re-serialised with other whitespace is another body: the signature is over the bytes.
    const reformatted = JSON.stringify(JSON.parse(body), null, 1);
    expect(
      (await postAlert(base, "grafana", reformatted, { "x-grafana-alerting-signature": hmac(secret, body) }))
        .body.message,
    ).toBe("X-Grafana-Alerting-Signature does not match the body");
    expect(
      (await postAlert(base, "grafana", body, { authorization: `Bearer ${ALERT_TOKEN}` })).body.message,
    ).toBe("no X-Grafana-Alerting-Signature header");

    const stamped = await boot({
      NOC_ALERT_GRAFANA_SECRET: secret,
      NOC_ALERT_GRAFANA_TIMESTAMP_HEADER: "X-Grafana-Alerting-Timestamp",
    });
    const now = String(Math.floor(Date.now() / 1000));
    const signed = (ts: string) => ({
      "x-grafana-alerting-signature": hmac(secret, `${ts}:${body}`),
      "x-grafana-alerting-timestamp": ts,
    });
    expect((await postAlert(stamped.base, "grafana", body, signed(now))).status).toBe(200);
    expect(
      (await postAlert(stamped.base, "grafana", body, signed(String(Number(now) - 3600)))).body.message,
    ).toBe("the signed timestamp is more than 5 minutes from now");
  });

  it("verify X-PagerDuty-Signature, any of several during a secret rotation", async () => {
    const secret = "pagerduty-signing-secret-01";
    const { base } = await boot({ NOC_ALERT_PAGERDUTY_SECRET: secret });
    const body = JSON.stringify(alertFixture("pagerduty-triggered"));
    const signature = (value: string) => ({ "x-pagerduty-signature": value, "x-webhook-id": "wh-1" });
    expect(
      (await postAlert(base, "pagerduty", body, signature(`v1=${"0".repeat(64)},v1=${hmac(secret, body)}`)))
        .status,
    ).toBe(200);
    expect(
      (await postAlert(base, "pagerduty", body, signature(`v1=${hmac("other-secret-000000", body)}`))).status,
    ).toBe(401);
    expect(
      (await postAlert(base, "pagerduty", body, { authorization: `Bearer ${ALERT_TOKEN}` })).body.message,
    ).toBe("no X-PagerDuty-Signature header");
  });

  it("refuse a body over the limit before reading it, announced or streamed", async () => {
    const { base, nocbot } = await boot({ NOC_ALERT_TOKEN: ALERT_TOKEN, NOC_ALERT_MAX_BYTES: "2000" });
    const big = JSON.stringify({ ...alertFixture("alertmanager-firing"), padding: "x".repeat(5000) });
    const announced = await postAlert(base, "alertmanager", big);
    expect(announced).toEqual({
      status: 413,
      body: { ok: false, message: "the body is larger than 2000 bytes (NOC_ALERT_MAX_BYTES)" },
    });
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/alerts/alertmanager`, {
        method: "POST",
        headers: { authorization: `Bearer ${ALERT_TOKEN}`, "transfer-encoding": "chunked" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      for (let i = 0; i < 10; i++) req.write("y".repeat(500));
      req.end();
    });
    expect(streamed).toBe(413);
    expect(await metric(nocbot, "alertmanager", "too-large")).toBe(2);
    expect(nocbot.alerts.store.list({ limit: 10 })).toEqual([]);
  });

  it("are served on PORT in Socket Mode", async () => {
    const port = await freePort();
    const { slack, nocbot } = await boot({
      NOC_ALERT_TOKEN: ALERT_TOKEN,
      SLACK_APP_TOKEN: "xapp-1-test",
      PORT: String(port),
    });
    await slack.socketConnected();
    expect(nocbot.started.mode).toBe("socket");
    expect(
      (await postAlert(`http://127.0.0.1:${port}`, "alertmanager", alertFixture("alertmanager-firing")))
        .status,
    ).toBe(200);
    await nocbot.settle();
    expect(slack.roots(CHANNEL)).toHaveLength(1);
  });
});
