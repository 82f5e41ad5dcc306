// The checks a proposed change passes before it is staged: every deny rule has a line it refuses and a
// near miss it lets through; lines must parse and stay on their device; risks are said plainly.
import { describe, expect, it } from "vitest";
import { checkProposedLines, DENY_RULES, type DeviceContext } from "../../src/changes/check-lines.js";
import { labIn } from "../helpers/lab.js";

async function context(device = "br-rtr1"): Promise<DeviceContext> {
  const { network } = labIn("wan-primary-down");
  return {
    device,
    inventory: await network.inventory(),
    running: await network.getConfig(device),
    ospf: await network.getOspfNeighbors(device),
    bgp: await network.getBgpNeighbors(device),
  };
}

const REFUSED: Array<[string, string[]]> = [
  ["DENY-EXEC", ["do reload"]],
  ["DENY-ERASE", ["write erase"]],
  ["DENY-RELOAD", ["reload in 5"]],
  ["DENY-BOOT", ["boot system flash:old.bin"]],
  ["DENY-AAA", ["no aaa new-model"]],
  ["DENY-AAA-NONE", ["aaa authentication login default none"]],
  ["DENY-CREDENTIALS", ["username helper privilege 15 secret 0 pw"]],
  ["DENY-CRYPTO-KEY", ["crypto key zeroize rsa"]],
  ["DENY-ROUTING-PROCESS", ["no router ospf 1"]],
  ["DENY-HOSTNAME", ["hostname core-9"]],
  ["DENY-VTY-OPEN", ["line vty 0 4", " transport input telnet"]],
  ["DENY-SNMP-RW", ["snmp-server community s3cret RW"]],
  ["DENY-LOGGING-OFF", ["no logging host 10.20.10.20"]],
  ["DENY-CONFIG-REPLACE", ["configure replace flash:base.cfg"]],
];

const ALLOWED: Array<[string, string[]]> = [
  ["DENY-EXEC", ["interface GigabitEthernet0/0", " description do not touch"]],
  ["DENY-RELOAD", ["interface GigabitEthernet0/0", " no shutdown"]],
  ["DENY-AAA", ["aaa authentication login default local"]],
  ["DENY-ROUTING-PROCESS", ["router ospf 1", " passive-interface GigabitEthernet0/2"]],
  ["DENY-VTY-OPEN", ["line vty 0 4", " transport input ssh"]],
  ["DENY-SNMP-RW", ["snmp-server community s3cret RO 10"]],
  ["DENY-LOGGING-OFF", ["no logging console"]],
];

describe("checkProposedLines", () => {
  it("has a refused line for every deny rule", () => {
    expect(new Set(REFUSED.map(([id]) => id))).toEqual(new Set(DENY_RULES.map((r) => r.id)));
  });

  it.each(REFUSED)("%s refuses %j", async (id, lines) => {
    const { problems } = checkProposedLines(lines, await context());
    expect(problems.join("\n")).toContain(id);
  });

  it.each(ALLOWED)("%s lets %j through", async (id, lines) => {
    const { problems } = checkProposedLines(lines, await context());
    expect(problems.join("\n")).not.toContain(id);
  });

  it("refuses what does not parse as config, or strays from its device", async () => {
    const ctx = await context();
    const problems = (lines: string[]) => checkProposedLines(lines, ctx).problems.join("\n");
    expect(problems([" no shutdown"])).toContain("the first line is indented");
    expect(problems(["```", "interface GigabitEthernet0/0"])).toContain("is not a config command");
    expect(problems(["interface GigabitEthernet0/7", " no shutdown"])).toContain(
      "GigabitEthernet0/7 is not an interface of br-rtr1",
    );
    expect(problems(["ip route 10.0.0.0 255.0.0.0 dc-wan1"])).toContain("names dc-wan1");
    expect(problems(["interface Loopback0", " shutdown"])).toContain("DENY-MGMT-SHUTDOWN");
    expect(problems(Array.from({ length: 61 }, () => "ip domain lookup"))).toContain("at most 60");
    expect(checkProposedLines(["ip domain lookup"], { ...ctx, device: "nope" }).problems[0]).toContain(
      "not a device in the inventory",
    );
    expect(problems([])).toContain("no lines");
  });

  it("says what a change could break", async () => {
    const { problems, risks } = checkProposedLines(
      ["interface Gi0/0", " no shutdown", " ip mtu 1400"],
      await context(),
    );
    expect(problems).toEqual([]);
    expect(risks.join("\n")).toContain("brings GigabitEthernet0/0 up");
    expect(risks.join("\n")).toContain("changes the MTU of GigabitEthernet0/0");
  });
});
