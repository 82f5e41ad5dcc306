// The network boundary: whatever a driver returns leaves with its secrets as tokens, the analyzers reach
// the same conclusions on what leaves, and tokens go back to secrets only on the way to a device.
import { describe, expect, it } from "vitest";
import { analyzeNetwork } from "../../../src/analyzers/analyze.js";
import { LabNetworkSource } from "../../../src/network/lab/driver.js";
import { RedactingNetworkSource } from "../../../src/network/secrets/redacting-source.js";
import { SecretVault } from "../../../src/network/secrets/vault.js";
import { NetworkError, type NetworkSource } from "../../../src/network/source.js";
import { ManualClock } from "../../helpers/clock.js";
import { defaultLab, LOGGED_SECRET, labIn, labSecrets, labWithSecretForms } from "../../helpers/lab.js";

const KEY = new Uint8Array(32).fill(7);
const lab = labWithSecretForms();
const secrets = labSecrets(lab);

function boundary(scenario = "ospf-auth-mismatch") {
  const inner = new LabNetworkSource(lab, scenario, new ManualClock());
  return { inner, network: new RedactingNetworkSource(inner, new SecretVault(KEY)) };
}

async function everythingRead(network: NetworkSource): Promise<string> {
  const out: unknown[] = [await network.inventory()];
  for (const { name } of await network.inventory()) {
    out.push(
      await network.getFacts(name),
      await network.getInterfaces(name),
      await network.getCounters(name),
      await network.getInterfaceIps(name),
      await network.getBgpNeighbors(name),
      await network.getOspfNeighbors(name),
      await network.getLldpNeighbors(name),
      await network.getArp(name),
      await network.getRoutes(name),
      await network.getConfig(name),
      await network.getConfig(name, "startup"),
      await network.getEnvironment(name),
      await network.getLogs(name, new Date(0)),
      await network.getSnmp(name),
      await network.getNtp(name),
      await network.ping(name, "10.20.10.53"),
      await network.traceroute(name, "10.20.10.53"),
    );
  }
  return JSON.stringify(out);
}

