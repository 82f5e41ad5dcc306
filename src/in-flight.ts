// Work that was started and not awaited (a run after the ack, a Slack edit, an apply after a click): kept
// here so that shutdown and tests can wait for all of it to end.

export class InFlight {
  readonly #pending = new Set<Promise<void>>();

  /** Remembers the promise until it settles; returns it unchanged. */
  track<T>(promise: Promise<T>): Promise<T> {
    const settled = promise.then(
      () => {},
      () => {},
    );
    this.#pending.add(settled);
    void settled.then(() => this.#pending.delete(settled));
    return promise;
  }

  get size(): number {
    return this.#pending.size;
  }

  /** Resolves when everything tracked, including what was tracked while waiting, has settled. */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}
