import { describe, expect, it } from "vitest";
import { NetworkError, type NetworkSource } from "../../../src/network/source.js";
import type { ManualClock } from "../../helpers/clock.js";
import { defaultLab, labIn } from "../../helpers/lab.js";

const HOUR = 3600_000;

async function wanPicture(network: NetworkSource, clock: ManualClock) {
  const interfaces = await network.getInterfaces("br-rtr1");
  const counters = await network.getCounters("br-rtr1");
  return {
    primary: interfaces.find((i) => i.name === "GigabitEthernet0/0"),
    farEnd: (await network.getInterfaces("dc-wan1")).find((i) => i.name === "GigabitEthernet0/1"),
    route: await network.routeLookup("br-rtr1", "10.20.10.53"),
    backupUtil: counters.find((c) => c.interface === "GigabitEthernet0/1")?.out_util_pct,
    ping: await network.ping("br-rtr1", "10.20.10.53"),
    logs: (await network.getLogs("br-rtr1", new Date(clock.now().getTime() - HOUR))).map((l) => l.mnemonic),
    ospf: await network.getOspfNeighbors("br-rtr1"),
  };
}

describe("lab coherence: primary WAN down", () => {
  it("shows the fault everywhere a real network would", async () => {
    const healthy = labIn(null);
    const before = await wanPicture(healthy.network, healthy.clock);
    const { network, clock } = labIn("wan-primary-down");
    const after = await wanPicture(network, clock);

    expect(before.primary?.oper_up).toBe(true);
    expect(after.primary).toMatchObject({ enabled: false, oper_up: false });
    expect(clock.now().getTime() - Date.parse(after.primary?.last_flap ?? "")).toBeLessThan(HOUR);
    expect(after.farEnd?.oper_up).toBe(false);

    expect(before.route).toMatchObject({
      protocol: "ospf",
      next_hop: "10.255.1.2",
      interface: "GigabitEthernet0/0",
    });
    expect(after.route).toMatchObject({
      protocol: "static",
      next_hop: "10.255.2.2",
      interface: "GigabitEthernet0/1",
    });
    expect(after.backupUtil).toBeGreaterThan((before.backupUtil ?? 0) + 50);
    expect(after.ping.rtt_avg_ms).toBeGreaterThan((before.ping.rtt_avg_ms ?? 0) * 2);
    expect((await network.traceroute("br-rtr1", "10.20.20.10")).hops[0]?.device).toBe("inet-edge1");

    expect(after.logs).toEqual(
      expect.arrayContaining(["LINK-5-CHANGED", "LINEPROTO-5-UPDOWN", "OSPF-5-ADJCHG"]),
    );
    expect(before.ospf).toHaveLength(1);
    expect(after.ospf).toHaveLength(0);
  });
});

