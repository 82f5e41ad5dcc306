// The tools a specialist may call: read-only NetworkSource getters and the deterministic analyzers'
// findings. There is deliberately no tool that stages, commits or confirms a change. The names are a
// closed union derived from these definitions, so a specialist that lists a tool that does not exist
// does not compile.
import { z } from "zod";
import type { Analysis } from "../analyzers/analyze.js";
import type { ToolSpec } from "../llm/gateway.js";
import type { NetworkSource } from "../network/source.js";

export interface ToolContext {
  network: NetworkSource;
  analysis: Analysis;
  now: Date;
}

interface NetworkTool {
  description: string;
  input: z.ZodType;
  run(ctx: ToolContext, input: unknown, signal: AbortSignal): Promise<unknown>;
}

const Device = z.object({ device: z.string().min(1).describe("Device name from list_devices") });
const Target = Device.extend({ target: z.ipv4().describe("IPv4 address") });

/** The gateway validates the input against `input` before `run` sees it. */
function tool<S extends z.ZodType>(
  description: string,
  input: S,
  run: (input: z.infer<S>, ctx: ToolContext, signal: AbortSignal) => Promise<unknown>,
): NetworkTool {
  return { description, input, run: (ctx, value, signal) => run(value as z.infer<S>, ctx, signal) };
}

const NETWORK_TOOLS = {
  list_devices: tool(
    "Inventory: every device with site, role, platform and management address.",
    z.object({}),
    (_input, { network }) => network.inventory(),
  ),
  get_interfaces: tool(
    "Interfaces of a device: admin/oper state, speed, duplex, MTU, last flap.",
    Device,
    ({ device }, { network }) => network.getInterfaces(device),
  ),
  get_counters: tool(
    "Interface counters: errors, discards, CRC, runts, collisions, late collisions, broadcast rate, utilisation %.",
    Device,
    ({ device }, { network }) => network.getCounters(device),
  ),
  get_interface_ips: tool(
    "IPv4 addresses configured on a device's interfaces.",
    Device,
    ({ device }, { network }) => network.getInterfaceIps(device),
  ),
  get_routes: tool("The installed routing table of a device.", Device, ({ device }, { network }) =>
    network.getRoutes(device),
  ),
  route_lookup: tool(
    "Which route a device uses for a destination (longest prefix match).",
    Device.extend({ destination: z.ipv4() }),
    ({ device, destination }, { network }) => network.routeLookup(device, destination),
  ),
  get_bgp_neighbors: tool(
    "BGP sessions: state, uptime, flaps, prefixes.",
    Device,
    ({ device }, { network }) => network.getBgpNeighbors(device),
  ),
  get_ospf_neighbors: tool("OSPF adjacencies and their state.", Device, ({ device }, { network }) =>
    network.getOspfNeighbors(device),
  ),
  get_lldp_neighbors: tool(
    "LLDP neighbors: which device and port is at the far end of each link.",
    Device,
    ({ device }, { network }) => network.getLldpNeighbors(device),
  ),
  get_arp: tool("ARP table.", Device, ({ device }, { network }) => network.getArp(device)),
  get_config: tool(
    "Running configuration (secrets are replaced by <secret-N> placeholders).",
    Device,
    ({ device }, { network }) => network.getConfig(device),
  ),
  ping: tool(
    "Ping from a device: loss and average round-trip time.",
    Target,
    ({ device, target }, { network }) => network.ping(device, target),
  ),
  traceroute: tool(
    "Traceroute from a device: the hops to a target.",
    Target,
    ({ device, target }, { network }) => network.traceroute(device, target),
  ),
  get_environment: tool("CPU, memory and temperature.", Device, ({ device }, { network }) =>
    network.getEnvironment(device),
  ),
  get_logs: tool(
    "Syslog messages of a device from the last N minutes.",
    Device.extend({
      since_minutes: z
        .number()
        .int()
        .positive()
        .max(7 * 24 * 60)
        .default(240),
    }),
    ({ device, since_minutes }, { network, now }) =>
      network.getLogs(device, new Date(now.getTime() - since_minutes * 60_000)),
  ),
  get_snmp: tool(
    "SNMP communities (names redacted), v3 users, trap hosts.",
    Device,
    ({ device }, { network }) => network.getSnmp(device),
  ),
  get_ntp: tool("NTP synchronisation state and server reachability.", Device, ({ device }, { network }) =>
    network.getNtp(device),
  ),
  get_findings: tool(
    "Deterministic analyzer findings (config rules and state checks), each with a stable id usable as evidence.",
    z.object({
      device: z.string().optional(),
      rule_prefix: z.string().optional().describe("e.g. SEC-, PERF-, ROUTE-, XDEV-, STATE-"),
    }),
    async ({ device, rule_prefix }, { analysis }) =>
      analysis.findings
        .filter((f) => (!device || f.device === device) && (!rule_prefix || f.rule.startsWith(rule_prefix)))
        .map(({ id, severity, device: d, interface: i, message, remediation }) => ({
          id,
          severity,
          device: d,
          interface: i,
          message,
          remediation,
        })),
  ),
} satisfies Record<string, NetworkTool>;

export type NetworkToolName = keyof typeof NETWORK_TOOLS;

export const NETWORK_TOOL_NAMES = Object.keys(NETWORK_TOOLS) as NetworkToolName[];

/** The named tools, bound to one run's network and analysis, in a stable order (it is part of the cached prefix). */
export function networkTools(ctx: ToolContext, names: readonly NetworkToolName[]): ToolSpec[] {
  return NETWORK_TOOL_NAMES.filter((name) => names.includes(name)).map((name) => {
    const { description, input, run } = NETWORK_TOOLS[name];
    return { name, description, input, run: (value, signal) => run(ctx, value, signal) };
  });
}
