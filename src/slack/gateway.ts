// The one door to Slack's Web API. Posts and edits go out paced per channel (about one a second, Slack's
// limit); an edit of a message that has not gone out yet changes what will go out, and edits of one
// message waiting their turn collapse to the latest; a 429 is waited out for its Retry-After and the
// call tried again; every message is fitted to Block Kit's limits before it leaves.
import { ErrorCode, type WebClient } from "@slack/web-api";
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import { fitToLimits, type SlackMessage } from "./blocks.js";

export interface SlackCallMetrics {
  apiCall(method: string): void;
  rateLimited(method: string): void;
}

export interface GatewayOptions {
  /** Minimum time between two calls for one channel. */
  minIntervalMs: number;
  /** How many 429s in a row one call rides out before it gives up. */
  maxRateLimitRetries?: number;
}

/** A message that may not have been posted yet: its ts arrives when it has, and edits apply either way. */
export interface PostedMessage {
  readonly channel: string;
  readonly ts: Promise<string>;
  edit(message: SlackMessage): Promise<void>;
}

interface Item {
  method: string;
  /** The message to send (or its promise); replaced by edits that arrive before the item goes out. */
  message: SlackMessage | Promise<SlackMessage> | null;
  send(message: SlackMessage | null): Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
  started: boolean;
}

interface ChannelQueue {
  items: Item[];
  busy: boolean;
  notBefore: number;
}

function retryAfterSeconds(error: unknown): number | null {
  if (typeof error !== "object" || error === null) return null;
  const e = error as { code?: unknown; retryAfter?: unknown };
  return e.code === ErrorCode.RateLimitedError && typeof e.retryAfter === "number" ? e.retryAfter : null;
}

export class SlackGateway {
  readonly #queues = new Map<string, ChannelQueue>();
  readonly #pendingEdits = new Map<string, Item>();
  #idle: Array<() => void> = [];

  constructor(
    private readonly client: WebClient,
    private readonly options: GatewayOptions,
    private readonly metrics: SlackCallMetrics,
    private readonly log: Logger,
    /** Paces the channels and times the waits after a 429. */
    private readonly clock: Clock,
  ) {}

  /**
   * Queues a post to a channel or thread; returns at once with a handle on the message. The message may
   * still be in the making (a promise): it keeps its place in the channel's order and goes when ready.
   */
  post(channel: string, message: SlackMessage | Promise<SlackMessage>, threadTs?: string): PostedMessage {
    let ts!: (value: string) => void;
    const tsPromise = new Promise<string>((resolve) => {
      ts = resolve;
    });
    let item: Item | null = null;
    const sent = new Promise<void>((resolve, reject) => {
      item = {
        method: "chat.postMessage",
        message,
        started: false,
        resolve,
        reject,
        send: async (m) => {
          if (!m) throw new Error("a post without a message");
          const result = await this.client.chat.postMessage({
            channel,
            ...fitToLimits(m),
            ...(threadTs ? { thread_ts: threadTs } : {}),
            unfurl_links: false,
            unfurl_media: false,
          });
          if (!result.ts) throw new Error("chat.postMessage answered without a ts");
          ts(result.ts);
        },
      };
      this.#enqueue(channel, item);
    });
    // A failed post has no ts; callers waiting on it hear the failure through `sent`.
    const tsOrFailure = Promise.race([tsPromise, sent.then(() => tsPromise)]);
    tsOrFailure.catch(() => {});
    return {
      channel,
      ts: tsOrFailure,
      edit: (next) => {
        const queued = item as Item | null;
        if (queued && !queued.started) {
          queued.message = next;
          return sent;
        }
        return tsOrFailure.then((value) => this.update(channel, value, next));
      },
    };
  }

