// Golden deliveries from each sender, through the intake and the processor, on a real SQLite file: a firing
// group of two, the same group with one resolved, all resolved, the same delivery twice, truncated alerts,
// a junk body, a bad token, and a database that cannot write.
import { describe, expect, it } from "vitest";
import type { AlertSource } from "../../src/store/alerts.js";
import { ALERT_TOKEN, alertFixture, alertRig, bearer, resolving } from "../helpers/alerts.js";

const GROUP_SOURCES = [
  ["alertmanager", "alertmanager-firing"],
  ["grafana", "grafana-firing"],
] as const;

describe.each(GROUP_SOURCES)("%s deliveries", (source, fixture) => {
  const firing = () => alertFixture(fixture);

  it("a firing group of two opens one incident with both alerts, and answers at once", async () => {
    const rig = alertRig();
    const answer = await rig.deliver(source, firing());
    expect(answer).toEqual({ status: 200, body: { ok: true, message: "stored", alerts: 2 } });
    expect(rig.opened).toHaveLength(1);
    const [open] = rig.opened;
    expect(open?.incident).toMatchObject({ id: "INC-1", requested_by: "system:alerts" });
    expect(open?.incident.question).toMatch(
      /^Alert \w+ \((critical|warning)\) on (br-rtr1|dc-wan1) GigabitEthernet0\/\d: /,
    );
    expect(open?.background.join("\n")).toMatch(/labels alertname=\w+, /);
    expect(rig.store.list({ limit: 10 }).map((a) => [a.status, a.incident_id])).toEqual([
      ["firing", "INC-1"],
      ["firing", "INC-1"],
    ]);
    expect(rig.counted).toEqual([`${source}:stored`]);
  });

  it("later one resolved is said in the thread; all resolved clears and resolves the incident", async () => {
    const rig = alertRig();
    await rig.deliver(source, firing());
    await rig.deliver(source, resolving(firing(), [1]));
    expect(rig.notes.map((n) => n.note.kind)).toEqual(["resolved"]);
    expect(rig.incidents.get("INC-1")?.status).not.toBe("resolved");
    await rig.deliver(source, resolving(firing(), [0, 1]));
    expect(rig.notes.map((n) => n.note.kind)).toEqual(["resolved", "resolved", "cleared"]);
    expect(rig.incidents.get("INC-1")?.status).toBe("resolved");
    expect(rig.flagged).toEqual([["INC-1", expect.stringContaining("is this change still needed?")]]);
    expect(rig.opened).toHaveLength(1);
  });

  it("the same delivery twice changes nothing and tells nothing twice", async () => {
    const rig = alertRig();
    await rig.deliver(source, firing());
    const table = rig.table();
    expect((await rig.deliver(source, firing())).status).toBe(200);
    expect(rig.table()).toEqual(table);
    expect(rig.opened).toHaveLength(1);
    expect(rig.notes).toEqual([]);
  });

  it("truncated alerts are stored as sent and the investigation is told how many were left out", async () => {
    const rig = alertRig();
    await rig.deliver(source, { ...firing(), truncatedAlerts: 7 });
    expect(rig.opened[0]?.background.at(-1)).toBe("- 7 more alerts of this group not shown");
  });

  it("a junk body is a 400 with one line, and stores nothing", async () => {
    const rig = alertRig();
    expect(await rig.deliver(source, "{not json")).toMatchObject({
      status: 400,
      body: { ok: false, message: expect.stringMatching(/^not JSON: /) },
    });
    const junk = await rig.deliver(source, { hello: "world", alerts: "many" });
    expect(junk.status).toBe(400);
    expect(junk.body.message).toMatch(
      /^not an? (Alertmanager|Grafana) webhook \(version \d\): version: expected version "\d" \(and \d more problems\)$/,
    );
    expect(junk.body.message).not.toContain("\n");
    expect(rig.store.list({ limit: 10 })).toEqual([]);
    expect(rig.counted).toEqual([`${source}:malformed`, `${source}:malformed`]);
    expect(rig.logs()).toMatch(/"level":40.*alert delivery refused: not JSON/);
  });

  it("a bad or missing token is a 401, logged at warn and counted, and stores nothing", async () => {
    const rig = alertRig();
    expect(await rig.deliver(source, firing(), bearer("wrong-token-0123456789"))).toMatchObject({
      status: 401,
      body: { message: "the bearer token does not match NOC_ALERT_TOKEN" },
    });
    expect((await rig.deliver(source, firing(), {})).body.message).toBe("no Authorization header");
    expect(rig.store.list({ limit: 10 })).toEqual([]);
    expect(rig.counted).toEqual([`${source}:refused`, `${source}:refused`]);
    expect(rig.logs()).toMatch(
      /"level":40.*"status":401.*alert delivery refused: the bearer token does not match/,
    );
    expect(rig.logs()).not.toContain(ALERT_TOKEN);
  });

  it("a database that cannot write is a 503, so the sender retries; the retry is stored", async () => {
    const rig = alertRig();
    rig.db.pragma("query_only = ON");
    const failed = await rig.deliver(source, firing());
    expect(failed.status).toBe(503);
    expect(failed.body.message).toMatch(/^could not store the delivery \(.*\); retry later$/);
    rig.db.pragma("query_only = OFF");
    expect((await rig.deliver(source, firing())).status).toBe(200);
    expect(rig.opened).toHaveLength(1);
  });
});

