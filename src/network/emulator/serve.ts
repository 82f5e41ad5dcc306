// Every device of a NetworkSource served as an IOS device over SSH on its own port: what `nocbot lab
// serve-ssh` runs, and what the end-to-end tests connect to. Changes made over SSH change the source.
import type { Clock } from "../../clock.js";
import type { NetworkSource } from "../source.js";
import type { Device } from "../types.js";
import { type CliSession, IosDevice } from "./ios-device.js";
import { type DeviceLogin, generateHostKey, type LoginMethod, publicBlob, SshDevice } from "./ssh-server.js";

export interface ServeOptions {
  host: string;
  /** The first device's port, the next one's port + 1, and so on; 0 for free ports. */
  basePort: number;
  clock: Clock;
  logins: readonly DeviceLogin[];
  /** Null: logins land in privileged exec. */
  enableSecret: string | null;
  methods?: readonly LoginMethod[];
  /** Host keys by device name (kept across restarts); missing ones are generated. */
  hostKeys?: ReadonlyMap<string, string>;
  terminalLengthRefused?: boolean;
  /** Wraps each login's command line (tests put faults in here). */
  wrap?: (device: string, cli: CliSession) => CliSession;
}

export interface ServedDevice {
  device: Device;
  port: number;
  hostKey: string;
  hostKeyBlob: Buffer;
}

export interface ServedNetwork {
  host: string;
  devices: ServedDevice[];
  /** SSH connections open now, across every device. */
  connections(): number;
  close(): Promise<void>;
}

export async function serveNetwork(source: NetworkSource, options: ServeOptions): Promise<ServedNetwork> {
  const inventory = await source.inventory();
  const served: Array<{ device: Device; server: SshDevice; hostKey: string }> = [];
  try {
    for (const [i, device] of inventory.entries()) {
      const hostKey = options.hostKeys?.get(device.name) ?? generateHostKey();
      const server = await SshDevice.listen({
        host: options.host,
        port: options.basePort === 0 ? 0 : options.basePort + i,
        hostKey,
        logins: options.logins,
        ...(options.methods ? { methods: options.methods } : {}),
        session: async () => {
          const cli = await IosDevice.open({
            source,
            device: device.name,
            clock: options.clock,
            enableSecret: options.enableSecret,
            terminalLengthRefused: options.terminalLengthRefused ?? false,
          });
          return options.wrap ? options.wrap(device.name, cli) : cli;
        },
      });
      served.push({ device, server, hostKey });
    }
  } catch (error) {
    await Promise.all(served.map((s) => s.server.close()));
    throw error;
  }
  return {
    host: options.host,
    devices: served.map((s) => ({
      device: s.device,
      port: s.server.port,
      hostKey: s.hostKey,
      hostKeyBlob: publicBlob(s.hostKey),
    })),
    connections: () => served.reduce((sum, s) => sum + s.server.connections, 0),
    close: async () => {
      await Promise.all(served.map((s) => s.server.close()));
    },
  };
}
