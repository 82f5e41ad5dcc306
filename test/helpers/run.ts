// One investigation's shared context for testing a supervisor step on its own: a manual clock, the events
// it emits, and the default team unless one is given.
import { DEFAULT_TEAM } from "../../src/agents/registry.js";
import type { Specialist } from "../../src/agents/specialist.js";
import type { Team } from "../../src/agents/team.js";
import type { Analysis } from "../../src/analyzers/analyze.js";
import { RunbookLibrary } from "../../src/runbooks/library.js";
import type { RunEvent } from "../../src/supervisor/events.js";
import type { RunContext } from "../../src/supervisor/run-context.js";
import { RunRunbooks } from "../../src/supervisor/steps/runbooks.js";
import { ManualClock } from "./clock.js";

export function testRun(
  options: {
    question?: string;
    background?: string[];
    team?: Team;
    clock?: ManualClock;
    runbooks?: RunbookLibrary;
  } = {},
) {
  const clock = options.clock ?? new ManualClock();
  const events: RunEvent[] = [];
  const run: RunContext = {
    request: {
      runId: "INC-3",
      question: options.question ?? "branch latency",
      ...(options.background ? { background: options.background } : {}),
    },
    team: options.team ?? DEFAULT_TEAM,
    at: () => clock.now().toISOString(),
    emit: (event) => events.push(event),
    missing: [],
    runbooks: new RunRunbooks(options.runbooks ?? RunbookLibrary.empty),
  };
  return { run, events, clock };
}

export const noAnalysis: Analysis = { findings: [], candidates: [] };

/** A specialist the registry does not have; rules-only it says what it was asked and told. */
export const wireless: Specialist = {
  name: "wireless",
  role: "Explains Wi-Fi trouble: AP reachability, client counts, channel utilisation.",
  keywords: /wi-?fi|wireless|ssid/i,
  tools: ["list_devices", "get_interfaces", "get_logs"],
  instructions: "Check the access points and their uplinks first.",
  owns: (finding) => finding.rule.startsWith("STATE-WLAN-"),
  rulesOnly: (input) => ({
    summary: `[rules-only] wireless: ${input.task} | context: ${input.context.join(" / ") || "none"}`,
    findings: [],
    proposals: [],
  }),
};

/** The default team's writer, the given specialists. */
export const teamOf = (...specialists: Specialist[]): Team => ({
  specialists,
  documentation: DEFAULT_TEAM.documentation,
});
