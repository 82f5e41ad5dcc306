// What a proposed change may contain: an allowlist of the config lines that fixes for the closed set of
// root causes need, each in the section it belongs to. A line no rule allows is refused; a deny list could
// never keep up with IOS. Teams add rules of their own (allowlist-file.ts); those may add lines, never
// open new kinds of section.

/** The configuration mode a line is typed in. */
export const SECTION_KINDS = [
  "top",
  "interface",
  "router-ospf",
  "router-bgp",
  "bgp-af",
  "acl",
  "route-map",
  "class-map",
  "policy-map",
  "policy-class",
  "line",
] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

export interface AllowRule {
  id: string;
  in: readonly SectionKind[];
  /** The whole line (without indentation and, when `negatable`, without a leading "no "). */
  line: RegExp;
  /** Whether "no <line>" is allowed too. */
  negatable: boolean;
  /** The section this line opens; its sub-commands are checked in that mode. */
  opens?: SectionKind;
  what: string;
}

const IP = String.raw`\d{1,3}(?:\.\d{1,3}){3}`;
const NAME = `[A-Za-z0-9_.:/-]+`;

const rule = (
  id: string,
  where: SectionKind | readonly SectionKind[],
  pattern: string,
  what: string,
  options: { negatable?: boolean; opens?: SectionKind } = {},
): AllowRule => ({
  id,
  in: typeof where === "string" ? [where] : where,
  line: new RegExp(`^(?:${pattern})$`, "i"),
  negatable: options.negatable ?? true,
  ...(options.opens ? { opens: options.opens } : {}),
  what,
});

const BGP: readonly SectionKind[] = ["router-bgp", "bgp-af"];
const SECTIONS: readonly SectionKind[] = SECTION_KINDS.filter((k) => k !== "top");

