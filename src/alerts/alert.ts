// What every source's payload parser shares: one-line problems, the senders' time formats, and how a firing
// alert's end is written. The shape a delivery becomes (IncomingDelivery) is the store's.
import { z } from "zod";
import type { AlertStatus } from "../store/alerts.js";

/** A problem with a delivery's body, said in one line (the sender gets it with a 400). */
export class AlertPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AlertPayloadError";
  }
}

/** Times as the senders write them (RFC 3339, Go's nanoseconds included). */
export const Timestamp = z.iso.datetime({ offset: true, error: "expected an RFC 3339 time" });

/** Go's zero time, which Alertmanager and Grafana send as the end of an alert still firing. */
const ZERO_TIME = /^0001-01-01T/;

export function endOf(status: AlertStatus, endsAt: string | undefined | null): string | null {
  if (status === "firing" || !endsAt || ZERO_TIME.test(endsAt)) return null;
  const at = Date.parse(endsAt);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

export const StringMap = z.record(z.string(), z.string());

/** The zod issues of a payload as one line: where, and what was expected. */
export function payloadProblem(error: z.ZodError, what: string): AlertPayloadError {
  const [first] = error.issues;
  const where = first?.path.length ? first.path.join(".") : "body";
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problems)` : "";
  return new AlertPayloadError(`not ${what}: ${where}: ${first?.message ?? "invalid"}${more}`);
}
