import { resultFromFindings, type Specialist } from "./specialist.js";

export const security: Specialist = {
  name: "security",
  role: "Audits exposure: management-plane hardening, SNMP, login attempts, ACLs.",
  keywords: /secur|login|brute|ssh|telnet|snmp|expos|scan|attack|password|acl|block|denied|intrus/i,
  tools: ["list_devices", "get_config", "get_logs", "get_snmp", "get_findings"],
  instructions:
    "Look for what exposes the network: management access open to the world, weak or default SNMP communities, repeated login failures and where they come from, ACLs that deny what they should permit (or the reverse). Rate severity by what an attacker could do.",
  owns: (f) => f.category === "security" || /^STATE-(LOGIN-FAILURES|ACL-DENIES)/.test(f.rule),
  rulesOnly(input) {
    return resultFromFindings(this, input);
  },
};
