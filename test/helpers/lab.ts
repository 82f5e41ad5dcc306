import { mergeConfig } from "../../src/network/ios/merge.js";
import { LabNetworkSource } from "../../src/network/lab/driver.js";
import { loadLabFile } from "../../src/network/lab/load.js";
import type { Lab } from "../../src/network/lab/schema.js";
import { RedactingNetworkSource } from "../../src/network/secrets/redacting-source.js";
import { SecretVault } from "../../src/network/secrets/vault.js";
import { DEFAULT_LAB_FILE } from "../../src/paths.js";
import { SECRET_FORMS } from "../fixtures/secret-forms.js";
import { ManualClock } from "./clock.js";

let cached: Lab | null = null;

export function defaultLab(): Lab {
  cached ??= loadLabFile(DEFAULT_LAB_FILE);
  return cached;
}

export function labIn(scenario: string | null, clock = new ManualClock()) {
  return { network: new LabNetworkSource(defaultLab(), scenario, clock), clock };
}

/** The lab behind the secrets boundary, as every command hands it on. */
export function redactedLabIn(scenario: string | null, clock = new ManualClock()) {
  const vault = SecretVault.ephemeral();
  const { network } = labIn(scenario, clock);
  return { network: new RedactingNetworkSource(network, vault), vault, clock };
}

/** A log line that config archive logging writes when someone types a secret. */
export const LOGGED_SECRET = "User:jdoe  logged command:snmp-server community L0gged-C0mm RO 99";

/**
 * The default lab with every secret form of test/fixtures/secret-forms.ts in dc-core1's config, and a
 * logged command carrying a community in its logs in every scenario.
 */
export function labWithSecretForms(): Lab {
  const lab = structuredClone(defaultLab());
  const core = lab.devices["dc-core1"];
  if (!core) throw new Error("the default lab has no dc-core1");
  core.config = mergeConfig(
    core.config,
    SECRET_FORMS.flatMap((f) => f.config.split("\n")),
  );
  const logged = { ago: "10m", severity: 5, mnemonic: "PARSER-5-CFGLOG_LOGGEDCMD", message: LOGGED_SECRET };
  const baseline = lab.baseline["dc-core1"] ?? {};
  baseline.logs = [...(baseline.logs ?? []), logged];
  lab.baseline["dc-core1"] = baseline;
  for (const scenario of lab.scenarios) {
    const state = scenario.fault.state["dc-core1"];
    if (state?.logs) state.logs.push(logged);
  }
  return lab;
}

/** Every secret value in the lab's configs (read by a plain pattern, not by the grammar under test). */
export function labSecrets(lab: Lab): string[] {
  const found = new Set<string>(SECRET_FORMS.flatMap((f) => f.secrets));
  const text = [
    ...Object.values(lab.devices).map((d) => d.config),
    ...lab.scenarios.flatMap((s) => Object.values(s.fault.config)),
  ].join("\n");
  for (const m of text.matchAll(/(?:secret|password|md5) (?:\d+ )?(\S+)$/gm)) found.add(m[1] as string);
  for (const m of text.matchAll(/^\s*snmp-server community (\S+)/gm)) found.add(m[1] as string);
  found.add("L0gged-C0mm");
  for (const visible of ["public", "private"]) found.delete(visible);
  return [...found];
}
