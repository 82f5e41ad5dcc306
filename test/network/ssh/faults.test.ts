// What goes wrong with real devices, over real SSH on loopback: each failure is a NetworkError naming the
// device and what happened (never a crash, never a secret in the message), and the next call reconnects.
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { utils } from "ssh2";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { analyzeNetwork } from "../../../src/analyzers/analyze.js";
import { type CliSession, IosDevice } from "../../../src/network/emulator/ios-device.js";
import { serveNetwork } from "../../../src/network/emulator/serve.js";
import { writeServedFiles } from "../../../src/network/emulator/served-files.js";
import { generateHostKey, SshDevice } from "../../../src/network/emulator/ssh-server.js";
import { CredentialStore } from "../../../src/network/inventory/credentials.js";
import { NetworkError } from "../../../src/network/source.js";
import { labIn } from "../../helpers/lab.js";
import { expectSameDevice } from "../../helpers/same-network.js";
import { LAB_LOGIN, type ServedLab, serveLabOverSsh } from "../../helpers/served-lab.js";

const DEVICE = "br-rtr1";

async function failure(promise: Promise<unknown>): Promise<NetworkError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NetworkError);
  return error as NetworkError;
}

/** A command line that answers one command its own way and every other as the device would. */
function answering(command: string, reply: (cli: CliSession) => ReturnType<CliSession["execute"]>) {
  return (_device: string, cli: CliSession): CliSession => ({
    prompt: () => cli.prompt(),
    pageLength: () => cli.pageLength(),
    hidesInput: () => cli.hidesInput(),
    execute: (line) => (line.trim() === command ? reply(cli) : cli.execute(line)),
  });
}

let served: ServedLab | null = null;
afterEach(async () => {
  await served?.close();
  served = null;
});

function writeCredentials(lab: ServedLab, profile: Record<string, string>, mode = 0o600) {
  writeFileSync(lab.files.credentials, stringify({ profiles: { lab: profile } }), { mode });
  chmodSync(lab.files.credentials, mode);
}

describe("logging in", () => {
  it("a wrong password is 'auth-failed' naming the device and user, never the password", async () => {
    const { network, clock } = labIn(null);
    served = await serveLabOverSsh(network, clock);
    writeCredentials(served, {
      username: "nocbot",
      password: "not-the-password",
      enable_password: LAB_LOGIN.enablePassword,
    });
    const error = await failure(served.connect().getFacts(DEVICE));
    expect(error.code).toBe("auth-failed");
    expect(error.message).toMatch(/^br-rtr1: authentication failed for user 'nocbot'/);
    expect(error.message).not.toContain("not-the-password");
  });

  it("a wrong enable password is refused as such", async () => {
    const { network, clock } = labIn(null);
    served = await serveLabOverSsh(network, clock);
    writeCredentials(served, {
      username: "nocbot",
      password: LAB_LOGIN.password,
      enable_password: "wrong-enable",
    });
    const error = await failure(served.connect().getFacts(DEVICE));
    expect([error.code, error.message]).toEqual(["auth-failed", "br-rtr1: the enable password was refused"]);
  });

  it("keyboard-interactive, when it is all the device offers", async () => {
    const { network, clock } = labIn(null);
    served = await serveLabOverSsh(network, clock, { methods: ["keyboard-interactive"] });
    expect((await served.connect().getFacts(DEVICE)).hostname).toBe("br-rtr1");
  });

  it("a private key, refused while others can read its file", async () => {
    const { network, clock } = labIn(null);
    const pair = utils.generateKeyPairSync("ed25519");
    served = await serveLabOverSsh(network, clock, { methods: ["publickey"] });
    await served.served.close();
    // Serve again with the key as the only login.
    const keyed = await serveNetwork(network, {
      host: "127.0.0.1",
      basePort: 0,
      clock,
      logins: [{ username: "nocbot", password: null, publicKey: pair.public }],
      enableSecret: null,
      methods: ["publickey"],
    });
    writeServedFiles(keyed, served.files, { ...LAB_LOGIN, enablePassword: null });
    const keyFile = join(served.dir, "id_ed25519");
    writeFileSync(keyFile, pair.private, { mode: 0o644 });
    chmodSync(keyFile, 0o644);
    writeCredentials(served, { username: "nocbot", private_key_file: keyFile });
    try {
      const refused = await failure(served.connect().getFacts(DEVICE));
      expect(refused.code).toBe("auth-failed");
      expect(refused.message).toContain(`chmod 600 ${keyFile}`);
      chmodSync(keyFile, 0o600);
      expect((await served.connect().getFacts(DEVICE)).hostname).toBe("br-rtr1");
    } finally {
      await keyed.close();
    }
  });

  it("a credentials file others can read is refused before anything connects", async () => {
    const { network, clock } = labIn(null);
    served = await serveLabOverSsh(network, clock);
    chmodSync(served.files.credentials, 0o644);
    expect(() => CredentialStore.load({ NOC_CREDENTIALS_FILE: served?.files.credentials })).toThrow(
      /mode 644\); run: chmod 600/,
    );
  });
});

