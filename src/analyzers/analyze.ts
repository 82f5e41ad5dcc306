// The whole deterministic analysis of a network: config rules over every device and link, state checks
// over a snapshot taken through the NetworkSource, and the ranked root causes they add up to.
import { z } from "zod";
import type { NetworkSource } from "../network/source.js";
import { type Finding, FindingSchema } from "./finding.js";
import { CandidateSchema, rankRootCauses } from "./rank.js";
import { linksFromAddressing, runConfigRules, withIds } from "./rules/catalogue.js";
import type { LinkEnd } from "./rules/rule.js";
import type { StateCheck } from "./state/check.js";
import { interfaceChecks } from "./state/interfaces.js";
import { protocolChecks } from "./state/protocols.js";
import { serviceChecks } from "./state/services.js";
import { type NetworkSnapshot, takeSnapshot } from "./state/snapshot.js";

export const STATE_CHECKS: readonly StateCheck[] = [...interfaceChecks, ...protocolChecks, ...serviceChecks];

export const AnalysisSchema = z.object({
  findings: z.array(FindingSchema),
  candidates: z.array(CandidateSchema),
});
export type Analysis = z.infer<typeof AnalysisSchema>;

/** Links as LLDP sees them, plus point-to-point links read off the addressing (LLDP is silent on a down link). */
function knownLinks(snapshot: NetworkSnapshot): Array<[LinkEnd, LinkEnd]> {
  const links = new Map<string, [LinkEnd, LinkEnd]>();
  const add = (a: LinkEnd, b: LinkEnd) => {
    const key = [`${a.device} ${a.iface}`, `${b.device} ${b.iface}`].sort().join("|");
    links.set(key, [a, b]);
  };
  for (const device of snapshot.devices) {
    for (const n of device.lldp)
      add(
        { device: device.device, iface: n.local_interface },
        { device: n.remote_device, iface: n.remote_interface },
      );
  }
  for (const [a, b] of linksFromAddressing(snapshot.devices.map((d) => d.ctx))) add(a, b);
  return [...links.values()];
}

export function runStateChecks(snapshot: NetworkSnapshot): Array<Omit<Finding, "id">> {
  return snapshot.devices.flatMap((device) =>
    STATE_CHECKS.flatMap((check) =>
      check.check(device, snapshot).map((hit) => {
        const where = hit.device ?? device.device;
        return {
          rule: check.id,
          category: "state" as const,
          severity: hit.severity ?? check.severity,
          title: check.title,
          device: where,
          interface: hit.interface,
          line: null,
          message: hit.message,
          remediation: hit.remediation ?? [],
          hypotheses: (hit.suggests ?? []).map((s) => ({
            label: s.label,
            device: s.device ?? where,
            interface: s.interface === undefined ? hit.interface : s.interface,
            weight: s.weight,
          })),
        };
      }),
    ),
  );
}

/** `configs`: running configs the caller has just read, so that they are not read twice. */
export async function analyzeNetwork(
  source: NetworkSource,
  at: Date,
  configs?: ReadonlyMap<string, string>,
): Promise<Analysis> {
  const snapshot = await takeSnapshot(source, at, configs);
  const config = runConfigRules({ devices: snapshot.devices.map((d) => d.ctx), links: knownLinks(snapshot) });
  const findings = withIds([...config, ...runStateChecks(snapshot)]);
  return { findings, candidates: rankRootCauses(findings) };
}