  /** Edits a message in place. A later edit of the same message, queued before this one went, replaces it. */
  update(channel: string, ts: string, message: SlackMessage): Promise<void> {
    const key = `${channel}:${ts}`;
    const pending = this.#pendingEdits.get(key);
    if (pending && !pending.started) {
      pending.message = message;
      return new Promise((resolve, reject) => {
        const { resolve: r0, reject: j0 } = pending;
        pending.resolve = () => {
          r0();
          resolve();
        };
        pending.reject = (error) => {
          j0(error);
          reject(error);
        };
      });
    }
    return new Promise<void>((resolve, reject) => {
      const item: Item = {
        method: "chat.update",
        message,
        started: false,
        resolve,
        reject,
        send: async (m) => {
          if (this.#pendingEdits.get(key) === item) this.#pendingEdits.delete(key);
          await this.client.chat.update({ channel, ts, ...fitToLimits(m ?? message) });
        },
      };
      this.#pendingEdits.set(key, item);
      this.#enqueue(channel, item);
    });
  }

  /** A file in a thread (a report too long for a message), with a short comment. */
  upload(
    channel: string,
    threadTs: string,
    file: { filename: string; title: string; content: string; comment: string },
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#enqueue(channel, {
        method: "files.uploadV2",
        message: null,
        started: false,
        resolve,
        reject,
        send: async () => {
          await this.client.files.uploadV2({
            channel_id: channel,
            thread_ts: threadTs,
            filename: file.filename,
            title: file.title,
            content: file.content,
            initial_comment: file.comment,
          });
        },
      });
    });
  }

  /** An answer only one person sees; not paced (it answers that person's action), but it rides out 429s. */
  ephemeral(channel: string, user: string, message: SlackMessage, threadTs?: string): Promise<void> {
    return this.#withRetries("chat.postEphemeral", async () => {
      await this.client.chat.postEphemeral({
        channel,
        user,
        ...fitToLimits(message),
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
    });
  }

  /** Any other Web API call, counted and with 429s ridden out (user groups, streaming). */
  call<T>(method: string, fn: () => Promise<T>): Promise<T> {
    return this.#withRetries(method, fn);
  }

  /** Runs a call through one channel's paced queue (chat streaming appends). */
  paced(channel: string, method: string, fn: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#enqueue(channel, { method, message: null, started: false, resolve, reject, send: fn });
    });
  }

  /** Resolves when every queue is empty (shutdown, tests). */
  drained(): Promise<void> {
    if (this.#allIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #now(): number {
    return this.clock.now().getTime();
  }

  #allIdle(): boolean {
    return [...this.#queues.values()].every((q) => !q.busy && q.items.length === 0);
  }

  #enqueue(channel: string, item: Item): void {
    let queue = this.#queues.get(channel);
    if (!queue) {
      queue = { items: [], busy: false, notBefore: 0 };
      this.#queues.set(channel, queue);
    }
    queue.items.push(item);
    if (!queue.busy) void this.#pump(queue);
  }

  async #pump(queue: ChannelQueue): Promise<void> {
    queue.busy = true;
    for (let item = queue.items.shift(); item; item = queue.items.shift()) {
      const wait = queue.notBefore - this.#now();
      if (wait > 0) await this.clock.sleep(wait);
      item.started = true;
      const current = item;
      try {
        await this.#withRetries(
          current.method,
          async () => current.send(await current.message),
          (seconds) => {
            queue.notBefore = this.#now() + seconds * 1000;
          },
        );
        current.resolve();
      } catch (error) {
        this.log.warn({ err: error, method: current.method }, "Slack call failed");
        current.reject(error);
      }
      queue.notBefore = Math.max(queue.notBefore, this.#now() + this.options.minIntervalMs);
    }
    queue.busy = false;
    if (this.#allIdle()) {
      const waiting = this.#idle;
      this.#idle = [];
      for (const resolve of waiting) resolve();
    }
  }

  async #withRetries<T>(
    method: string,
    fn: () => Promise<T>,
    onWait?: (seconds: number) => void,
  ): Promise<T> {
    const limit = this.options.maxRateLimitRetries ?? 20;
    for (let attempt = 0; ; attempt++) {
      this.metrics.apiCall(method);
      try {
        return await fn();
      } catch (error) {
        const seconds = retryAfterSeconds(error);
        if (seconds === null || attempt >= limit) throw error;
        this.metrics.rateLimited(method);
        this.log.info({ method, retryAfter: seconds }, "Slack rate limit: waiting Retry-After");
        onWait?.(seconds);
        await this.clock.sleep(seconds * 1000);
      }
    }
  }
}
