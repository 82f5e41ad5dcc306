import { describe, expect, it } from "vitest";
import { CONFIG_RULES, runConfigRules } from "../../src/analyzers/rules/catalogue.js";
import { deviceContext } from "../../src/analyzers/rules/rule.js";
import { mergeConfig } from "../../src/network/ios/merge.js";
import { type Change, cleanRouter, RULE_CASES } from "./rule-cases.js";

// Both routers, with the change merged in, joined by their Gi0/0 whatever their addressing says.
function findingsFor(change: Change) {
  const devices = ([1, 2] as const).map((n) => {
    const lines = n === 1 ? change.r1 : change.r2;
    return deviceContext(`r${n}`, lines ? mergeConfig(cleanRouter(n), lines) : cleanRouter(n));
  });
  const link = { device: "r1", iface: "GigabitEthernet0/0" };
  return runConfigRules({ devices, links: [[link, { ...link, device: "r2" }]] });
}

describe("config rule catalogue", () => {
  it("has at least 30 rules with unique, stable-looking ids in all three groups", () => {
    const ids = CONFIG_RULES.map((r) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(30);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(SEC|PERF|ROUTE|XDEV)-[A-Z0-9-]+$/);
    expect(new Set(CONFIG_RULES.map((r) => r.category))).toEqual(
      new Set(["security", "performance", "routing"]),
    );
  });

  it("has a positive and a negative case for every rule", () => {
    expect(Object.keys(RULE_CASES).sort()).toEqual(CONFIG_RULES.map((r) => r.id).sort());
  });

  it("finds nothing at all in the clean pair", () => {
    expect(findingsFor({}).map((f) => `${f.rule} ${f.device}:${f.line} ${f.message}`)).toEqual([]);
  });

  describe.each(CONFIG_RULES.map((r) => [r.id, r] as const))("%s", (id, rule) => {
    const cases = RULE_CASES[id];
    it("fires on its positive case, with a line, an explanation and a severity", () => {
      const hits = findingsFor(cases?.positive ?? {}).filter((f) => f.rule === id);
      expect(hits.length).toBeGreaterThan(0);
      for (const hit of hits) {
        expect(hit.message.length).toBeGreaterThan(20);
        expect(hit.category).toBe(rule.category);
        expect(hit.line === null || hit.line > 0).toBe(true);
      }
    });
    it("stays quiet on its negative case", () => {
      expect(findingsFor(cases?.negative ?? {}).filter((f) => f.rule === id)).toEqual([]);
    });
    it("offers remediation that clears the finding when there is one", () => {
      const change = cases?.positive ?? {};
      for (const hit of findingsFor(change).filter((f) => f.rule === id && f.remediation.length > 0)) {
        const key = hit.device === "r2" ? "r2" : "r1";
        const fixed: Change = { ...change, [key]: [...(change[key] ?? []), ...hit.remediation] };
        const again = findingsFor(fixed).filter(
          (f) => f.rule === id && f.device === hit.device && f.interface === hit.interface,
        );
        expect(again, `remediation ${JSON.stringify(hit.remediation)}`).toEqual([]);
      }
    });
  });
});
