#!/usr/bin/env node
// The nocbot command line: one entry point, one error policy. Usage mistakes exit 2 with the usage line,
// bad input files say which file and line, and nothing prints a stack trace unless it is a bug.
import { AllowlistFileError } from "../changes/allowlist-file.js";
import { ConfigError, loadConfig } from "../config.js";
import { LabLoadError } from "../network/lab/load.js";
import { NetworkError } from "../network/source.js";
import { DatabaseError } from "../store/db.js";
import { alertsUsage, runAlerts } from "./commands/alerts.js";
import { analyzeUsage, runAnalyze } from "./commands/analyze.js";
import { auditUsage, runAudit } from "./commands/audit.js";
import { incidentsUsage, runIncidents } from "./commands/incidents.js";
import { investigateUsage, runInvestigate } from "./commands/investigate.js";
import { labUsage, runLab } from "./commands/lab.js";
import { lintConfigUsage, runLintConfig } from "./commands/lint-config.js";
import { rulesUsage, runRules } from "./commands/rules.js";
import { runbooksUsage, runRunbooks } from "./commands/runbooks.js";
import { runStart, startUsage } from "./commands/start.js";
import { type Io, processIo, UsageError } from "./io.js";

const USAGE = `nocbot: network incident investigation over an embedded lab network

usage:
  ${startUsage}
  ${incidentsUsage}
  ${alertsUsage}
  ${auditUsage}
  ${lintConfigUsage}
  ${labUsage}
  ${analyzeUsage}
  ${investigateUsage}
  ${rulesUsage}
  ${runbooksUsage}
  nocbot help`;

export async function main(
  argv: string[],
  io: Io = processIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [command, ...args] = argv;
  try {
    const config = loadConfig(env);
    switch (command) {
      case "lint-config":
        return runLintConfig(args, io);
      case "lab":
        return runLab(args, io, config);
      case "analyze":
        return await runAnalyze(args, io, config);
      case "investigate":
        return await runInvestigate(args, io, config);
      case "rules":
        return runRules(args, io);
      case "start":
        return await runStart(args, io, config);
      case "incidents":
        return runIncidents(args, io, config);
      case "audit":
        return runAudit(args, io, config);
      case "alerts":
        return runAlerts(args, io, config);
      case "runbooks":
        return await runRunbooks(args, io, config);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.out(USAGE);
        return 0;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))
    ) {
      io.err(`nocbot: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.err(error.problems.map((p) => `nocbot: configuration: ${p}`).join("\n"));
      return 2;
    }
    if (
      error instanceof LabLoadError ||
      error instanceof NetworkError ||
      error instanceof DatabaseError ||
      error instanceof AllowlistFileError
    ) {
      io.err(`nocbot: ${error.message}`);
      return 2;
    }
    // What the system refused for a path or a port the operator gave (a folder that cannot be created, a
    // port in use): their input, not a bug, so one line and no stack trace.
    const system = systemError(error);
    if (system) {
      io.err(`nocbot: ${system}`);
      return 2;
    }
    throw error;
  }
}

function systemError(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const { code, syscall, path, address, port } = error as NodeJS.ErrnoException & {
    address?: string;
    port?: number;
  };
  if (typeof code !== "string" || typeof syscall !== "string") return null;
  const what = path ?? (port !== undefined ? `${address ?? ""}:${port}` : "");
  return `cannot ${syscall}${what ? ` ${what}` : ""}: ${code}`;
}

const invokedDirectly = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `nocbot: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 70;
    },
  );
}
