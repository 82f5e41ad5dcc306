// PagerDuty's V3 webhooks: one event per delivery, about one PagerDuty incident. A triggered (or reopened)
// incident is a firing alert, a resolved one resolves it; every other event type is received and ignored.
// The PagerDuty incident is the group: one nocbot incident per PagerDuty incident and firing episode.
import { z } from "zod";
import type { IncomingDelivery } from "../../store/alerts.js";
import { endOf, payloadProblem, Timestamp } from "../alert.js";

const Reference = z.looseObject({ summary: z.string().optional() });

const EventSchema = z.looseObject({
  event: z.looseObject({
    id: z.string().min(1),
    event_type: z.string().min(1),
    occurred_at: Timestamp,
    data: z.looseObject({
      id: z.string().min(1).max(200),
      type: z.string(),
      title: z.string().max(2000).optional(),
      status: z.string().optional(),
      urgency: z.string().optional(),
      created_at: Timestamp.optional(),
      reopened_at: Timestamp.nullable().optional(),
      incident_key: z.string().nullable().optional(),
      html_url: z.string().optional(),
      service: Reference.nullable().optional(),
      priority: Reference.nullable().optional(),
      teams: z.array(Reference).optional(),
    }),
  }),
});

const FIRING = new Set(["incident.triggered", "incident.reopened"]);

export function parsePagerDuty(body: unknown, webhookId: string | null): IncomingDelivery {
  const parsed = EventSchema.safeParse(body);
  if (!parsed.success) throw payloadProblem(parsed.error, "a PagerDuty V3 webhook");
  const { event } = parsed.data;
  const incident = event.data;
  const base = {
    source: "pagerduty" as const,
    // Repeated on every retry of this webhook; the event id where the header is missing.
    deliveryKey: webhookId ?? event.id,
    groupKey: `pagerduty:${incident.id}`,
    truncated: 0,
  };
  const firing = FIRING.has(event.event_type);
  if (incident.type !== "incident" || (!firing && event.event_type !== "incident.resolved"))
    return { ...base, status: "firing", alerts: [], ignored: `${event.event_type} is not acted on` };
  const status = firing ? "firing" : "resolved";
  const title = incident.title ?? `PagerDuty incident ${incident.id}`;
  const labels: Record<string, string> = Object.fromEntries(
    Object.entries({
      alertname: title,
      service: incident.service?.summary,
      urgency: incident.urgency,
      priority: incident.priority?.summary,
      team: incident.teams?.[0]?.summary,
      incident_key: incident.incident_key ?? undefined,
    }).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
  return {
    ...base,
    status,
    ignored: null,
    alerts: [
      {
        fingerprint: incident.id,
        startsAt: incident.reopened_at ?? incident.created_at ?? event.occurred_at,
        status,
        endsAt: endOf(status, event.occurred_at),
        name: title,
        severity: incident.urgency ?? null,
        labels,
        annotations: { summary: title },
        generatorUrl: incident.html_url ?? null,
      },
    ],
  };
}
