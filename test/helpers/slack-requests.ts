// Inbound Slack requests as Slack sends them: captured payloads from test/fixtures/slack, signed with the
// signing secret (v0 HMAC-SHA256 over "v0:<timestamp>:<body>"), posted to the real HTTP receiver.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "node:querystring";
import { PACKAGE_ROOT } from "../../src/paths.js";

export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

const FIXTURES = join(PACKAGE_ROOT, "test", "fixtures", "slack");
export const fixture = <T = Record<string, unknown>>(name: string): T =>
  JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as T;

export interface Signed {
  body: string;
  contentType: string;
  headers: Record<string, string>;
}

export function sign(
  body: string,
  contentType: string,
  options: { secret?: string; timestamp?: number; retryNum?: number; retryReason?: string } = {},
): Signed {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac("sha256", options.secret ?? SIGNING_SECRET)
    .update(`v0:${timestamp}:${body}`)
    .digest("hex")}`;
  return {
    body,
    contentType,
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": signature,
      ...(options.retryNum !== undefined ? { "x-slack-retry-num": String(options.retryNum) } : {}),
      ...(options.retryReason ? { "x-slack-retry-reason": options.retryReason } : {}),
    },
  };
}

let triggers = 0;

/** A /noc slash command as Slack posts it (form-encoded). */
export function slashCommand(text: string, overrides: Record<string, string> = {}): string {
  triggers += 1;
  return stringify({
    ...fixture<Record<string, string>>("slash-command"),
    text,
    trigger_id: `${1111111111 + triggers}.2222222222.${"a".repeat(32)}`,
    ...overrides,
  });
}

let events = 0;

/** An Events API callback around an event from a fixture, with a fresh event_id unless one is given. */
export function eventCallback(
  name: "app-mention" | "thread-reply" | "message-changed",
  event: Record<string, unknown> = {},
  envelope: Record<string, unknown> = {},
): string {
  events += 1;
  const base = fixture<{ event: Record<string, unknown> }>(name);
  return JSON.stringify({
    ...base,
    event_id: `Ev${String(events).padStart(10, "0")}`,
    ...envelope,
    event: { ...base.event, ...event },
  });
}

/** A block_actions payload (a button click), form-encoded as `payload=<json>`. */
export function blockActions(overrides: {
  user: string;
  actionId: string;
  value: string;
  channel?: string;
  messageTs?: string;
  threadTs?: string;
  responseUrl?: string;
}): string {
  const base = fixture<Record<string, unknown> & { actions: Array<Record<string, unknown>> }>(
    "block-actions",
  );
  const channel = overrides.channel ?? "C0NOC0001";
  const payload = {
    ...base,
    user: { id: overrides.user, username: overrides.user.toLowerCase(), team_id: "T0NOC0001" },
    channel: { id: channel, name: "noc" },
    container: {
      type: "message",
      channel_id: channel,
      message_ts: overrides.messageTs ?? "1700000010.000010",
      thread_ts: overrides.threadTs,
    },
    message: {
      type: "message",
      user: "UBOT0001",
      bot_id: "BBOT0001",
      ts: overrides.messageTs ?? "1700000010.000010",
      thread_ts: overrides.threadTs,
      text: "Proposed change",
    },
    ...(overrides.responseUrl ? { response_url: overrides.responseUrl } : {}),
    actions: [
      {
        ...base.actions[0],
        action_id: overrides.actionId,
        value: overrides.value,
        block_id: `proposal:${overrides.value}`,
      },
    ],
  };
  return stringify({ payload: JSON.stringify(payload) });
}

export async function send(
  url: string,
  signed: Signed,
): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(url, { method: "POST", headers: signed.headers, body: signed.body });
  const body = await res.text();
  return { status: res.status, body, ms: performance.now() - started };
}

export const FORM = "application/x-www-form-urlencoded";
export const JSON_TYPE = "application/json";
