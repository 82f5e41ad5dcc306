// End to end through the running app: an Alertmanager delivery for a lab scenario opens an incident in the
// channel, the investigation finds the scenario's root cause rules-only and cites the matched runbook, and
// the resolved deliveries close it; a redelivery changes nothing.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeMessage, FakeSlack, shownText } from "../fakes/slack.js";
import { ALERT_TOKEN, alertFixture, CHANNEL, postAlert, resolving } from "../helpers/alerts.js";
import { startNocbot, type TestNocbot } from "../helpers/nocbot.js";

let slack: FakeSlack;
let nocbot: TestNocbot;
let base: string;

beforeEach(async () => {
  slack = await new FakeSlack().start();
  nocbot = await startNocbot({
    slack,
    scenario: "wan-primary-down",
    env: { NOC_ALERT_TOKEN: ALERT_TOKEN, NOC_ALERT_CHANNEL: CHANNEL },
  });
  base = nocbot.events.replace(/\/slack\/events$/, "");
});
afterEach(async () => {
  await nocbot.stop();
  await slack.stop();
});

const last = (m: FakeMessage) => shownText(m.versions.at(-1) ?? m);

describe("an Alertmanager alert, end to end", () => {
  it("opens an incident, finds the root cause rules-only, cites the runbook, and closes when resolved", async () => {
    const firing = alertFixture("alertmanager-firing");
    const ack = await postAlert(base, "alertmanager", firing);
    expect(ack).toEqual({ status: 200, body: { ok: true, message: "stored", alerts: 2 } });
    await nocbot.settle();

    const roots = slack.roots(CHANNEL);
    expect(roots).toHaveLength(1);
    const root = roots[0] as FakeMessage;
    expect(shownText(root.versions[0] ?? root)).toContain(
      "INC-1 · investigating: Alert InterfaceDown (critical) on br-rtr1 GigabitEthernet0/0: Interface GigabitEthernet0/0 on br-rtr1 is down (and 1 more alert in the group)",
    );
    expect(shownText(root.versions[0] ?? root)).toContain("requested by system:alerts");
    expect(last(root)).toContain("identified: link-down on br-rtr1 GigabitEthernet0/0");
    const incident = nocbot.core.store.get("INC-1");
    expect(incident).toMatchObject({
      requested_by: "system:alerts",
      verdict_label: "link-down",
      verdict_device: "br-rtr1",
    });
    expect(incident?.report).toContain("Runbook: wan-link-down");
    const [run] = nocbot.core.store.runs("INC-1");
    expect(run?.runbooks?.[0]).toMatchObject({
      id: "wan-link-down",
      reasons: expect.arrayContaining(["alert InterfaceDown matches 'InterfaceDown'"]),
    });

    // One alert resolves: said in the thread; the incident stays open.
    expect((await postAlert(base, "alertmanager", resolving(firing, [1]))).status).toBe(200);
    await nocbot.settle();
    const thread = () => slack.thread(CHANNEL, root.ts).map(last);
    expect(thread().some((t) => t.includes("*Resolved*") && t.includes("Tunnel100"))).toBe(true);
    expect(nocbot.core.store.get("INC-1")?.status).toBe("identified");

    // All resolved: the incident is resolved, its root says so, the report has the resolution.
    expect((await postAlert(base, "alertmanager", resolving(firing, [0, 1]))).status).toBe(200);
    await nocbot.settle();
    expect(thread().some((t) => t.includes("Resolved: every alert of this incident cleared"))).toBe(true);
    expect(last(root)).toContain("resolved: the alerts cleared");
    expect(nocbot.core.store.get("INC-1")).toMatchObject({
      status: "resolved",
      report: expect.stringContaining("## Resolution: the alerts cleared"),
    });
    // The fix proposed meanwhile is not withdrawn: it stays pending, with a question for whoever decides.
    const [proposal] = nocbot.core.proposals.forIncident("INC-1");
    expect(proposal).toMatchObject({
      status: "pending",
      note: expect.stringMatching(/^The alert cleared at .*: is this change still needed\?$/),
    });
    const message = slack
      .thread(CHANNEL, root.ts)
      .find((m) => last(m).includes(`Proposed change ${proposal?.id}`));
    expect(last(message as FakeMessage)).toContain("is this change still needed?");
    expect(last(message as FakeMessage)).toContain("noc_proposal_approve");

    // The first delivery again (a retry, an HA twin): nothing new.
    expect((await postAlert(base, "alertmanager", firing)).status).toBe(200);
    await nocbot.settle();
    expect(slack.roots(CHANNEL)).toHaveLength(1);
    expect(nocbot.alerts.store.list({ limit: 10 }).map((a) => a.status)).toEqual(["resolved", "resolved"]);
  });
});