describe("host keys", () => {
  it("an unknown key is refused; accept-new records it and is trusted next time; a changed key is refused", async () => {
    const { network, clock } = labIn(null);
    served = await serveLabOverSsh(network, clock);
    const lab = served;
    writeFileSync(lab.files.knownHosts, "");
    const unknown = await failure(lab.connect().getFacts(DEVICE));
    expect(unknown.code).toBe("host-key-unknown");
    expect(unknown.message).toMatch(
      /SHA256:.*is not in .*known_hosts: refused; add it, or mark the device host_key: accept-new/,
    );

    const inventory = readFileSync(lab.files.inventory, "utf8");
    writeFileSync(
      lab.files.inventory,
      inventory.replace("version: 1", "version: 1\ndefaults:\n  host_key: accept-new"),
    );
    expect((await lab.connect().getFacts(DEVICE)).hostname).toBe("br-rtr1");
    const port = lab.served.devices.find((d) => d.device.name === DEVICE)?.port;
    expect(readFileSync(lab.files.knownHosts, "utf8")).toContain(`[127.0.0.1]:${port} ssh-ed25519 `);

    // The device now presents another key than the one recorded.
    const other = SshDevice.listen({
      host: "127.0.0.1",
      port: 0,
      hostKey: generateHostKey(),
      logins: [],
      session: () => Promise.reject(new Error("unused")),
    });
    const impostor = await other;
    writeFileSync(
      lab.files.knownHosts,
      readFileSync(lab.files.knownHosts, "utf8").replace(
        `[127.0.0.1]:${port} `,
        `[127.0.0.1]:${impostor.port} `,
      ),
    );
    writeFileSync(
      lab.files.inventory,
      readFileSync(lab.files.inventory, "utf8").replace(`port: ${port}\n`, `port: ${impostor.port}\n`),
    );
    try {
      const mismatch = await failure(lab.connect().getFacts(DEVICE));
      expect(mismatch.code).toBe("host-key-mismatch");
      expect(mismatch.message).toMatch(/differs from the one in .*known_hosts: refused/);
    } finally {
      await impostor.close();
    }
  });

  it("an old device's algorithms only where the inventory allows them", async () => {
    const { network, clock } = labIn(null);
    served = await serveLabOverSsh(network, clock);
    const rsa = utils.generateKeyPairSync("rsa", { bits: 2048 });
    const old = await SshDevice.listen({
      host: "127.0.0.1",
      port: 0,
      hostKey: rsa.private,
      logins: [{ username: LAB_LOGIN.username, password: LAB_LOGIN.password, publicKey: null }],
      algorithms: {
        kex: ["diffie-hellman-group14-sha1"],
        cipher: ["aes128-cbc"],
        serverHostKey: ["ssh-rsa"],
        hmac: ["hmac-sha1"],
      },
      session: () =>
        IosDevice.open({ source: network, device: DEVICE, clock, enableSecret: LAB_LOGIN.enablePassword }),
    });
    try {
      const inventory = readFileSync(served.files.inventory, "utf8");
      const port = served.served.devices.find((d) => d.device.name === DEVICE)?.port;
      writeFileSync(
        served.files.inventory,
        inventory.replace(`port: ${port}\n`, `port: ${old.port}\n    host_key: accept-new\n`),
      );
      const refused = await failure(served.connect().getFacts(DEVICE));
      expect(refused.code).toBe("unreachable");
      expect(refused.message).toMatch(/no SSH algorithms in common .*set legacy_algorithms: true/);
      writeFileSync(
        served.files.inventory,
        readFileSync(served.files.inventory, "utf8").replace(
          "    host_key: accept-new\n",
          "    host_key: accept-new\n    legacy_algorithms: true\n",
        ),
      );
      expect((await served.connect().getFacts(DEVICE)).hostname).toBe("br-rtr1");
    } finally {
      await old.close();
    }
  });
});

