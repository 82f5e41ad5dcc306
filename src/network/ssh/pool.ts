// Sessions to devices: at most one per device, commands to one device one at a time (identical reads
// already waiting share one run), at most `maxSessions` open across all devices (an idle one is closed to
// make room, else the caller waits), idle sessions closed after a while, a broken one reopened on next use.
import { NetworkError } from "../source.js";
import type { IosSession } from "./session.js";

export type Run = (command: string, timeoutMs?: number) => Promise<string>;

/** What the IOS driver needs from a way of reaching devices' command lines. */
export interface CliTransport {
  run(device: string, command: string, timeoutMs?: number): Promise<string>;
  /** Runs several commands on one device with nothing else in between (the change workflow). */
  exclusive<T>(device: string, work: (run: Run) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

interface Slot {
  session: IosSession | null;
  tail: Promise<unknown>;
  pending: number;
  reads: Map<string, Promise<string>>;
  idle: NodeJS.Timeout | null;
  usedAt: number;
}

export interface PoolOptions {
  maxSessions: number;
  idleMs: number;
  open: (device: string) => Promise<IosSession>;
}

export class SessionPool implements CliTransport {
  readonly #options: PoolOptions;
  readonly #slots = new Map<string, Slot>();
  #open = 0;
  #waiting: Array<() => void> = [];
  #closed = false;

  constructor(options: PoolOptions) {
    this.#options = options;
  }

  /** How many sessions are open now (for tests and figures). */
  get openSessions(): number {
    return this.#open;
  }

  #slot(device: string): Slot {
    let slot = this.#slots.get(device);
    if (!slot) {
      slot = { session: null, tail: Promise.resolve(), pending: 0, reads: new Map(), idle: null, usedAt: 0 };
      this.#slots.set(device, slot);
    }
    return slot;
  }

  #serial<T>(device: string, work: () => Promise<T>): Promise<T> {
    if (this.#closed)
      return Promise.reject(new NetworkError("unreachable", `${device}: the driver is shut down`));
    const slot = this.#slot(device);
    slot.pending += 1;
    if (slot.idle) clearTimeout(slot.idle);
    const result = slot.tail.then(work);
    slot.tail = result.then(
      () => this.#done(slot),
      () => this.#done(slot),
    );
    return result;
  }

  #done(slot: Slot): void {
    slot.pending -= 1;
    slot.usedAt = Date.now();
    if (slot.session?.closed) this.#release(slot);
    if (slot.pending === 0 && slot.session) {
      slot.idle = setTimeout(() => this.#closeSlot(slot), this.#options.idleMs);
      slot.idle.unref();
    }
    // Someone may be waiting for a session to close: this one is idle now.
    if (slot.pending === 0) this.#waiting.shift()?.();
  }

  #release(slot: Slot): void {
    if (!slot.session) return;
    slot.session = null;
    this.#open -= 1;
    this.#waiting.shift()?.();
  }

  #closeSlot(slot: Slot): void {
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = null;
    slot.session?.close();
    this.#release(slot);
  }

  async #session(device: string, slot: Slot): Promise<IosSession> {
    if (slot.session && !slot.session.closed) return slot.session;
    if (slot.session) this.#release(slot);
    while (this.#open >= this.#options.maxSessions) {
      const idle = [...this.#slots.values()]
        .filter((s) => s !== slot && s.session && s.pending === 0)
        .sort((a, b) => a.usedAt - b.usedAt)[0];
      if (idle) this.#closeSlot(idle);
      else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    this.#open += 1;
    try {
      slot.session = await this.#options.open(device);
      return slot.session;
    } catch (error) {
      this.#open -= 1;
      this.#waiting.shift()?.();
      throw error;
    }
  }

  run(device: string, command: string, timeoutMs?: number): Promise<string> {
    const slot = this.#slot(device);
    const shared = slot.reads.get(command);
    if (shared) return shared;
    const read = this.#serial(device, async () =>
      (await this.#session(device, slot)).run(command, timeoutMs),
    );
    slot.reads.set(command, read);
    const forget = () => slot.reads.delete(command);
    read.then(forget, forget);
    return read;
  }

  exclusive<T>(device: string, work: (run: Run) => Promise<T>): Promise<T> {
    const slot = this.#slot(device);
    return this.#serial(device, async () => {
      const run: Run = async (command, timeoutMs) =>
        (await this.#session(device, slot)).run(command, timeoutMs);
      return work(run);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const slot of this.#slots.values()) this.#closeSlot(slot);
    for (const wake of this.#waiting.splice(0)) wake();
  }
}
