// The rule catalogue and the one function that runs it: parse each config once, run the device rules on
// each and the cross-device rules on all, and turn hits into findings with stable ids.
import { networkOf } from "../../network/ip.js";
import type { Finding } from "../finding.js";
import { crossDeviceRules } from "./cross-device.js";
import { performanceRules } from "./performance.js";
import { routingRules } from "./routing.js";
import type { ConfigRule, DeviceContext, LinkEnd, NetworkContext, RuleHit } from "./rule.js";
import { deviceContext } from "./rule.js";
import { securityRules } from "./security.js";

export const CONFIG_RULES: readonly ConfigRule[] = [
  ...securityRules,
  ...performanceRules,
  ...routingRules,
  ...crossDeviceRules,
];

export interface ConfigInput {
  device: string;
  config: string;
}

/** Point-to-point links (/30 and /31) can be read off the addressing when no topology is known. */
export function linksFromAddressing(devices: DeviceContext[]): Array<[LinkEnd, LinkEnd]> {
  const bySubnet = new Map<string, LinkEnd[]>();
  for (const ctx of devices) {
    for (const iface of ctx.interfaces) {
      const address = iface.address;
      if (!address || address.prefix.length < 30) continue;
      const key = `${networkOf(address.ip, address.prefix.length).network}/${address.prefix.length}`;
      bySubnet.set(key, [...(bySubnet.get(key) ?? []), { device: ctx.device, iface: iface.name }]);
    }
  }
  return [...bySubnet.values()].flatMap((ends) =>
    ends.length === 2 && ends[0]?.device !== ends[1]?.device
      ? [[ends[0], ends[1]] as [LinkEnd, LinkEnd]]
      : [],
  );
}

export function findingFromHit(rule: ConfigRule, device: string, hit: RuleHit): Omit<Finding, "id"> {
  const iface = hit.interface ?? null;
  const weight = hit.weight ?? rule.suggests?.weight ?? 0;
  return {
    rule: rule.id,
    category: rule.category,
    severity: hit.severity ?? rule.severity,
    title: rule.title,
    device,
    interface: iface,
    line: hit.line,
    message: hit.message,
    remediation: hit.remediation ?? [],
    hypotheses:
      rule.suggests && weight > 0 ? [{ label: rule.suggests.label, device, interface: iface, weight }] : [],
  };
}

/** Gives every finding an id that names its rule and place and is unique within one analysis. */
export function withIds(findings: Array<Omit<Finding, "id">>): Finding[] {
  const used = new Map<string, number>();
  return findings.map((finding) => {
    const base = `${finding.rule}@${finding.device ?? "-"}${finding.interface ? `:${finding.interface}` : finding.line ? `:${finding.line}` : ""}`;
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return { id: n === 1 ? base : `${base}#${n}`, ...finding };
  });
}

export function lintConfigs(inputs: ConfigInput[]): Finding[] {
  const devices = inputs.map(({ device, config }) => deviceContext(device, config));
  return withIds(runConfigRules({ devices, links: linksFromAddressing(devices) }));
}

export function runConfigRules(network: NetworkContext): Array<Omit<Finding, "id">> {
  const devices = network.devices;
  const findings: Array<Omit<Finding, "id">> = [];
  for (const rule of CONFIG_RULES) {
    if (rule.scope === "device") {
      for (const ctx of devices)
        for (const hit of rule.check(ctx)) findings.push(findingFromHit(rule, ctx.device, hit));
    } else {
      for (const hit of rule.check(network)) findings.push(findingFromHit(rule, hit.device ?? "", hit));
    }
  }
  return findings;
}
