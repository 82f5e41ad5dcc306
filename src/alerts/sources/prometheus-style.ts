// Alertmanager's webhook (version 4) and Grafana's (version 1) share one shape: a group of alerts with
// labels, annotations, start and end times and a fingerprint. Grafana adds fields of its own; both may add
// more in later versions, which are kept out of the way rather than refused.
import { createHash } from "node:crypto";
import { z } from "zod";
import { type AlertSource, AlertStatusSchema, type IncomingDelivery } from "../../store/alerts.js";
import { endOf, payloadProblem, StringMap, Timestamp } from "../alert.js";

const AlertSchema = z.looseObject({
  status: AlertStatusSchema,
  labels: StringMap,
  annotations: StringMap.default({}),
  startsAt: Timestamp,
  endsAt: z.string().optional(),
  generatorURL: z.string().max(8000).optional(),
  fingerprint: z.string().min(1).max(200).optional(),
});

const GroupSchema = (version: string) =>
  z.looseObject({
    version: z.literal(version, { error: `expected version "${version}"` }),
    groupKey: z.string().min(1).max(2000),
    truncatedAlerts: z.number().int().min(0).default(0),
    status: AlertStatusSchema,
    receiver: z.string().optional(),
    alerts: z.array(AlertSchema).min(1).max(2000),
  });

const SCHEMAS = { alertmanager: GroupSchema("4"), grafana: GroupSchema("1") };
const WHAT = {
  alertmanager: "an Alertmanager webhook (version 4)",
  grafana: "a Grafana webhook (version 1)",
};

/** The fingerprint Alertmanager would give: a hash of the sorted labels (for a sender that sends none). */
const labelsFingerprint = (labels: Record<string, string>) =>
  createHash("sha256")
    .update(JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))))
    .digest("hex")
    .slice(0, 16);

export function parseGroupWebhook(
  source: Extract<AlertSource, "alertmanager" | "grafana">,
  body: unknown,
): IncomingDelivery {
  const parsed = SCHEMAS[source].safeParse(body);
  if (!parsed.success) throw payloadProblem(parsed.error, WHAT[source]);
  const group = parsed.data;
  return {
    source,
    deliveryKey: null,
    groupKey: group.groupKey,
    status: group.status,
    truncated: group.truncatedAlerts,
    ignored: null,
    alerts: group.alerts.map((a) => ({
      fingerprint: a.fingerprint ?? labelsFingerprint(a.labels),
      startsAt: a.startsAt,
      status: a.status,
      endsAt: endOf(a.status, a.endsAt),
      name: a.labels.alertname ?? a.labels.__alert_rule_title__ ?? "unnamed alert",
      severity: a.labels.severity ?? null,
      labels: a.labels,
      annotations: a.annotations,
      generatorUrl: a.generatorURL ?? null,
    })),
  };
}