export const BUILTIN_ALLOW_RULES: readonly AllowRule[] = [
  // Sections a fix may enter. Entering one never creates it: check-lines refuses a section the device lacks.
  rule("ALLOW-INTERFACE", "top", String.raw`interface\s+\S+(?:\s+\d\S*)?`, "an interface's settings", {
    negatable: false,
    opens: "interface",
  }),
  rule("ALLOW-OSPF-PROCESS", "top", String.raw`router ospf \d+(?: vrf ${NAME})?`, "an OSPF process", {
    negatable: false,
    opens: "router-ospf",
  }),
  rule("ALLOW-BGP-PROCESS", "top", String.raw`router bgp \d+(?:\.\d+)?`, "the BGP process", {
    negatable: false,
    opens: "router-bgp",
  }),
  rule(
    "ALLOW-BGP-AF",
    "router-bgp",
    `address-family (?:ipv4|ipv6)(?: unicast| multicast)?(?: vrf ${NAME})?`,
    "a BGP address family",
    { negatable: false, opens: "bgp-af" },
  ),
  rule("ALLOW-ACL-SECTION", "top", `ip access-list (?:standard|extended) ${NAME}`, "a named ACL", {
    negatable: false,
    opens: "acl",
  }),
  rule("ALLOW-ROUTE-MAP", "top", String.raw`route-map ${NAME}(?: (?:permit|deny)(?: \d+)?)?`, "a route-map", {
    negatable: false,
    opens: "route-map",
  }),
  rule("ALLOW-CLASS-MAP", "top", `class-map(?: match-any| match-all)? ${NAME}`, "a QoS class", {
    negatable: false,
    opens: "class-map",
  }),
  rule("ALLOW-POLICY-MAP", "top", `policy-map ${NAME}`, "a QoS policy", {
    negatable: false,
    opens: "policy-map",
  }),
  rule("ALLOW-POLICY-CLASS", "policy-map", `class ${NAME}`, "a class of a QoS policy", {
    opens: "policy-class",
  }),
  rule("ALLOW-LINE", "top", String.raw`line (?:vty|con|console|aux) \d+(?: \d+)?`, "a terminal line", {
    negatable: false,
    opens: "line",
  }),
  rule("ALLOW-EXIT", SECTIONS, "exit|exit-address-family", "leaves a section", { negatable: false }),

  // Global lines.
  rule(
    "ALLOW-STATIC-ROUTE",
    "top",
    String.raw`ip route(?: vrf ${NAME})? ${IP} ${IP}(?: \S+){1,6}`,
    "a static route",
  ),
  rule(
    "ALLOW-PREFIX-LIST",
    "top",
    String.raw`ip prefix-list ${NAME}(?: seq \d+)? (?:permit|deny) ${IP}/\d{1,2}(?: (?:ge|le) \d{1,2}){0,2}|ip prefix-list ${NAME} seq \d+`,
    "a prefix-list entry",
  ),
  rule("ALLOW-ACL-NUMBERED", "top", String.raw`access-list \d+ (?:permit|deny|remark) .+`, "an ACL entry", {
    // "no access-list N ..." removes the whole list on IOS, not one entry.
    negatable: false,
  }),
  rule("ALLOW-DNS-SERVER", "top", `ip name-server(?: vrf ${NAME})?(?: ${IP}){1,6}`, "DNS servers"),
  rule(
    "ALLOW-NTP-SERVER",
    "top",
    String.raw`ntp server(?: vrf ${NAME})? ${NAME}(?: key \d+| prefer| source \S+| version [1-4])*`,
    "an NTP server",
  ),
  rule(
    "ALLOW-LOGIN-BLOCK",
    "top",
    String.raw`login block-for \d+ attempts \d+ within \d+`,
    "login brute-force protection",
    { negatable: false },
  ),
  rule(
    "ALLOW-SNMP-COMMUNITY-REMOVE",
    "top",
    String.raw`no snmp-server community \S+(?: .*)?`,
    "removes an SNMP community",
    {
      negatable: false,
    },
  ),
  rule(
    "ALLOW-SNMP-COMMUNITY-RO",
    "top",
    String.raw`snmp-server community \S+ RO(?: ${NAME})?`,
    "makes an existing SNMP community read-only",
    { negatable: false },
  ),
  rule("ALLOW-HTTP-OFF", "top", "no ip http (?:server|secure-server)", "turns the HTTP server off", {
    negatable: false,
  }),
  rule(
    "ALLOW-LOGGING-CONSOLE",
    "top",
    "logging console(?: (?:emergencies|alerts|critical|errors|warnings|notifications|informational|debugging|[0-7]))?",
    "console logging level",
  ),
  rule(
    "ALLOW-STP-PRIORITY",
    "top",
    String.raw`spanning-tree vlan [\d,-]+ (?:priority \d+|root (?:primary|secondary))`,
    "spanning-tree root priority",
  ),
  rule(
    "ALLOW-NAT-POOL",
    "top",
    String.raw`ip nat pool ${NAME} ${IP} ${IP} (?:netmask ${IP}|prefix-length \d{1,2})`,
    "a NAT pool",
  ),
  rule(
    "ALLOW-NAT-SOURCE",
    "top",
    String.raw`ip nat inside source (?:list|route-map) ${NAME} (?:pool|interface) \S+(?: vrf ${NAME})?(?: overload)?`,
    "dynamic source NAT",
  ),

  // Interface sub-commands.
  rule("ALLOW-IF-SHUTDOWN", "interface", "shutdown", "shuts or enables the interface"),
  rule("ALLOW-IF-DESCRIPTION", "interface", "description .+", "the interface description"),
  rule(
    "ALLOW-IF-SPEED-DUPLEX",
    "interface",
    "speed (?:10|100|1000|2500|5000|10000|25000|40000|100000|auto)|duplex (?:full|half|auto)|negotiation auto",
    "speed and duplex",
  ),
  rule("ALLOW-IF-MTU", "interface", String.raw`mtu \d+|ip mtu \d+|ipv6 mtu \d+|ip tcp adjust-mss \d+`, "MTU"),
  rule("ALLOW-IF-ADDRESS", "interface", `ip address ${IP} ${IP}(?: secondary)?`, "the IPv4 address"),
  rule("ALLOW-IF-HELPER", "interface", `ip helper-address(?: vrf ${NAME})? ${IP}`, "DHCP relay"),
  rule("ALLOW-IF-ACL", "interface", `ip access-group ${NAME} (?:in|out)`, "an ACL on the interface"),
  rule(
    "ALLOW-IF-QOS",
    "interface",
    String.raw`service-policy (?:input|output) ${NAME}|bandwidth \d+|load-interval \d+|hold-queue \d+ (?:in|out)`,
    "QoS and load accounting",
  ),
  rule(
    "ALLOW-IF-OSPF",
    "interface",
    String.raw`ip ospf (?:cost \d+|hello-interval \d+|dead-interval \d+|network (?:point-to-point|broadcast|non-broadcast|point-to-multipoint)|priority \d+|authentication(?: message-digest| null| key-chain ${NAME})?|message-digest-key \d+ md5(?: [07])? \S+|authentication-key(?: [07])? \S+|\d+ area \S+|mtu-ignore|bfd)`,
    "OSPF on the interface",
  ),
  rule(
    "ALLOW-IF-STORM",
    "interface",
    String.raw`storm-control (?:(?:broadcast|multicast|unicast) level [\d. ]+|action (?:shutdown|trap))`,
    "storm control",
  ),
  rule(
    "ALLOW-IF-STP",
    "interface",
    String.raw`spanning-tree (?:portfast(?: edge| trunk| disable)?|bpduguard (?:enable|disable)|bpdufilter (?:enable|disable)|guard (?:root|loop|none)|cost \d+|port-priority \d+|link-type point-to-point)`,
    "spanning tree on the port",
  ),
  rule(
    "ALLOW-IF-SWITCHPORT",
    "interface",
    String.raw`switchport(?: mode (?:access|trunk)| access vlan \d+| trunk allowed vlan(?: add| remove)? [\d,-]+| trunk native vlan \d+| nonegotiate| voice vlan \d+)?`,
    "switchport mode and VLANs",
  ),
  rule(
    "ALLOW-IF-CHANNEL",
    "interface",
    String.raw`channel-group \d+ mode (?:active|passive|on|desirable|auto)`,
    "port-channel membership",
  ),
  rule(
    "ALLOW-IF-FHRP",
    "interface",
    String.raw`(?:standby|vrrp)(?: \d+)? (?:ip ${IP}(?: secondary)?|priority \d+|preempt(?: delay .+)?|track .+|timers .+)`,
    "HSRP/VRRP gateway redundancy",
  ),
  rule("ALLOW-IF-NAT", "interface", "ip nat (?:inside|outside)", "NAT inside/outside"),
  rule("ALLOW-IF-DISCOVERY", "interface", "cdp enable|lldp (?:transmit|receive)", "CDP/LLDP on the port"),
  rule("ALLOW-IF-KEEPALIVE", "interface", String.raw`keepalive(?: \d+)?|carrier-delay .+`, "link keepalives"),

  // OSPF process.
  rule(
    "ALLOW-OSPF-NETWORK",
    "router-ospf",
    String.raw`network ${IP} ${IP} area \S+`,
    "OSPF network statement",
  ),
  rule(
    "ALLOW-OSPF-PASSIVE",
    "router-ospf",
    String.raw`passive-interface (?:default|\S+(?: \d\S*)?)`,
    "passive interfaces",
  ),
  rule(
    "ALLOW-OSPF-AREA-AUTH",
    "router-ospf",
    String.raw`area \S+ authentication(?: message-digest)?`,
    "area authentication",
  ),
  rule(
    "ALLOW-OSPF-TUNING",
    "router-ospf",
    String.raw`log-adjacency-changes(?: detail)?|auto-cost reference-bandwidth \d+|maximum-paths \d+`,
    "OSPF tuning",
  ),

  // BGP process and address families.
  rule(
    "ALLOW-BGP-NEIGHBOR",
    BGP,
    String.raw`neighbor \S+ (?:remote-as \d+(?:\.\d+)?|description .+|update-source \S+(?: \d\S*)?|ebgp-multihop(?: \d+)?|timers \d+ \d+(?: \d+)?|shutdown|activate|next-hop-self(?: all)?|send-community(?: both| standard| extended)?|soft-reconfiguration inbound|route-map ${NAME} (?:in|out)|prefix-list ${NAME} (?:in|out)|filter-list \d+ (?:in|out)|distribute-list ${NAME} (?:in|out)|maximum-prefix \d+(?: \d+)?(?: restart \d+| warning-only)?|password(?: [07])? \S+|fall-over(?: bfd)?|peer-group ${NAME})`,
    "a BGP neighbor's settings",
  ),
  rule(
    "ALLOW-BGP-NETWORK",
    BGP,
    `network ${IP}(?: mask ${IP})?(?: route-map ${NAME})?`,
    "a BGP network statement",
  ),
  rule("ALLOW-BGP-LOG", "router-bgp", "bgp log-neighbor-changes", "BGP neighbor logging"),

  // Entries of ACLs, route-maps and QoS.
  rule("ALLOW-ACL-ENTRY", "acl", String.raw`(?:\d+ )?(?:permit|deny) .+|remark .+`, "an ACL entry"),
  rule("ALLOW-ACL-SEQ-REMOVE", "acl", String.raw`no \d+`, "removes an ACL entry by sequence number", {
    negatable: false,
  }),
  rule("ALLOW-ROUTE-MAP-ENTRY", "route-map", "(?:match|set|description) .+", "a route-map clause"),
  rule("ALLOW-CLASS-MATCH", "class-map", "(?:match|description) .+", "what a QoS class matches"),
  rule(
    "ALLOW-POLICY-ACTION",
    "policy-class",
    "(?:priority|bandwidth|police|shape|fair-queue|random-detect|queue-limit|set|service-policy)(?: .+)?",
    "what a QoS policy does to a class",
  ),

  // Terminal lines: only what tightens them.
  rule(
    "ALLOW-LINE-TIMEOUT",
    "line",
    String.raw`exec-timeout (?:[1-9]\d*(?: \d+)?|0 [1-9]\d*)`,
    "idle timeout",
  ),
  rule("ALLOW-LINE-SSH", "line", "transport input ssh", "SSH only", { negatable: false }),
];

/** The rule that allows a line in a section, or undefined. */
export function allowingRule(
  rules: readonly AllowRule[],
  where: SectionKind,
  text: string,
): { rule: AllowRule; negated: boolean } | undefined {
  const negated = /^no\s+/i.test(text);
  const bare = text.replace(/^no\s+/i, "").replace(/\s+/g, " ");
  const whole = text.replace(/\s+/g, " ");
  for (const rule of rules) {
    if (!rule.in.includes(where)) continue;
    if (rule.line.test(whole)) return { rule, negated: false };
    if (negated && rule.negatable && rule.line.test(bare)) return { rule, negated: true };
  }
  return undefined;
}
