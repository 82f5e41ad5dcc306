// What a proposed change may contain: an allowlist of the config lines that fixes for the closed set of
// root causes need, each in the section it is typed in, with what it can break said beside it. A line no
// rule allows is refused; a deny list could never keep up with IOS. Teams add rules of their own
// (allowlist-file.ts); those may add lines, never open new kinds of section.

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
  /** The whole line (without indentation and without a leading "no "). */
  line: RegExp;
  /** The "no" forms allowed: none, the same line as `line`, or these (e.g. "no speed" without a value). */
  negated: "none" | "same" | RegExp;
  /** The section this line opens; its sub-commands are checked in that mode. */
  opens?: SectionKind;
  what: string;
  /** What applying the line could break, said beside the Approve button. */
  risk?: string;
}

const IP = String.raw`\d{1,3}(?:\.\d{1,3}){3}`;
const NAME = "[A-Za-z0-9_.:/-]+";
const NUM = String.raw`\d{1,9}`;

const whole = (pattern: string) => new RegExp(`^(?:${pattern})$`, "i");

const rule = (
  id: string,
  where: SectionKind | readonly SectionKind[],
  pattern: string,
  what: string,
  options: { negated?: "none" | "same" | string; opens?: SectionKind; risk?: string } = {},
): AllowRule => {
  const negated = options.negated ?? "same";
  return {
    id,
    in: typeof where === "string" ? [where] : where,
    line: whole(pattern),
    negated: negated === "none" || negated === "same" ? negated : whole(negated),
    ...(options.opens ? { opens: options.opens } : {}),
    what,
    ...(options.risk ? { risk: options.risk } : {}),
  };
};

const BGP: readonly SectionKind[] = ["router-bgp", "bgp-af"];
const SECTIONS: readonly SectionKind[] = SECTION_KINDS.filter((k) => k !== "top");

