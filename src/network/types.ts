// Shapes every NetworkSource returns. Modelled on NAPALM's getters, extended where NAPALM is blind
// (duplex, CRC/collision counters, utilization, OSPF, logs since T, SNMP and NTP state).
import { z } from "zod";

export const DeviceSchema = z.object({
  name: z.string(),
  site: z.string(),
  role: z.string(),
  platform: z.string(),
  mgmt_ip: z.string(),
});
export type Device = z.infer<typeof DeviceSchema>;

export const FactsSchema = z.object({
  hostname: z.string(),
  vendor: z.string(),
  model: z.string(),
  os_version: z.string(),
  serial: z.string(),
  uptime_s: z.number().int().nonnegative(),
  interface_list: z.array(z.string()),
});
export type Facts = z.infer<typeof FactsSchema>;

export const DuplexSchema = z.enum(["full", "half", "auto", "unknown"]);
export type Duplex = z.infer<typeof DuplexSchema>;

export const InterfaceSchema = z.object({
  name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  oper_up: z.boolean(),
  speed_mbps: z.number().nonnegative(),
  duplex: DuplexSchema,
  mtu: z.number().int().positive(),
  last_flap: z.string().nullable(),
});
export type Interface = z.infer<typeof InterfaceSchema>;

export const CountersSchema = z.object({
  interface: z.string(),
  in_errors: z.number().int().nonnegative(),
  out_errors: z.number().int().nonnegative(),
  in_discards: z.number().int().nonnegative(),
  out_discards: z.number().int().nonnegative(),
  crc: z.number().int().nonnegative(),
  runts: z.number().int().nonnegative(),
  collisions: z.number().int().nonnegative(),
  late_collisions: z.number().int().nonnegative(),
  in_broadcast_pps: z.number().nonnegative(),
  in_util_pct: z.number().min(0).max(100),
  out_util_pct: z.number().min(0).max(100),
});
export type Counters = z.infer<typeof CountersSchema>;

export const InterfaceIpSchema = z.object({
  interface: z.string(),
  address: z.string(),
  prefix_length: z.number().int().min(0).max(32),
});
export type InterfaceIp = z.infer<typeof InterfaceIpSchema>;

export const BgpStateSchema = z.enum(["Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established"]);
export const BgpNeighborSchema = z.object({
  peer: z.string(),
  remote_as: z.number().int().positive(),
  local_as: z.number().int().positive(),
  state: BgpStateSchema,
  uptime_s: z.number().int().nonnegative(),
  flaps: z.number().int().nonnegative(),
  prefixes_received: z.number().int().nonnegative(),
  description: z.string(),
});
export type BgpNeighbor = z.infer<typeof BgpNeighborSchema>;

export const OspfStateSchema = z.enum(["DOWN", "INIT", "2WAY", "EXSTART", "EXCHANGE", "LOADING", "FULL"]);
export const OspfNeighborSchema = z.object({
  neighbor_id: z.string(),
  address: z.string(),
  interface: z.string(),
  state: OspfStateSchema,
  area: z.string(),
});
export type OspfNeighbor = z.infer<typeof OspfNeighborSchema>;

export const LldpNeighborSchema = z.object({
  local_interface: z.string(),
  remote_device: z.string(),
  remote_interface: z.string(),
});
export type LldpNeighbor = z.infer<typeof LldpNeighborSchema>;

export const ArpEntrySchema = z.object({
  ip: z.string(),
  mac: z.string(),
  interface: z.string(),
  age_min: z.number().nonnegative(),
});
export type ArpEntry = z.infer<typeof ArpEntrySchema>;

export const RouteSchema = z.object({
  prefix: z.string(),
  // A real device's table may hold any routing protocol; the lab's hold the first four.
  protocol: z.enum(["connected", "static", "ospf", "bgp", "eigrp", "rip", "isis", "other"]),
  next_hop: z.string().nullable(),
  interface: z.string().nullable(),
  distance: z.number().int().nonnegative(),
  metric: z.number().int().nonnegative(),
});
export type Route = z.infer<typeof RouteSchema>;

export const PingResultSchema = z.object({
  source_device: z.string(),
  target: z.string(),
  sent: z.number().int().positive(),
  received: z.number().int().nonnegative(),
  loss_pct: z.number().min(0).max(100),
  rtt_avg_ms: z.number().nonnegative().nullable(),
});
export type PingResult = z.infer<typeof PingResultSchema>;

export const TracerouteHopSchema = z.object({
  hop: z.number().int().positive(),
  address: z.string().nullable(),
  device: z.string().nullable(),
  rtt_ms: z.number().nonnegative().nullable(),
});
export const TracerouteSchema = z.object({
  target: z.string(),
  reached: z.boolean(),
  hops: z.array(TracerouteHopSchema),
});
export type Traceroute = z.infer<typeof TracerouteSchema>;

export const EnvironmentSchema = z.object({
  cpu_pct: z.number().min(0).max(100),
  memory_used_pct: z.number().min(0).max(100),
  /** Null where the device reports no temperature sensor (virtual routers). */
  temperature_c: z.number().nullable(),
});
export type Environment = z.infer<typeof EnvironmentSchema>;

export const LogEntrySchema = z.object({
  at: z.string(),
  severity: z.number().int().min(0).max(7),
  mnemonic: z.string(),
  message: z.string(),
});
export type LogEntry = z.infer<typeof LogEntrySchema>;

export const SnmpStateSchema = z.object({
  communities: z.array(
    z.object({ name: z.string(), access: z.enum(["ro", "rw"]), acl: z.string().nullable() }),
  ),
  v3_users: z.array(z.string()),
  location: z.string().nullable(),
  contact: z.string().nullable(),
  trap_hosts: z.array(z.string()),
});
export type SnmpState = z.infer<typeof SnmpStateSchema>;

export const NtpStateSchema = z.object({
  synchronized: z.boolean(),
  stratum: z.number().int().min(0).max(16),
  reference: z.string().nullable(),
  offset_ms: z.number().nullable(),
  servers: z.array(z.object({ address: z.string(), reachable: z.boolean() })),
});
export type NtpState = z.infer<typeof NtpStateSchema>;

export const ConfigKindSchema = z.enum(["running", "startup"]);
export type ConfigKind = z.infer<typeof ConfigKindSchema>;

export const CommitResultSchema = z.object({
  device: z.string(),
  commit_id: z.string(),
  revert_at: z.string().nullable(),
  diff: z.string(),
});
export type CommitResult = z.infer<typeof CommitResultSchema>;

export const StageResultSchema = z.object({
  device: z.string(),
  diff: z.string(),
  changed: z.boolean(),
});
export type StageResult = z.infer<typeof StageResultSchema>;
