// Two clean, hardened routers joined by a /30, and for every config rule a change that must trigger it
// (positive) and one that must not (negative; the clean pair itself unless a near miss is more telling).

export function cleanRouter(n: 1 | 2): string {
  return `hostname r${n}
service password-encryption
enable secret 9 $9$abcdefghijklmn$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ
username ops privilege 15 secret 9 $9$abcdefghijklmn$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ
aaa new-model
aaa authentication login default local
no ip source-route
no ip http server
ip ssh version 2
ip dns server
ip name-server 10.9.9.53
login block-for 120 attempts 5 within 60
ip access-list standard MGMT
 permit 10.9.9.0 0.0.0.255
ip prefix-list ISP-IN seq 10 permit 0.0.0.0/0
class-map match-any VOICE
 match dscp ef
class-map match-any CRITICAL
 match dscp af31
policy-map WAN-QOS
 class VOICE
  priority percent 20
 class CRITICAL
  bandwidth percent 40
 class class-default
  fair-queue
interface GigabitEthernet0/0
 description WAN link to r${3 - n}
 bandwidth 100000
 ip address 10.0.0.${n} 255.255.255.252
 ip ospf authentication message-digest
 ip ospf message-digest-key 1 md5 7 0822455D0A16544541
 load-interval 30
 service-policy output WAN-QOS
interface GigabitEthernet0/1
 description USERS lan
 ip address 10.${n}.0.1 255.255.255.0
 ip helper-address 10.9.9.67
interface GigabitEthernet0/2
 description desk port
 switchport mode access
 spanning-tree portfast
 spanning-tree bpduguard enable
 storm-control broadcast level 1.00
interface GigabitEthernet0/3
 description INTERNET ISP uplink
 ip address 192.0.2.${4 * n - 2} 255.255.255.252
 no cdp enable
router ospf 1
 router-id 10.255.255.${n}
 passive-interface default
 no passive-interface GigabitEthernet0/0
 network 10.0.0.0 0.0.0.3 area 0
 network 10.${n}.0.0 0.0.0.255 area 0
router bgp 6500${n}
 bgp router-id 10.255.255.${n}
 bgp log-neighbor-changes
 neighbor 192.0.2.${4 * n - 3} remote-as 6510${n}
 neighbor 192.0.2.${4 * n - 3} description ISP transit AS6510${n}
 neighbor 192.0.2.${4 * n - 3} password 7 13061E010803557878
 neighbor 192.0.2.${4 * n - 3} prefix-list ISP-IN in
 neighbor 192.0.2.${4 * n - 3} maximum-prefix 1000 90
logging host 10.9.9.50
snmp-server community N0t-Publ1c RO MGMT
ntp server 10.9.9.123
line con 0
 exec-timeout 10 0
line vty 0 4
 access-class MGMT in
 exec-timeout 10 0
 transport input ssh
`;
}

/** Lines merged into r1 and/or r2 of the clean pair. */
export interface Change {
  r1?: string[];
  r2?: string[];
}

export interface RuleCase {
  positive: Change;
  negative?: Change;
}

const r1 = (...lines: string[]): Change => ({ r1: lines });
const r2 = (...lines: string[]): Change => ({ r2: lines });

