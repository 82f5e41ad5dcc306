// The NetworkSource getters of one IOS device, read off its command line: which commands answer each
// getter and how their parsed outputs combine. `exec` runs one read-only command and returns its output;
// the SSH driver gives it a session, tests give it an emulated device directly.
import type { Clock } from "../../clock.js";
import { parseConfig } from "../ios/parse.js";
import { parseIpv4 } from "../ip.js";
import { parseShowIpArp } from "../show/arp.js";
import { bgpNeighborsOf, parseShowIpBgpNeighbors, parseShowIpBgpSummary } from "../show/bgp.js";
import { parseShowConfig } from "../show/config.js";
import {
  memoryUsedPct,
  parseShowProcessesCpu,
  parseShowProcessesMemory,
  parseTemperatures,
} from "../show/environment.js";
import {
  broadcastRateEstimate,
  countersOf,
  type InterfaceRecord,
  interfaceIpOf,
  interfaceOf,
  parseShowInterfaces,
} from "../show/interfaces.js";
import { parseShowIpInterfaceBrief } from "../show/ip-interface-brief.js";
import { parseRouteEntry, parseShowIpRoute, routesOf } from "../show/ip-route.js";
import { logEntriesOf, parseShowClock, parseShowLogging } from "../show/logging.js";
import {
  cdpNeighborOf,
  inventoryName,
  lldpNeighborOf,
  parseShowCdpNeighborsDetail,
  parseShowLldpNeighborsDetail,
} from "../show/neighbors.js";
import { parseShowNtpAssociations, parseShowNtpStatus } from "../show/ntp.js";
import { ospfNeighborsOf, parseShowIpOspfInterfaceBrief, parseShowIpOspfNeighbor } from "../show/ospf.js";
import { parsePing, parseTraceroute, pingResultOf, tracerouteOf } from "../show/ping.js";
import { parseShowSnmpCommunity } from "../show/snmp.js";
import { parseShowVersion } from "../show/version.js";
import { snmpStateOf } from "../snmp-state.js";
import { NetworkError } from "../source.js";
import type {
  ArpEntry,
  BgpNeighbor,
  ConfigKind,
  Counters,
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
  Traceroute,
} from "../types.js";

export type Exec = (command: string) => Promise<string>;

/** How long a counter reading stays good for turning the next one into a rate. */
const RATE_WINDOW_MS = 15 * 60_000;

/** Log messages that say an interface changed state, and which interface. */
const LINK_CHANGE = /^(?:LINK|LINEPROTO)-\d-(?:UPDOWN|CHANGED)$/;
const LINK_CHANGE_INTERFACE = /Interface (\S+?),? changed state/;

export class IosReader {
  readonly #exec: Exec;
  readonly #device: string;
  readonly #clock: Clock;
  readonly #known: () => ReadonlySet<string>;
  #broadcasts = new Map<string, { at: number; count: number }>();

  constructor(device: string, exec: Exec, clock: Clock, knownDevices: () => ReadonlySet<string>) {
    this.#device = device;
    this.#exec = exec;
    this.#clock = clock;
    this.#known = knownDevices;
  }

