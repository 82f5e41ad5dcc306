// What `nocbot lab serve-ssh` writes so that `--network ssh:FILE` finds its devices: an inventory naming
// each device's port, the known-hosts file of their host keys, and a credentials file readable by its owner
// only.
import { chmodSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { stringify } from "yaml";
import type { Platform } from "../inventory/device.js";
import { knownHostsLine } from "../ssh/known-hosts.js";
import type { ServedNetwork } from "./serve.js";

/** The lab names platforms loosely ("ios", "ios-xe"); an inventory uses the driver's names. */
export function inventoryPlatform(labPlatform: string): Platform {
  return /xe/i.test(labPlatform) ? "cisco_xe" : "cisco_ios";
}

export interface ServedFiles {
  inventory: string;
  knownHosts: string;
  credentials: string;
}

export function writeServedFiles(
  served: ServedNetwork,
  files: ServedFiles,
  login: { profile: string; username: string; password: string; enablePassword: string | null },
): void {
  writeFileSync(
    files.knownHosts,
    served.devices.map((d) => knownHostsLine(served.host, d.port, d.hostKeyBlob)).join(""),
  );
  writeFileSync(
    files.inventory,
    `# Written by nocbot lab serve-ssh: every lab device as an IOS device on ${served.host}.\n${stringify({
      version: 1,
      known_hosts: relative(dirname(files.inventory), files.knownHosts) || files.knownHosts,
      devices: served.devices.map((d) => ({
        name: d.device.name,
        host: served.host,
        port: d.port,
        site: d.device.site,
        role: d.device.role,
        platform: inventoryPlatform(d.device.platform),
        credentials: login.profile,
        mgmt_ip: d.device.mgmt_ip,
      })),
    })}`,
  );
  writeFileSync(
    files.credentials,
    stringify({
      profiles: {
        [login.profile]: {
          username: login.username,
          password: login.password,
          ...(login.enablePassword ? { enable_password: login.enablePassword } : {}),
        },
      },
    }),
    { mode: 0o600 },
  );
  // The mode given to writeFileSync applies only when the file is created.
  chmodSync(files.credentials, 0o600);
}