describe("change workflow on the lab", () => {
  const fix = ["interface GigabitEthernet0/0", " no shutdown"];

  it("stages, diffs against running, and commits a change that clears the fault", async () => {
    const { network, clock } = labIn("wan-primary-down");
    const staged = await network.stage("br-rtr1", fix);
    expect(staged.changed).toBe(true);
    expect(staged.diff).toContain("--- br-rtr1 running");
    expect(staged.diff).toMatch(/^- shutdown$/m);
    expect(await network.diff("br-rtr1")).toBe(staged.diff);
    // Staging alone changes nothing on the device.
    expect((await network.getConfig("br-rtr1")).includes(" shutdown\n")).toBe(true);

    const result = await network.commit("br-rtr1", { revertAfterSeconds: 300 });
    expect(result.revert_at).not.toBeNull();
    const after = await wanPicture(network, clock);
    expect(after.primary?.oper_up).toBe(true);
    expect(after.route).toMatchObject({ protocol: "ospf", next_hop: "10.255.1.2" });
    expect(after.ping.rtt_avg_ms).toBeLessThan(20);
    expect(await network.diff("br-rtr1")).toBe("");
  });

  it("rolls back to exactly the previous config, and the fault's effects return", async () => {
    const { network, clock } = labIn("wan-primary-down");
    const original = await network.getConfig("br-rtr1");
    await network.stage("br-rtr1", fix);
    await network.commit("br-rtr1", { revertAfterSeconds: 300 });
    await network.rollback("br-rtr1");
    expect(await network.getConfig("br-rtr1")).toBe(original);
    const after = await wanPicture(network, clock);
    expect(after.primary?.oper_up).toBe(false);
    expect(after.route?.next_hop).toBe("10.255.2.2");
  });

  it("reverts by itself when the revert timer expires unconfirmed", async () => {
    const { network, clock } = labIn("wan-primary-down");
    const original = await network.getConfig("br-rtr1");
    await network.stage("br-rtr1", fix);
    await network.commit("br-rtr1", { revertAfterSeconds: 120 });
    clock.advance(119_000);
    expect(await network.getConfig("br-rtr1")).not.toBe(original);
    clock.advance(2_000);
    expect(await network.getConfig("br-rtr1")).toBe(original);
    const logs = await network.getLogs("br-rtr1", new Date(clock.now().getTime() - 10_000));
    expect(logs.map((l) => l.message)).toContain("Rollback due to confirmation timer expiry");
  });

  it("keeps a confirmed change past the timer and saves it to startup", async () => {
    const { network, clock } = labIn("wan-primary-down");
    await network.stage("br-rtr1", fix);
    await network.commit("br-rtr1", { revertAfterSeconds: 120 });
    await network.confirm("br-rtr1");
    clock.advance(600_000);
    const running = await network.getConfig("br-rtr1");
    expect(running).not.toMatch(/^ shutdown$/m);
    expect(await network.getConfig("br-rtr1", "startup")).toBe(running);
  });

  it("discards a candidate, and refuses out-of-order steps with clear errors", async () => {
    const { network } = labIn("wan-primary-down");
    await network.stage("br-rtr1", fix);
    await network.discard("br-rtr1");
    expect(await network.diff("br-rtr1")).toBe("");
    await expect(network.commit("br-rtr1", { revertAfterSeconds: null })).rejects.toMatchObject({
      code: "no-candidate",
    });
    await expect(network.rollback("br-rtr1")).rejects.toMatchObject({ code: "no-pending-commit" });
    await network.stage("br-rtr1", fix);
    await network.commit("br-rtr1", { revertAfterSeconds: 60 });
    await expect(network.stage("br-rtr1", ["hostname x"])).rejects.toMatchObject({ code: "commit-pending" });
  });
});

describe("bad requests", () => {
  it("names the unknown device and lists the known ones", async () => {
    const { network } = labIn(null);
    await expect(network.getInterfaces("br-rtr9")).rejects.toThrow(
      /unknown device 'br-rtr9'; known devices: br-rtr1, /,
    );
    await expect(network.getInterfaces("br-rtr9")).rejects.toBeInstanceOf(NetworkError);
  });

  it("rejects an address that is not IPv4", async () => {
    const { network } = labIn(null);
    await expect(network.ping("br-rtr1", "10.0.0.300")).rejects.toMatchObject({ code: "invalid-address" });
    await expect(network.routeLookup("br-rtr1", "not-an-ip")).rejects.toMatchObject({
      code: "invalid-address",
    });
  });

  it("rejects an unknown scenario", () => {
    expect(() => labIn("no-such-scenario")).toThrow(/unknown scenario 'no-such-scenario'/);
  });
});

describe("ground truth stays inside the lab", () => {
  const getters = async (network: NetworkSource, device: string, clock: ManualClock) => [
    await network.getFacts(device),
    await network.getInterfaces(device),
    await network.getCounters(device),
    await network.getInterfaceIps(device),
    await network.getBgpNeighbors(device),
    await network.getOspfNeighbors(device),
    await network.getLldpNeighbors(device),
    await network.getArp(device),
    await network.getRoutes(device),
    await network.getConfig(device),
    await network.getEnvironment(device),
    await network.getLogs(device, new Date(clock.now().getTime() - 1000 * HOUR)),
    await network.getSnmp(device),
    await network.getNtp(device),
  ];

  it.each(defaultLab().scenarios.map((s) => [s.id, s] as const))(
    "%s: nothing a caller can reach names the scenario or its truth",
    async (_id, scenario) => {
      const { network, clock } = labIn(scenario.id);
      expect(Object.keys(network)).toEqual([]);
      expect(JSON.stringify(network)).toBe("{}");
      const everything = JSON.stringify(
        await Promise.all((await network.inventory()).map((d) => getters(network, d.name, clock))),
      );
      for (const secret of [scenario.id, scenario.title, scenario.symptom, "fixed_when", "truth"]) {
        expect(everything).not.toContain(secret);
      }
      if (scenario.truth) expect(everything).not.toContain(`"${scenario.truth.label}"`);
    },
  );
});
