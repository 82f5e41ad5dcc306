// Outside the change workflow only read-only commands reach a device.
import { describe, expect, it } from "vitest";
import { NetworkError } from "../../../src/network/source.js";
import { assertReadOnly, isReadOnly } from "../../../src/network/ssh/read-only.js";

describe("the read-only allowlist", () => {
  it("lets through the show commands the driver reads, ping and traceroute to an address, one include filter", () => {
    for (const command of [
      "show version",
      "show interfaces",
      "show ip route",
      "show ip route 10.20.10.5",
      "show ip bgp summary",
      "show running-config",
      "show running-config | include ^snmp-server",
      "show processes cpu | include CPU utilization",
      "show logging | include UPDOWN|CHANGED",
      "ping 10.0.0.1",
      "traceroute 192.0.2.7",
    ])
      expect(isReadOnly(command), command).toBe(true);
  });

  it("refuses anything that changes, writes, reloads or chains a second command", () => {
    for (const command of [
      "configure terminal",
      "conf t",
      "reload",
      "clear counters",
      "clear ip bgp *",
      "write memory",
      "copy running-config startup-config",
      "debug ip packet",
      "show version\nreload",
      "show version ; reload",
      "show running-config | redirect flash:x",
      "show running-config | append flash:x",
      "show running-config | include a | tee flash:x",
      "show logging | include x | append flash:log",
      "ping 10.0.0.1 repeat 100000",
      "ping example.com",
      "traceroute 10.0.0.1 ttl 1 255",
      "show tech-support",
      "terminal monitor",
      "show ip route vrf *",
    ])
      expect(isReadOnly(command), command).toBe(false);
  });

  it("says which device and command it refused", () => {
    expect(() => assertReadOnly("br-rtr1", "reload")).toThrow(NetworkError);
    expect(() => assertReadOnly("br-rtr1", "reload")).toThrow(
      "br-rtr1: 'reload' is not on the read-only allowlist; only the change workflow changes a device",
    );
  });
});
