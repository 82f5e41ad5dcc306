import { describe, expect, it } from "vitest";
import { SPECIALISTS } from "../../src/agents/registry.js";
import { keywordPlan, type Plan, validatePlan } from "../../src/supervisor/plan.js";
import { runSchedule } from "../../src/supervisor/scheduler.js";
import { ManualClock } from "../helpers/clock.js";

const agents = ["diagnosis", "config", "security", "performance", "documentation"];
const step = (id: string, agent: string, depends_on: string[] = []) => ({ id, agent, task: "t", depends_on });

describe("validatePlan", () => {
  it("accepts a DAG", () => {
    expect(validatePlan({ steps: [step("a", "diagnosis"), step("b", "config", ["a"])] }, agents)).toEqual([]);
  });
  it("names unknown agents, duplicate ids, self and dangling dependencies, and a cycle's path", () => {
    const plan: Plan = {
      steps: [
        step("a", "wizard", ["c"]),
        step("b", "config", ["b"]),
        step("c", "diagnosis", ["d"]),
        step("d", "security", ["c"]),
      ],
    };
    expect(validatePlan(plan, agents)).toEqual([
      "step 'a' names unknown agent 'wizard'; agents: diagnosis, config, security, performance, documentation",
      "step 'b' depends on itself",
      "the dependencies form a cycle: c -> d -> c",
    ]);
    expect(validatePlan({ steps: [step("a", "config", ["nope"])] }, agents)).toEqual([
      "step 'a' depends on 'nope', which is not a step",
    ]);
    expect(validatePlan({ steps: [step("a", "config"), step("a", "security")] }, agents)).toEqual([
      "step id 'a' is used twice",
    ]);
  });
});

describe("keywordPlan", () => {
  it("always diagnoses, adds specialists by keyword, and runs config after the others", () => {
    expect(keywordPlan("branch latency", SPECIALISTS).steps.map((s) => [s.agent, s.depends_on])).toEqual([
      ["diagnosis", []],
      ["performance", []],
      ["config", ["diagnosis", "performance"]],
    ]);
    expect(keywordPlan("ssh brute force on the edge?", SPECIALISTS).steps.map((s) => s.agent)).toEqual([
      "diagnosis",
      "security",
    ]);
    expect(
      validatePlan(keywordPlan("slow, dropping, snmp exposed, config change", SPECIALISTS), agents),
    ).toEqual([]);
  });
});

describe("runSchedule", () => {
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("starts a step when its dependencies settle, never more than the concurrency at once", async () => {
    const order: string[] = [];
    let running = 0;
    let peak = 0;
    const steps = [
      step("a", "x"),
      step("b", "x"),
      step("c", "x"),
      step("d", "x", ["a", "b"]),
      step("e", "x", ["d"]),
    ];
    const outcomes = await runSchedule<string>(steps, {
      concurrency: 2,
      timeoutMs: 1000,
      clock: new ManualClock(),
      classify: () => "failed",
      run: async (s) => {
        running += 1;
        peak = Math.max(peak, running);
        order.push(`start ${s.id}`);
        await wait(20);
        running -= 1;
        order.push(`end ${s.id}`);
        return s.id;
      },
    });
    expect(peak).toBe(2);
    expect(order.indexOf("start d")).toBeGreaterThan(
      Math.max(order.indexOf("end a"), order.indexOf("end b")),
    );
    expect(order.indexOf("start e")).toBeGreaterThan(order.indexOf("end d"));
    expect([...outcomes.values()].every((o) => o.status === "done")).toBe(true);
  });

  it("times out a hung step, aborts its signal, and still runs its dependents", async () => {
    let aborted = false;
    const clock = new ManualClock();
    const running = runSchedule<string>([step("hang", "x"), step("after", "x", ["hang"])], {
      concurrency: 2,
      timeoutMs: 50,
      clock,
      classify: (e) => ((e as Error).name === "StepTimeoutError" ? "timeout" : "failed"),
      run: (s, _settled, signal) => {
        if (s.id === "after") return Promise.resolve("ran");
        signal.addEventListener("abort", () => {
          aborted = true;
        });
        return new Promise<string>(() => {});
      },
    });
    // The timeout runs on the run's clock: nothing times out until that clock passes it.
    clock.advance(49);
    await Promise.resolve();
    expect(aborted).toBe(false);
    clock.advance(1);
    const outcomes = await running;
    expect(outcomes.get("hang")).toMatchObject({ status: "timeout" });
    expect(outcomes.get("after")).toEqual({ status: "done", value: "ran" });
    expect(aborted).toBe(true);
  });
});

describe("runSchedule across batches", () => {
  it("treats a dependency from an earlier batch as settled", async () => {
    const outcomes = await runSchedule<string>([step("late", "x", ["earlier"])], {
      concurrency: 1,
      timeoutMs: 1000,
      clock: new ManualClock(),
      classify: () => "failed",
      run: async () => "ok",
    });
    expect(outcomes.get("late")).toEqual({ status: "done", value: "ok" });
  });
});