describe("alert groups and episodes", () => {
  const firing = () => alertFixture("alertmanager-firing");
  const source: AlertSource = "alertmanager";

  it("a new alert joining an open incident is told in its thread, not investigated again", async () => {
    const rig = alertRig();
    const [first, second] = firing().alerts;
    await rig.deliver(source, { ...firing(), alerts: [first] });
    await rig.deliver(source, { ...firing(), alerts: [first, second] });
    expect(rig.opened).toHaveLength(1);
    expect(rig.notes).toEqual([
      {
        incident: "INC-1",
        note: { kind: "joined", alerts: [expect.objectContaining({ fingerprint: second?.fingerprint })] },
      },
    ]);
  });

  it("within the cooldown a flapping alert stays the same incident; after it, a new one opens", async () => {
    const rig = alertRig({ cooldownSeconds: 600 });
    const group = firing();
    await rig.deliver(source, group);
    await rig.deliver(source, resolving(group, [0, 1], "2026-11-24T09:00:00Z"));
    rig.clock.advance(5 * 60_000);
    const again = { ...group, alerts: group.alerts.map((a) => ({ ...a, startsAt: "2026-11-24T09:04:00Z" })) };
    await rig.deliver(source, again);
    expect(rig.opened).toHaveLength(1);
    expect(rig.notes.at(-1)?.note).toMatchObject({ kind: "refired", clearedAt: "2026-11-24T09:00:00.000Z" });
    expect(rig.flagged.at(-1)).toEqual(["INC-1", null]);
    await rig.deliver(source, resolving(again, [0, 1], "2026-11-24T09:06:00Z"));
    rig.clock.advance(60 * 60_000);
    await rig.deliver(source, {
      ...group,
      alerts: group.alerts.map((a) => ({ ...a, startsAt: "2026-11-24T10:00:00Z" })),
    });
    expect(rig.opened.map((o) => o.incident.id)).toEqual(["INC-1", "INC-2"]);
  });

  it("alerts whose severity does not start investigations are stored, not investigated", async () => {
    const rig = alertRig({ severities: ["page"] });
    await rig.deliver(source, firing());
    expect(rig.opened).toEqual([]);
    expect(rig.store.list({ limit: 10 })).toHaveLength(2);
    expect(rig.logs()).toContain("alerts not investigated: severity critical does not start investigations");
  });

  it("access decides whether alerts may open an investigation here", async () => {
    const rig = alertRig({
      access: async () => ({ allowed: false, why: "alert.investigate is not granted in C0NOC0001" }),
    });
    await rig.deliver(source, firing());
    expect(rig.opened).toEqual([]);
    expect(rig.logs()).toContain("alert.investigate is not granted in C0NOC0001");
  });

  it("goes to the channel the alert names, else its team's, else the default", async () => {
    const rig = alertRig();
    const group = firing();
    const labelled = (labels: Record<string, string>, key: string) => ({
      ...group,
      groupKey: key,
      alerts: group.alerts.map((a) => ({
        ...a,
        fingerprint: `${a.fingerprint}${key}`,
        labels: { ...a.labels, ...labels },
      })),
    });
    await rig.deliver(source, labelled({ slack_channel: "C0OTHER01" }, "a"));
    await rig.deliver(source, labelled({ team: "wan" }, "b"));
    await rig.deliver(source, labelled({ slack_channel: "#not-an-id", team: "nobody" }, "c"));
    expect(rig.opened.map((o) => o.channel)).toEqual(["C0OTHER01", "C0WAN0001", "C0NOC0001"]);
  });

  it("clearing while the investigation runs waits for it, then resolves", async () => {
    const rig = alertRig({ holdRuns: true });
    await rig.deliver(source, firing());
    const delivered = rig.deliver(source, resolving(firing(), [0, 1]));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(rig.notes.map((n) => n.note.kind)).toEqual(["resolved", "clearing"]);
    expect(rig.incidents.get("INC-1")?.status).toBe("investigating");
    await rig.finishRuns();
    await delivered;
    expect(rig.notes.map((n) => n.note.kind)).toEqual(["resolved", "clearing", "cleared"]);
    expect(rig.incidents.get("INC-1")?.status).toBe("resolved");
  });
});

