// The embedded lab as a NetworkSource. Everything about the live scenario (its fault overlay and the
// condition that clears it) sits in private fields: callers see only what a real device would show.
import type { Clock } from "../../clock.js";
import { durationSeconds } from "../../duration.js";
import { configDiff } from "../config-diff.js";
import { canonicalConfig, mergeConfig } from "../ios/merge.js";
import { globalAddresses, hostname } from "../ios/model.js";
import { firstChild, parseConfig } from "../ios/parse.js";
import { formatIpv4, parseIpv4 } from "../ip.js";
import { snmpStateOf } from "../snmp-state.js";
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
import { interfacesOf, type LabView, linkAt, lookup, operUp, routesOf, trace, viewOf } from "./derive.js";
import type { DeviceState, FixCheck, Lab, LabDevice, LabLink, Scenario } from "./schema.js";
import { mergeDeviceState } from "./state-merge.js";

interface DeviceRecord {
  meta: Omit<LabDevice, "config">;
  running: string;
  startup: string;
  candidate: string | null;
  pending: { previous: string; cancelTimer: () => void } | null;
}

const PING_COUNT = 5;

export class LabNetworkSource implements NetworkSource {
  readonly #devices = new Map<string, DeviceRecord>();
  readonly #baseline: Lab["baseline"];
  readonly #links: LabLink[];
  readonly #hosts: Lab["hosts"];
  readonly #fault: Scenario["fault"] | null;
  readonly #fixedWhen: FixCheck[];
  readonly #clock: Clock;
  readonly #startedAt: number;
  readonly #events: Array<{ device: string; entry: LogEntry }> = [];
  #commits = 0;

  constructor(lab: Lab, scenarioId: string | null, clock: Clock) {
    const scenario = scenarioId === null ? null : lab.scenarios.find((s) => s.id === scenarioId);
    if (scenario === undefined) {
      throw new NetworkError("unknown-scenario", `unknown scenario '${scenarioId}'; see 'nocbot lab list'`);
    }
    this.#clock = clock;
    this.#startedAt = clock.now().getTime();
    this.#baseline = lab.baseline;
    this.#links = lab.links;
    this.#hosts = lab.hosts;
    this.#fault = scenario?.fault ?? null;
    this.#fixedWhen = scenario?.fixed_when ?? [];
    for (const [name, { config, ...meta }] of Object.entries(lab.devices)) {
      const patch = this.#fault?.config[name];
      const running = canonicalConfig(patch ? mergeConfig(config, patch.split("\n")) : config);
      this.#devices.set(name, { meta, running, startup: running, candidate: null, pending: null });
    }
  }