export const BUILTIN_ALLOW_RULES: readonly AllowRule[] = [
  // Sections a fix may enter. Entering one never creates it: check-lines refuses a section the device lacks.
  rule("ALLOW-INTERFACE", "top", String.raw`interface \S+(?: \d\S*)?`, "an interface's settings", {
    negated: "none",
    opens: "interface",
  }),
  rule("ALLOW-OSPF-PROCESS", "top", `router ospf \\d+(?: vrf ${NAME})?`, "an OSPF process", {
    negated: "none",
    opens: "router-ospf",
  }),
  rule("ALLOW-BGP-PROCESS", "top", String.raw`router bgp \d+(?:\.\d+)?`, "the BGP process", {
    negated: "none",
    opens: "router-bgp",
  }),
  rule(
    "ALLOW-BGP-AF",
    "router-bgp",
    `address-family (?:ipv4|ipv6)(?: unicast| multicast)?(?: vrf ${NAME})?`,
    "a BGP address family",
    { negated: "none", opens: "bgp-af" },
  ),
  rule("ALLOW-ACL-SECTION", "top", `ip access-list (?:standard|extended) ${NAME}`, "a named ACL", {
    negated: "none",
    opens: "acl",
  }),
  rule("ALLOW-ROUTE-MAP", "top", `route-map ${NAME}(?: (?:permit|deny)(?: \\d+)?)?`, "a route-map", {
    negated: "none",
    opens: "route-map",
  }),
  rule("ALLOW-CLASS-MAP", "top", `class-map(?: match-any| match-all)? ${NAME}`, "a QoS class", {
    negated: "none",
    opens: "class-map",
  }),
  rule("ALLOW-POLICY-MAP", "top", `policy-map ${NAME}`, "a QoS policy", {
    negated: "none",
    opens: "policy-map",
  }),
  rule("ALLOW-POLICY-CLASS", "policy-map", `class ${NAME}`, "a class of a QoS policy", {
    opens: "policy-class",
    risk: "changes how a QoS policy treats a class of traffic",
  }),
  rule("ALLOW-LINE", "top", String.raw`line (?:vty|con|console|aux) \d+(?: \d+)?`, "a terminal line", {
    negated: "none",
    opens: "line",
  }),
  rule("ALLOW-EXIT", SECTIONS, "exit|exit-address-family", "leaves a section", { negated: "none" }),

  // Global lines.
  rule("ALLOW-STATIC-ROUTE", "top", `ip route(?: vrf ${NAME})? ${IP} ${IP}(?: \\S+){1,6}`, "a static route", {
    risk: "changes static routing",
  }),
  rule(
    "ALLOW-PREFIX-LIST",
    "top",
    `ip prefix-list ${NAME}(?: seq \\d+)? (?:permit|deny) ${IP}/\\d{1,2}(?: (?:ge|le) \\d{1,2}){0,2}`,
    "a prefix-list entry",
    { negated: `ip prefix-list ${NAME} seq \\d+`, risk: "changes which routes a prefix-list lets through" },
  ),
  rule("ALLOW-ACL-NUMBERED", "top", "access-list \\d+ (?:permit|deny|remark) .+", "an ACL entry", {
    // "no access-list N ..." removes the whole list on IOS, not one entry.
    negated: "none",
    risk: "changes an access list",
  }),
  rule("ALLOW-DNS-SERVER", "top", `ip name-server(?: vrf ${NAME})?(?: ${IP}){1,6}`, "DNS servers", {
    risk: "changes where the device resolves names",
  }),
  rule(
    "ALLOW-NTP-SERVER",
    "top",
    `ntp server(?: vrf ${NAME})? ${NAME}(?: key \\d+| prefer| source \\S+| version [1-4])*`,
    "an NTP server",
  ),
  rule(
    "ALLOW-LOGIN-BLOCK",
    "top",
    `login block-for ${NUM} attempts ${NUM} within ${NUM}`,
    "login brute-force protection",
    {
      negated: "none",
      risk: "locks logins out after failed attempts, for the NOC too",
    },
  ),
  rule(
    "ALLOW-SNMP-COMMUNITY-REMOVE",
    "top",
    "no snmp-server community \\S+(?: .*)?",
    "removes an SNMP community",
    {
      negated: "none",
      risk: "removes an SNMP community: pollers using it lose the device",
    },
  ),
  rule(
    "ALLOW-SNMP-COMMUNITY-RO",
    "top",
    `snmp-server community \\S+ RO(?: ${NAME})?`,
    "makes an existing SNMP community read-only",
    { negated: "none" },
  ),
  rule("ALLOW-HTTP-OFF", "top", "no ip http (?:server|secure-server)", "turns the HTTP server off", {
    negated: "none",
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
    { risk: "moves the spanning-tree root: the topology reconverges" },
  ),
  rule(
    "ALLOW-NAT-POOL",
    "top",
    `ip nat pool ${NAME} ${IP} ${IP} (?:netmask ${IP}|prefix-length \\d{1,2})`,
    "a NAT pool",
    {
      risk: "changes the addresses NAT translates to",
    },
  ),
  rule(
    "ALLOW-NAT-SOURCE",
    "top",
    `ip nat inside source (?:list|route-map) ${NAME} (?:pool|interface) \\S+(?: vrf ${NAME})?(?: overload)?`,
    "dynamic source NAT",
    { risk: "changes which traffic is translated" },
  ),

  // Interface sub-commands.
  rule("ALLOW-IF-SHUTDOWN", "interface", "shutdown", "shuts or enables the interface"),
  rule("ALLOW-IF-DESCRIPTION", "interface", "description .+", "the interface description", {
    negated: "description(?: .*)?",
  }),
  rule(
    "ALLOW-IF-SPEED-DUPLEX",
    "interface",
    "speed (?:10|100|1000|2500|5000|10000|25000|40000|100000|auto)|duplex (?:full|half|auto)|negotiation auto",
    "speed and duplex",
    {
      negated: "speed(?: \\S+)?|duplex(?: \\S+)?|negotiation auto",
      risk: "renegotiates the link: it goes down for a moment",
    },
  ),
  rule("ALLOW-IF-MTU", "interface", "mtu \\d+|ip mtu \\d+|ipv6 mtu \\d+|ip tcp adjust-mss \\d+", "MTU", {
    negated: "mtu(?: \\d+)?|ip mtu(?: \\d+)?|ipv6 mtu(?: \\d+)?|ip tcp adjust-mss(?: \\d+)?",
    risk: "changes the MTU: adjacencies on the link re-form",
  }),
  rule("ALLOW-IF-ADDRESS", "interface", `ip address ${IP} ${IP}(?: secondary)?`, "the IPv4 address", {
    negated: `ip address(?: ${IP} ${IP}(?: secondary)?)?`,
    risk: "readdresses the interface: sessions and routes over it drop until both ends agree",
  }),
  rule("ALLOW-IF-HELPER", "interface", `ip helper-address(?: vrf ${NAME})? ${IP}`, "DHCP relay", {
    risk: "changes DHCP relay for the clients behind the interface",
  }),
  rule("ALLOW-IF-ACL", "interface", `ip access-group ${NAME} (?:in|out)`, "an ACL on the interface", {
    negated: `ip access-group(?: ${NAME})? (?:in|out)`,
    risk: "changes which traffic the interface filters",
  }),
  rule(
    "ALLOW-IF-QOS",
    "interface",
    `service-policy (?:input|output) ${NAME}|bandwidth \\d+|load-interval \\d+`,
    "QoS and load accounting",
    {
      negated: `service-policy (?:input|output) ${NAME}|bandwidth(?: \\d+)?|load-interval(?: \\d+)?`,
      risk: "changes how the interface queues traffic (and the OSPF cost, for bandwidth)",
    },
  ),
  rule(
    "ALLOW-IF-OSPF",
    "interface",
    `ip ospf (?:cost \\d+|hello-interval \\d+|dead-interval \\d+|network (?:point-to-point|broadcast|non-broadcast|point-to-multipoint)|priority \\d+|authentication(?: message-digest| null| key-chain ${NAME})?|message-digest-key \\d+ md5(?: [07])? \\S+|authentication-key(?: [07])? \\S+|\\d+ area \\S+|mtu-ignore|bfd)`,
    "OSPF on the interface",
    {
      negated:
        "ip ospf (?:cost|hello-interval|dead-interval|network|priority|authentication|message-digest-key \\d+|authentication-key|\\d+ area \\S+|mtu-ignore|bfd)(?: .*)?",
      risk: "changes OSPF on the interface: its adjacency re-forms, or drops if the ends disagree",
    },
  ),
  rule(
    "ALLOW-IF-STORM",
    "interface",
    String.raw`storm-control (?:(?:broadcast|multicast|unicast) level [\d. ]+|action (?:shutdown|trap))`,
    "storm control",
    // Tightening only: removing storm control is the opposite of the fix for a storm.
    { negated: "none", risk: "drops or shuts the port when flooding passes the level" },
  ),
  rule(
    "ALLOW-IF-STP",
    "interface",
    "spanning-tree (?:portfast(?: edge| trunk)?|bpduguard enable|guard (?:root|loop)|cost \\d+|port-priority \\d+|link-type point-to-point)",
    "spanning tree on the port (guards only tighten)",
    {
      negated:
        "spanning-tree (?:portfast(?: edge| trunk)?|bpdufilter enable|cost(?: \\d+)?|port-priority(?: \\d+)?)",
      risk: "changes spanning tree on the port: it may block or reconverge",
    },
  ),
  rule(
    "ALLOW-IF-SWITCHPORT",
    "interface",
    "switchport(?: mode (?:access|trunk)| access vlan \\d+| trunk allowed vlan(?: add| remove)? [\\d,-]+| trunk native vlan \\d+| nonegotiate| voice vlan \\d+)?",
    "switchport mode and VLANs",
    { risk: "moves the port between VLANs: hosts behind it change network" },
  ),
  rule(
    "ALLOW-IF-CHANNEL",
    "interface",
    "channel-group \\d+ mode (?:active|passive|on|desirable|auto)",
    "port-channel membership",
    {
      negated: "channel-group(?: \\d+(?: mode \\S+)?)?",
      risk: "moves the port in or out of a port-channel: the bundle renegotiates",
    },
  ),
  rule(
    "ALLOW-IF-FHRP",
    "interface",
    `(?:standby|vrrp)(?: \\d+)? (?:ip ${IP}(?: secondary)?|priority \\d+|preempt(?: delay .+)?|track .+|timers .+)`,
    "HSRP/VRRP gateway redundancy",
    { risk: "changes which router answers as the hosts' gateway" },
  ),
  rule("ALLOW-IF-NAT", "interface", "ip nat (?:inside|outside)", "NAT inside/outside", {
    risk: "changes which traffic NAT translates",
  }),
  rule("ALLOW-IF-DISCOVERY", "interface", "cdp enable|lldp (?:transmit|receive)", "CDP/LLDP on the port"),
  rule("ALLOW-IF-KEEPALIVE", "interface", "keepalive(?: \\d+)?|carrier-delay .+", "link keepalives", {
    negated: "keepalive(?: \\d+)?|carrier-delay(?: .+)?",
  }),

  // OSPF process.
  rule("ALLOW-OSPF-NETWORK", "router-ospf", `network ${IP} ${IP} area \\S+`, "OSPF network statement", {
    risk: "changes which interfaces run OSPF: adjacencies and routes appear or go",
  }),
  rule(
    "ALLOW-OSPF-PASSIVE",
    "router-ospf",
    "passive-interface (?:default|\\S+(?: \\d\\S*)?)",
    "passive interfaces",
    {
      risk: "changes which interfaces form OSPF adjacencies",
    },
  ),
  rule(
    "ALLOW-OSPF-AREA-AUTH",
    "router-ospf",
    "area \\S+ authentication(?: message-digest)?",
    "area authentication",
    {
      risk: "changes OSPF authentication for a whole area: adjacencies drop where the ends disagree",
    },
  ),
  rule(
    "ALLOW-OSPF-TUNING",
    "router-ospf",
    "log-adjacency-changes(?: detail)?|auto-cost reference-bandwidth \\d+|maximum-paths \\d+",
    "OSPF tuning",
  ),

  // BGP process and address families. Removing a neighbor's remote-as deletes the neighbor on IOS.
  rule("ALLOW-BGP-REMOTE-AS", BGP, "neighbor \\S+ remote-as \\d+(?:\\.\\d+)?", "a BGP neighbor's AS", {
    negated: "none",
    risk: "changes a BGP neighbor: the session resets",
  }),
  rule(
    "ALLOW-BGP-NEIGHBOR",
    BGP,
    `neighbor \\S+ (?:description .+|update-source \\S+(?: \\d\\S*)?|ebgp-multihop(?: \\d+)?|timers \\d+ \\d+(?: \\d+)?|shutdown|activate|next-hop-self(?: all)?|send-community(?: both| standard| extended)?|soft-reconfiguration inbound|route-map ${NAME} (?:in|out)|prefix-list ${NAME} (?:in|out)|filter-list \\d+ (?:in|out)|distribute-list ${NAME} (?:in|out)|maximum-prefix \\d+(?: \\d+)?(?: restart \\d+| warning-only)?|password(?: [07])? \\S+|fall-over(?: bfd)?|peer-group ${NAME})`,
    "a BGP neighbor's settings",
    {
      negated: `neighbor \\S+ (?:description|update-source|ebgp-multihop|timers|shutdown|activate|next-hop-self|send-community|soft-reconfiguration inbound|route-map ${NAME} (?:in|out)|prefix-list ${NAME} (?:in|out)|filter-list \\d+ (?:in|out)|distribute-list ${NAME} (?:in|out)|maximum-prefix|password|fall-over|peer-group)(?: .*)?`,
      risk: "changes a BGP session's settings or filters: the session may reset, routes may come or go",
    },
  ),
  rule(
    "ALLOW-BGP-NETWORK",
    BGP,
    `network ${IP}(?: mask ${IP})?(?: route-map ${NAME})?`,
    "a BGP network statement",
    {
      risk: "changes what this network advertises to its BGP peers",
    },
  ),
  rule("ALLOW-BGP-LOG", "router-bgp", "bgp log-neighbor-changes", "BGP neighbor logging"),

  // Entries of ACLs, route-maps and QoS.
  rule("ALLOW-ACL-ENTRY", "acl", "(?:\\d+ )?(?:permit|deny) .+|remark .+", "an ACL entry", {
    risk: "changes an access list",
  }),
  rule("ALLOW-ACL-SEQ-REMOVE", "acl", "no \\d+", "removes an ACL entry by sequence number", {
    negated: "none",
    risk: "changes an access list",
  }),
  rule("ALLOW-ROUTE-MAP-ENTRY", "route-map", "(?:match|set|description) .+", "a route-map clause", {
    risk: "changes a route-map: routes it matches are treated differently",
  }),
  rule("ALLOW-CLASS-MATCH", "class-map", "(?:match|description) .+", "what a QoS class matches", {
    risk: "changes which traffic a QoS class takes",
  }),
  rule(
    "ALLOW-POLICY-ACTION",
    "policy-class",
    "(?:priority|bandwidth|police|shape|fair-queue|random-detect|queue-limit|set|service-policy)(?: .+)?",
    "what a QoS policy does to a class",
    { risk: "changes how a QoS policy treats a class of traffic" },
  ),

  // Terminal lines: only what tightens them; access-class is checked against the management ACLs.
  rule("ALLOW-LINE-TIMEOUT", "line", "exec-timeout (?:[1-9]\\d*(?: \\d+)?|0 [1-9]\\d*)", "idle timeout", {
    negated: "exec-timeout(?: .*)?",
  }),
  rule("ALLOW-LINE-SSH", "line", "transport input ssh", "SSH only", { negated: "none" }),
  rule("ALLOW-LINE-ACCESS-CLASS", "line", `access-class ${NAME} in`, "restricts who may log in", {
    negated: "none",
    risk: "restricts who may log in: only the ACL's sources reach the device",
  }),
];

/** The rule that allows a line in a section, and whether the line is its "no" form; or undefined. */
export function allowingRule(
  rules: readonly AllowRule[],
  where: SectionKind,
  text: string,
): { rule: AllowRule; negated: boolean } | undefined {
  const line = text.replace(/ +/g, " ");
  const bare = /^no /i.test(line) ? line.slice(3) : null;
  for (const rule of rules) {
    if (!rule.in.includes(where)) continue;
    if (rule.line.test(line)) return { rule, negated: false };
    if (bare === null || rule.negated === "none") continue;
    if ((rule.negated === "same" ? rule.line : rule.negated).test(bare)) return { rule, negated: true };
  }
  return undefined;
}
