import { describe, expect, it } from "vitest";
import { canonicalConfig, mergeConfig } from "../../../src/network/ios/merge.js";

const running = canonicalConfig(`hostname r1
no ip http server
interface GigabitEthernet0/0
 description wan
 mtu 1400
 ip helper-address 10.0.0.67
 shutdown
router bgp 65000
 neighbor 1.1.1.1 remote-as 65001
 neighbor 1.1.1.1 timers 1 3
ip route 10.1.0.0 255.255.0.0 Null0
`);

describe("mergeConfig", () => {
  it("removes with `no`, including by prefix", () => {
    const out = mergeConfig(running, [
      "interface GigabitEthernet0/0",
      " no shutdown",
      " no ip helper-address",
      "no ip route 10.1.0.0 255.255.0.0 Null0",
    ]);
    expect(out).not.toMatch(/^ shutdown$/m);
    expect(out).not.toContain("ip helper-address");
    expect(out).not.toContain("ip route 10.1.0.0");
  });

  it("replaces single-valued commands instead of adding a second value", () => {
    const out = mergeConfig(running, [
      "interface GigabitEthernet0/0",
      " mtu 1500",
      " description primary wan",
      "router bgp 65000",
      " neighbor 1.1.1.1 remote-as 65002",
    ]);
    expect(out.match(/ mtu /g)).toHaveLength(1);
    expect(out).toContain(" mtu 1500");
    expect(out).toContain(" description primary wan");
    expect(out).toContain(" neighbor 1.1.1.1 remote-as 65002");
    expect(out).not.toContain("remote-as 65001");
  });

  it("keeps multi-valued commands side by side", () => {
    const out = mergeConfig(running, ["interface GigabitEthernet0/0", " ip helper-address 10.0.0.68"]);
    expect(out).toContain("ip helper-address 10.0.0.67");
    expect(out).toContain("ip helper-address 10.0.0.68");
  });

  it("creates new sections at the end and re-enters existing ones", () => {
    const out = mergeConfig(running, [
      "interface GigabitEthernet0/9",
      " description new",
      "interface GigabitEthernet0/0",
      " load-interval 30",
    ]);
    expect(out).toMatch(/interface GigabitEthernet0\/9\n description new/);
    expect(out).toMatch(/interface GigabitEthernet0\/0\n(?: .*\n)* load-interval 30/);
  });

  it("turns a default-on feature off and on again", () => {
    const on = mergeConfig(running, ["ip http server"]);
    expect(on).toMatch(/^ip http server$/m);
    expect(on).not.toContain("no ip http server");
    expect(mergeConfig(on, ["no ip http server"])).toMatch(/^no ip http server$/m);
  });

  it("is idempotent and leaves the running text alone when nothing changes", () => {
    const lines = ["interface GigabitEthernet0/0", " description wan"];
    expect(mergeConfig(running, lines)).toBe(running);
    const once = mergeConfig(running, ["snmp-server location x"]);
    expect(mergeConfig(once, ["snmp-server location x"])).toBe(once);
  });
});
