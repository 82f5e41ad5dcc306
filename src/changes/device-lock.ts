// One change at a time per device: staging, committing, verifying and rolling back share a device's single
// candidate config, so two proposals for one device must never interleave.

export class DeviceLocks {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(device: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(device) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.#tails.set(device, tail);
    void tail.then(() => {
      if (this.#tails.get(device) === tail) this.#tails.delete(device);
    });
    return next;
  }
}
