// One device of a NetworkSource behind an IOS command line: user and privileged exec, `enable`, paging
// settings, the show commands nocbot reads (in the formats real IOS prints, from src/network/show/),
// ping and traceroute, output filters, and configuration mode with a revert timer mapped onto the
// source's change workflow (stage and commit on `end`, `configure confirm`, `configure revert now`).
import type { Clock } from "../../clock.js";
import { canonicalInterface } from "../interface-names.js";
import { bgpConfig, hostname, ospfConfigs } from "../ios/model.js";
import { parseConfig } from "../ios/parse.js";
import { renderShowIpArp } from "../show/arp.js";
import { renderShowIpBgpNeighbors, renderShowIpBgpSummary } from "../show/bgp.js";
import { renderShowRunningConfig, renderShowStartupConfig } from "../show/config.js";
import {
  renderShowEnvironment,
  renderShowProcessesCpu,
  renderShowProcessesMemory,
} from "../show/environment.js";
import { recordOf, renderShowInterfaces } from "../show/interfaces.js";
import { renderShowIpInterfaceBrief } from "../show/ip-interface-brief.js";
import { renderRouteEntry, renderShowIpRoute } from "../show/ip-route.js";
import { renderShowClock, renderShowLogging } from "../show/logging.js";
import { renderShowCdpNeighborsDetail, renderShowLldpNeighborsDetail } from "../show/neighbors.js";
import { renderShowNtpAssociations, renderShowNtpStatus } from "../show/ntp.js";
import { renderShowIpOspfInterfaceBrief, renderShowIpOspfNeighbor } from "../show/ospf.js";
import { renderPing, renderTraceroute } from "../show/ping.js";
import { renderShowSnmpCommunity } from "../show/snmp.js";
import { renderShowVersion } from "../show/version.js";
import { NetworkError, type NetworkSource } from "../source.js";
import type { Interface } from "../types.js";
import { type CommandSpec, invalidInput, matchCommand } from "./command-table.js";

/** What a command line session does after printing a reply. */
export interface CliReply {
  output: string;
  /** "prompt" (the default) prints the prompt; "close" ends the session; "wait" prints nothing more. */
  after?: "prompt" | "close" | "wait";
}

/** What the SSH server needs from a command line: its prompt, its paging and its answers. */
export interface CliSession {
  prompt(): string;
  /** Lines per page; 0 when paging is off. */
  pageLength(): number;
  /** Whether the next line is a secret (not echoed). */
  hidesInput(): boolean;
  execute(line: string): Promise<CliReply>;
}

const EXEC_COMMANDS = [
  { key: "enable", words: ["enable"] },
  { key: "disable", words: ["disable"] },
  { key: "exit", words: ["exit"] },
  { key: "exit", words: ["logout"] },
  { key: "exit", words: ["quit"] },
  { key: "terminal-length", words: ["terminal", "length", { param: "n" }] },
  { key: "terminal-width", words: ["terminal", "width", { param: "n" }] },
  { key: "terminal-no-monitor", words: ["terminal", "no", "monitor"] },
  { key: "show-version", words: ["show", "version"] },
  { key: "show-clock", words: ["show", "clock"] },
  { key: "show-interfaces", words: ["show", "interfaces"] },
  { key: "show-ip-interface-brief", words: ["show", "ip", "interface", "brief"] },
  { key: "show-ip-route", words: ["show", "ip", "route"] },
  { key: "show-ip-route-address", words: ["show", "ip", "route", { param: "address" }] },
  { key: "show-ip-arp", words: ["show", "ip", "arp"] },
  { key: "show-ip-bgp-summary", words: ["show", "ip", "bgp", "summary"] },
  { key: "show-ip-bgp-neighbors", words: ["show", "ip", "bgp", "neighbors"] },
  { key: "show-ip-ospf-neighbor", words: ["show", "ip", "ospf", "neighbor"] },
  { key: "show-ip-ospf-interface-brief", words: ["show", "ip", "ospf", "interface", "brief"] },
  { key: "show-lldp-neighbors-detail", words: ["show", "lldp", "neighbors", "detail"] },
  { key: "show-cdp-neighbors-detail", words: ["show", "cdp", "neighbors", "detail"] },
  { key: "show-logging", words: ["show", "logging"] },
  { key: "show-processes-cpu", words: ["show", "processes", "cpu"] },
  { key: "show-processes-cpu", words: ["show", "processes", "cpu", "sorted"] },
  { key: "show-processes-memory", words: ["show", "processes", "memory"] },
  { key: "show-processes-memory", words: ["show", "processes", "memory", "sorted"] },
  { key: "show-environment", words: ["show", "environment"] },
  { key: "show-environment", words: ["show", "environment", "all"] },
  { key: "show-environment", words: ["show", "environment", "temperature"] },
  { key: "show-ntp-status", words: ["show", "ntp", "status"] },
  { key: "show-ntp-associations", words: ["show", "ntp", "associations"] },
  { key: "show-snmp-community", words: ["show", "snmp", "community"] },
  { key: "show-running-config", words: ["show", "running-config"] },
  { key: "show-startup-config", words: ["show", "startup-config"] },
  { key: "ping", words: ["ping", { param: "target" }] },
  { key: "traceroute", words: ["traceroute", { param: "target" }] },
  { key: "configure", words: ["configure", "terminal"] },
  {
    key: "configure-revert-timer",
    words: ["configure", "terminal", "revert", "timer", { param: "minutes" }],
  },
  { key: "configure-confirm", words: ["configure", "confirm"] },
  { key: "configure-revert-now", words: ["configure", "revert", "now"] },
  { key: "write", words: ["write", "memory"] },
  { key: "write", words: ["write"] },
  { key: "copy-run-start", words: ["copy", "running-config", "startup-config"] },
] as const satisfies ReadonlyArray<CommandSpec<string>>;

