// Rules-only root-cause accuracy over the lab: top-1 (label, device and interface all right) per fault
// scenario, and the highest confidence any control reaches.
import { analyzeNetwork } from "../src/analyzers/analyze.js";
import { systemClock } from "../src/clock.js";
import { LabNetworkSource } from "../src/network/lab/driver.js";
import { loadLabFile } from "../src/network/lab/load.js";
import { DEFAULT_LAB_FILE } from "../src/paths.js";

export async function printAnalyzerAccuracy(file = DEFAULT_LAB_FILE): Promise<void> {
  const lab = loadLabFile(file);
  let correct = 0;
  let faults = 0;
  let controlMax = 0;
  console.log(`rules-only root cause over ${file}`);
  for (const scenario of lab.scenarios) {
    const network = new LabNetworkSource(lab, scenario.id, systemClock);
    const started = performance.now();
    const { candidates } = await analyzeNetwork(network, systemClock.now());
    const ms = performance.now() - started;
    const top = candidates[0];
    const got = top
      ? `${top.label} ${top.device} ${top.interface ?? "-"} (${top.confidence.toFixed(2)})`
      : "none";
    if (scenario.truth === null) {
      controlMax = Math.max(controlMax, top?.confidence ?? 0);
      console.log(`  control  ${scenario.id.padEnd(24)} top: ${got}  ${ms.toFixed(0)} ms`);
      continue;
    }
    faults += 1;
    const t = scenario.truth;
    const hit = top?.label === t.label && top.device === t.device && top.interface === t.interface;
    if (hit) correct += 1;
    console.log(
      `  ${hit ? "ok      " : "MISS    "} ${scenario.id.padEnd(24)} top: ${got}  ${ms.toFixed(0)} ms`,
    );
  }
  console.log(
    `  top-1 accuracy: ${correct}/${faults} = ${((100 * correct) / Math.max(faults, 1)).toFixed(1)}%`,
  );
  console.log(`  highest confidence in a no-fault control: ${controlMax.toFixed(2)} (high is >= 0.50)`);
}
