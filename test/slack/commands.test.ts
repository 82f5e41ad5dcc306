// /noc's other subcommands and its bad inputs: help, status, history, unknown words, a huge paste, a
// channel the bot is not in; and the signature check that keeps everyone else out.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FakeSlack, shownText } from "../fakes/slack.js";
import { startNocbot, type TestNocbot } from "../helpers/nocbot.js";
import { eventCallback, FORM, JSON_TYPE, send, sign, slashCommand } from "../helpers/slack-requests.js";

let slack: FakeSlack;
let nocbot: TestNocbot;

beforeAll(async () => {
  slack = await new FakeSlack().start();
  nocbot = await startNocbot({ slack });
});
afterAll(async () => {
  await nocbot.stop();
  await slack.stop();
});

const command = async (text: string, overrides: Record<string, string> = {}) => {
  const res = await send(nocbot.events, sign(slashCommand(text, overrides), FORM));
  return {
    ...res,
    json: res.body
      ? (JSON.parse(res.body) as { response_type?: string; text: string; blocks: unknown[] })
      : null,
  };
};

describe("/noc subcommands", () => {
  it("answers help, an empty command and unknown words with the help, visible only to the asker", async () => {
    for (const text of ["help", "", "   ", "statsu INC-1", "frobnicate"]) {
      const res = await command(text);
      expect(res.status).toBe(200);
      expect(res.json?.response_type).toBe("ephemeral");
      expect(shownText(res.json ?? { text: "", blocks: [] })).toContain("/noc investigate");
    }
    expect(shownText((await command("statsu INC-1")).json ?? { text: "", blocks: [] })).toContain(
      "did you mean `status`",
    );
    expect(shownText((await command("")).json ?? { text: "", blocks: [] })).toContain("reply in its thread");
    expect(slack.roots("C0NOC0001")).toHaveLength(0);
  });

  it("reports status and searches history from the store", async () => {
    expect(shownText((await command("status")).json ?? { text: "", blocks: [] })).toContain(
      "No incidents yet",
    );
    await command("investigate branch latency");
    await command("the ERP at 10.20.30.15 times out from the branch");
    await nocbot.settle();
    const status = shownText((await command("status INC-1")).json ?? { text: "", blocks: [] });
    expect(status).toContain("*INC-1* · identified · link-down on br-rtr1 GigabitEthernet0/0");
    expect(shownText((await command("status inc-2")).json ?? { text: "", blocks: [] })).toContain("*INC-2*");
    expect(shownText((await command("status INC-99")).json ?? { text: "", blocks: [] })).toContain(
      "No incident INC-99",
    );
    const history = shownText((await command("history erp")).json ?? { text: "", blocks: [] });
    expect(history).toContain("INC-2");
    expect(history).not.toContain("INC-1 ");
    expect(shownText((await command("history")).json ?? { text: "", blocks: [] })).toMatch(
      /INC-2[\s\S]*INC-1/,
    );
    expect(shownText((await command('history "unbalanced ( OR')).json ?? { text: "", blocks: [] })).toContain(
      "No incident matches",
    );
  });

  it("takes a command of 10,000 characters: investigates the first part, keeps all of it, and says so", async () => {
    const paste = `branch latency ${"show interface output line\n".repeat(380)}`.slice(0, 9_999);
    const res = await command(`investigate ${paste}`, { response_url: slack.responseUrl("long") });
    expect(res.status).toBe(200);
    await nocbot.settle();
    const incident = nocbot.core.store.list(1)[0];
    expect(incident?.question).toBe(paste.trim());
    const root = slack.roots("C0NOC0001").at(-1);
    expect(root?.text.length).toBeLessThan(400);
    const note = await vi.waitFor(() => {
      const found = slack.responses.find((r) => r.id === "long");
      if (!found) throw new Error("no response yet");
      return found;
    });
    expect(JSON.stringify(note.body)).toContain("9,999 characters");
    expect(incident?.status).toBe("identified");
  });

  it("tells the asker, privately, when nocbot is not in the channel", async () => {
    await command("investigate branch latency", {
      channel_id: "CNOTIN001",
      response_url: slack.responseUrl("notin"),
    });
    await nocbot.settle();
    const answer = await vi.waitFor(() => {
      const found = slack.responses.find((r) => r.id === "notin");
      if (!found) throw new Error("no response yet");
      return found;
    });
    expect(JSON.stringify(answer.body)).toContain("/invite @nocbot");
    expect(answer.body.response_type).toBe("ephemeral");
    expect(nocbot.core.store.list(1)[0]?.status).toBe("failed");
  });
});

describe("request signatures", () => {
  it("refuses a bad or stale signature with 401 and stores nothing", async () => {
    const incidents = nocbot.core.store.list(100).length;
    const calls = slack.calls.length;
    const body = slashCommand("investigate branch latency");
    const forged = await send(nocbot.events, sign(body, FORM, { secret: "not-the-secret-at-all-000000" }));
    expect(forged.status).toBe(401);
    const stale = await send(
      nocbot.events,
      sign(body, FORM, { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
    );
    expect(stale.status).toBe(401);
    const tampered = sign(body, FORM);
    const res = await fetch(nocbot.events, {
      method: "POST",
      headers: tampered.headers,
      body: body.replace("branch", "brunch"),
    });
    expect(res.status).toBe(401);
    const event = await send(
      nocbot.events,
      sign(eventCallback("app-mention"), JSON_TYPE, { secret: "wrong-secret-000000000000" }),
    );
    expect(event.status).toBe(401);
    await nocbot.settle();
    expect(nocbot.core.store.list(100)).toHaveLength(incidents);
    expect(slack.calls.length).toBe(calls);
  });
});

describe("health and metrics", () => {
  it("serves /healthz and Prometheus /metrics next to the Slack endpoint", async () => {
    const base = nocbot.events.replace("/slack/events", "");
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      ok: true,
      database: "ok",
      network: { driver: "lab", devices: 6 },
      llm: "rules-only",
      slack: "http",
    });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/nocbot_investigations_started_total \d+/);
    expect(metrics).toMatch(/nocbot_slack_api_calls_total\{method="chat.postMessage"\} \d+/);
    expect(metrics).toContain("nocbot_step_duration_seconds_bucket");
    expect(metrics).toContain("nocbot_slack_rate_limited_total");
  });
});
