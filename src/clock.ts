// Time is injected so that revert timers, log windows and pacing are testable without waiting.

export interface Clock {
  now(): Date;
  /** Runs fn after ms; the returned function cancels it. */
  setTimer(fn: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => new Date(),
  setTimer(fn, ms) {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return () => clearTimeout(handle);
  },
};
