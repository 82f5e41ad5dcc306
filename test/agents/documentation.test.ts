// The rules-only report never presents a proposal that nocbot's checks refused as a fix to apply.
import { describe, expect, it } from "vitest";
import { documentation } from "../../src/agents/documentation.js";
import type { CheckedProposal, IncidentRecord } from "../../src/agents/incident.js";

const proposal = (id: string, check: CheckedProposal["check"]): CheckedProposal => ({
  id,
  agent: "config",
  device: "br-rtr1",
  lines: ["event manager applet FIX", " event none"],
  rationale: "reboot it",
  evidence: [],
  risk: "",
  check,
});

const incident = (proposals: CheckedProposal[]): IncidentRecord => ({
  id: "INC-1-R1",
  question: "branch latency",
  mode: "rules-only",
  started_at: "2026-11-24T09:00:00.000Z",
  steps: [],
  verdict: { fault: false, label: null, device: null, interface: null, confidence: 1, evidence: [] },
  verdict_source: "rules-only",
  synthesis: "[rules-only] nothing found",
  proposals,
  missing: [],
  runbooks: [],
});

describe("the template report's proposed changes", () => {
  it("says a refused proposal is not a fix, with why, and shows none of its lines", () => {
    const report = documentation.rulesOnly(
      incident([
        proposal("INC-1-R1-P1", {
          outcome: "refused",
          reason: "CHANGE-NOT-ALLOWED: 'event manager applet FIX'",
        }),
      ]),
    );
    expect(report).toContain(
      "INC-1-R1-P1 on br-rtr1 (config): refused by nocbot's checks, not a fix: CHANGE-NOT-ALLOWED",
    );
    expect(report).toContain("No change can be applied: nocbot's checks refused every proposed change");
    expect(report).not.toMatch(/^\s+event manager applet FIX$/m);
    expect(report).not.toContain("Review and approve or reject INC-1-R1-P1");
  });

  it("shows a staged proposal's lines and asks for a decision", () => {
    const report = documentation.rulesOnly(
      incident([proposal("INC-1-R1-P2", { outcome: "awaiting-approval", reason: null })]),
    );
    expect(report).toContain("Pending: the proposed changes below await human approval.");
    expect(report).toMatch(/^\s+event manager applet FIX$/m);
    expect(report).toContain("- [ ] Review and approve or reject INC-1-R1-P2 on br-rtr1");
  });
});
