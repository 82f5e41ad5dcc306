// nocbot lab list | show ID | check FILE | schema   (all take --lab FILE and --json where it makes sense)
import { parseArgs } from "node:util";
import type { AppConfig } from "../../config.js";
import { labJsonSchema } from "../../network/lab/json-schema.js";
import { LabLoadError, loadLabFile } from "../../network/lab/load.js";
import type { Scenario } from "../../network/lab/schema.js";
import { SecretVault } from "../../network/secrets/vault.js";
import { type Io, json, table, UsageError } from "../io.js";
import { labFile, openLab, scenarioOf } from "../lab-source.js";

export const labUsage =
  "nocbot lab list [--json] | lab show ID [--json] | lab check FILE | lab schema   (--lab FILE picks another lab)";

/** The documented JSON record of a scenario in `lab list --json`. */
export const scenarioRecord = (s: Scenario) => ({
  id: s.id,
  title: s.title,
  symptom: s.symptom,
  truth: s.truth,
});

export function runLab(args: string[], io: Io, config: AppConfig): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: "boolean", default: false }, lab: { type: "string" } },
  });
  const [sub, arg] = positionals;
  switch (sub) {
    case "list": {
      const lab = openLab(labFile(values.lab, config));
      if (values.json) io.out(json(lab.scenarios.map(scenarioRecord)));
      else {
        io.out(
          table(
            ["SCENARIO", "ROOT CAUSE", "SYMPTOM"],
            lab.scenarios.map((s) => [
              s.id,
              s.truth
                ? `${s.truth.label} @ ${s.truth.device}${s.truth.interface ? ` ${s.truth.interface}` : ""}`
                : "(control)",
              s.symptom,
            ]),
          ),
        );
      }
      return 0;
    }
    case "show": {
      if (!arg) throw new UsageError("lab show needs a scenario id");
      const shown = scenarioOf(openLab(labFile(values.lab, config)), arg);
      // The fault's config lines are device config: shown with their secrets as tokens.
      const vault = SecretVault.ephemeral();
      const configs = Object.entries(shown.fault.config).map(([d, text]) => [d, vault.redactConfig(text)]);
      const scenario = { ...shown, fault: { ...shown.fault, config: Object.fromEntries(configs) } };
      if (values.json) io.out(json(scenario));
      else io.out(describeScenario(scenario));
      return 0;
    }
    case "check": {
      const file = arg ?? values.lab;
      if (!file) throw new UsageError("lab check needs a lab file");
      try {
        const lab = loadLabFile(file);
        io.out(
          `${file}: ok (${lab.name}: ${Object.keys(lab.devices).length} devices, ${lab.links.length} links, ${lab.scenarios.length} scenarios)`,
        );
        return 0;
      } catch (error) {
        if (!(error instanceof LabLoadError)) throw error;
        io.err(error.message);
        return 1;
      }
    }
    case "schema":
      io.out(json(labJsonSchema()));
      return 0;
    default:
      throw new UsageError(sub ? `unknown lab command '${sub}'` : "lab needs a command");
  }
}

function describeScenario(s: Scenario): string {
  const truth = s.truth
    ? `${s.truth.label} on ${s.truth.device}${s.truth.interface ? ` ${s.truth.interface}` : ""}`
    : "none (no-fault control)";
  const configs = Object.entries(s.fault.config).map(
    ([device, lines]) =>
      `  ${device}:\n${lines
        .trimEnd()
        .split("\n")
        .map((l) => `    ${l}`)
        .join("\n")}`,
  );
  const fixes = s.fixed_when.map(
    (c) =>
      `  ${c.device}${c.section ? ` [${c.section}]` : ""}${c.has ? ` has ${c.has.join(", ")}` : ""}${c.lacks ? ` lacks ${c.lacks.join(", ")}` : ""}`,
  );
  return [
    `${s.id}: ${s.title}`,
    `symptom:     ${s.symptom}`,
    `root cause:  ${truth}`,
    `config fault:${configs.length ? `\n${configs.join("\n")}` : " none"}`,
    `state fault: ${Object.keys(s.fault.state).join(", ") || "none"}`,
    `fixed when:${fixes.length ? `\n${fixes.join("\n")}` : " (nothing to fix)"}`,
  ].join("\n");
}