type ExecKey = (typeof EXEC_COMMANDS)[number]["key"];

/** Commands a user (`>`) may run before `enable`. */
const USER_MODE: ReadonlySet<ExecKey> = new Set<ExecKey>([
  "enable",
  "exit",
  "terminal-length",
  "terminal-width",
  "terminal-no-monitor",
  "show-version",
  "show-clock",
  "show-interfaces",
  "show-ip-interface-brief",
  "ping",
  "traceroute",
]);

/** Lines that open a configuration section, and the mode name IOS shows for it. */
const SECTIONS: ReadonlyArray<[RegExp, string]> = [
  [/^interface\s/, "if"],
  [/^router\s/, "router"],
  [/^line\s/, "line"],
  [/^ip access-list standard\s/, "std-nacl"],
  [/^ip access-list extended\s/, "ext-nacl"],
  [/^route-map\s/, "route-map"],
  [/^class-map\s/, "cmap"],
  [/^policy-map\s/, "pmap"],
  [/^key chain\s/, "keychain"],
  [/^ip dhcp pool\s/, "dhcp-config"],
  [/^vlan\s/, "vlan"],
];

/** Global commands that leave a section when typed without indentation, as IOS falls back to global mode. */
const GLOBAL =
  /^(?:no\s+)?(?:hostname|ip (?:route|name-server|domain|http|ssh|prefix-list|dhcp excluded)|ntp|snmp-server|logging|username|enable|service|banner|aaa|archive|spanning-tree|vtp|crypto|access-list)\b/;

/** Interface types a device creates when configured; any other name must already exist. */
const VIRTUAL = /^(Loopback|Tunnel|Vlan|Port-channel|BDI)\d/;

type Filter = { kind: "include" | "exclude" | "begin" | "section"; pattern: RegExp } | { kind: "count" };

export interface IosDeviceOptions {
  source: NetworkSource;
  device: string;
  clock: Clock;
  /** The enable secret; null lands the user in privileged exec directly (privilege 15). */
  enableSecret: string | null;
  /** Some AAA setups refuse `terminal length`: paging then stays on whatever the client asks. */
  terminalLengthRefused?: boolean;
}

interface ConfigSession {
  revertMinutes: number | null;
  lines: string[];
  section: string | null;
}

export class IosDevice implements CliSession {
  readonly #o: IosDeviceOptions;
  #privileged: boolean;
  #awaitingEnable = false;
  #pageLength = 24;
  #hostname: string;
  #config: ConfigSession | null = null;
  /** A question the device asked (`Destination filename [startup-config]?`): the next line answers it. */
  #question: ((answer: string) => CliReply) | null = null;

  constructor(options: IosDeviceOptions, hostnameNow: string) {
    this.#o = options;
    this.#privileged = options.enableSecret === null;
    this.#hostname = hostnameNow;
  }

  static async open(options: IosDeviceOptions): Promise<IosDevice> {
    const name = hostname(parseConfig(await options.source.getConfig(options.device))) ?? options.device;
    return new IosDevice(options, name);
  }