describe("the secrets boundary around a driver", () => {
  it("lets no secret of any form out of any getter, while the driver itself holds them all", async () => {
    const { inner, network } = boundary();
    expect(secrets.length).toBeGreaterThan(40);
    const raw = await everythingRead(inner);
    const redacted = await everythingRead(network);
    for (const secret of secrets) {
      expect(raw, `the lab should hold ${secret}`).toContain(secret);
      expect(redacted, `${secret} leaked`).not.toContain(secret);
    }
    expect(redacted).toContain("<redacted:");
  });

  it("shows SNMP community names as tokens by their type, and a well-known one as it is", async () => {
    const { network } = boundary("snmp-public-rw");
    const snmp = await network.getSnmp("dc-core1");
    const names = snmp.communities.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(["public", "private"]));
    const others = names.filter((n) => n !== "public" && n !== "private");
    expect(others.length).toBeGreaterThan(0);
    for (const name of others) expect(name).toMatch(/^<redacted:[0-9a-f]{10}>$/);
  });

  it("redacts the command a person typed in a logged config change", async () => {
    const { network } = boundary();
    const logs = await network.getLogs("dc-core1", new Date(0));
    const logged = logs.find((l) => l.mnemonic === "PARSER-5-CFGLOG_LOGGEDCMD");
    expect(LOGGED_SECRET).toContain("L0gged-C0mm");
    expect(logged?.message).toMatch(/logged command:snmp-server community <redacted:[0-9a-f]{10}> RO 99$/);
  });

  it("stages a fix that reuses the peer's key by its token: the device gets the key, the diff shows the token", async () => {
    const { inner, network } = boundary();
    const peer = await network.getConfig("dc-wan1");
    const keyLine = /^ (ip ospf message-digest-key 1 md5 7 <redacted:[0-9a-f]{10}>)$/m.exec(peer)?.[1];
    expect(keyLine).toBeDefined();
    const staged = await network.stage("dc-core1", [
      "interface GigabitEthernet1/0/1",
      " no ip ospf message-digest-key 2",
      ` ${keyLine}`,
    ]);
    expect(staged.changed).toBe(true);
    expect(staged.diff).toContain(`+ ${keyLine}`);
    for (const secret of secrets) expect(staged.diff).not.toContain(secret);
    const commit = await network.commit("dc-core1", { revertAfterSeconds: 60 });
    expect(commit.diff).toContain(`+ ${keyLine}`);
    expect(await inner.getConfig("dc-core1")).toContain(
      " ip ospf message-digest-key 1 md5 7 0822455D0A16544541",
    );
    // The analyzers, on the redacted configs, see both ends agree again.
    const after = await analyzeNetwork(network, new Date());
    expect(after.findings.some((f) => f.rule === "XDEV-OSPF-AUTH-MISMATCH")).toBe(false);
  });

  it("refuses a token anywhere a secret does not go, and changes nothing", async () => {
    const { inner, network } = boundary();
    const token = /<redacted:[0-9a-f]{10}>/.exec(await network.getConfig("dc-wan1"))?.[0];
    const before = await inner.getConfig("dc-core1");
    await expect(
      network.stage("dc-core1", ["interface GigabitEthernet1/0/1", ` description ${token}`]),
    ).rejects.toThrow(NetworkError);
    await expect(network.stage("dc-core1", [`snmp-server community ${token} RO`])).rejects.toThrow(
      /cannot stand as an SNMP community/,
    );
    expect(await inner.diff("dc-core1")).toBe("");
    expect(await inner.getConfig("dc-core1")).toBe(before);
  });

  it("after a restart (same key, nothing read yet) learns every device before putting a token back", async () => {
    const first = boundary();
    const token = /md5 7 (<redacted:[0-9a-f]{10}>)/.exec(await first.network.getConfig("dc-wan1"))?.[1];
    const { inner, network } = boundary();
    await network.stage("dc-core1", [
      "interface GigabitEthernet1/0/1",
      " no ip ospf message-digest-key 2",
      ` ip ospf message-digest-key 1 md5 7 ${token}`,
    ]);
    expect(await inner.diff("dc-core1")).toContain("+ ip ospf message-digest-key 1 md5 7 0822455D0A16544541");
    await expect(network.stage("dc-core1", ["tacacs-server key <redacted:0123456789>"])).rejects.toThrow(
      /stands for no secret on any device/,
    );
  });

  it("redacts what a driver's error says", async () => {
    const { inner, network } = boundary();
    inner.getFacts = async () => {
      throw new NetworkError("invalid-config", "rejected 'snmp-server community Cm7-R34d0nly RO 99'");
    };
    const error = await network.getFacts("dc-core1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).not.toContain("Cm7-R34d0nly");
    expect((error as Error).message).toMatch(/community <redacted:[0-9a-f]{10}> RO 99/);
  });
});

describe("the analyzers behind the boundary", () => {
  it("rank the same root causes and raise the same findings in every scenario of the lab", async () => {
    const summary = (a: Awaited<ReturnType<typeof analyzeNetwork>>) => ({
      candidates: a.candidates.map((c) => `${c.label}|${c.device}|${c.interface}|${c.confidence.toFixed(3)}`),
      findings: a.findings.map((f) => f.id).sort(),
    });
    const at = new Date("2026-01-01T00:00:00Z");
    for (const scenario of defaultLab().scenarios) {
      const { network: raw } = labIn(scenario.id);
      const redacted = new RedactingNetworkSource(labIn(scenario.id).network, SecretVault.ephemeral());
      expect(summary(await analyzeNetwork(redacted, at)), scenario.id).toEqual(
        summary(await analyzeNetwork(raw, at)),
      );
    }
  });
});
