// Opening the lab for a command: --lab FILE or NOC_LAB_FILE or the embedded default, one scenario live,
// behind the secrets boundary like every network source a command hands on.
import { type Clock, systemClock } from "../clock.js";
import type { AppConfig } from "../config.js";
import { LabNetworkSource } from "../network/lab/driver.js";
import { loadLabFile } from "../network/lab/load.js";
import type { Lab } from "../network/lab/schema.js";
import { RedactingNetworkSource } from "../network/secrets/redacting-source.js";
import type { SecretVault } from "../network/secrets/vault.js";
import { DEFAULT_LAB_FILE } from "../paths.js";
import { UsageError } from "./io.js";

export function labFile(flag: string | undefined, config: AppConfig): string {
  return flag ?? config.NOC_LAB_FILE ?? DEFAULT_LAB_FILE;
}

export function openLab(file: string): Lab {
  return loadLabFile(file);
}

export function scenarioOf(lab: Lab, id: string) {
  const scenario = lab.scenarios.find((s) => s.id === id);
  if (!scenario) {
    throw new UsageError(
      `unknown scenario '${id}'; scenarios in this lab: ${lab.scenarios.map((s) => s.id).join(", ")}`,
    );
  }
  return scenario;
}

export function labNetwork(
  lab: Lab,
  scenarioId: string,
  vault: SecretVault,
  clock: Clock = systemClock,
): RedactingNetworkSource {
  scenarioOf(lab, scenarioId);
  return new RedactingNetworkSource(new LabNetworkSource(lab, scenarioId, clock), vault);
}
