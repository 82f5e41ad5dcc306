// A local fake of Slack's Web API (POST /api/<method>) for the real Bolt app and WebClient to talk to
// through slackApiUrl. It keeps channels, threads and message edits the way Slack would show them, takes
// the files upload flow and response_url posts, answers user group lookups, and can rate-limit: scripted
// 429s with Retry-After, or Slack's own one message per second per channel.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parse as parseQuery } from "node:querystring";
import { type WebSocket, WebSocketServer } from "ws";

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
  status: number;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  thread_ts: string | null;
  text: string;
  blocks: unknown[];
  /** Every version, the first post included. */
  versions: Array<{ text: string; blocks: unknown[] }>;
}

export interface FakeFile {
  id: string;
  filename: string;
  title: string;
  channel: string | null;
  thread_ts: string | null;
  comment: string | null;
  bytes: number;
  raw: string;
}

export interface FakeSlackOptions {
  /** Enforce Slack's pace for writes to one channel: a faster call gets 429 with Retry-After. */
  perChannelIntervalMs?: number;
  /** User group id -> member ids; "unsupported" answers like a workspace without user groups. */
  usergroups?: Record<string, string[]> | "unsupported";
  /** Answer chat.startStream with this error (a workspace without streaming). */
  streamingError?: string;
  bot?: { userId: string; botId: string; teamId: string };
  /** The time calls are recorded and paced at (a test's clock); the wall clock by default. */
  clock?: { now(): Date };
}

const JSON_FIELDS = new Set(["blocks", "attachments", "chunks", "files", "metadata"]);
const PACED = new Set([
  "chat.postMessage",
  "chat.update",
  "chat.startStream",
  "chat.appendStream",
  "chat.stopStream",
]);

