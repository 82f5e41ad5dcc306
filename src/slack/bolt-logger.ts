// Bolt and the Web API client log through our pino logger (and so through its redaction).
import { LogLevel, type Logger as SlackLogger } from "@slack/logger";
import type { Logger } from "../log.js";

const LEVELS: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

const text = (parts: unknown[]) =>
  parts.map((p) => (typeof p === "string" ? p : JSON.stringify(p))).join(" ");

export function boltLogger(log: Logger): SlackLogger {
  const child = log.child({ component: "bolt" });
  // Bolt and the Web API client log a lot at debug; nothing is formatted unless the level is on.
  const at =
    (level: "debug" | "info" | "warn" | "error") =>
    (...msg: unknown[]) => {
      if (child.isLevelEnabled(level)) child[level](text(msg));
    };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    setLevel: () => {},
    getLevel: () => LEVELS[log.level] ?? LogLevel.INFO,
    setName: () => {},
  };
}