  prompt(): string {
    if (this.#awaitingEnable) return "Password: ";
    if (this.#config)
      return `${this.#hostname}(config${this.#config.section ? `-${this.#config.section}` : ""})#`;
    return `${this.#hostname}${this.#privileged ? "#" : ">"}`;
  }

  pageLength(): number {
    return this.#pageLength;
  }

  hidesInput(): boolean {
    return this.#awaitingEnable;
  }

  async execute(raw: string): Promise<CliReply> {
    if (this.#awaitingEnable) {
      this.#awaitingEnable = false;
      if (raw === this.#o.enableSecret) {
        this.#privileged = true;
        return { output: "" };
      }
      return { output: "% Access denied\n" };
    }
    if (this.#question) {
      const answer = this.#question;
      this.#question = null;
      return answer(raw);
    }
    if (this.#config) return this.#configLine(raw);
    const line = raw.trim();
    if (line === "") return { output: "" };
    const [command, filterText] = splitFilter(line);
    const filter = filterText === null ? null : parseFilter(filterText);
    if (filterText !== null && !filter) return { output: invalidInput(this.prompt(), raw.indexOf("|")) };
    const match = matchCommand(EXEC_COMMANDS, command);
    if (match.kind === "ambiguous") return { output: `% Ambiguous command:  "${match.text}"\n` };
    if (match.kind === "incomplete") return { output: "% Incomplete command.\n\n" };
    if (match.kind === "invalid" || (!this.#privileged && !USER_MODE.has(match.key))) {
      return { output: invalidInput(this.prompt(), match.kind === "invalid" ? match.at : 0) };
    }
    try {
      const reply = await this.#run(match.key, match.params);
      return filter ? { ...reply, output: applyFilter(reply.output, filter) } : reply;
    } catch (error) {
      if (error instanceof NetworkError) return { output: `% ${error.message}\n` };
      throw error;
    }
  }

  async #run(key: ExecKey, params: Record<string, string>): Promise<CliReply> {
    const { source, device } = this.#o;
    switch (key) {
      case "enable":
        if (this.#privileged) return { output: "" };
        this.#awaitingEnable = this.#o.enableSecret !== null;
        this.#privileged = this.#o.enableSecret === null;
        return { output: "" };
      case "disable":
        this.#privileged = this.#o.enableSecret === null;
        return { output: "" };
      case "exit":
        return { output: "", after: "close" };
      case "terminal-length":
        if (this.#o.terminalLengthRefused) return { output: "% Authorization failed.\n" };
        this.#pageLength = Number(params.n);
        return { output: "" };
      case "terminal-width":
      case "terminal-no-monitor":
        return { output: "" };
      case "show-version": {
        const facts = await source.getFacts(device);
        return {
          output: renderShowVersion({
            hostname: this.#hostname,
            os_version: facts.os_version,
            models: [facts.model],
            serials: [facts.serial],
            uptime_s: facts.uptime_s,
          }),
        };
      }
      case "show-clock":
        return { output: renderShowClock(this.#o.clock.now()) };
      case "show-interfaces":
        return { output: renderShowInterfaces(await this.#interfaceRecords()) };
      case "show-ip-interface-brief": {
        const [interfaces, ips] = await Promise.all([
          source.getInterfaces(device),
          source.getInterfaceIps(device),
        ]);
        return {
          output: renderShowIpInterfaceBrief(
            interfaces.map((i) => ({
              interface: i.name,
              ip_address: ips.find((ip) => ip.interface === i.name)?.address ?? null,
              status: statusOf(i),
              protocol: i.oper_up ? "up" : "down",
            })),
          ),
        };
      }
      case "show-ip-route":
        return { output: renderShowIpRoute(await source.getRoutes(device)) };
      case "show-ip-route-address": {
        const route = await source.routeLookup(device, params.address ?? "");
        const tree = parseConfig(await source.getConfig(device));
        const processes = {
          ospf: `ospf ${ospfConfigs(tree)[0]?.processId ?? "1"}`,
          bgp: `bgp ${bgpConfig(tree)?.asn ?? ""}`,
        };
        const process = route ? (processes[route.protocol as "ospf" | "bgp"] ?? route.protocol) : "";
        return { output: renderRouteEntry(route, process) };
      }
      case "show-ip-arp":
        return { output: renderShowIpArp(await source.getArp(device)) };
      case "show-ip-bgp-summary":
      case "show-ip-bgp-neighbors": {
        const bgp = bgpConfig(parseConfig(await source.getConfig(device)));
        if (!bgp) return { output: "% BGP not active\n\n" };
        const neighbors = await source.getBgpNeighbors(device);
        return {
          output:
            key === "show-ip-bgp-summary"
              ? renderShowIpBgpSummary(bgp.routerId ?? (await this.#routerId()), bgp.asn, neighbors)
              : renderShowIpBgpNeighbors(bgp.asn, neighbors),
        };
      }
      case "show-ip-ospf-neighbor":
        return { output: renderShowIpOspfNeighbor(await source.getOspfNeighbors(device)) };
      case "show-ip-ospf-interface-brief":
        return { output: await this.#ospfInterfaces() };
      case "show-lldp-neighbors-detail":
        return { output: renderShowLldpNeighborsDetail(await source.getLldpNeighbors(device)) };
      case "show-cdp-neighbors-detail":
        return { output: renderShowCdpNeighborsDetail(await source.getLldpNeighbors(device)) };
      case "show-logging":
        return { output: renderShowLogging(await source.getLogs(device, new Date(0))) };
      case "show-processes-cpu":
        return { output: renderShowProcessesCpu((await source.getEnvironment(device)).cpu_pct) };
      case "show-processes-memory":
        return { output: renderShowProcessesMemory((await source.getEnvironment(device)).memory_used_pct) };
      case "show-environment":
        return { output: renderShowEnvironment((await source.getEnvironment(device)).temperature_c) };
      case "show-ntp-status": {
        const { servers: _servers, ...status } = await source.getNtp(device);
        return { output: renderShowNtpStatus(status) };
      }
      case "show-ntp-associations":
        return { output: renderShowNtpAssociations(await source.getNtp(device)) };
      case "show-snmp-community":
        return { output: renderShowSnmpCommunity((await source.getSnmp(device)).communities) };
      case "show-running-config":
        return { output: renderShowRunningConfig(await source.getConfig(device, "running")) };
      case "show-startup-config":
        return { output: renderShowStartupConfig(await source.getConfig(device, "startup")) };
      case "ping":
        return { output: renderPing(await source.ping(device, params.target ?? "")) };
      case "traceroute":
        return { output: renderTraceroute(await source.traceroute(device, params.target ?? "")) };
      case "configure":
      case "configure-revert-timer": {
        const minutes = key === "configure-revert-timer" ? Number(params.minutes) : null;
        if (minutes !== null && !(Number.isInteger(minutes) && minutes >= 1 && minutes <= 120)) {
          return { output: "% Invalid input detected at '^' marker.\n" };
        }
        this.#config = { revertMinutes: minutes, lines: [], section: null };
        return {
          output: `${minutes === null ? "" : "Rollback Confirmed Change: Backing up current running config to nvram:rollback-config\n"}Enter configuration commands, one per line.  End with CNTL/Z.\n`,
        };
      }
      case "configure-confirm":
        await source.confirm(device).catch(noPending);
        return { output: "" };
      case "configure-revert-now":
        await source.rollback(device).catch(noPending);
        await this.#refreshHostname();
        return { output: "Rollback Done\n\n" };
      case "write":
        return { output: "Building configuration...\n[OK]\n" };
      case "copy-run-start":
        this.#question = (answer) =>
          answer.trim() === "" || answer.trim() === "startup-config"
            ? { output: "Building configuration...\n[OK]\n" }
            : { output: "%Error opening the destination (Invalid argument)\n" };
        return { output: "Destination filename [startup-config]? ", after: "wait" };
    }
  }

  async #interfaceRecords() {
    const { source, device, clock } = this.#o;
    const [interfaces, counters, ips] = await Promise.all([
      source.getInterfaces(device),
      source.getCounters(device),
      source.getInterfaceIps(device),
    ]);
    const now = clock.now().getTime();
    return interfaces.map((i) =>
      recordOf(
        i,
        counters.find((c) => c.interface === i.name),
        ips.find((ip) => ip.interface === i.name),
        i.last_flap === null ? null : Math.max(0, Math.floor((now - Date.parse(i.last_flap)) / 1000)),
      ),
    );
  }

  async #routerId(): Promise<string> {
    const ips = await this.#o.source.getInterfaceIps(this.#o.device);
    const loopback = ips.find((ip) => ip.interface.startsWith("Loopback"));
    return loopback?.address ?? ips[0]?.address ?? "0.0.0.0";
  }

  async #ospfInterfaces(): Promise<string> {
    const { source, device } = this.#o;
    const [neighbors, ips, config] = await Promise.all([
      source.getOspfNeighbors(device),
      source.getInterfaceIps(device),
      source.getConfig(device),
    ]);
    const process = ospfConfigs(parseConfig(config))[0]?.processId ?? "1";
    const rows = [...new Set(neighbors.map((n) => n.interface))].map((name) => {
      const ip = ips.find((i) => i.interface === name);
      const mine = neighbors.filter((n) => n.interface === name);
      return {
        interface: name,
        process,
        area: mine[0]?.area ?? "0",
        address: ip ? `${ip.address}/${ip.prefix_length}` : "0.0.0.0/0",
        state: "P2P",
        neighbors: mine.length,
      };
    });
    return renderShowIpOspfInterfaceBrief(rows);
  }

  async #configLine(raw: string): Promise<CliReply> {
    const session = this.#config as ConfigSession;
    const text = raw.replace(/\s+$/, "");
    const line = text.trim();
    if (line === "" || line.startsWith("!")) return { output: "" };
    if (line === "end" || line === "\u001a") return this.#endConfig();
    if (line === "exit") {
      if (session.section) {
        session.section = null;
        return { output: "" };
      }
      return this.#endConfig();
    }
    if (/^do\s/.test(line)) {
      this.#config = null;
      try {
        return await this.execute(line.replace(/^do\s+/, ""));
      } finally {
        this.#config = session;
      }
    }
    const opener = SECTIONS.find(([pattern]) => pattern.test(line));
    const indented = text !== line;
    if (opener && !indented) {
      const iface = /^interface\s+(\S+)/.exec(line);
      if (iface && !(await this.#interfaceExists(canonicalInterface(iface[1] as string)))) {
        return { output: invalidInput(this.prompt(), raw.indexOf(iface[1] as string)) };
      }
      session.section = opener[1];
      session.lines.push(line);
    } else if (session.section && (indented || !GLOBAL.test(line))) {
      session.lines.push(indented ? text : ` ${line}`);
    } else {
      session.section = null;
      session.lines.push(line);
    }
    return { output: "" };
  }

  async #interfaceExists(name: string): Promise<boolean> {
    if (VIRTUAL.test(name)) return true;
    const interfaces: Interface[] = await this.#o.source.getInterfaces(this.#o.device);
    return interfaces.some((i) => i.name === name);
  }

  async #endConfig(): Promise<CliReply> {
    const session = this.#config as ConfigSession;
    this.#config = null;
    if (session.lines.length === 0) return { output: "" };
    const { source, device } = this.#o;
    try {
      await source.stage(device, session.lines);
      await source.commit(device, {
        revertAfterSeconds: session.revertMinutes === null ? null : session.revertMinutes * 60,
      });
    } catch (error) {
      await source.discard(device);
      if (error instanceof NetworkError) return { output: `% ${error.message}\n` };
      throw error;
    }
    await this.#refreshHostname();
    return { output: "" };
  }

  async #refreshHostname(): Promise<void> {
    const config = await this.#o.source.getConfig(this.#o.device);
    this.#hostname = hostname(parseConfig(config)) ?? this.#hostname;
  }
}

function noPending(error: unknown): never {
  if (error instanceof NetworkError && error.code === "no-pending-commit") {
    throw new NetworkError("no-pending-commit", "No Rollback Confirmed Change pending");
  }
  throw error;
}

function statusOf(i: Interface): string {
  if (!i.enabled) return "administratively down";
  return i.oper_up ? "up" : "down";
}

function splitFilter(line: string): [string, string | null] {
  const at = line.indexOf(" | ");
  return at < 0 ? [line, null] : [line.slice(0, at), line.slice(at + 3).trim()];
}

function parseFilter(text: string): Filter | null {
  const m = /^(include|exclude|begin|section|count)(?:\s+(.+))?$/.exec(text);
  if (!m) return null;
  if (m[1] === "count") return { kind: "count" };
  if (m[2] === undefined) return null;
  try {
    return { kind: m[1] as "include" | "exclude" | "begin" | "section", pattern: new RegExp(m[2]) };
  } catch {
    return null;
  }
}

function applyFilter(output: string, filter: Filter): string {
  const lines = output.replace(/\n$/, "").split("\n");
  let kept: string[];
  switch (filter.kind) {
    case "include":
      kept = lines.filter((l) => filter.pattern.test(l));
      break;
    case "exclude":
      kept = lines.filter((l) => !filter.pattern.test(l));
      break;
    case "begin": {
      const start = lines.findIndex((l) => filter.pattern.test(l));
      kept = start < 0 ? [] : lines.slice(start);
      break;
    }
    case "section": {
      kept = [];
      let inSection = false;
      for (const l of lines) {
        if (!/^\s/.test(l)) inSection = filter.pattern.test(l);
        if (inSection || filter.pattern.test(l)) kept.push(l);
      }
      break;
    }
    case "count":
      return `Number of lines which match regexp = ${lines.length}\n`;
  }
  return kept.length > 0 ? `${kept.join("\n")}\n` : "";
}