export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly messages: FakeMessage[] = [];
  readonly ephemerals: Array<{ channel: string; user: string; text: string; blocks: unknown[] }> = [];
  readonly responses: Array<{ id: string; body: Record<string, unknown> }> = [];
  readonly files: FakeFile[] = [];
  readonly streams: Array<{
    channel: string;
    ts: string;
    thread_ts: string;
    args: Record<string, unknown>;
    chunks: unknown[];
    stopped: boolean;
  }> = [];
  rateLimited = 0;
  #server: Server | null = null;
  #seq = 0;
  #lastWrite = new Map<string, number>();
  #scripted: Array<{ method: string | null; remaining: number; retryAfter: number }> = [];
  #uploads = new Map<string, { filename: string; raw: string; bytes: number }>();
  #sockets = new WebSocketServer({ noServer: true });
  #socket: WebSocket | null = null;
  /** Envelope ids the app acknowledged over Socket Mode, with the payload of the ack. */
  readonly socketAcks: Array<{ envelope_id: string; payload: unknown }> = [];

  constructor(readonly options: FakeSlackOptions = {}) {}

  #now(): number {
    return this.options.clock?.now().getTime() ?? Date.now();
  }

  get bot() {
    return this.options.bot ?? { userId: "UBOT0001", botId: "BBOT0001", teamId: "T0NOC0001" };
  }

  get url(): string {
    return `${this.#base()}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.#base()}/response/${id}`;
  }

  /** The next `count` calls (of one method, or any) are answered 429 with this Retry-After. */
  rateLimit(count: number, retryAfterSeconds: number, method: string | null = null): void {
    this.#scripted.push({ method, remaining: count, retryAfter: retryAfterSeconds });
  }

  callsOf(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  thread(channel: string, rootTs: string): FakeMessage[] {
    return this.messages.filter((m) => m.channel === channel && m.thread_ts === rootTs);
  }

  message(channel: string, ts: string): FakeMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  /** Channel messages (not thread replies). */
  roots(channel: string): FakeMessage[] {
    return this.messages.filter((m) => m.channel === channel && m.thread_ts === null);
  }

  /** Resolves once a Socket Mode client has connected and been sent its hello. */
  socketConnected(): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (this.#socket ? resolve() : setTimeout(check, 10));
      check();
    });
  }

  /** Sends a Socket Mode envelope, as Slack would over the app's WebSocket. */
  socketSend(envelope: {
    type: string;
    payload: unknown;
    envelope_id: string;
    retry_attempt?: number;
    retry_reason?: string;
    accepts_response_payload?: boolean;
  }): void {
    if (!this.#socket) throw new Error("no Socket Mode client connected");
    this.#socket.send(
      JSON.stringify({ retry_attempt: 0, retry_reason: "", accepts_response_payload: false, ...envelope }),
    );
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    this.#server.on("upgrade", (req, socket, head) => {
      this.#sockets.handleUpgrade(req, socket, head, (ws) => {
        this.#socket = ws;
        ws.on("message", (data) => {
          const ack = JSON.parse(String(data)) as { envelope_id: string; payload: unknown };
          this.socketAcks.push(ack);
        });
        ws.send(
          JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A0NOCBOT01" } }),
        );
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const client of this.#sockets.clients) client.terminate();
    this.#sockets.close();
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }

  #base(): string {
    const address = this.#server?.address() as AddressInfo | null;
    if (!address) throw new Error("fake Slack not started");
    return `http://127.0.0.1:${address.port}`;
  }

  #ts(): string {
    this.#seq += 1;
    return `${1_700_000_000 + this.#seq}.${String(this.#seq).padStart(6, "0")}`;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const path = req.url?.split("?")[0] ?? "";
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
      res.end(JSON.stringify(body));
    };
    if (path.startsWith("/upload/")) {
      const id = path.slice("/upload/".length);
      const upload = this.#uploads.get(id);
      if (upload) Object.assign(upload, { raw, bytes: raw.length });
      res.writeHead(upload ? 200 : 404, { "content-type": "text/plain" });
      res.end(upload ? `OK - ${raw.length}` : "no such upload");
      return;
    }
    if (path.startsWith("/response/")) {
      this.responses.push({ id: path.slice("/response/".length), body: JSON.parse(raw || "{}") });
      return send(200, { ok: true });
    }
    if (!path.startsWith("/api/")) return send(404, { ok: false, error: "unknown_route" });
    const method = path.slice("/api/".length);
    const args = this.#args(req, raw);
    const call: SlackCall = { method, args, at: this.#now(), status: 200 };
    this.calls.push(call);
    const token = req.headers.authorization?.replace(/^Bearer /, "") ?? args.token;
    if (!token) return send(200, { ok: false, error: "not_authed" });

    const retry = this.#retryAfter(method, args);
    if (retry !== null) {
      call.status = 429;
      this.rateLimited += 1;
      return send(429, { ok: false, error: "ratelimited" }, { "retry-after": String(retry) });
    }
    const answer = this.#answer(method, args);
    send(200, answer);
  }

  #args(req: IncomingMessage, raw: string): Record<string, unknown> {
    const type = req.headers["content-type"] ?? "";
    const args: Record<string, unknown> = type.includes("application/json")
      ? (JSON.parse(raw || "{}") as Record<string, unknown>)
      : { ...(parseQuery(raw) as Record<string, unknown>) };
    for (const key of Object.keys(args)) {
      const value = args[key];
      if (JSON_FIELDS.has(key) && typeof value === "string") args[key] = JSON.parse(value);
    }
    return args;
  }

  #retryAfter(method: string, args: Record<string, unknown>): number | null {
    const scripted = this.#scripted.find(
      (s) => s.remaining > 0 && (s.method === null || s.method === method),
    );
    if (scripted) {
      scripted.remaining -= 1;
      return scripted.retryAfter;
    }
    const interval = this.options.perChannelIntervalMs;
    const channel = typeof args.channel === "string" ? args.channel : null;
    if (interval && channel && PACED.has(method)) {
      const now = this.#now();
      const last = this.#lastWrite.get(channel);
      if (last !== undefined && now - last < interval)
        return Math.max(1, Math.ceil((interval - (now - last)) / 1000));
      this.#lastWrite.set(channel, now);
    }
    return null;
  }

  #answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const str = (key: string) => (typeof args[key] === "string" ? (args[key] as string) : null);
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: "https://noc-fake.slack.com/",
          team: "NOC",
          user: "nocbot",
          team_id: this.bot.teamId,
          user_id: this.bot.userId,
          bot_id: this.bot.botId,
        };
      case "chat.postMessage": {
        const channel = str("channel");
        if (!channel) return { ok: false, error: "channel_not_found" };
        if (channel.startsWith("CNOTIN")) return { ok: false, error: "not_in_channel" };
        const blocks = (args.blocks as unknown[] | undefined) ?? [];
        const text = str("text") ?? "";
        if (!text && blocks.length === 0) return { ok: false, error: "no_text" };
        const invalid = this.#blockProblem(blocks, text);
        if (invalid) return { ok: false, error: invalid };
        const message: FakeMessage = {
          channel,
          ts: this.#ts(),
          thread_ts: str("thread_ts"),
          text,
          blocks,
          versions: [{ text, blocks }],
        };
        this.messages.push(message);
        return { ok: true, channel, ts: message.ts, message: { text, ts: message.ts } };
      }
      case "chat.update": {
        const message = this.message(str("channel") ?? "", str("ts") ?? "");
        if (!message) return { ok: false, error: "message_not_found" };
        const blocks = (args.blocks as unknown[] | undefined) ?? [];
        const text = str("text") ?? "";
        const invalid = this.#blockProblem(blocks, text);
        if (invalid) return { ok: false, error: invalid };
        Object.assign(message, { text, blocks });
        message.versions.push({ text, blocks });
        return { ok: true, channel: message.channel, ts: message.ts, text };
      }
      case "chat.postEphemeral":
        this.ephemerals.push({
          channel: str("channel") ?? "",
          user: str("user") ?? "",
          text: str("text") ?? "",
          blocks: (args.blocks as unknown[] | undefined) ?? [],
        });
        return { ok: true, message_ts: this.#ts() };
      case "files.getUploadURLExternal": {
        const id = `F${String(++this.#seq).padStart(8, "0")}`;
        this.#uploads.set(id, { filename: str("filename") ?? "", raw: "", bytes: 0 });
        return { ok: true, upload_url: `${this.#base()}/upload/${id}`, file_id: id };
      }
      case "files.completeUploadExternal": {
        const files = (args.files as Array<{ id: string; title?: string }> | undefined) ?? [];
        for (const f of files) {
          const upload = this.#uploads.get(f.id);
          if (!upload) return { ok: false, error: "file_not_found" };
          this.files.push({
            id: f.id,
            filename: upload.filename,
            title: f.title ?? upload.filename,
            channel: str("channel_id"),
            thread_ts: str("thread_ts"),
            comment: str("initial_comment"),
            bytes: upload.bytes,
            raw: upload.raw,
          });
        }
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      case "apps.connections.open":
        return { ok: true, url: `${this.#base().replace("http", "ws")}/link/?ticket=fake` };
      case "usergroups.users.list": {
        const groups = this.options.usergroups;
        if (groups === "unsupported") return { ok: false, error: "paid_teams_only" };
        const users = groups?.[str("usergroup") ?? ""];
        return users ? { ok: true, users } : { ok: false, error: "no_such_subteam" };
      }
      case "chat.startStream": {
        if (this.options.streamingError) return { ok: false, error: this.options.streamingError };
        const channel = str("channel") ?? "";
        const ts = this.#ts();
        this.streams.push({
          channel,
          ts,
          thread_ts: str("thread_ts") ?? "",
          args,
          chunks: [...((args.chunks as unknown[] | undefined) ?? [])],
          stopped: false,
        });
        return { ok: true, channel, ts };
      }
      case "chat.appendStream":
      case "chat.stopStream": {
        const stream = this.streams.find((s) => s.channel === str("channel") && s.ts === str("ts"));
        if (!stream || stream.stopped) return { ok: false, error: "message_not_in_streaming_state" };
        stream.chunks.push(...((args.chunks as unknown[] | undefined) ?? []));
        if (method === "chat.stopStream") {
          stream.stopped = true;
          if (args.blocks) stream.chunks.push({ type: "blocks", blocks: args.blocks });
        }
        return { ok: true, channel: stream.channel, ts: stream.ts };
      }
      default:
        return { ok: false, error: "unknown_method" };
    }
  }

  /** Slack's own checks on blocks: the limits a real workspace enforces. */
  #blockProblem(blocks: unknown[], text: string): string | null {
    if (text.length > 40_000) return "msg_too_long";
    if (blocks.length > 50) return "invalid_blocks";
    for (const block of blocks as Array<{
      type?: string;
      text?: { text?: string };
      elements?: Array<{ text?: unknown }>;
    }>) {
      if (block.type === "section" && (block.text?.text?.length ?? 0) > 3000) return "invalid_blocks";
      if (block.type === "header" && (block.text?.text?.length ?? 0) > 150) return "invalid_blocks";
      if (block.type === "section" && !block.text?.text) return "invalid_blocks";
    }
    return null;
  }
}

/** Every text a message shows: its fallback text and the text of its blocks. */
export function shownText(message: { text: string; blocks: unknown[] }): string {
  return [message.text, JSON.stringify(message.blocks)].join("\n");
}
