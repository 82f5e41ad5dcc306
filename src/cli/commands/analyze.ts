// nocbot analyze --scenario ID [--json] [--lab FILE]: every analyzer over the lab in that scenario,
// ending with the ranked root causes.
import { parseArgs } from "node:util";
import { analyzeNetwork } from "../../analyzers/analyze.js";
import type { Candidate } from "../../analyzers/rank.js";
import type { AppConfig } from "../../config.js";
import { SecretVault } from "../../network/secrets/vault.js";
import { type Io, json, UsageError } from "../io.js";
import { labFile, labNetwork, openLab } from "../lab-source.js";
import { renderFindings } from "./lint-config.js";

export const analyzeUsage =
  "nocbot analyze [--scenario ID] [--json] [--lab FILE]   (default: NOC_LAB_SCENARIO, else the lab's default)";

export async function runAnalyze(args: string[], io: Io, config: AppConfig): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      scenario: { type: "string" },
      json: { type: "boolean", default: false },
      lab: { type: "string" },
    },
  });
  const lab = openLab(labFile(values.lab, config));
  const scenario = values.scenario ?? config.NOC_LAB_SCENARIO ?? lab.default_scenario;
  if (!scenario)
    throw new UsageError("name the scenario to analyze with --scenario ID (see 'nocbot lab list')");
  const network = labNetwork(lab, scenario, SecretVault.ephemeral());
  const analysis = await analyzeNetwork(network, new Date());
  if (!values.json) io.out(`Analyzing the lab '${lab.name}' in scenario '${scenario}' (rules-only)\n`);
  if (values.json) {
    io.out(
      json({ scenario, candidates: analysis.candidates.map(candidateRecord), findings: analysis.findings }),
    );
    return 0;
  }
  io.out(renderFindings(analysis.findings));
  io.out("\nRanked root causes (rules-only):");
  io.out(
    analysis.candidates.length === 0
      ? "  none: no finding points to a fault"
      : renderCandidates(analysis.candidates.slice(0, 5)),
  );
  return 0;
}

/** The documented JSON record of a ranked root cause. */
export const candidateRecord = (c: Candidate) => ({
  label: c.label,
  device: c.device,
  interface: c.interface,
  confidence: c.confidence,
  evidence: c.evidence,
});

export function renderCandidates(candidates: Candidate[]): string {
  return candidates
    .map(
      (c, i) =>
        `  ${i + 1}. ${c.label} on ${c.device}${c.interface ? ` ${c.interface}` : ""}  confidence ${c.confidence.toFixed(2)}\n     evidence: ${c.evidence.join(", ")}`,
    )
    .join("\n");
}
