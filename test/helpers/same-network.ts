// Two NetworkSources showing the same devices (the lab, and the lab read back through IOS output) compared
// getter by getter. What IOS prints less precisely than the model holds is compared at IOS's precision,
// and each such case is named here.
import { expect } from "vitest";
import { formatIpv4, parsePrefix } from "../../src/network/ip.js";
import type { NetworkSource } from "../../src/network/source.js";
import type { Interface } from "../../src/network/types.js";

/** The unit IOS prints an age in ("00:47:12", "1d02h", "3w0d", "1y10w"), in seconds. */
function ageUnit(seconds: number): number {
  if (seconds < 86_400) return 1;
  if (seconds < 7 * 86_400) return 3600;
  if (seconds < 365 * 86_400) return 86_400;
  return 7 * 86_400;
}
const atIosPrecision = (seconds: number) => seconds - (seconds % ageUnit(seconds));

/** A virtual interface: the lab gives it a duplex and no speed, IOS prints no duplex and a nominal bandwidth. */
const physical = (i: Interface) => !/^(Loopback|Tunnel|Vlan|Null|Port-channel)/.test(i.name);

export async function expectSameDevice(lab: NetworkSource, other: NetworkSource, device: string, now: Date) {
  const [a, b] = [lab, other];
  const factsA = await a.getFacts(device);
  const factsB = await b.getFacts(device);
  expect({ ...factsB, uptime_s: 0 }).toEqual({ ...factsA, uptime_s: 0 });
  // `show version` prints the uptime to the minute.
  expect(factsB.uptime_s).toBe(factsA.uptime_s - (factsA.uptime_s % 60));

  const interfacesA = await a.getInterfaces(device);
  const interfacesB = await b.getInterfaces(device);
  expect(interfacesB.map((i) => i.name)).toEqual(interfacesA.map((i) => i.name));
  interfacesA.forEach((ia, n) => {
    const ib = interfacesB[n] as Interface;
    const media = (i: Interface) => (physical(ia) ? i : { ...i, speed_mbps: 0, duplex: "unknown" });
    expect(media({ ...ib, last_flap: null }), `${device} ${ia.name}`).toEqual(
      media({ ...ia, last_flap: null }),
    );
    // A link that is down: its last change is what the state checks read. IOS shows it to the second
    // (or coarser past a day); a link that is up shows it only while its log message is in the buffer.
    if (!ia.oper_up && ia.last_flap !== null) {
      const seconds = (now.getTime() - Date.parse(ia.last_flap)) / 1000;
      const seen = (now.getTime() - Date.parse(ib.last_flap ?? "")) / 1000;
      expect(Math.abs(seen - seconds), `${device} ${ia.name} last_flap`).toBeLessThanOrEqual(
        ageUnit(seconds),
      );
    }
  });

  expect(await b.getCounters(device)).toEqual(await a.getCounters(device));
  expect(await b.getInterfaceIps(device)).toEqual(await a.getInterfaceIps(device));

  const bgpA = await a.getBgpNeighbors(device);
  expect(await b.getBgpNeighbors(device)).toEqual(
    bgpA.map((n) => ({ ...n, uptime_s: atIosPrecision(n.uptime_s) })),
  );
  expect(await b.getOspfNeighbors(device)).toEqual(await a.getOspfNeighbors(device));
  expect(await b.getLldpNeighbors(device)).toEqual(await a.getLldpNeighbors(device));
  expect(await b.getArp(device)).toEqual(
    (await a.getArp(device)).map((e) => ({ ...e, age_min: Math.floor(e.age_min) })),
  );

  const routes = await a.getRoutes(device);
  expect(await b.getRoutes(device)).toEqual(routes);
  for (const route of routes) {
    const prefix = parsePrefix(route.prefix);
    if (!prefix) continue;
    const inside = formatIpv4(prefix.network + (prefix.length < 32 ? 1 : 0));
    expect(await b.routeLookup(device, inside), `${device} lookup ${inside}`).toEqual(
      await a.routeLookup(device, inside),
    );
  }
  expect(await b.routeLookup(device, "192.0.2.77")).toEqual(await a.routeLookup(device, "192.0.2.77"));

  expect(await b.getConfig(device, "running")).toBe(await a.getConfig(device, "running"));
  expect(await b.getConfig(device, "startup")).toBe(await a.getConfig(device, "startup"));

  const environment = await a.getEnvironment(device);
  expect(await b.getEnvironment(device)).toEqual({
    cpu_pct: Math.round(environment.cpu_pct),
    memory_used_pct: environment.memory_used_pct,
    temperature_c: environment.temperature_c === null ? null : Math.round(environment.temperature_c),
  });

  const since = new Date(now.getTime() - 7 * 86_400_000);
  expect(await b.getLogs(device, since)).toEqual(await a.getLogs(device, since));
  expect(await b.getSnmp(device)).toEqual(await a.getSnmp(device));
  const ntp = await a.getNtp(device);
  expect(await b.getNtp(device)).toEqual({ ...ntp, offset_ms: ntp.offset_ms ?? 0 });

  const own = (await a.getInterfaceIps(device)).map((ip) => ip.address);
  for (const target of ["10.10.10.10", "192.0.2.77", ...own.slice(0, 2)]) {
    const ping = await a.ping(device, target);
    expect(await b.ping(device, target), `${device} ping ${target}`).toEqual({
      ...ping,
      rtt_avg_ms: ping.rtt_avg_ms === null ? null : Math.round(ping.rtt_avg_ms),
    });
    // A trace to the device's own address: the lab lists no hop, IOS prints the device itself as hop 1.
    if (own.includes(target)) continue;
    const trace = await a.traceroute(device, target);
    expect(await b.traceroute(device, target), `${device} traceroute ${target}`).toEqual({
      ...trace,
      hops: trace.hops.map((h) => ({ ...h, rtt_ms: h.rtt_ms === null ? null : Math.round(h.rtt_ms) })),
    });
  }
}
