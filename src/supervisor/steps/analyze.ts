// Before the plan: every running config is read once. The redactor learns every secret from them before
// anything can be sent to the model, and the analyzers, which run while the model plans, work on the same text.
import { type Analysis, analyzeNetwork } from "../../analyzers/analyze.js";
import type { Redactor } from "../../llm/redact.js";
import type { NetworkSource } from "../../network/source.js";

/** Resolves once the configs are read (and their secrets learnt); the analysis is still running then. */
export async function startAnalysis(
  network: NetworkSource,
  redactor: Redactor | null,
  now: Date,
): Promise<{ analysis: Promise<Analysis> }> {
  const configs = new Map(
    await Promise.all(
      (await network.inventory()).map(async ({ name }) => [name, await network.getConfig(name)] as const),
    ),
  );
  if (redactor) for (const config of configs.values()) redactor.learnConfig(config);
  const analysis = analyzeNetwork(network, now, configs);
  // Awaited after the plan; a failure then fails the run, not the process meanwhile.
  analysis.catch(() => {});
  return { analysis };
}
