import { describe, expect, it } from "vitest";
import { parseNocCommand } from "../../src/slack/command.js";

describe("parseNocCommand", () => {
  it("reads the subcommands", () => {
    expect(parseNocCommand("investigate branch latency")).toEqual({
      kind: "investigate",
      text: "branch latency",
    });
    expect(parseNocCommand("  INVESTIGATE   the WAN  ")).toEqual({ kind: "investigate", text: "the WAN" });
    expect(parseNocCommand("branch latency since 9am")).toEqual({
      kind: "investigate",
      text: "branch latency since 9am",
    });
    expect(parseNocCommand("status")).toEqual({ kind: "status", incidentId: null });
    expect(parseNocCommand("status inc-7")).toEqual({ kind: "status", incidentId: "INC-7" });
    expect(parseNocCommand("history bgp flap")).toEqual({ kind: "history", query: "bgp flap" });
    expect(parseNocCommand("history")).toEqual({ kind: "history", query: null });
    expect(parseNocCommand("help")).toEqual({ kind: "help", problem: null });
  });

  it("answers the empty, the misspelt and the unknown with help that says why", () => {
    expect(parseNocCommand("")).toMatchObject({ kind: "help", problem: "Say what to investigate." });
    expect(parseNocCommand("investigate")).toMatchObject({
      kind: "help",
      problem: expect.stringContaining("needs a description"),
    });
    expect(parseNocCommand("status of the wan")).toMatchObject({
      kind: "help",
      problem: expect.stringContaining("takes an incident id"),
    });
    expect(parseNocCommand("histroy bgp")).toMatchObject({
      kind: "help",
      problem: expect.stringContaining("did you mean `history`"),
    });
    expect(parseNocCommand("outage")).toMatchObject({
      kind: "help",
      problem: expect.stringContaining("/noc investigate outage"),
    });
  });
});
