// One delivery from a monitoring system: authenticated, parsed, stored, acknowledged; then acted on. The
// sender's retries are what make delivery reliable, so the answer tells the truth: 200 once the alerts are
// stored (before anything is investigated), 5xx only when they could not be (the sender retries), 4xx for
// what a retry would not fix, each refusal logged at warn and counted, since Alertmanager drops a 4xx
// without a retry.
import type { Clock } from "../clock.js";
import { errorMessage } from "../error-message.js";
import type { Logger } from "../log.js";
import type { AlertSource, AlertStore, GroupRef, IncomingDelivery } from "../store/alerts.js";
import { AlertPayloadError } from "./alert.js";
import { type AlertAuthSettings, authenticate, type Headers } from "./auth.js";
import { parsePagerDuty } from "./sources/pagerduty.js";
import { parseGroupWebhook } from "./sources/prometheus-style.js";
import { alertTarget, type TargetLabels } from "./target.js";

export type DeliveryOutcome =
  | "stored"
  | "duplicate"
  | "ignored"
  | "refused"
  | "malformed"
  | "unstored"
  | "too-large";

export interface IntakeResponse {
  status: number;
  body: { ok: boolean; message: string; alerts?: number };
}

export interface IntakeDeps {
  store: AlertStore;
  /** Acts on the stored groups, after the answer (the processor). */
  process(groups: GroupRef[]): Promise<void>;
  auth: AlertAuthSettings;
  targets: TargetLabels;
  clock: Clock;
  log: Logger;
  counted?: (source: AlertSource, outcome: DeliveryOutcome) => void;
}

function parse(source: AlertSource, headers: Headers, body: Buffer): IncomingDelivery {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw new AlertPayloadError(`not JSON: ${errorMessage(error).split("\n")[0]}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw new AlertPayloadError("not JSON: expected an object");
  if (source === "pagerduty") {
    const id = headers["x-webhook-id"];
    return parsePagerDuty(json, (Array.isArray(id) ? id[0] : id) ?? null);
  }
  return parseGroupWebhook(source, json);
}

export class AlertIntake {
  constructor(private readonly deps: IntakeDeps) {}

  receive(source: AlertSource, headers: Headers, body: Buffer): IntakeResponse {
    const { store, log, clock } = this.deps;
    const answer = (
      outcome: DeliveryOutcome,
      status: number,
      message: string,
      alerts?: number,
    ): IntakeResponse => {
      this.deps.counted?.(source, outcome);
      if (status >= 400) log.warn({ source, status, outcome }, `alert delivery refused: ${message}`);
      return { status, body: { ok: status < 300, message, ...(alerts === undefined ? {} : { alerts }) } };
    };
    const auth = authenticate(source, headers, body, this.deps.auth, clock.now());
    if (!auth.ok) return answer("refused", 401, auth.why);
    let delivery: IncomingDelivery;
    try {
      delivery = parse(source, headers, body);
    } catch (error) {
      if (error instanceof AlertPayloadError) return answer("malformed", 400, error.message);
      throw error;
    }
    let recorded: { duplicate: boolean; alerts: number };
    try {
      recorded = store.record(delivery, (alert) => alertTarget(alert, this.deps.targets));
    } catch (error) {
      log.error({ err: error, source }, "could not store an alert delivery");
      return answer("unstored", 503, `could not store the delivery (${errorMessage(error)}); retry later`);
    }
    if (recorded.duplicate) return answer("duplicate", 200, "already received", 0);
    if (delivery.ignored) return answer("ignored", 200, `stored; ${delivery.ignored}`, 0);
    void this.deps.process([{ source, group_key: delivery.groupKey }]);
    return answer("stored", 200, "stored", recorded.alerts);
  }
}
