// The tools a specialist may call: read-only NetworkSource getters and the deterministic analyzers'
// findings. There is deliberately no tool that stages, commits or confirms a change.
import { z } from "zod";
import type { Analysis } from "../analyzers/analyze.js";
import type { ToolSpec } from "../llm/gateway.js";
import type { NetworkSource } from "../network/source.js";

export interface ToolContext {
  network: NetworkSource;
  analysis: Analysis;
  now: Date;
}

const Device = z.object({ device: z.string().min(1).describe("Device name from list_devices") });
const Target = Device.extend({ target: z.ipv4().describe("IPv4 address") });

function tool<S extends z.ZodType>(
  name: string,
  description: string,
  input: S,
  run: (input: z.infer<S>, signal: AbortSignal) => Promise<unknown>,
): ToolSpec {
  return { name, description, input, run: (value, signal) => run(value as z.infer<S>, signal) };
}

export function networkTools(ctx: ToolContext): ToolSpec[] {
  const n = ctx.network;
  return [
    tool(
      "list_devices",
      "Inventory: every device with site, role, platform and management address.",
      z.object({}),
      () => n.inventory(),
    ),
    tool(
      "get_interfaces",
      "Interfaces of a device: admin/oper state, speed, duplex, MTU, last flap.",
      Device,
      ({ device }) => n.getInterfaces(device),
    ),
    tool(
      "get_counters",
      "Interface counters: errors, discards, CRC, runts, collisions, late collisions, broadcast rate, utilisation %.",
      Device,
      ({ device }) => n.getCounters(device),
    ),
    tool("get_interface_ips", "IPv4 addresses configured on a device's interfaces.", Device, ({ device }) =>
      n.getInterfaceIps(device),
    ),
    tool("get_routes", "The installed routing table of a device.", Device, ({ device }) =>
      n.getRoutes(device),
    ),
    tool(
      "route_lookup",
      "Which route a device uses for a destination (longest prefix match).",
      Device.extend({ destination: z.ipv4() }),
      ({ device, destination }) => n.routeLookup(device, destination),
    ),
    tool("get_bgp_neighbors", "BGP sessions: state, uptime, flaps, prefixes.", Device, ({ device }) =>
      n.getBgpNeighbors(device),
    ),
    tool("get_ospf_neighbors", "OSPF adjacencies and their state.", Device, ({ device }) =>
      n.getOspfNeighbors(device),
    ),
    tool(
      "get_lldp_neighbors",
      "LLDP neighbors: which device and port is at the far end of each link.",
      Device,
      ({ device }) => n.getLldpNeighbors(device),
    ),
    tool("get_arp", "ARP table.", Device, ({ device }) => n.getArp(device)),
    tool(
      "get_config",
      "Running configuration (secrets are replaced by <secret-N> placeholders).",
      Device,
      ({ device }) => n.getConfig(device),
    ),
    tool("ping", "Ping from a device: loss and average round-trip time.", Target, ({ device, target }) =>
      n.ping(device, target),
    ),
    tool("traceroute", "Traceroute from a device: the hops to a target.", Target, ({ device, target }) =>
      n.traceroute(device, target),
    ),
    tool("get_environment", "CPU, memory and temperature.", Device, ({ device }) => n.getEnvironment(device)),
    tool(
      "get_logs",
      "Syslog messages of a device from the last N minutes.",
      Device.extend({
        since_minutes: z
          .number()
          .int()
          .positive()
          .max(7 * 24 * 60)
          .default(240),
      }),
      ({ device, since_minutes }) => n.getLogs(device, new Date(ctx.now.getTime() - since_minutes * 60_000)),
    ),
    tool("get_snmp", "SNMP communities (names redacted), v3 users, trap hosts.", Device, ({ device }) =>
      n.getSnmp(device),
    ),
    tool("get_ntp", "NTP synchronisation state and server reachability.", Device, ({ device }) =>
      n.getNtp(device),
    ),
    tool(
      "get_findings",
      "Deterministic analyzer findings (config rules and state checks), each with a stable id usable as evidence.",
      z.object({
        device: z.string().optional(),
        rule_prefix: z.string().optional().describe("e.g. SEC-, PERF-, ROUTE-, XDEV-, STATE-"),
      }),
      async ({ device, rule_prefix }) =>
        ctx.analysis.findings
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
  ];
}