  #faultActive(): boolean {
    if (this.#fault === null) return false;
    // A control's overlay (busy but healthy) has nothing to fix: it stays.
    if (this.#fixedWhen.length === 0) return true;
    return !this.#fixedWhen.every((check) => {
      const record = this.#devices.get(check.device);
      if (!record) return false;
      const tree = parseConfig(record.running);
      const section =
        check.section === undefined ? tree : firstChild(tree, new RegExp(`^${escapeRegex(check.section)}$`));
      const lines = section ? section.children.map((node) => node.text) : [];
      const matches = (pattern: string) => lines.some((line) => new RegExp(pattern).test(line));
      return (check.has ?? []).every(matches) && !(check.lacks ?? []).some(matches);
    });
  }

  #view(): LabView {
    const active = this.#faultActive();
    const devices = new Map(
      [...this.#devices].map(([name, record]) => {
        const base = this.#baseline[name] ?? {};
        const state = active ? mergeDeviceState(base, this.#fault?.state[name]) : base;
        return [name, viewOf(parseConfig(record.running), state)];
      }),
    );
    const links = active
      ? this.#links.map((link) => ({ ...link, ...(this.#fault?.links[link.id] ?? {}) }))
      : this.#links;
    return { devices, links, hosts: this.#hosts };
  }

  #record(device: string): DeviceRecord {
    const record = this.#devices.get(device);
    if (!record) {
      throw new NetworkError(
        "unknown-device",
        `unknown device '${device}'; known devices: ${[...this.#devices.keys()].join(", ")}`,
      );
    }
    return record;
  }

  #state(device: string): { view: LabView; state: DeviceState } {
    this.#record(device);
    const view = this.#view();
    return { view, state: view.devices.get(device)?.state ?? {} };
  }

  #ago = (ago: string): string => new Date(this.#startedAt - durationSeconds(ago) * 1000).toISOString();

  #address(text: string): number {
    const value = parseIpv4(text);
    if (value === null) throw new NetworkError("invalid-address", `'${text}' is not an IPv4 address`);
    return value;
  }

  async inventory(): Promise<Device[]> {
    return [...this.#devices].map(([name, { meta }]) => ({
      name,
      site: meta.site,
      role: meta.role,
      platform: meta.platform,
      mgmt_ip: meta.mgmt_ip,
    }));
  }

  async getFacts(device: string): Promise<Facts> {
    const record = this.#record(device);
    const tree = parseConfig(record.running);
    const uptime =
      durationSeconds(record.meta.uptime) +
      Math.floor((this.#clock.now().getTime() - this.#startedAt) / 1000);
    return {
      hostname: hostname(tree) ?? device,
      vendor: "Cisco",
      model: record.meta.model,
      os_version: record.meta.os_version,
      serial: record.meta.serial,
      uptime_s: uptime,
      interface_list: (await this.getInterfaces(device)).map((i) => i.name),
    };
  }

  async getInterfaces(device: string): Promise<Interface[]> {
    const { view } = this.#state(device);
    return interfacesOf(view, device, this.#ago);
  }

  async getCounters(device: string): Promise<Counters[]> {
    const { view, state } = this.#state(device);
    return (view.devices.get(device)?.interfaces ?? []).map((iface) => {
      const s = state.interfaces?.[iface.name] ?? {};
      const c = s.counters ?? {};
      const up = operUp(view, device, iface.name);
      return {
        interface: iface.name,
        in_errors: c.in_errors ?? (c.crc ?? 0) + (c.runts ?? 0),
        out_errors: c.out_errors ?? c.late_collisions ?? 0,
        in_discards: c.in_discards ?? 0,
        out_discards: c.out_discards ?? 0,
        crc: c.crc ?? 0,
        runts: c.runts ?? 0,
        collisions: c.collisions ?? 0,
        late_collisions: c.late_collisions ?? 0,
        in_broadcast_pps: up ? (c.in_broadcast_pps ?? 0) : 0,
        in_util_pct: up ? (s.in_util_pct ?? 0) : 0,
        out_util_pct: up ? (s.out_util_pct ?? 0) : 0,
      };
    });
  }

  async getInterfaceIps(device: string): Promise<InterfaceIp[]> {
    const { view } = this.#state(device);
    return (view.devices.get(device)?.interfaces ?? []).flatMap((iface) =>
      iface.address
        ? [
            {
              interface: iface.name,
              address: formatIpv4(iface.address.ip),
              prefix_length: iface.address.prefix.length,
            },
          ]
        : [],
    );
  }

  async getBgpNeighbors(device: string): Promise<BgpNeighbor[]> {
    const { state } = this.#state(device);
    return (state.bgp_neighbors ?? []).map(({ up_for, ...neighbor }) => ({
      ...neighbor,
      uptime_s: durationSeconds(up_for),
    }));
  }

  async getOspfNeighbors(device: string): Promise<OspfNeighbor[]> {
    const { view, state } = this.#state(device);
    return (state.ospf_neighbors ?? []).filter((n) => operUp(view, device, n.interface));
  }

  async getLldpNeighbors(device: string): Promise<LldpNeighbor[]> {
    const { view } = this.#state(device);
    return (view.devices.get(device)?.interfaces ?? []).flatMap((iface) => {
      const link = linkAt(view, device, iface.name);
      return link && operUp(view, device, iface.name)
        ? [
            {
              local_interface: iface.name,
              remote_device: link.peer.device,
              remote_interface: link.peer.iface,
            },
          ]
        : [];
    });
  }

  async getArp(device: string): Promise<ArpEntry[]> {
    const { view, state } = this.#state(device);
    return (state.arp ?? []).filter((entry) => operUp(view, device, entry.interface));
  }

  async getRoutes(device: string): Promise<Route[]> {
    const { view } = this.#state(device);
    return routesOf(view, device);
  }

  async routeLookup(device: string, destination: string): Promise<Route | null> {
    const { view } = this.#state(device);
    return lookup(view, device, this.#address(destination));
  }

  async getConfig(device: string, kind: ConfigKind = "running"): Promise<string> {
    const record = this.#record(device);
    return kind === "running" ? record.running : record.startup;
  }

  async ping(device: string, target: string): Promise<PingResult> {
    const { view } = this.#state(device);
    const path = trace(view, device, this.#address(target));
    const received = path.reached ? Math.round(PING_COUNT * (1 - path.loss_pct / 100)) : 0;
    return {
      source_device: device,
      target,
      sent: PING_COUNT,
      received,
      loss_pct: ((PING_COUNT - received) / PING_COUNT) * 100,
      rtt_avg_ms: received > 0 ? path.rtt_ms : null,
    };
  }

  async traceroute(device: string, target: string): Promise<Traceroute> {
    const { view } = this.#state(device);
    const { reached, hops } = trace(view, device, this.#address(target));
    return { target, reached, hops };
  }

  async getEnvironment(device: string): Promise<Environment> {
    const { state } = this.#state(device);
    return {
      cpu_pct: state.cpu_pct ?? 5,
      memory_used_pct: state.memory_used_pct ?? 30,
      temperature_c: state.temperature_c ?? 35,
    };
  }

  async getLogs(device: string, since: Date): Promise<LogEntry[]> {
    const { state } = this.#state(device);
    const entries: LogEntry[] = [
      ...(state.logs ?? []).map(({ ago, ...entry }) => ({ at: this.#ago(ago), ...entry })),
      ...this.#events.filter((event) => event.device === device).map((event) => event.entry),
    ];
    return entries
      .filter((entry) => Date.parse(entry.at) >= since.getTime())
      .sort((a, b) => a.at.localeCompare(b.at));
  }

  async getSnmp(device: string): Promise<SnmpState> {
    return snmpStateOf(parseConfig(this.#record(device).running));
  }

  async getNtp(device: string): Promise<NtpState> {
    const { view, state } = this.#state(device);
    const servers = globalAddresses(
      view.devices.get(device)?.tree ?? { children: [], lineCount: 0 },
      /^ntp server\s+/,
    );
    const ntp = state.ntp ?? {
      synchronized: servers.length > 0,
      stratum: 3,
      reference: servers[0]?.address ?? null,
      offset_ms: 0.5,
    };
    return {
      ...ntp,
      servers: servers.map(({ address }) => ({
        address,
        reachable: trace(view, device, this.#address(address)).reached,
      })),
    };
  }

  async stage(device: string, lines: string[]): Promise<StageResult> {
    const record = this.#record(device);
    if (record.pending) {
      throw new NetworkError(
        "commit-pending",
        `${device} has a commit waiting for confirmation; confirm or roll it back first`,
      );
    }
    record.candidate = mergeConfig(record.candidate ?? record.running, lines);
    const diff = configDiff(device, record.running, record.candidate);
    return { device, diff, changed: record.candidate !== record.running };
  }

  async diff(device: string): Promise<string> {
    const record = this.#record(device);
    return record.candidate === null ? "" : configDiff(device, record.running, record.candidate);
  }

  async commit(device: string, options: { revertAfterSeconds: number | null }): Promise<CommitResult> {
    const record = this.#record(device);
    if (record.candidate === null) throw new NetworkError("no-candidate", `nothing is staged on ${device}`);
    if (record.pending)
      throw new NetworkError("commit-pending", `${device} has a commit waiting for confirmation`);
    const diff = configDiff(device, record.running, record.candidate);
    const previous = record.running;
    record.running = record.candidate;
    record.candidate = null;
    this.#commits += 1;
    const commitId = `${device}-${this.#commits}`;
    this.#log(device, 5, "SYS-5-CONFIG_I", "Configured from vty0 (nocbot change workflow)");
    let revertAt: string | null = null;
    if (options.revertAfterSeconds !== null) {
      const ms = options.revertAfterSeconds * 1000;
      revertAt = new Date(this.#clock.now().getTime() + ms).toISOString();
      const cancelTimer = this.#clock.setTimer(() => {
        if (record.pending) {
          this.#revert(record);
          this.#log(
            device,
            5,
            "ARCHIVE_DIFF-5-ROLLBK_CNFMD_CHG_ROLLBACK",
            "Rollback due to confirmation timer expiry",
          );
        }
      }, ms);
      record.pending = { previous, cancelTimer };
    } else {
      record.startup = record.running;
    }
    return { device, commit_id: commitId, revert_at: revertAt, diff };
  }

  async confirm(device: string): Promise<void> {
    const record = this.#record(device);
    if (!record.pending)
      throw new NetworkError("no-pending-commit", `${device} has no commit waiting for confirmation`);
    record.pending.cancelTimer();
    record.pending = null;
    record.startup = record.running;
    this.#log(device, 5, "ARCHIVE_DIFF-5-ROLLBK_CNFMD_CHG_CONFIRM", "Confirm the configuration change");
  }

  async rollback(device: string): Promise<void> {
    const record = this.#record(device);
    if (!record.pending)
      throw new NetworkError("no-pending-commit", `${device} has no unconfirmed commit to roll back`);
    this.#revert(record);
    this.#log(device, 5, "ARCHIVE_DIFF-5-ROLLBK_CNFMD_CHG_ROLLBACK", "Rollback requested");
  }

  async discard(device: string): Promise<void> {
    this.#record(device).candidate = null;
  }

  #revert(record: DeviceRecord): void {
    if (!record.pending) return;
    record.pending.cancelTimer();
    record.running = record.pending.previous;
    record.pending = null;
  }

  #log(device: string, severity: number, mnemonic: string, message: string): void {
    this.#events.push({
      device,
      entry: { at: this.#clock.now().toISOString(), severity, mnemonic, message },
    });
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
