// The one interface every specialist, analyzer and change workflow talks to. Drivers (the embedded lab,
// later SSH and Prometheus) implement it; nothing above this layer knows which driver is behind it.
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
} from "./types.js";

export interface NetworkSource {
  inventory(): Promise<Device[]>;
  getFacts(device: string): Promise<Facts>;
  getInterfaces(device: string): Promise<Interface[]>;
  getCounters(device: string): Promise<Counters[]>;
  getInterfaceIps(device: string): Promise<InterfaceIp[]>;
  getBgpNeighbors(device: string): Promise<BgpNeighbor[]>;
  getOspfNeighbors(device: string): Promise<OspfNeighbor[]>;
  getLldpNeighbors(device: string): Promise<LldpNeighbor[]>;
  getArp(device: string): Promise<ArpEntry[]>;
  getRoutes(device: string): Promise<Route[]>;
  /** Longest-prefix match as the device's forwarding table would choose; null when nothing matches. */
  routeLookup(device: string, destination: string): Promise<Route | null>;
  getConfig(device: string, kind?: ConfigKind): Promise<string>;
  ping(device: string, target: string): Promise<PingResult>;
  traceroute(device: string, target: string): Promise<Traceroute>;
  getEnvironment(device: string): Promise<Environment>;
  getLogs(device: string, since: Date): Promise<LogEntry[]>;
  getSnmp(device: string): Promise<SnmpState>;
  getNtp(device: string): Promise<NtpState>;

  // Change workflow: the only way configuration changes. Stage merges candidate lines, diff shows the
  // candidate against running, commit applies with an optional revert timer that rolls back unless confirmed.
  stage(device: string, lines: string[]): Promise<StageResult>;
  diff(device: string): Promise<string>;
  commit(device: string, options: { revertAfterSeconds: number | null }): Promise<CommitResult>;
  confirm(device: string): Promise<void>;
  rollback(device: string): Promise<void>;
  discard(device: string): Promise<void>;
}

export type NetworkErrorCode =
  | "unknown-device"
  | "unknown-scenario"
  | "unknown-interface"
  | "invalid-address"
  | "no-candidate"
  | "no-pending-commit"
  | "commit-pending"
  | "invalid-config"
  // A real device could not be read or changed (the SSH driver): each names the device in its message.
  | "unreachable"
  | "auth-failed"
  | "host-key-unknown"
  | "host-key-mismatch"
  | "timeout"
  | "unexpected-prompt"
  | "command-rejected"
  | "command-not-allowed"
  | "output-too-large"
  | "unsupported-platform";

/** A request the network cannot answer; the message is written for the person or model who asked. */
export class NetworkError extends Error {
  constructor(
    readonly code: NetworkErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "NetworkError";
  }
}
