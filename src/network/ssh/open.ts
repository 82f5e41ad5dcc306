// The SSH network: devices from an inventory, logins from the credential store, host keys pinned in the
// inventory's known-hosts file, sessions pooled, the IOS driver on top.
import type { Clock } from "../../clock.js";
import { type CredentialStore, CredentialsError } from "../inventory/credentials.js";
import { deviceOf, type InventoryProvider, SUPPORTED_PLATFORMS } from "../inventory/device.js";
import { NetworkError } from "../source.js";
import { type CommandTimeouts, IosCliNetworkSource } from "./driver.js";
import { KnownHosts } from "./known-hosts.js";
import { SessionPool } from "./pool.js";
import { IosSession, type SessionLimits, type SshTarget } from "./session.js";

export interface SshNetworkOptions {
  inventory: InventoryProvider;
  credentials: CredentialStore;
  clock: Clock;
  limits: SessionLimits;
  pool: { maxSessions: number; idleMs: number };
  timeouts: CommandTimeouts;
}

export function openSshNetwork(options: SshNetworkOptions): IosCliNetworkSource {
  const knownHosts = new KnownHosts(options.inventory.knownHostsFile);
  const target = async (name: string): Promise<SshTarget> => {
    const device = (await options.inventory.devices()).find((d) => d.name === name);
    if (!device) throw new NetworkError("unknown-device", `unknown device '${name}'`);
    if (!SUPPORTED_PLATFORMS.has(device.platform)) {
      throw new NetworkError(
        "unsupported-platform",
        `${name}: platform ${device.platform} is not supported yet (supported: ${[...SUPPORTED_PLATFORMS].join(", ")})`,
      );
    }
    let credentials: ReturnType<CredentialStore["resolve"]>;
    try {
      credentials = options.credentials.resolve(device.credentials);
    } catch (error) {
      if (error instanceof CredentialsError)
        throw new NetworkError("auth-failed", `${name}: ${error.message}`);
      throw error;
    }
    return {
      device: name,
      host: device.host,
      port: device.port,
      username: credentials.username,
      password: credentials.password,
      privateKey: credentials.privateKey,
      passphrase: credentials.passphrase,
      enablePassword: credentials.enablePassword,
      legacyAlgorithms: device.legacy_algorithms,
      hostKey: device.host_key,
    };
  };
  const pool = new SessionPool({
    ...options.pool,
    open: async (device) => IosSession.open(await target(device), options.limits, knownHosts),
  });
  return new IosCliNetworkSource({
    inventory: async () => (await options.inventory.devices()).map(deviceOf),
    transport: pool,
    clock: options.clock,
    timeouts: options.timeouts,
  });
}
