// nocbot alerts list | show: what monitoring delivered, from the database, as a table or the documented JSON.
import { describe, expect, it } from "vitest";
import { systemClock } from "../../src/clock.js";
import { AlertStore } from "../../src/store/alerts.js";
import { openDatabase } from "../../src/store/db.js";
import { cliOnFreshDb } from "../helpers/cli.js";

const cli = cliOnFreshDb("alerts");
const env = cli.env;
const run = (...argv: string[]) => cli.run(argv);

describe("nocbot alerts", () => {
  it("lists and shows stored alerts, and says so when there are none", async () => {
    expect((await run("alerts", "list")).stdout).toContain("No alerts in");
    const db = openDatabase(env.NOC_DB_PATH);
    new AlertStore(db, systemClock).record(
      {
        source: "alertmanager",
        deliveryKey: null,
        groupKey: "g1",
        status: "firing",
        truncated: 0,
        ignored: null,
        alerts: [
          {
            fingerprint: "fp1",
            startsAt: "2026-11-24T08:00:00Z",
            status: "firing",
            endsAt: null,
            name: "InterfaceDown",
            severity: "critical",
            labels: { alertname: "InterfaceDown", instance: "br-rtr1:9116", ifName: "Gi0/0" },
            annotations: { summary: "Gi0/0 is down" },
            generatorUrl: null,
          },
        ],
      },
      () => ({ device: "br-rtr1", interface: "Gi0/0" }),
    );
    db.close();
    const list = await run("alerts", "list");
    expect(list.stdout).toMatch(
      /^1\s+firing\s+alertmanager\s+2026-11-24 08:00\s+-\s+InterfaceDown \(critical\) on br-rtr1 Gi0\/0$/m,
    );
    expect(JSON.parse((await run("alerts", "list", "--json")).stdout)).toEqual([
      {
        id: 1,
        source: "alertmanager",
        fingerprint: "fp1",
        name: "InterfaceDown",
        severity: "critical",
        status: "firing",
        starts_at: "2026-11-24T08:00:00Z",
        ends_at: null,
        group_key: "g1",
        device: "br-rtr1",
        interface: "Gi0/0",
        incident_id: null,
      },
    ]);
    expect(JSON.parse((await run("alerts", "list", "--status", "resolved", "--json")).stdout)).toEqual([]);
    const show = await run("alerts", "show", "fp1");
    expect(show.stdout).toContain("alert 1: InterfaceDown · firing · from alertmanager · no incident");
    expect(show.stdout).toContain("  instance=br-rtr1:9116");
    expect(JSON.parse((await run("alerts", "show", "1", "--json")).stdout)).toMatchObject({
      id: 1,
      labels: { ifName: "Gi0/0" },
      annotations: { summary: "Gi0/0 is down" },
    });
    expect((await run("alerts", "show", "nope")).code).toBe(1);
    expect((await run("alerts", "list", "--status", "open")).code).toBe(2);
    expect((await run("alerts", "frob")).code).toBe(2);
  });
});
