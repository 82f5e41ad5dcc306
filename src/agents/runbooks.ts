// The runbooks as the specialists meet them: the vocabulary a runbook is checked against (this team's
// specialists and their tools, the analyzer rules), and fetch_runbook, which hands a specialist its part
// of a runbook the library knows, and nothing else.
import { z } from "zod";
import { STATE_CHECKS } from "../analyzers/analyze.js";
import { CONFIG_RULES } from "../analyzers/rules/catalogue.js";
import type { ToolSpec } from "../llm/gateway.js";
import type { RunbookLibrary } from "../runbooks/library.js";
import { runbookPart } from "../runbooks/part.js";
import type { RunbookVocabulary } from "../runbooks/schema.js";
import { DEFAULT_TEAM } from "./registry.js";
import type { Team } from "./team.js";
import { NETWORK_TOOL_NAMES } from "./tools.js";

export function runbookVocabulary(team: Team = DEFAULT_TEAM): RunbookVocabulary {
  return {
    tools: NETWORK_TOOL_NAMES,
    specialists: Object.fromEntries(team.specialists.map((s) => [s.name, s.tools])),
    rules: [...CONFIG_RULES.map((r) => r.id), ...STATE_CHECKS.map((c) => c.id)],
  };
}

export const FETCH_RUNBOOK = "fetch_runbook";

/** The tool, for one specialist; absent when the library has no runbook in use. */
export function fetchRunbookTool(
  library: RunbookLibrary,
  agent: string,
  onFetch: (id: string) => void,
): ToolSpec | null {
  const ids = library.usable.map((r) => r.id);
  const [first, ...rest] = ids;
  if (first === undefined) return null;
  const Input = z.object({
    id: z.enum([first, ...rest]).describe("A runbook id from the plan or your task"),
  });
  return {
    name: FETCH_RUNBOOK,
    description:
      "Your part of one of the team's runbooks: its goal, the numbered checks for you, how to read them, what a fix looks like. Directions to check with your tools, not results.",
    input: Input,
    // Directions from the team, not something seen on the network: never citable as evidence.
    evidence: false,
    async run(raw) {
      const { id } = Input.parse(raw);
      const runbook = library.get(id);
      if (!runbook) throw new Error(`no runbook '${id}'`);
      onFetch(id);
      return runbookPart(runbook, agent);
    },
  };
}
