// The lab file format, version 1. The JSON Schema shipped in lab/lab.schema.json is generated from this
// (`nocbot lab schema`), and docs/lab-format.md explains it field by field.
import { z } from "zod";
import { durationSeconds, MAX_DURATION_SECONDS } from "../../duration.js";
import { RootCauseLabelSchema } from "../root-causes.js";
import { BgpNeighborSchema, CountersSchema, OspfNeighborSchema, RouteSchema } from "../types.js";

export const LAB_FORMAT_VERSION = 1;

const Duration = z
  .string()
  .regex(/^\d+(\.\d+)?(s|m|h|d)$/, "expected a duration such as 90s, 15m, 3h or 41d")
  .refine((text) => durationSeconds(text) <= MAX_DURATION_SECONDS, "expected a duration of at most 36500d")
  .describe("How long ago, relative to when the lab starts: 90s, 15m, 3h, 41d");
const DeviceName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "expected a lowercase device name such as br-rtr1");
const Ipv4 = z.ipv4();
const Endpoint = z
  .string()
  .regex(/^\S+ \S+$/, "expected 'DEVICE INTERFACE', e.g. 'br-rtr1 GigabitEthernet0/0'")
  .describe("DEVICE INTERFACE");

export const DeviceSchema = z
  .object({
    site: z.string(),
    role: z.string(),
    platform: z.string(),
    model: z.string(),
    os_version: z.string(),
    serial: z.string(),
    mgmt_ip: Ipv4,
    uptime: Duration,
    config: z.string().describe("The running configuration, as `show running-config` prints it"),
  })
  .strict();

export const LinkSchema = z
  .object({
    id: z.string(),
    a: Endpoint,
    b: Endpoint,
    rtt_ms: z.number().nonnegative().default(1),
    loss_pct: z.number().min(0).max(100).default(0),
  })
  .strict();

export const HostSchema = z
  .object({
    name: z.string(),
    ip: Ipv4,
    attached: Endpoint.describe("The device interface whose subnet the host lives on"),
  })
  .strict();

const CountersPatch = CountersSchema.omit({ interface: true, in_util_pct: true, out_util_pct: true })
  .partial()
  .strict();

const InterfaceState = z
  .object({
    oper: z
      .enum(["up", "down"])
      .describe("Physical state; admin shutdown and a shut peer are derived from configs"),
    last_flap: Duration,
    in_util_pct: z.number().min(0).max(100),
    out_util_pct: z.number().min(0).max(100),
    counters: CountersPatch,
  })
  .partial()
  .strict();

export const LogSchema = z
  .object({
    ago: Duration,
    severity: z.number().int().min(0).max(7),
    mnemonic: z.string(),
    message: z.string(),
  })
  .strict();

const NtpState = z
  .object({
    synchronized: z.boolean(),
    stratum: z.number().int().min(0).max(16),
    reference: Ipv4.nullable(),
    offset_ms: z.number().nullable(),
  })
  .strict();

const ArpSchema = z
  .object({ ip: Ipv4, mac: z.string(), interface: z.string(), age_min: z.number().nonnegative() })
  .strict();

const DynamicRoute = RouteSchema.extend({ protocol: z.enum(["ospf", "bgp"]) }).strict();

/** Dynamic state of one device. Configs, addresses, SNMP, LLDP, connected and static routes are derived. */
export const DeviceStateSchema = z
  .object({
    cpu_pct: z.number().min(0).max(100),
    memory_used_pct: z.number().min(0).max(100),
    temperature_c: z.number(),
    interfaces: z.record(z.string(), InterfaceState),
    routes: z
      .array(DynamicRoute)
      .describe("OSPF and BGP routes; connected and static routes come from the config"),
    ospf_neighbors: z.array(OspfNeighborSchema.strict()),
    bgp_neighbors: z.array(BgpNeighborSchema.omit({ uptime_s: true }).extend({ up_for: Duration }).strict()),
    arp: z.array(ArpSchema),
    logs: z.array(LogSchema),
    ntp: NtpState,
  })
  .partial()
  .strict();
export type DeviceState = z.infer<typeof DeviceStateSchema>;

const FixCheck = z
  .object({
    device: DeviceName,
    section: z.string().optional().describe("A top-level line such as 'interface GigabitEthernet0/0'"),
    has: z.array(z.string()).optional().describe("Regexes that must each match a line (of the section)"),
    lacks: z.array(z.string()).optional().describe("Regexes that must match no line (of the section)"),
  })
  .strict();
export type FixCheck = z.infer<typeof FixCheck>;

export const ScenarioSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string(),
    symptom: z.string().describe("What a user would type in chat"),
    truth: z
      .object({ label: RootCauseLabelSchema, device: DeviceName, interface: z.string().nullable() })
      .strict()
      .nullable()
      .describe("Ground truth for scoring; null for a no-fault control"),
    fault: z
      .object({
        config: z
          .record(DeviceName, z.string())
          .default({})
          .describe("Config-mode lines merged into running"),
        state: z
          .record(DeviceName, DeviceStateSchema)
          .default({})
          .describe("Patches over the baseline state"),
        links: z
          .record(z.string(), z.object({ rtt_ms: z.number(), loss_pct: z.number() }).partial().strict())
          .default({}),
      })
      .strict()
      .default({ config: {}, state: {}, links: {} }),
    fixed_when: z
      .array(FixCheck)
      .default([])
      .describe("All must hold on the running configs for the fault to clear"),
  })
  .strict();
export type Scenario = z.infer<typeof ScenarioSchema>;

export const LabSchema = z
  .object({
    nocbot_lab: z.literal(LAB_FORMAT_VERSION),
    name: z.string(),
    description: z.string().default(""),
    default_scenario: z.string().optional().describe("The scenario that is live when none is named"),
    devices: z.record(DeviceName, DeviceSchema),
    links: z.array(LinkSchema),
    hosts: z.array(HostSchema).default([]),
    baseline: z.record(DeviceName, DeviceStateSchema),
    scenarios: z.array(ScenarioSchema),
  })
  .strict();
export type Lab = z.infer<typeof LabSchema>;
export type LabDevice = z.infer<typeof DeviceSchema>;
export type LabLink = z.infer<typeof LinkSchema>;
