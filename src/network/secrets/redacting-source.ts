// The network boundary for secrets: every NetworkSource the rest of nocbot receives is this wrapper around
// a driver. Configs, diffs, logs, SNMP state, errors, anything a device returns, leave it with secrets as
// tokens, so no consumer (the model, Slack, the store, logs, the audit trail, the CLI) can see one. Lines
// staged on a device come in with tokens and reach the driver with the secrets they stand for, only in
// secret positions.
import type { NetworkSource } from "../source.js";
import { NetworkError } from "../source.js";
import type { ConfigKind, SnmpState, StageResult } from "../types.js";
import type { SecretVault } from "./vault.js";

// Config archive logging prints the command a person typed: `... logged command:snmp-server community X RO`.
const LOGGED_COMMAND = /(command:\s*)(.*)$/i;

export class RedactingNetworkSource implements NetworkSource {
  /** Devices whose running config the vault has read in this process: their secrets are known everywhere. */
  readonly #learnt = new Set<string>();

  constructor(
    private readonly inner: NetworkSource,
    readonly vault: SecretVault,
  ) {}

  inventory = () => this.#out(null, () => this.inner.inventory());
  getFacts = (device: string) => this.#out(device, () => this.inner.getFacts(device));
  getInterfaces = (device: string) => this.#out(device, () => this.inner.getInterfaces(device));
  getCounters = (device: string) => this.#out(device, () => this.inner.getCounters(device));
  getInterfaceIps = (device: string) => this.#out(device, () => this.inner.getInterfaceIps(device));
  getBgpNeighbors = (device: string) => this.#out(device, () => this.inner.getBgpNeighbors(device));
  getOspfNeighbors = (device: string) => this.#out(device, () => this.inner.getOspfNeighbors(device));
  getLldpNeighbors = (device: string) => this.#out(device, () => this.inner.getLldpNeighbors(device));
  getArp = (device: string) => this.#out(device, () => this.inner.getArp(device));
  getRoutes = (device: string) => this.#out(device, () => this.inner.getRoutes(device));
  routeLookup = (device: string, destination: string) =>
    this.#out(device, () => this.inner.routeLookup(device, destination));
  ping = (device: string, target: string) => this.#out(device, () => this.inner.ping(device, target));
  traceroute = (device: string, target: string) =>
    this.#out(device, () => this.inner.traceroute(device, target));
  getEnvironment = (device: string) => this.#out(device, () => this.inner.getEnvironment(device));
  getNtp = (device: string) => this.#out(device, () => this.inner.getNtp(device));

  getConfig = (device: string, kind: ConfigKind = "running") =>
    this.#out(null, async () => {
      const text = this.vault.redactConfig(await this.inner.getConfig(device, kind));
      if (kind === "running") this.#learnt.add(device);
      return text;
    });

  getLogs = (device: string, since: Date) =>
    this.#out(device, async () =>
      (await this.inner.getLogs(device, since)).map((entry) => ({
        ...entry,
        message: entry.message.replace(
          LOGGED_COMMAND,
          (_, lead: string, command: string) => lead + this.vault.redactConfig(command),
        ),
      })),
    );

  // Community names are secrets by their type, whatever the vault has read so far.
  getSnmp = (device: string) =>
    this.#out(device, async (): Promise<SnmpState> => {
      const state = await this.inner.getSnmp(device);
      return {
        ...state,
        communities: state.communities.map((c) => ({ ...c, name: this.vault.tokenFor(c.name, "community") })),
      };
    });

  stage = (device: string, lines: string[]) =>
    this.#out(null, async (): Promise<StageResult> => {
      const resolved = await this.#resolve(lines);
      // A secret the proposal writes in clear is learnt, so the diff shows it as a token too.
      this.vault.redactConfig(resolved.join("\n"));
      const result = await this.inner.stage(device, resolved);
      return { ...result, diff: this.vault.redactDiff(result.diff) };
    });

  diff = (device: string) =>
    this.#out(null, async () => this.vault.redactDiff(await this.inner.diff(device)));

  commit = (device: string, options: { revertAfterSeconds: number | null }) =>
    this.#out(null, async () => {
      const result = await this.inner.commit(device, options);
      this.#learnt.delete(device);
      return { ...result, diff: this.vault.redactDiff(result.diff) };
    });

  confirm = (device: string) => this.#out(null, () => this.inner.confirm(device));
  discard = (device: string) => this.#out(null, () => this.inner.discard(device));
  rollback = (device: string) =>
    this.#out(null, async () => {
      await this.inner.rollback(device);
      this.#learnt.delete(device);
    });

  /** Tokens back to secrets; a token this process has not seen yet (after a restart) is learnt from every device first. */
  async #resolve(lines: string[]): Promise<string[]> {
    let resolution = this.vault.resolve(lines);
    if (!resolution.ok) {
      for (const { name } of await this.inner.inventory()) await this.#learn(name);
      resolution = this.vault.resolve(lines);
    }
    if (!resolution.ok)
      throw new NetworkError(
        "invalid-config",
        `${resolution.unknown.join(", ")} stands for no secret on any device: a redacted value can only be reused as it was read`,
      );
    return resolution.lines;
  }

  async #learn(device: string): Promise<void> {
    if (this.#learnt.has(device)) return;
    this.vault.redactConfig(await this.inner.getConfig(device));
    this.#learnt.add(device);
  }

  /**
   * Runs a driver call and redacts everything in its answer, or in its error. Before a device's other
   * state is read, its running config is, so a secret it repeats (a community in a log line) is known.
   */
  async #out<T>(device: string | null, call: () => Promise<T>): Promise<T> {
    try {
      if (device !== null) await this.#learn(device);
      return this.#redactDeep(await call());
    } catch (error) {
      if (error instanceof NetworkError) throw new NetworkError(error.code, this.vault.redact(error.message));
      if (error instanceof Error) error.message = this.vault.redact(error.message);
      throw error;
    }
  }

  #redactDeep<T>(value: T): T {
    if (typeof value === "string") return this.vault.redact(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.#redactDeep(item)) as T;
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, this.#redactDeep(item)]),
      ) as T;
    }
    return value;
  }
}
