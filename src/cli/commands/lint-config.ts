// nocbot lint-config FILE... [--json] [--fail-on SEVERITY]
import { basename } from "node:path";
import { parseArgs } from "node:util";
import {
  type Finding,
  SEVERITIES,
  type Severity,
  SeveritySchema,
  severityRank,
} from "../../analyzers/finding.js";
import { lintConfigs } from "../../analyzers/rules/catalogue.js";
import { FileReadError, readBoundedFile } from "../../bounded-file.js";
import { hostname } from "../../network/ios/model.js";
import { parseConfig } from "../../network/ios/parse.js";
import { SecretVault } from "../../network/secrets/vault.js";
import { type Io, json, table, UsageError } from "../io.js";

export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

export const lintConfigUsage =
  "nocbot lint-config FILE... [--json] [--fail-on info|low|medium|high|critical]";

function readConfig(file: string): { device: string; config: string } {
  let buffer: Buffer;
  try {
    buffer = readBoundedFile(file, MAX_CONFIG_BYTES);
  } catch (error) {
    if (error instanceof FileReadError) throw new Error(`${file} ${error.message}`);
    throw error;
  }
  if (buffer.subarray(0, 65536).includes(0))
    throw new Error(`${file}: binary content, not a device configuration`);
  const config = buffer.toString("utf8");
  return { device: hostname(parseConfig(config)) ?? basename(file).replace(/\.[^.]*$/, ""), config };
}

export function runLintConfig(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: "boolean", default: false }, "fail-on": { type: "string" } },
  });
  if (positionals.length === 0) throw new UsageError("name at least one config file");
  let failOn: Severity | null = null;
  if (values["fail-on"] !== undefined) {
    const parsed = SeveritySchema.safeParse(values["fail-on"]);
    if (!parsed.success)
      throw new UsageError(`--fail-on expects one of ${SEVERITIES.join(", ")}, got '${values["fail-on"]}'`);
    failOn = parsed.data;
  }
  const inputs: Array<{ device: string; config: string }> = [];
  let unreadable = 0;
  for (const file of positionals) {
    try {
      inputs.push(readConfig(file));
    } catch (error) {
      unreadable += 1;
      io.err(`nocbot lint-config: ${(error as Error).message}`);
    }
  }
  // The files are device configs like any other: their secrets never reach the output (or a CI log).
  const vault = SecretVault.ephemeral();
  const findings = lintConfigs(
    inputs.map((input) => ({ ...input, config: vault.redactConfig(input.config) })),
  );
  io.out(values.json ? json(findings.map(lintRecord)) : renderFindings(findings));
  if (failOn !== null && findings.some((f) => severityRank(f.severity) >= severityRank(failOn))) return 1;
  return unreadable > 0 ? 2 : 0;
}

/** The documented JSON record of a lint finding. */
export function lintRecord(f: Finding) {
  return {
    rule: f.rule,
    severity: f.severity,
    line: f.line,
    message: f.message,
    device: f.device,
    interface: f.interface,
    remediation: f.remediation,
  };
}

export function renderFindings(findings: Finding[]): string {
  if (findings.length === 0) return "no findings";
  const sorted = [...findings].sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      (a.device ?? "").localeCompare(b.device ?? "") ||
      (a.line ?? 0) - (b.line ?? 0),
  );
  const rows = sorted.map((f) => [
    f.severity,
    f.rule,
    f.device ?? "",
    f.line === null ? "-" : String(f.line),
    f.message,
  ]);
  const counts = SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .reverse()
    .map(([s, n]) => `${n} ${s}`)
    .join(", ");
  return `${table(["SEVERITY", "RULE", "DEVICE", "LINE", "FINDING"], rows)}\n\n${findings.length} findings: ${counts}`;
}
