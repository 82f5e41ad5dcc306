// A device as an inventory lists it: how to reach it and log in, beside what the NetworkSource reports
// (name, site, role, platform, management address).
import { z } from "zod";
import type { Device } from "../types.js";

export const PLATFORMS = ["cisco_ios", "cisco_xe", "arista_eos", "cisco_nxos", "juniper_junos"] as const;
export const PlatformSchema = z.enum(PLATFORMS, {
  error: `expected a platform: ${PLATFORMS.join(", ")}`,
});
export type Platform = z.infer<typeof PlatformSchema>;

/** The platforms the SSH driver can read today; the others are accepted in inventories and refused by name. */
export const SUPPORTED_PLATFORMS: ReadonlySet<Platform> = new Set(["cisco_ios", "cisco_xe"]);

export const HostKeyPolicySchema = z.enum(["strict", "accept-new"], {
  error:
    "expected strict (the key must be in the known-hosts file) or accept-new (record it on first contact)",
});

export const InventoryDeviceSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "expected a device name such as br-rtr1"),
  host: z.string().min(1, "expected a host name or address"),
  port: z.number().int().min(1).max(65535).default(22),
  site: z.string().default(""),
  role: z.string().default(""),
  platform: PlatformSchema,
  /** The credential profile to log in with. */
  credentials: z.string().min(1).default("default"),
  /** The address the device is managed on, when `host` is a name or a NAT/jump address. */
  mgmt_ip: z.ipv4().optional(),
  host_key: HostKeyPolicySchema.default("strict"),
  /** Allows SHA-1 key exchange, CBC ciphers and ssh-rsa/ssh-dss host keys for this device only. */
  legacy_algorithms: z.boolean().default(false),
});
export type InventoryDevice = z.infer<typeof InventoryDeviceSchema>;

/** Where devices come from: an inventory file, or NetBox (cached). */
export interface InventoryProvider {
  /** Says where the inventory comes from, for /healthz and `nocbot start` (never a secret). */
  readonly description: string;
  /** The known-hosts file host keys are pinned in. */
  readonly knownHostsFile: string;
  devices(): Promise<InventoryDevice[]>;
}

export function deviceOf(device: InventoryDevice): Device {
  return {
    name: device.name,
    site: device.site,
    role: device.role,
    platform: device.platform,
    mgmt_ip: device.mgmt_ip ?? (z.ipv4().safeParse(device.host).success ? device.host : ""),
  };
}
