// Outputs the ntc-templates fixtures do not cover, written as IOS and IOS-XE print them
// (test/fixtures/ios/), and the model's reading of them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatAge, formatUptime, parseAge, parseUptime } from "../../../src/network/show/age.js";
import { parseShowIpBgpNeighbors } from "../../../src/network/show/bgp.js";
import { parseShowConfig } from "../../../src/network/show/config.js";
import { parseTemperatures } from "../../../src/network/show/environment.js";
import { parseRouteEntry } from "../../../src/network/show/ip-route.js";
import {
  inventoryName,
  lldpNeighborOf,
  parseShowLldpNeighborsDetail,
} from "../../../src/network/show/neighbors.js";
import { parseShowNtpAssociations, parseShowNtpStatus } from "../../../src/network/show/ntp.js";
import { PACKAGE_ROOT } from "../../../src/paths.js";
import { ntcFixtures } from "../../helpers/shared.js";

const fixture = (name: string) => readFileSync(join(PACKAGE_ROOT, "test", "fixtures", "ios", name), "utf8");

describe("show ip route ADDRESS", () => {
  it("reads the entry a destination uses, whatever put it there", () => {
    expect(parseRouteEntry(fixture("show_ip_route_address_ospf.txt"))).toEqual({
      prefix: "10.20.10.0/24",
      protocol: "ospf",
      next_hop: "10.20.0.6",
      interface: "GigabitEthernet0/1",
      distance: 110,
      metric: 2,
    });
    expect(parseRouteEntry(fixture("show_ip_route_address_connected.txt"))).toMatchObject({
      prefix: "10.20.0.4/30",
      protocol: "connected",
      next_hop: null,
      interface: "GigabitEthernet0/1",
      distance: 0,
    });
    expect(parseRouteEntry(fixture("show_ip_route_address_static_default.txt"))).toEqual({
      prefix: "0.0.0.0/0",
      protocol: "static",
      next_hop: "198.51.100.1",
      interface: null,
      distance: 1,
      metric: 0,
    });
    expect(parseRouteEntry(fixture("show_ip_route_address_bgp.txt"))).toMatchObject({
      prefix: "172.16.0.0/12",
      protocol: "bgp",
      next_hop: "203.0.113.1",
      interface: null,
      distance: 20,
    });
    expect(parseRouteEntry(fixture("show_ip_route_address_missing.txt"))).toBeNull();
  });
});

describe("show ntp status and associations", () => {
  it("reads synchronised and unsynchronised clocks", () => {
    expect(parseShowNtpStatus(fixture("show_ntp_status_synced.txt"))).toEqual({
      synchronized: true,
      stratum: 3,
      reference: "10.10.10.5",
      offset_ms: -0.7421,
    });
    expect(parseShowNtpStatus(fixture("show_ntp_status_unsynced.txt"))).toEqual({
      synchronized: false,
      stratum: 16,
      reference: null,
      offset_ms: 0,
    });
    expect(parseShowNtpStatus("% NTP is not enabled.")).toBeNull();
  });

  it("reads each configured server and whether it answers", () => {
    expect(parseShowNtpAssociations(fixture("show_ntp_associations.txt"))).toEqual([
      { address: "10.10.10.5", selected: true, reach: 0o377 },
      { address: "10.10.10.6", selected: false, reach: 0o377 },
      { address: "192.0.2.123", selected: false, reach: 0 },
    ]);
  });
});

describe("show environment", () => {
  it("reads every temperature sensor on routers of two generations, and none on a virtual one", () => {
    expect(parseTemperatures(fixture("show_environment_isr4k.txt"))).toEqual([28, 31, 27, 47]);
    expect(parseTemperatures(fixture("show_environment_isrg2.txt"))).toEqual([32, 35, 49]);
    expect(parseTemperatures(fixture("show_environment_virtual.txt"))).toEqual([]);
  });
});

describe("show running-config", () => {
  it("keeps the config from the first line after IOS's banner, comments included", () => {
    const config = parseShowConfig(fixture("show_running_config_header.txt"));
    expect(config.split("\n")[0]).toBe("!");
    expect(config).toContain("hostname edge1\n");
    expect(config.trimEnd().endsWith("end")).toBe(true);
  });
});

describe("show lldp neighbors detail (IOS-XE)", () => {
  it("names the far end by port id when it is a port, by description when it is a MAC, and matches the inventory's name", () => {
    const records = parseShowLldpNeighborsDetail(fixture("show_lldp_neighbors_detail_iosxe.txt"));
    expect(records.map(lldpNeighborOf)).toEqual([
      {
        local_interface: "GigabitEthernet1/0/48",
        remote_device: "br-rtr1.corp.example",
        remote_interface: "GigabitEthernet0/2",
      },
      {
        local_interface: "GigabitEthernet1/0/1",
        remote_device: "3c52.82d1.4f25",
        remote_interface: "LAN Port",
      },
    ]);
    expect(inventoryName("br-rtr1.corp.example", new Set(["br-rtr1", "br-sw1"]))).toBe("br-rtr1");
    expect(inventoryName("SW1(FOC1234X0AB)", new Set(["sw1"]))).toBe("sw1");
    expect(inventoryName("unknown.example", new Set(["br-rtr1"]))).toBe("unknown.example");
  });
});

describe("show ip bgp neighbors: what the summary leaves out", () => {
  const multiple = ntcFixtures("show_ip_bgp_neighbors").find((f) => f.name.endsWith("multiple"));
  it.skipIf(!multiple)("reads each session's description and how often it dropped from real output", () => {
    const raw = multiple?.raw ?? "";
    const details = parseShowIpBgpNeighbors(raw);
    // Every "Description:" and "Connections established" line of the real output lands on its session.
    expect(details.map((d) => d.description).filter(Boolean)).toEqual(
      [...raw.matchAll(/^ Description: (.*?)\s*$/gm)].map((m) => m[1]),
    );
    expect(details.map((d) => [d.established, d.dropped])).toEqual(
      [...raw.matchAll(/Connections established (\d+); dropped (\d+)/g)].map((m) => [
        Number(m[1]),
        Number(m[2]),
      ]),
    );
  });
});

describe("IOS ages", () => {
  it("formats and parses every form IOS prints; the coarser forms drop what they do not print", () => {
    for (const [seconds, text] of [
      [0, "00:00:00"],
      [2820, "00:47:00"],
      [86_399, "23:59:59"],
      [93_600, "1d02h"],
      [3 * 7 * 86_400 + 2 * 86_400, "3w2d"],
      [400 * 86_400, "1y5w"],
    ] as const) {
      expect(formatAge(seconds)).toBe(text);
      expect(parseAge(text)).toBe(seconds);
    }
    expect(parseAge(formatAge(93_600 + 59 * 60))).toBe(93_600);
    expect(parseAge("never")).toBeNull();
    expect(parseUptime(formatUptime(41 * 86_400 + 3 * 3600 + 7 * 60 + 31))).toBe(
      41 * 86_400 + 3 * 3600 + 7 * 60,
    );
    expect(formatUptime(45)).toBe("0 minutes");
  });
});
