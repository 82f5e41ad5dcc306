// The lab served over real SSH on loopback (what `nocbot lab serve-ssh` runs), with the inventory, known
// hosts and credentials files it writes, and the SSH network nocbot opens from them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Clock } from "../../src/clock.js";
import type { CliSession } from "../../src/network/emulator/ios-device.js";
import { type ServedNetwork, serveNetwork } from "../../src/network/emulator/serve.js";
import { writeServedFiles } from "../../src/network/emulator/served-files.js";
import type { LoginMethod } from "../../src/network/emulator/ssh-server.js";
import { CredentialStore } from "../../src/network/inventory/credentials.js";
import { fileInventory } from "../../src/network/inventory/file.js";
import type { NetworkSource } from "../../src/network/source.js";
import type { IosCliNetworkSource } from "../../src/network/ssh/driver.js";
import { openSshNetwork } from "../../src/network/ssh/open.js";
import type { SessionLimits } from "../../src/network/ssh/session.js";

export const LAB_LOGIN = {
  profile: "lab",
  username: "nocbot",
  password: "s3cret-Lab-pw",
  enablePassword: "en4ble-Lab",
};

export interface ServedLab {
  served: ServedNetwork;
  dir: string;
  files: { inventory: string; knownHosts: string; credentials: string };
  /** Opens the SSH network from the files written (call again for a fresh driver). */
  connect(overrides?: Partial<SessionLimits> & { maxSessions?: number }): IosCliNetworkSource;
  close(): Promise<void>;
}

export const FAST_LIMITS: SessionLimits = {
  connectTimeoutMs: 5000,
  commandTimeoutMs: 5000,
  maxOutputBytes: 8 * 1024 * 1024,
  questionQuietMs: 300,
};

export async function serveLabOverSsh(
  source: NetworkSource,
  clock: Clock,
  options: {
    enable?: boolean;
    methods?: LoginMethod[];
    terminalLengthRefused?: boolean;
    wrap?: (device: string, cli: CliSession) => CliSession;
  } = {},
): Promise<ServedLab> {
  const enable = options.enable ?? true;
  const served = await serveNetwork(source, {
    host: "127.0.0.1",
    basePort: 0,
    clock,
    logins: [{ username: LAB_LOGIN.username, password: LAB_LOGIN.password, publicKey: null }],
    enableSecret: enable ? LAB_LOGIN.enablePassword : null,
    ...(options.methods ? { methods: options.methods } : {}),
    ...(options.terminalLengthRefused ? { terminalLengthRefused: true } : {}),
    ...(options.wrap ? { wrap: options.wrap } : {}),
  });
  const dir = mkdtempSync(join(tmpdir(), "nocbot-ssh-"));
  const files = {
    inventory: join(dir, "inventory.yaml"),
    knownHosts: join(dir, "known_hosts"),
    credentials: join(dir, "credentials.yaml"),
  };
  writeServedFiles(served, files, { ...LAB_LOGIN, enablePassword: enable ? LAB_LOGIN.enablePassword : null });
  const opened: IosCliNetworkSource[] = [];
  return {
    served,
    dir,
    files,
    connect: (overrides = {}) => {
      const { maxSessions, ...limits } = overrides;
      const network = openSshNetwork({
        inventory: fileInventory(files.inventory),
        credentials: CredentialStore.load({ NOC_CREDENTIALS_FILE: files.credentials }),
        clock,
        limits: { ...FAST_LIMITS, ...limits },
        pool: { maxSessions: maxSessions ?? 16, idleMs: 60_000 },
        timeouts: { showMs: limits.commandTimeoutMs ?? 5000, pingMs: 5000, tracerouteMs: 5000 },
      });
      opened.push(network);
      return network;
    },
    close: async () => {
      await Promise.all(opened.map((n) => n.close()));
      await served.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
