import { resultFromFindings, type Specialist } from "./specialist.js";

const DIAGNOSIS_RULES = /^STATE-(IF-DOWN|IF-ERRORS|DUPLEX-ERRORS|OSPF-|BGP-|ROUTE-|DNS-|NTP-|ACL-DENIES)/;

export const diagnosis: Specialist = {
  name: "diagnosis",
  role: "Finds what is broken and where: reachability, interfaces, routes, neighbors and logs.",
  keywords: /./,
  tools: [
    "list_devices",
    "get_interfaces",
    "get_counters",
    "get_routes",
    "route_lookup",
    "get_ospf_neighbors",
    "get_bgp_neighbors",
    "get_lldp_neighbors",
    "ping",
    "traceroute",
    "get_logs",
    "get_findings",
  ],
  instructions:
    "Trace the symptom through the network: is the path there, which interfaces and adjacencies are down or flapping, where does traffic go instead, what do the logs say and when did it start. Name the device and interface where the fault sits.",
  owns: (f) => DIAGNOSIS_RULES.test(f.rule),
  rulesOnly(input) {
    return resultFromFindings(this, input);
  },
};
