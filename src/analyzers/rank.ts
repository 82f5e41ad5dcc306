// Rules-only root cause: every finding that points to a cause adds its weight, and independent pieces of
// evidence for the same (label, device, interface) combine by noisy-OR: 1 - prod(1 - w).
import { z } from "zod";
import { RootCauseLabelSchema } from "../network/root-causes.js";
import type { Finding } from "./finding.js";

export const CandidateSchema = z.object({
  label: RootCauseLabelSchema,
  device: z.string(),
  interface: z.string().nullable(),
  confidence: z.number().min(0).max(1),
  evidence: z.array(z.string()),
});
export type Candidate = z.infer<typeof CandidateSchema>;

/**
 * The confidence at which a candidate counts as a root cause: the rules-only verdict names it, the config
 * specialist proposes its remediation, verification re-checks it and an incident is resolved when it drops
 * below. One number, so that what the verdict names is what a fix is checked against.
 */
export const ROOT_CAUSE_CONFIDENCE = 0.5;

export const countsAsRootCause = (candidate: Pick<Candidate, "confidence">): boolean =>
  candidate.confidence >= ROOT_CAUSE_CONFIDENCE;

export function rankRootCauses(findings: Finding[]): Candidate[] {
  const byKey = new Map<string, { candidate: Omit<Candidate, "confidence">; miss: number }>();
  for (const finding of findings) {
    for (const h of finding.hypotheses) {
      const key = `${h.label}|${h.device}|${h.interface ?? ""}`;
      const entry = byKey.get(key) ?? {
        candidate: { label: h.label, device: h.device, interface: h.interface, evidence: [] },
        miss: 1,
      };
      entry.miss *= 1 - h.weight;
      if (!entry.candidate.evidence.includes(finding.id)) entry.candidate.evidence.push(finding.id);
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()]
    .map(({ candidate, miss }) => ({ ...candidate, confidence: Math.round((1 - miss) * 100) / 100 }))
    .sort(
      (a, b) =>
        b.confidence - a.confidence ||
        b.evidence.length - a.evidence.length ||
        `${a.label}${a.device}${a.interface}`.localeCompare(`${b.label}${b.device}${b.interface}`),
    );
}

/** The config lines that would remove a candidate's cause: the remediation of every finding behind it on that device. */
export function remediationFor(candidate: Candidate, findings: Finding[]): string[] {
  return findings
    .filter((f) => candidate.evidence.includes(f.id) && f.device === candidate.device)
    .flatMap((f) => f.remediation);
}