describe("a device that misbehaves mid-session", () => {
  it("a hung command times out, and the next call opens a fresh session", async () => {
    const { network, clock } = labIn(null);
    served = await serveLabOverSsh(network, clock, {
      wrap: answering("show ip arp", () => new Promise(() => {})),
    });
    const ssh = served.connect({ commandTimeoutMs: 400 });
    const error = await failure(ssh.getArp(DEVICE));
    expect([error.code, error.message]).toEqual([
      "timeout",
      "br-rtr1: no prompt after 'show ip arp' within 400 ms",
    ]);
    expect((await ssh.getFacts(DEVICE)).hostname).toBe("br-rtr1");
  });

  it("a connection dropped in the middle of the output is 'unreachable', and the next call reconnects", async () => {
    const { network, clock } = labIn(null);
    served = await serveLabOverSsh(network, clock, {
      wrap: answering("show ip route", async (cli) => {
        const { output } = await cli.execute("show ip route");
        return { output: output.slice(0, output.length / 2), after: "close" };
      }),
    });
    const ssh = served.connect();
    const error = await failure(ssh.getRoutes(DEVICE));
    expect(error.code).toBe("unreachable");
    expect(error.message).toMatch(/^br-rtr1: the device closed the session while reading 'show ip route'/);
    expect((await ssh.getFacts(DEVICE)).hostname).toBe("br-rtr1");
  });

  it("a question instead of the prompt is an unexpected prompt", async () => {
    const { network, clock } = labIn(null);
    served = await serveLabOverSsh(network, clock, {
      wrap: answering("show clock", async () => ({
        output: "Proceed with reload? [confirm]",
        after: "wait",
      })),
    });
    const error = await failure(served.connect().getLogs(DEVICE, new Date(0)));
    expect(error.code).toBe("unexpected-prompt");
    expect(error.message).toBe(
      "br-rtr1: 'show clock' stopped at a question: 'Proceed with reload? [confirm]'",
    );
  });

  it("paging left on (terminal length refused): every page is read, and nothing is lost", async () => {
    const { network, clock } = labIn("wan-primary-down");
    served = await serveLabOverSsh(network, clock, { terminalLengthRefused: true });
    const ssh = served.connect();
    expect((await ssh.getConfig(DEVICE)).split("\n").length).toBeGreaterThan(60);
    await expectSameDevice(network, ssh, DEVICE, clock.now());
  });

  it("output beyond the bound ends the read instead of filling memory", async () => {
    const { network, clock } = labIn(null);
    served = await serveLabOverSsh(network, clock);
    const error = await failure(served.connect({ maxOutputBytes: 1500 }).getConfig(DEVICE));
    expect([error.code, error.message]).toEqual([
      "output-too-large",
      "br-rtr1: 'show running-config' printed more than 1500 bytes",
    ]);
  });

  it("a device that does not answer at all is 'unreachable' with its address", async () => {
    const { network, clock } = labIn(null);
    served = await serveLabOverSsh(network, clock);
    const port = served.served.devices.find((d) => d.device.name === DEVICE)?.port;
    await served.served.close();
    const error = await failure(served.connect().getFacts(DEVICE));
    expect([error.code, error.message]).toEqual([
      "unreachable",
      `br-rtr1: cannot connect to 127.0.0.1:${port}: ECONNREFUSED`,
    ]);
  });
});

describe("sessions", () => {
  it("one session per device however many reads run at once, and never more than the global cap", async () => {
    const { network, clock } = labIn("wan-primary-down");
    const logins = new Map<string, number>();
    served = await serveLabOverSsh(network, clock, {
      wrap: (device, cli) => {
        logins.set(device, (logins.get(device) ?? 0) + 1);
        return cli;
      },
    });
    const lab = served;
    let most = 0;
    const sampler = setInterval(() => {
      most = Math.max(most, lab.served.connections());
    }, 2);
    try {
      const analysis = await analyzeNetwork(lab.connect({ maxSessions: 2 }), clock.now());
      expect(analysis.candidates[0]?.label).toBe("link-down");
    } finally {
      clearInterval(sampler);
    }
    expect(most).toBeLessThanOrEqual(2);
    expect(most).toBeGreaterThan(0);
    const devices = (await network.inventory()).map((d) => d.name);
    expect([...logins.keys()].sort()).toEqual(devices.sort());

    logins.clear();
    const ssh = lab.connect({ maxSessions: 16 });
    await Promise.all(
      devices.flatMap((d) => [ssh.getFacts(d), ssh.getInterfaces(d), ssh.getCounters(d), ssh.getRoutes(d)]),
    );
    expect(Object.fromEntries(logins)).toEqual(Object.fromEntries(devices.map((d) => [d, 1])));
  });
});
