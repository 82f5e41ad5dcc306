// End to end through the running app: an Alertmanager delivery for a lab scenario opens an incident in the
// channel, the investigation finds the scenario's root cause rules-only and cites the matched runbook, and
// the resolved deliveries close it; a redelivery changes nothing.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { conversationText, FakeAnthropic, type RecordedRequest } from "../fakes/anthropic.js";
import { type FakeMessage, FakeSlack, shownText } from "../fakes/slack.js";
import { specialistOf, teamScript } from "../fakes/team-script.js";
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

describe("an alert with the model", () => {
  it("gives the model the alert's labels, annotations and PromQL as background, and runbooks matched on the alert", async () => {
    const anthropic = await new FakeAnthropic(teamScript()).start();
    const withModel = await startNocbot({
      slack,
      anthropic,
      env: { NOC_ALERT_TOKEN: ALERT_TOKEN, NOC_ALERT_CHANNEL: CHANNEL },
    });
    try {
      const url = withModel.events.replace(/\/slack\/events$/, "");
      expect((await postAlert(url, "alertmanager", alertFixture("alertmanager-firing"))).status).toBe(200);
      await withModel.settle();
      const text = (r: RecordedRequest) => conversationText(r.body);
      const plan = anthropic.requests.map(text).find((t) => t.includes("Plan the investigation")) ?? "";
      expect(plan).toContain("Incident: Alert InterfaceDown (critical) on br-rtr1 GigabitEthernet0/0");
      expect(plan).toMatch(
        /Already known:\n- alert InterfaceDown from alertmanager \(firing, severity critical, since 2026-11-24T08:58:01.123456789Z\): labels alertname=InterfaceDown, instance=br-rtr1:9116, .*ifName=GigabitEthernet0\/0.*; annotations summary="Interface GigabitEthernet0\/0 on br-rtr1 is down"; .*; query: ifOperStatus\{job="snmp"\} == 2/,
      );
      expect(plan).toMatch(/- wan-link-down: .*\(fits: alert InterfaceDown matches 'InterfaceDown'/);
      const step = anthropic.requests.filter((r) => specialistOf(r) === "diagnosis").map(text)[0] ?? "";
      expect(step).toContain(
        "What the steps you build on concluded:\n- alert InterfaceDown from alertmanager",
      );
      expect(withModel.core.store.get("INC-1")?.report).toContain("Runbook: wan-link-down");
    } finally {
      await withModel.stop();
      await anthropic.stop();
    }
  });
});
