// A local fake of the Anthropic Messages API (POST /v1/messages) for the real SDK to talk to through
// baseURL. It answers from a per-test script, records every request, and speaks the API's error format.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  index: number;
  path: string;
  headers: IncomingMessage["headers"];
  raw: string;
  body: MessagesBody;
  at: number;
}

export interface MessagesBody {
  model: string;
  max_tokens: number;
  system?: Array<{ type: "text"; text: string; cache_control?: unknown }>;
  messages: Array<{ role: "user" | "assistant"; content: string | Array<Record<string, unknown>> }>;
  tools?: Array<{ name: string; input_schema: unknown; cache_control?: unknown }>;
  tool_choice?: { type: string };
  output_config?: { format?: { type: string; schema: unknown } };
}

export interface Reply {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

export type Script = (request: RecordedRequest) => Reply | Promise<Reply>;

export interface Usage {
  input_tokens?: number;
  output_tokens?: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

let ids = 0;

export function message(
  content: Array<Record<string, unknown>>,
  options: { stop_reason?: string; usage?: Usage; model?: string } = {},
): Reply {
  return {
    body: {
      id: `msg_fake_${++ids}`,
      type: "message",
      role: "assistant",
      model: options.model ?? "claude-sonnet-5-5",
      content,
      stop_reason:
        options.stop_reason ?? (content.some((c) => c.type === "tool_use") ? "tool_use" : "end_turn"),
      stop_sequence: null,
      usage: {
        input_tokens: 100,
        output_tokens: 50,
        cache_read_input_tokens: 0,
        cache_creation_input_tokens: 0,
        ...options.usage,
      },
    },
  };
}

export const text = (value: string, options?: Parameters<typeof message>[1]) =>
  message([{ type: "text", text: value }], options);
export const json = (value: unknown, options?: Parameters<typeof message>[1]) =>
  text(JSON.stringify(value), options);
export const toolUse = (
  calls: Array<{ name: string; input: unknown }>,
  options?: Parameters<typeof message>[1],
) =>
  message(
    calls.map((c) => ({ type: "tool_use", id: `toolu_fake_${++ids}`, name: c.name, input: c.input })),
    options,
  );

export function apiError(
  status: number,
  type: string,
  messageText: string,
  headers: Record<string, string> = {},
): Reply {
  return { status, body: { type: "error", error: { type, message: messageText } }, headers };
}

export class FakeAnthropic {
  readonly requests: RecordedRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  #server: Server | null = null;
  #script: Script;

  constructor(script: Script) {
    this.#script = script;
  }

  set script(script: Script) {
    this.#script = script;
  }

  get url(): string {
    const address = this.#server?.address() as AddressInfo | null;
    if (!address) throw new Error("fake not started");
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const send = (reply: Reply) => {
      res.writeHead(reply.status ?? 200, {
        "content-type": "application/json",
        "request-id": `req_fake_${++ids}`,
        ...reply.headers,
      });
      res.end(JSON.stringify(reply.body));
    };
    if (req.method !== "POST" || req.url?.split("?")[0] !== "/v1/messages") {
      return send(apiError(404, "not_found_error", `no route ${req.method} ${req.url}`));
    }
    const key = req.headers["x-api-key"] ?? req.headers.authorization?.replace(/^Bearer /, "");
    if (!key)
      return send(apiError(401, "authentication_error", "missing x-api-key or Authorization: Bearer"));
    const request: RecordedRequest = {
      index: this.requests.length,
      path: req.url,
      headers: req.headers,
      raw,
      body: JSON.parse(raw) as MessagesBody,
      at: Date.now(),
    };
    this.requests.push(request);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const reply = await this.#script(request);
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      if (!res.destroyed) send(reply);
    } catch (error) {
      send(apiError(500, "api_error", `fake script failed: ${String(error)}`));
    } finally {
      this.inFlight -= 1;
    }
  }
}

/** The text of every message and tool result in a request, flattened (for assertions on what was sent). */
export function conversationText(body: MessagesBody): string {
  return body.messages
    .map((m) =>
      typeof m.content === "string"
        ? m.content
        : m.content
            .map((block) =>
              typeof block.content === "string"
                ? block.content
                : typeof block.text === "string"
                  ? block.text
                  : JSON.stringify(block),
            )
            .join("\n"),
    )
    .join("\n");
}
