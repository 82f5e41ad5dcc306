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
  return {
    debug: (...msg: unknown[]) => child.debug(text(msg)),
    info: (...msg: unknown[]) => child.info(text(msg)),
    warn: (...msg: unknown[]) => child.warn(text(msg)),
    error: (...msg: unknown[]) => child.error(text(msg)),
    setLevel: () => {},
    getLevel: () => LEVELS[log.level] ?? LogLevel.INFO,
    setName: () => {},
  };
}
