// End to end on the real SDK against the fake Messages API: plan, parallel steps, consult, verdict,
// report, usage; and redaction of every lab secret from every request.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunEvent, RunEventBus } from "../../src/supervisor/events.js";
import { investigate } from "../../src/supervisor/supervisor.js";
import { conversationText, FakeAnthropic } from "../fakes/anthropic.js";
import { teamScript } from "../fakes/team-script.js";
import { defaultLab, redactedLabIn } from "../helpers/lab.js";
import { gatewayFor } from "../helpers/llm.js";

let fake: FakeAnthropic;
beforeEach(async () => {
  fake = await new FakeAnthropic(teamScript()).start();
});
afterEach(async () => {
  await fake.stop();
});

async function run(question = "branch latency", scenario = "wan-primary-down", limits = {}) {
  // As every command runs it: the network behind the secrets boundary, its vault the gateway's second line.
  const { network, clock, vault } = redactedLabIn(scenario);
  const bus = new RunEventBus();
  const events: RunEvent[] = [];
  bus.on((e) => events.push(e));
  const gateway = gatewayFor(fake, { redactor: vault });
  const result = await investigate({ runId: "INC-1", question }, { network, gateway, clock, bus, limits });
  return { result, events, gateway, network };
}

describe("an investigation with the model", () => {
  it("plans, runs specialists in parallel, consults, gives a verdict and a report, and counts usage", async () => {
    fake.script = teamScript({
      latency: () => 40,
      specialists: {
        diagnosis: { consult: { agent: "performance", question: "is the backup link saturated?" } },
      },
    });
    const { result, events } = await run();

    expect(result.mode).toBe("llm");
    const types = events.map((e) => e.type);
    expect(types[0]).toBe("run.started");
    expect(types.indexOf("plan.ready")).toBeLessThan(types.indexOf("step.started"));
    expect(types.at(-1)).toBe("run.finished");
    expect(result.plan.steps.map((s) => s.agent)).toEqual(["diagnosis", "performance", "security", "config"]);

    // Two independent steps were in flight at once: both started before either finished.
    const started = (id: string) => events.findIndex((e) => e.type === "step.started" && e.stepId === id);
    const finished = (id: string) => events.findIndex((e) => e.type === "step.finished" && e.stepId === id);
    expect(Math.max(started("diag"), started("perf"), started("sec"))).toBeLessThan(
      Math.min(finished("diag"), finished("perf"), finished("sec")),
    );
    expect(fake.maxInFlight).toBeGreaterThanOrEqual(2);
    // config waited for what it depends on.
    expect(started("cfg")).toBeGreaterThan(Math.max(finished("diag"), finished("perf")));

    // The consult went through the supervisor: a performance specialist answered inside the diagnosis step.
    const consultAsked = fake.requests.find(
      (r) =>
        r.body.system?.[0]?.text.includes("nocbot performance specialist") &&
        conversationText(r.body).includes("diagnosis asks: is the backup link saturated?"),
    );
    expect(consultAsked).toBeDefined();
    expect(events).toContainEqual(
      expect.objectContaining({ type: "step.progress", stepId: "diag", message: "consult" }),
    );

    expect(result.verdict).toMatchObject({
      fault: true,
      label: "link-down",
      device: "br-rtr1",
      interface: "GigabitEthernet0/0",
    });
    expect(result.verdict_source).toBe("model");
    expect(result.proposals).toEqual([
      expect.objectContaining({ id: "INC-1-P1", device: "br-rtr1", agent: "config" }),
    ]);
    expect(result.report).toContain("# Incident report");
    expect(events).toContainEqual(expect.objectContaining({ type: "report.ready" }));

    // Findings cite the evidence ids of the tool calls they came from.
    const diag = result.steps.find((s) => s.id === "diag");
    expect(diag?.findings[0]?.evidence).toEqual(expect.arrayContaining(["diag.t1"]));

    // Usage: every model call is in the ledger, and the totals add up to what the fake reported.
    expect(result.usage.model_calls).toBe(fake.requests.length);
    expect(result.usage.input_tokens).toBe(100 * fake.requests.length);
    expect(result.usage.output_tokens).toBe(50 * fake.requests.length);
    expect(result.usage.cost_usd).toBeGreaterThan(0);
  });

  it("caches the stable prefix and sends the real SDK's headers", async () => {
    await run();
    const specialistCall = fake.requests.find((r) => r.body.tools && r.body.tools.length > 0);
    expect(specialistCall?.body.system?.[0]?.cache_control).toEqual({ type: "ephemeral" });
    expect(specialistCall?.body.tools?.at(-1)?.cache_control).toEqual({ type: "ephemeral" });
    const h = specialistCall?.headers;
    expect(h?.["x-api-key"] ?? h?.authorization?.replace(/^Bearer /, "")).toBe("test-key");
    expect(specialistCall?.headers["anthropic-version"]).toBeDefined();
    expect(specialistCall?.body.output_config?.format?.type).toBe("json_schema");
    expect(
      fake.requests.every((r) => r.body.tool_choice?.type !== "any" && r.body.tool_choice?.type !== "tool"),
    ).toBe(true);
  });

  it("sends no secret of any lab device in any request", async () => {
    fake.script = teamScript({
      specialists: {
        config: {
          tools: Object.keys(defaultLab().devices).map((device) => ({
            name: "get_config",
            input: { device },
          })),
        },
        security: {
          tools: Object.keys(defaultLab().devices).map((device) => ({ name: "get_snmp", input: { device } })),
        },
      },
    });
    await run("is the snmp community exposed? check every config", "snmp-public-rw");
    const secrets = new Set<string>();
    for (const device of Object.values(defaultLab().devices)) {
      for (const m of device.config.matchAll(/(?:secret|password|md5) (?:\d+ )?(\S+)$/gm))
        secrets.add(m[1] as string);
      for (const m of device.config.matchAll(/^snmp-server community (\S+)/gm)) secrets.add(m[1] as string);
    }
    secrets.add("104D000A061843595F");
    // `public` is no secret: it is the finding itself, and stays readable.
    secrets.delete("public");
    expect(secrets.size).toBeGreaterThan(8);
    const sent = fake.requests.map((r) => r.raw).join("\n");
    expect(sent).toContain("get_config");
    expect(sent).toMatch(/snmp-server community <redacted:[0-9a-f]{10}> RO MGMT-ONLY/);
    expect(sent).toContain("snmp-server community public RW");
    for (const secret of secrets) expect(sent, `secret ${secret} leaked`).not.toContain(secret);
  });
});
