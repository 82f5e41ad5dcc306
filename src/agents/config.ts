import { countsAsRootCause, remediationFor } from "../analyzers/rank.js";
import { resultFromFindings, type Specialist } from "./specialist.js";

export const config: Specialist = {
  name: "config",
  role: "Reads device configs against the rule catalogue and proposes fixes as config lines.",
  keywords: /config|change|mtu|duplex|route|acl|qos|policy|dhcp|dns|ntp|bgp|ospf|fix|latency|slow|down|drop/i,
  tools: ["list_devices", "get_config", "get_interfaces", "get_routes", "get_findings"],
  instructions:
    "Find the configuration that explains the symptom (compare both ends of links, look for recent changes), and propose the smallest change that fixes it, as IOS config-mode lines for one device each. Never propose reloading, erasing, or touching AAA or management access.",
  owns: (f) => /^(PERF|ROUTE|XDEV)-/.test(f.rule),
  rulesOnly(input) {
    // The rules-only proposal is the remediation behind the strongest root cause, and only when it is strong.
    const top = input.analysis.candidates[0];
    const lines = top && countsAsRootCause(top) ? remediationFor(top, input.analysis.findings) : [];
    const proposals =
      top && lines.length > 0
        ? [
            {
              device: top.device,
              lines,
              rationale: `[rules-only] fixes ${top.label} on ${top.device}${top.interface ? ` ${top.interface}` : ""}, per ${top.evidence.join(", ")}`,
              evidence: top.evidence,
              risk: `[rules-only] the analyzers' remediation for ${top.label}; it changes only ${top.interface ? `${top.interface} on ` : ""}${top.device}, but review the diff before approving`,
            },
          ]
        : [];
    const result = resultFromFindings(this, input, { proposals });
    if (result.findings.length > 0 || !top || proposals.length === 0) return result;
    return {
      ...result,
      summary: `[rules-only] no config rule fires here; the fix for ${top.label} on ${top.device} is proposed from ${top.evidence.join(", ")}.`,
    };
  },
};
