// The one logger. Anything that looks like a credential is censored before it is written, wherever in
// the log object it sits.
import { type Logger, pino } from "pino";

const SECRET_KEYS = [
  "token",
  "botToken",
  "appToken",
  "apiKey",
  "api_key",
  "password",
  "secret",
  "signingSecret",
  "authorization",
  "community",
  "x-api-key",
];

const segment = (key: string) => (/^[A-Za-z_]\w*$/.test(key) ? `.${key}` : `["${key}"]`);

export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [
  segment(key).replace(/^\./, ""),
  `*${segment(key)}`,
  `*.*${segment(key)}`,
]);

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: "[redacted]" } },
    destination ?? pino.destination(2),
  );
}

export type { Logger };
