// Socket Mode: with SLACK_APP_TOKEN the same app runs over a WebSocket (no public URL), acks envelopes,
// dedupes a retry_attempt of an event it already took, and still serves /healthz on PORT.
import { createServer } from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeSlack } from "../fakes/slack.js";
import { startNocbot, type TestNocbot } from "../helpers/nocbot.js";
import { fixture } from "../helpers/slack-requests.js";

let slack: FakeSlack;
let nocbot: TestNocbot;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

beforeEach(async () => {
  slack = await new FakeSlack().start();
  nocbot = await startNocbot({
    slack,
    env: { SLACK_APP_TOKEN: "xapp-1-test", PORT: String(await freePort()) },
  });
  await slack.socketConnected();
});
afterEach(async () => {
  await nocbot.stop();
  await slack.stop();
});

describe("Socket Mode", () => {
  it("takes slash commands and events over the socket, once each, and serves /healthz on PORT", async () => {
    expect(nocbot.started.mode).toBe("socket");
    expect(slack.callsOf("apps.connections.open")).toHaveLength(1);
    slack.socketSend({
      type: "slash_commands",
      envelope_id: "env-cmd-1",
      accepts_response_payload: true,
      payload: { ...fixture<Record<string, string>>("slash-command"), text: "investigate branch latency" },
    });
    const mention = fixture<Record<string, unknown>>("app-mention");
    slack.socketSend({ type: "events_api", envelope_id: "env-ev-1", payload: mention });
    slack.socketSend({
      type: "events_api",
      envelope_id: "env-ev-2",
      payload: mention,
      retry_attempt: 1,
      retry_reason: "timeout",
    });
    await vi.waitFor(() =>
      expect(slack.socketAcks.map((a) => a.envelope_id).sort()).toEqual([
        "env-cmd-1",
        "env-ev-1",
        "env-ev-2",
      ]),
    );
    await nocbot.settle();
    expect(
      nocbot.core.store
        .list(10)
        .map((i) => i.question)
        .sort(),
    ).toEqual(["branch latency", "the branch cannot reach the ERP since this morning"]);
    const health = await fetch(`http://127.0.0.1:${nocbot.started.port}/healthz`);
    expect(await health.json()).toMatchObject({ ok: true, slack: "socket" });
  });
});
