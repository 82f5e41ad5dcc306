// Real IOS devices as a NetworkSource: the inventory says which devices there are, each getter reads
// show commands through the transport (an SSH session per device) and parses them, only commands on the
// read-only allowlist run outside the change workflow, and the change workflow follows IOS practice.
import type { Clock } from "../../clock.js";
import { NetworkError, type NetworkSource } from "../source.js";
import type {
  ArpEntry,
  BgpNeighbor,
  CommitResult,
  ConfigKind,
  Counters,
  Device,
  Environment,
  Facts,
  Interface,
  InterfaceIp,
  LldpNeighbor,
  LogEntry,
  NtpState,
  OspfNeighbor,
  PingResult,
  Route,
  SnmpState,
  StageResult,
  Traceroute,
} from "../types.js";
import { IosChanges } from "./changes.js";
import { IosReader } from "./ios-reader.js";
import type { CliTransport } from "./pool.js";
import { assertReadOnly } from "./read-only.js";

export interface CommandTimeouts {
  /** Every show command. */
  showMs: number;
  /** Five echoes with IOS's 2 s timeout each, and the round trip of the session. */
  pingMs: number;
  /** Up to 30 hops of three probes. */
  tracerouteMs: number;
}

export interface IosCliOptions {
  /** The devices as the inventory lists them (a file, or NetBox with its cache). */
  inventory: () => Promise<Device[]>;
  transport: CliTransport;
  clock: Clock;
  timeouts: CommandTimeouts;
}

export class IosCliNetworkSource implements NetworkSource {
  readonly #o: IosCliOptions;
  readonly #readers = new Map<string, IosReader>();
  readonly #changes: IosChanges;
  #names: ReadonlySet<string> = new Set();

  constructor(options: IosCliOptions) {
    this.#o = options;
    this.#changes = new IosChanges(options.transport, options.clock);
  }

  async inventory(): Promise<Device[]> {
    const devices = await this.#o.inventory();
    this.#names = new Set(devices.map((d) => d.name));
    return devices;
  }

  async #known(device: string): Promise<void> {
    if (this.#names.has(device)) return;
    const devices = await this.inventory();
    if (!devices.some((d) => d.name === device)) {
      throw new NetworkError(
        "unknown-device",
        `unknown device '${device}'; known devices: ${devices.map((d) => d.name).join(", ")}`,
      );
    }
  }

  #timeout(command: string): number {
    const { showMs, pingMs, tracerouteMs } = this.#o.timeouts;
    if (command.startsWith("ping ")) return pingMs;
    if (command.startsWith("traceroute ")) return tracerouteMs;
    return showMs;
  }

  async #reader(device: string): Promise<IosReader> {
    await this.#known(device);
    let reader = this.#readers.get(device);
    if (!reader) {
      reader = new IosReader(
        device,
        (command) => {
          assertReadOnly(device, command);
          return this.#o.transport.run(device, command, this.#timeout(command));
        },
        this.#o.clock,
        () => this.#names,
      );
      this.#readers.set(device, reader);
    }
    return reader;
  }

  async getFacts(device: string): Promise<Facts> {
    return (await this.#reader(device)).facts();
  }
  async getInterfaces(device: string): Promise<Interface[]> {
    return (await this.#reader(device)).interfaces();
  }
  async getCounters(device: string): Promise<Counters[]> {
    return (await this.#reader(device)).counters();
  }
  async getInterfaceIps(device: string): Promise<InterfaceIp[]> {
    return (await this.#reader(device)).interfaceIps();
  }
  async getBgpNeighbors(device: string): Promise<BgpNeighbor[]> {
    return (await this.#reader(device)).bgpNeighbors();
  }
  async getOspfNeighbors(device: string): Promise<OspfNeighbor[]> {
    return (await this.#reader(device)).ospfNeighbors();
  }
  async getLldpNeighbors(device: string): Promise<LldpNeighbor[]> {
    return (await this.#reader(device)).lldpNeighbors();
  }
  async getArp(device: string): Promise<ArpEntry[]> {
    return (await this.#reader(device)).arp();
  }
  async getRoutes(device: string): Promise<Route[]> {
    return (await this.#reader(device)).routes();
  }
  async routeLookup(device: string, destination: string): Promise<Route | null> {
    return (await this.#reader(device)).routeLookup(destination);
  }
  async getConfig(device: string, kind: ConfigKind = "running"): Promise<string> {
    return (await this.#reader(device)).config(kind);
  }
  async ping(device: string, target: string): Promise<PingResult> {
    return (await this.#reader(device)).ping(target);
  }
  async traceroute(device: string, target: string): Promise<Traceroute> {
    return (await this.#reader(device)).traceroute(target);
  }
  async getEnvironment(device: string): Promise<Environment> {
    return (await this.#reader(device)).environment();
  }
  async getLogs(device: string, since: Date): Promise<LogEntry[]> {
    return (await this.#reader(device)).logs(since);
  }
  async getSnmp(device: string): Promise<SnmpState> {
    return (await this.#reader(device)).snmp();
  }
  async getNtp(device: string): Promise<NtpState> {
    return (await this.#reader(device)).ntp();
  }

  async stage(device: string, lines: string[]): Promise<StageResult> {
    await this.#known(device);
    return this.#changes.stage(device, lines);
  }
  async diff(device: string): Promise<string> {
    await this.#known(device);
    return this.#changes.diff(device);
  }
  async commit(device: string, options: { revertAfterSeconds: number | null }): Promise<CommitResult> {
    await this.#known(device);
    return this.#changes.commit(device, options);
  }
  async confirm(device: string): Promise<void> {
    await this.#known(device);
    return this.#changes.confirm(device);
  }
  async rollback(device: string): Promise<void> {
    await this.#known(device);
    return this.#changes.rollback(device);
  }
  async discard(device: string): Promise<void> {
    await this.#known(device);
    return this.#changes.discard(device);
  }

  close(): Promise<void> {
    return this.#o.transport.close();
  }
}
