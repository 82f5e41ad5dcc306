// Time is injected so that revert timers, log windows, pacing, retry waits and step timeouts are testable
// without waiting.

export interface Clock {
  now(): Date;
  /** Runs fn after ms; the returned function cancels it. The timer alone does not keep the process up. */
  setTimer(fn: () => void, ms: number): () => void;
  /**
   * Resolves after ms; the process stays up meanwhile, as someone is waiting. Aborting `signal` cancels the
   * wait: the promise then rejects with the signal's reason.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  setTimer(fn, ms) {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return () => clearTimeout(handle);
  },
  sleep: (ms, signal) =>
    cancellableWait(signal, (done) => {
      const handle = setTimeout(done, ms);
      return () => clearTimeout(handle);
    }),
};

/** A wait started by `start` (which returns how to cancel it), cancelled and rejected when `signal` aborts. */
export function cancellableWait(
  signal: AbortSignal | undefined,
  start: (done: () => void) => () => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = start(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    });
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
