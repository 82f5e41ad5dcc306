// Before the plan: every running config is read once (through the network's secrets boundary, so the
// vault knows every secret before anything can be sent to the model), and the analyzers, which run while
// the model plans, work on the same text.
import { type Analysis, analyzeNetwork } from "../../analyzers/analyze.js";
import type { NetworkSource } from "../../network/source.js";

/** Resolves once the configs are read; the analysis is still running then. */
export async function startAnalysis(
  network: NetworkSource,
  now: Date,
): Promise<{ analysis: Promise<Analysis> }> {
  const configs = new Map(
    await Promise.all(
      (await network.inventory()).map(async ({ name }) => [name, await network.getConfig(name)] as const),
    ),
  );
  const analysis = analyzeNetwork(network, now, configs);
  // Awaited after the plan; a failure then fails the run, not the process meanwhile.
  analysis.catch(() => {});
  return { analysis };
}