export const RULE_CASES: Record<string, RuleCase> = {
  "SEC-VTY-TELNET": { positive: r1("line vty 0 4", " transport input telnet ssh") },
  "SEC-VTY-NO-ACL": { positive: r1("line vty 0 4", " no access-class MGMT in") },
  "SEC-EXEC-TIMEOUT": {
    positive: r1("line vty 0 4", " exec-timeout 0 0"),
    negative: r1("line vty 0 4", " exec-timeout 30 0"),
  },
  "SEC-LOGIN-NO-BLOCK": { positive: r1("no login block-for") },
  "SEC-SNMP-DEFAULT-COMMUNITY": { positive: r1("snmp-server community public RO MGMT") },
  "SEC-SNMP-RW": {
    positive: r1("snmp-server community Wr1te-C0mm RW MGMT"),
    negative: r1("snmp-server community Wr1te-C0mm RO MGMT"),
  },
  "SEC-SNMP-NO-ACL": { positive: r1("snmp-server community Other-C0mm RO") },
  "SEC-ENABLE-PASSWORD": { positive: r1("enable password cisco123") },
  "SEC-NO-PASSWORD-ENCRYPTION": { positive: r1("no service password-encryption") },
  "SEC-CLEARTEXT-PASSWORD": {
    positive: r1("username bob password 0 hunter2"),
    negative: r1("username bob secret 9 $9$x$y"),
  },
  "SEC-HTTP-SERVER": { positive: r1("ip http server"), negative: r1("ip http secure-server") },
  "SEC-SSH-V1": { positive: r1("no ip ssh version 2") },
  "SEC-NO-AAA": { positive: r1("no aaa new-model") },
  "SEC-SOURCE-ROUTE": { positive: r1("ip source-route") },
  "SEC-NO-LOGGING-HOST": { positive: r1("no logging host 10.9.9.50") },
  "SEC-NO-NTP": { positive: r1("no ntp server 10.9.9.123") },
  "SEC-CDP-ON-EXTERNAL": {
    positive: r1("interface GigabitEthernet0/3", " cdp enable"),
    negative: r1("interface GigabitEthernet0/3", " cdp enable", "no cdp run"),
  },
  "SEC-PORTFAST-NO-BPDUGUARD": {
    positive: r1("interface GigabitEthernet0/2", " no spanning-tree bpduguard enable"),
    negative: r1(
      "interface GigabitEthernet0/2",
      " no spanning-tree bpduguard enable",
      "spanning-tree portfast bpduguard default",
    ),
  },
  "PERF-WAN-NO-QOS": {
    positive: r1("interface GigabitEthernet0/0", " no service-policy output WAN-QOS"),
    negative: r1("interface GigabitEthernet0/1", " no service-policy output WAN-QOS"),
  },
  "PERF-WAN-NO-BANDWIDTH": { positive: r1("interface GigabitEthernet0/0", " no bandwidth") },
  "PERF-DUPLEX-HALF": {
    positive: r1("interface GigabitEthernet0/1", " duplex half"),
    negative: r1("interface GigabitEthernet0/1", " duplex full"),
  },
  "PERF-NO-STORM-CONTROL": {
    positive: r1("interface GigabitEthernet0/2", " no storm-control broadcast level"),
    negative: r1(
      "interface GigabitEthernet0/2",
      " no storm-control broadcast level",
      " no spanning-tree portfast",
    ),
  },
  "PERF-POLICY-UNDEFINED": {
    positive: r1("interface GigabitEthernet0/1", " service-policy input MISSING-POLICY"),
  },
  "PERF-CLASS-UNDEFINED": {
    positive: r1("policy-map WAN-QOS", " class NO-SUCH-CLASS", "  bandwidth percent 10"),
    negative: r1("policy-map WAN-QOS", " class VOICE", "  priority percent 10"),
  },
  "PERF-QOS-OVERSUBSCRIBED": {
    positive: r1("policy-map WAN-QOS", " class CRITICAL", "  bandwidth percent 90"),
    negative: r1("policy-map WAN-QOS", " class CRITICAL", "  bandwidth percent 80"),
  },
  "PERF-MTU-LOW": {
    positive: r1("interface GigabitEthernet0/1", " ip mtu 1400"),
    negative: r1("interface GigabitEthernet0/1", " mtu 9000"),
  },
  "PERF-LOGGING-CONSOLE-DEBUG": {
    positive: r1("logging console debugging"),
    negative: r1("logging console critical"),
  },
  "PERF-NO-LOAD-INTERVAL": { positive: r1("interface GigabitEthernet0/0", " no load-interval") },
  "ROUTE-OSPF-NO-ROUTER-ID": { positive: r1("router ospf 1", " no router-id") },
  "ROUTE-OSPF-NO-PASSIVE-DEFAULT": { positive: r1("router ospf 1", " no passive-interface default") },
  "ROUTE-OSPF-NO-AUTH": {
    positive: r1("interface GigabitEthernet0/0", " no ip ospf authentication message-digest"),
    negative: r1("interface GigabitEthernet0/1", " no ip ospf authentication message-digest"),
  },
  "ROUTE-BGP-NO-ROUTER-ID": { positive: r1("router bgp 65001", " no bgp router-id") },
  "ROUTE-BGP-NO-LOG-CHANGES": { positive: r1("router bgp 65001", " no bgp log-neighbor-changes") },
  "ROUTE-BGP-AGGRESSIVE-TIMERS": {
    positive: r1("router bgp 65001", " neighbor 192.0.2.1 timers 3 9"),
    negative: r1("router bgp 65001", " neighbor 192.0.2.1 timers 30 90"),
  },
  "ROUTE-BGP-NO-PASSWORD": { positive: r1("router bgp 65001", " no neighbor 192.0.2.1 password") },
  "ROUTE-BGP-NO-INBOUND-FILTER": {
    positive: r1("router bgp 65001", " no neighbor 192.0.2.1 prefix-list ISP-IN in"),
    negative: r1(
      "router bgp 65001",
      " no neighbor 192.0.2.1 prefix-list ISP-IN in",
      " neighbor 192.0.2.1 route-map ISP-IN in",
    ),
  },
  "ROUTE-BGP-NO-MAX-PREFIX": { positive: r1("router bgp 65001", " no neighbor 192.0.2.1 maximum-prefix") },
  "ROUTE-BGP-AS-DESCRIPTION-MISMATCH": {
    positive: r1("router bgp 65001", " neighbor 192.0.2.1 remote-as 65109"),
    negative: r1(
      "router bgp 65001",
      " neighbor 192.0.2.1 remote-as 65109",
      " neighbor 192.0.2.1 description ISP transit AS65109",
    ),
  },
  "ROUTE-STATIC-NULL0": {
    positive: r1("ip route 10.50.0.0 255.255.255.0 Null0"),
    negative: r1("ip route 10.50.0.0 255.255.255.0 10.0.0.2"),
  },
  "ROUTE-DHCP-HELPER-MISSING": {
    positive: r1("interface GigabitEthernet0/1", " no ip helper-address"),
    negative: r1(
      "interface GigabitEthernet0/1",
      " no ip helper-address",
      "ip dhcp pool USERS",
      " network 10.1.0.0 255.255.255.0",
    ),
  },
  "ROUTE-DNS-NO-NAMESERVER": { positive: r1("no ip name-server") },
  "XDEV-MTU-MISMATCH": {
    positive: r1("interface GigabitEthernet0/0", " ip mtu 1400"),
    negative: {
      r1: ["interface GigabitEthernet0/0", " ip mtu 1400"],
      r2: ["interface GigabitEthernet0/0", " ip mtu 1400"],
    },
  },
  "XDEV-DUPLEX-MISMATCH": {
    positive: r1("interface GigabitEthernet0/0", " speed 100", " duplex full"),
    negative: {
      r1: ["interface GigabitEthernet0/0", " speed 100", " duplex full"],
      r2: ["interface GigabitEthernet0/0", " speed 100", " duplex full"],
    },
  },
  "XDEV-SUBNET-MISMATCH": {
    positive: r2("interface GigabitEthernet0/0", " ip address 10.0.0.6 255.255.255.252"),
    negative: r2(
      "interface GigabitEthernet0/0",
      " ip address 10.0.0.1 255.255.255.252",
      " ip address 10.0.0.2 255.255.255.252",
    ),
  },
  "XDEV-OSPF-AUTH-MISMATCH": {
    positive: r1(
      "interface GigabitEthernet0/0",
      " no ip ospf message-digest-key 1",
      " ip ospf message-digest-key 2 md5 7 104D000A061843595F",
    ),
    negative: {
      r1: [
        "interface GigabitEthernet0/0",
        " no ip ospf message-digest-key 1",
        " ip ospf message-digest-key 2 md5 7 104D000A061843595F",
      ],
      r2: [
        "interface GigabitEthernet0/0",
        " no ip ospf message-digest-key 1",
        " ip ospf message-digest-key 2 md5 7 104D000A061843595F",
      ],
    },
  },
  "XDEV-DUPLICATE-IP": {
    positive: r2("interface GigabitEthernet0/1", " ip address 10.1.0.1 255.255.255.0"),
    negative: r2("interface GigabitEthernet0/1", " ip address 10.1.0.1 255.255.255.0", " shutdown"),
  },
  "XDEV-DUPLICATE-ROUTER-ID": { positive: r2("router ospf 1", " router-id 10.255.255.1") },
};
