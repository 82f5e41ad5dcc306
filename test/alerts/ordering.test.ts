// At-least-once delivery, HA twins and retries arrive in any order: whatever the order and however many
// copies, the alert table ends the same, and no group gets more than one incident in one firing episode.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AlertGroupPayload, alertRig } from "../helpers/alerts.js";

interface Step {
  group: number;
  alert: number;
  to: "firing" | "resolved";
}

/** Each group's alerts fire, some resolve; the steps interleaved across groups in one valid timeline. */
const timeline = fc
  .array(fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 })
  .chain((groups) => {
    const steps: Step[] = groups.flatMap((alerts, group) =>
      alerts.flatMap((resolves, alert): Step[] => [
        { group, alert, to: "firing" },
        ...(resolves ? [{ group, alert, to: "resolved" as const }] : []),
      ]),
    );
    // Any interleaving that keeps each alert's firing before its resolution.
    return fc.shuffledSubarray(steps, { minLength: steps.length, maxLength: steps.length }).map((order) => {
      const seen = new Set<string>();
      return order.map((s) => {
        const key = `${s.group}/${s.alert}`;
        if (s.to === "firing") seen.add(key);
        return !seen.has(key) && s.to === "resolved" ? { ...s, to: "firing" as const } : s;
      });
    });
  });

/** Alertmanager's delivery after each step: the whole group, as it stands then. */
function deliveries(steps: Step[]): AlertGroupPayload[] {
  const state = new Map<string, "firing" | "resolved">();
  return steps.map((step) => {
    state.set(`${step.group}/${step.alert}`, step.to);
    const alerts = [...state.entries()]
      .filter(([key]) => key.startsWith(`${step.group}/`))
      .map(([key, status]) => {
        const alert = key.split("/")[1];
        return {
          status,
          labels: {
            alertname: `Alert${alert}`,
            instance: "br-rtr1:9116",
            severity: "critical",
            group: String(step.group),
          },
          annotations: { summary: `alert ${key}` },
          startsAt: `2026-11-24T08:0${alert}:00Z`,
          endsAt: status === "resolved" ? "2026-11-24T08:50:00Z" : "0001-01-01T00:00:00Z",
          fingerprint: `fp-${key}`,
        };
      });
    return {
      version: "4",
      groupKey: `group-${step.group}`,
      truncatedAlerts: 0,
      status: alerts.every((a) => a.status === "resolved") ? "resolved" : "firing",
      alerts,
    };
  });
}

async function outcome(payloads: AlertGroupPayload[]) {
  const rig = alertRig({ cooldownSeconds: 86_400 });
  for (const payload of payloads) expect((await rig.deliver("alertmanager", payload)).status).toBe(200);
  const incidentsPerGroup = new Map<string, Set<string>>();
  for (const a of rig.store.list({ limit: 1000 }))
    if (a.incident_id)
      incidentsPerGroup.set(
        a.group_key,
        new Set([...(incidentsPerGroup.get(a.group_key) ?? []), a.incident_id]),
      );
  const opened = rig.opened.map((o) => rig.store.ofIncident(o.incident.id)[0]?.group_key);
  const table = rig.table();
  rig.db.close();
  return { table, incidentsPerGroup, opened };
}

describe("delivery order and duplication", () => {
  it("give the same alert table and at most one incident per group and episode", async () => {
    await fc.assert(
      fc.asyncProperty(
        timeline.chain((steps) => {
          const payloads = deliveries(steps);
          const n = payloads.length;
          const indexes = [...Array(n).keys()];
          return fc
            .tuple(
              fc.shuffledSubarray(indexes, { minLength: n, maxLength: n }),
              fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: n }),
              fc.array(fc.nat(), { minLength: n, maxLength: n }),
            )
            .map(([order, twins, positions]) => {
              const mixed = [...order];
              twins.forEach((twin, i) => {
                mixed.splice((positions[i] ?? 0) % (mixed.length + 1), 0, twin);
              });
              return { payloads, mixed: mixed.map((i) => payloads[i] as AlertGroupPayload) };
            });
        }),
        async ({ payloads, mixed }) => {
          const inOrder = await outcome(payloads);
          const shuffled = await outcome(mixed);
          expect(shuffled.table).toEqual(inOrder.table);
          for (const incidents of shuffled.incidentsPerGroup.values())
            expect(incidents.size).toBeLessThanOrEqual(1);
          expect(new Set(shuffled.opened).size).toBe(shuffled.opened.length);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