  #unreadable(command: string, output: string): never {
    const first = output.trim().split("\n")[0] ?? "";
    throw new NetworkError(
      "command-rejected",
      `${this.#device}: could not read '${command}'${first ? `: ${first.slice(0, 120)}` : " (empty output)"}`,
    );
  }

  async #read<T>(command: string, parse: (text: string) => T | null): Promise<T> {
    const output = await this.#exec(command);
    return parse(output) ?? this.#unreadable(command, output);
  }

  #address(text: string): string {
    if (parseIpv4(text) === null)
      throw new NetworkError("invalid-address", `'${text}' is not an IPv4 address`);
    return text;
  }

  async facts(): Promise<Facts> {
    const [version, brief] = await Promise.all([
      this.#read("show version", parseShowVersion),
      this.#exec("show ip interface brief"),
    ]);
    return {
      hostname: version.hostname,
      vendor: "Cisco",
      model: version.models[0] ?? "",
      os_version: version.os_version,
      serial: version.serials[0] ?? "",
      uptime_s: version.uptime_s,
      interface_list: parseShowIpInterfaceBrief(brief).map((row) => row.interface),
    };
  }

  async #interfaceRecords(): Promise<InterfaceRecord[]> {
    return parseShowInterfaces(await this.#exec("show interfaces"));
  }

  /**
   * IOS does not print when an interface last changed state: its log does. A link that is down and has
   * no such message left in the buffer went down about when it last received or sent anything.
   */
  async interfaces(): Promise<Interface[]> {
    const [records, logs] = await Promise.all([this.#interfaceRecords(), this.logs(new Date(0))]);
    const now = this.#clock.now().getTime();
    const lastChange = new Map<string, string>();
    for (const entry of logs) {
      const iface = LINK_CHANGE.test(entry.mnemonic)
        ? LINK_CHANGE_INTERFACE.exec(entry.message)?.[1]
        : undefined;
      if (iface && (lastChange.get(iface) ?? "") < entry.at) lastChange.set(iface, entry.at);
    }
    return records.map((r) => {
      const idle = Math.min(
        r.last_input_s ?? Number.POSITIVE_INFINITY,
        r.last_output_s ?? Number.POSITIVE_INFINITY,
      );
      const fromTraffic =
        !/^up\b/.test(r.protocol) && Number.isFinite(idle) ? new Date(now - idle * 1000).toISOString() : null;
      return interfaceOf(r, lastChange.get(r.name) ?? fromTraffic);
    });
  }

  /** Broadcast rates from the change since the last reading when there is a recent one, else estimated. */
  async counters(): Promise<Counters[]> {
    const records = await this.#interfaceRecords();
    const now = this.#clock.now().getTime();
    return records.map((r) => {
      const previous = this.#broadcasts.get(r.name);
      this.#broadcasts.set(r.name, { at: now, count: r.broadcasts });
      const elapsed = previous ? (now - previous.at) / 1000 : 0;
      const rate =
        previous && elapsed >= 1 && now - previous.at <= RATE_WINDOW_MS && r.broadcasts >= previous.count
          ? Math.round(((r.broadcasts - previous.count) / elapsed) * 100) / 100
          : broadcastRateEstimate(r);
      return countersOf(r, rate);
    });
  }

  async interfaceIps(): Promise<InterfaceIp[]> {
    return (await this.#interfaceRecords()).flatMap((r) => interfaceIpOf(r) ?? []);
  }

  async bgpNeighbors(): Promise<BgpNeighbor[]> {
    const summary = parseShowIpBgpSummary(await this.#exec("show ip bgp summary"));
    if (!summary || summary.neighbors.length === 0) return [];
    return bgpNeighborsOf(summary, parseShowIpBgpNeighbors(await this.#exec("show ip bgp neighbors")));
  }

  async ospfNeighbors(): Promise<OspfNeighbor[]> {
    const rows = parseShowIpOspfNeighbor(await this.#exec("show ip ospf neighbor"));
    if (rows.length === 0) return [];
    return ospfNeighborsOf(
      rows,
      parseShowIpOspfInterfaceBrief(await this.#exec("show ip ospf interface brief")),
    );
  }

  /** LLDP first; CDP where LLDP is off or silent. Neighbor names are matched to the inventory's. */
  async lldpNeighbors(): Promise<LldpNeighbor[]> {
    let neighbors = parseShowLldpNeighborsDetail(await this.#exec("show lldp neighbors detail")).flatMap(
      (r) => lldpNeighborOf(r) ?? [],
    );
    if (neighbors.length === 0) {
      neighbors = parseShowCdpNeighborsDetail(await this.#exec("show cdp neighbors detail")).flatMap(
        (r) => cdpNeighborOf(r) ?? [],
      );
    }
    const known = this.#known();
    return neighbors.map((n) => ({ ...n, remote_device: inventoryName(n.remote_device, known) }));
  }

  async arp(): Promise<ArpEntry[]> {
    return parseShowIpArp(await this.#exec("show ip arp"));
  }

  async routes(): Promise<Route[]> {
    return routesOf(parseShowIpRoute(await this.#exec("show ip route")));
  }

  async routeLookup(destination: string): Promise<Route | null> {
    return parseRouteEntry(await this.#exec(`show ip route ${this.#address(destination)}`));
  }

  async config(kind: ConfigKind): Promise<string> {
    const command = kind === "running" ? "show running-config" : "show startup-config";
    const output = await this.#exec(command);
    if (!/^(?:hostname|version|end)\b/m.test(output)) this.#unreadable(command, output);
    return parseShowConfig(output);
  }

  async ping(target: string): Promise<PingResult> {
    const record = await this.#read(`ping ${this.#address(target)}`, parsePing);
    return pingResultOf(this.#device, target, record);
  }

  async traceroute(target: string): Promise<Traceroute> {
    return tracerouteOf(target, parseTraceroute(await this.#exec(`traceroute ${this.#address(target)}`)));
  }

  async environment(): Promise<Environment> {
    const [cpu, memory, environment] = await Promise.all([
      this.#read("show processes cpu | include CPU utilization", parseShowProcessesCpu),
      this.#read("show processes memory | include Processor Pool", parseShowProcessesMemory),
      this.#exec("show environment"),
    ]);
    const temperatures = parseTemperatures(environment);
    return {
      cpu_pct: cpu.one_minute,
      memory_used_pct: memoryUsedPct(memory),
      temperature_c: temperatures.length > 0 ? Math.max(...temperatures) : null,
    };
  }

  async logs(since: Date): Promise<LogEntry[]> {
    const [buffer, clockText] = await Promise.all([this.#exec("show logging"), this.#exec("show clock")]);
    const now = this.#clock.now();
    const clock = parseShowClock(clockText) ?? this.#unreadable("show clock", clockText);
    const records = parseShowLogging(buffer);
    const uptime = records.some((r) => r.stamp.kind === "uptime")
      ? (parseShowVersion(await this.#exec("show version"))?.uptime_s ?? null)
      : null;
    return logEntriesOf(records, clock, now, uptime)
      .filter((entry) => Date.parse(entry.at) >= since.getTime())
      .sort((a, b) => a.at.localeCompare(b.at));
  }

  /** Communities in effect from the device, whether each is read-write from its config lines. */
  async snmp(): Promise<SnmpState> {
    const [communities, lines] = await Promise.all([
      this.#exec("show snmp community"),
      this.#exec("show running-config | include ^snmp-server"),
    ]);
    const fromConfig = snmpStateOf(parseConfig(lines));
    const inEffect = parseShowSnmpCommunity(communities).filter((c) => c.storage_type !== "read-only");
    return {
      ...fromConfig,
      communities: inEffect.map((c) => ({
        name: c.name,
        access: fromConfig.communities.find((k) => k.name === c.name)?.access ?? "ro",
        acl: c.acl ?? fromConfig.communities.find((k) => k.name === c.name)?.acl ?? null,
      })),
    };
  }

  async ntp(): Promise<NtpState> {
    const [status, associations] = await Promise.all([
      this.#read("show ntp status", parseShowNtpStatus),
      this.#exec("show ntp associations"),
    ]);
    return {
      ...status,
      servers: parseShowNtpAssociations(associations).map((a) => ({
        address: a.address,
        reachable: a.reach > 0,
      })),
    };
  }
}