describe("PagerDuty V3 deliveries", () => {
  const triggered = () => alertFixture<Record<string, unknown>>("pagerduty-triggered");
  const resolved = () => alertFixture<Record<string, unknown>>("pagerduty-resolved");
  const acknowledged = () => alertFixture<Record<string, unknown>>("pagerduty-acknowledged");
  const webhook = (id: string) => ({ ...bearer(), "x-webhook-id": id });

  it("triggered opens an incident named from the title; resolved resolves it", async () => {
    const rig = alertRig();
    expect((await rig.deliver("pagerduty", triggered(), webhook("w1"))).body).toEqual({
      ok: true,
      message: "stored",
      alerts: 1,
    });
    expect(rig.opened[0]?.incident.question).toBe(
      "Alert br-rtr1 WAN primary down: branch running on broadband backup (high) on br-rtr1: br-rtr1 WAN primary down: branch running on broadband backup",
    );
    expect(rig.opened[0]?.channel).toBe("C0WAN0001");
    await rig.deliver("pagerduty", resolved(), webhook("w2"));
    expect(rig.incidents.get("INC-1")?.status).toBe("resolved");
  });

  it("a retry with the same X-Webhook-Id is answered and ignored; an acknowledgement is stored and ignored", async () => {
    const rig = alertRig();
    await rig.deliver("pagerduty", triggered(), webhook("w1"));
    expect((await rig.deliver("pagerduty", triggered(), webhook("w1"))).body).toEqual({
      ok: true,
      message: "already received",
      alerts: 0,
    });
    expect((await rig.deliver("pagerduty", acknowledged(), webhook("w3"))).body.message).toBe(
      "stored; incident.acknowledged is not acted on",
    );
    expect(rig.opened).toHaveLength(1);
    expect(rig.counted).toEqual(["pagerduty:stored", "pagerduty:duplicate", "pagerduty:ignored"]);
  });

  it("a junk event is a 400 with one line; a database that cannot write is a 503 and the retry is taken", async () => {
    const rig = alertRig();
    const junk = await rig.deliver(
      "pagerduty",
      { event: { id: "e1", event_type: "incident.triggered" } },
      webhook("w9"),
    );
    expect(junk).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/^not a PagerDuty V3 webhook: event\.occurred_at: /) },
    });
    rig.db.pragma("query_only = ON");
    expect((await rig.deliver("pagerduty", triggered(), webhook("w1"))).status).toBe(503);
    rig.db.pragma("query_only = OFF");
    expect((await rig.deliver("pagerduty", triggered(), webhook("w1"))).body.message).toBe("stored");
    expect(rig.opened).toHaveLength(1);
  });
});
