// Tool names are a closed union derived from the tool definitions: a specialist cannot list a tool that
// does not exist (a typo used to drop the tool silently).
import { describe, expect, it } from "vitest";
import { DEFAULT_TEAM } from "../../src/agents/registry.js";
import type { Specialist } from "../../src/agents/specialist.js";
import { NETWORK_TOOL_NAMES, type NetworkToolName, networkTools } from "../../src/agents/tools.js";
import { labIn } from "../helpers/lab.js";
import { noAnalysis } from "../helpers/run.js";

describe("network tools", () => {
  it("every tool a specialist lists exists, and each specialist gets exactly the tools it lists", () => {
    const { network } = labIn("wan-primary-down");
    const ctx = { network, analysis: noAnalysis, now: new Date() };
    for (const specialist of DEFAULT_TEAM.specialists) {
      expect(
        specialist.tools.filter((name) => !NETWORK_TOOL_NAMES.includes(name)),
        specialist.name,
      ).toEqual([]);
      const offered = networkTools(ctx, specialist.tools).map((t) => t.name);
      expect([...offered].sort(), specialist.name).toEqual([...new Set(specialist.tools)].sort());
      // In the definitions' order, whatever the specialist's: the tool list is part of the cached prefix.
      expect(offered).toEqual(NETWORK_TOOL_NAMES.filter((name) => offered.includes(name)));
    }
  });

  it("a misspelt tool name does not compile", () => {
    // @ts-expect-error "get_confg" is not a network tool
    const typo: NetworkToolName = "get_confg";
    const specialist: Pick<Specialist, "tools"> = {
      // @ts-expect-error a specialist can only list network tools
      tools: ["list_devices", "get_confg"],
    };
    expect(NETWORK_TOOL_NAMES).not.toContain(typo);
    expect(specialist.tools).toHaveLength(2);
  });

  it("has no tool that changes a device", () => {
    for (const name of NETWORK_TOOL_NAMES)
      expect(name).not.toMatch(/stage|commit|confirm|rollback|discard|write|set_|apply/);
  });
});
