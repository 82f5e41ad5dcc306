// After a restart: Alertmanager's own list of active alerts (GET /api/v2/alerts, served here by a local
// fake) resolves what nocbot stored as firing and Alertmanager no longer has, so that no incident stays open
// because its resolved message was lost; groups left half-done are finished; an incident opened just
// before a stop gets its investigation.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { reconcileAlertmanager } from "../../src/alerts/reconcile.js";
import { alertFixture, alertRig } from "../helpers/alerts.js";

let server: Server | null = null;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A fake Alertmanager API answering GET /api/v2/alerts with these alerts (or this status). */
async function fakeAlertmanager(active: unknown[], status = 200): Promise<{ url: string; paths: string[] }> {
  const paths: string[] = [];
  server = createServer((req, res) => {
    paths.push(req.url ?? "");
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(active));
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths };
}

describe("reconciling with Alertmanager", () => {
  it("resolves stored firing alerts Alertmanager no longer has, and closes their incident", async () => {
    const rig = alertRig();
    const firing = alertFixture("alertmanager-firing");
    await rig.deliver("alertmanager", firing);
    const [still] = firing.alerts;
    const am = await fakeAlertmanager([
      {
        ...still,
        status: { state: "active", silencedBy: [], inhibitedBy: [] },
        receivers: [{ name: "nocbot" }],
        updatedAt: still?.startsAt,
      },
    ]);
    const deps = {
      store: rig.store,
      process: (g: Parameters<typeof rig.processor.process>[0]) => rig.processor.process(g),
      clock: rig.clock,
      log: rig.processorLog,
    };
    expect(await reconcileAlertmanager(am.url, deps)).toBe(1);
    expect(am.paths).toEqual(["/api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true"]);
    await rig.processor.idle();
    expect(rig.store.list({ limit: 10 }).map((a) => [a.fingerprint, a.status])).toEqual(
      expect.arrayContaining([
        [firing.alerts[0]?.fingerprint, "firing"],
        [firing.alerts[1]?.fingerprint, "resolved"],
      ]),
    );
    expect(rig.notes.map((n) => n.note.kind)).toEqual(["resolved"]);

    server?.close();
    const empty = await fakeAlertmanager([]);
    expect(await reconcileAlertmanager(empty.url, deps)).toBe(1);
    await rig.processor.idle();
    expect(rig.incidents.get("INC-1")?.status).toBe("resolved");
  });

  it("says why when Alertmanager cannot be asked, and changes nothing", async () => {
    const rig = alertRig();
    await rig.deliver("alertmanager", alertFixture("alertmanager-firing"));
    const am = await fakeAlertmanager([], 503);
    const deps = {
      store: rig.store,
      process: () => Promise.resolve(),
      clock: rig.clock,
      log: rig.processorLog,
    };
    expect(await reconcileAlertmanager(am.url, deps)).toBeNull();
    expect(rig.logs()).toContain("could not reconcile alerts with Alertmanager: HTTP 503");
    expect(rig.store.firing("alertmanager")).toHaveLength(2);
  });
});

describe("after a restart", () => {
  it("an incident whose investigation never started gets it; a group left half-done is finished", async () => {
    const rig = alertRig({ failInvestigate: 1 });
    await rig.deliver("alertmanager", alertFixture("alertmanager-firing"));
    expect(rig.opened).toHaveLength(1);
    expect(rig.logs()).toContain("could not open the alert's incident");
    await rig.processor.recover();
    expect(rig.opened.map((o) => o.incident.id)).toEqual(["INC-1", "INC-1"]);
    // A resolution stored but not acted on before a stop is acted on at the next start.
    rig.store.resolveMissing(1, "2026-11-24T09:10:00.000Z");
    rig.store.resolveMissing(2, "2026-11-24T09:11:00.000Z");
    await rig.processor.recover();
    expect(rig.notes.map((n) => n.note.kind)).toEqual(["resolved", "cleared"]);
    expect(rig.notes.at(-1)?.note).toMatchObject({ at: "2026-11-24T09:11:00.000Z" });
  });
});
