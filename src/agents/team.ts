// The team a supervisor routes to: the specialists and the writer of the report. The registry holds the
// default team; a caller (a test, a deployment with a specialist of its own) can hand the supervisor another.
import type { ReportWriter } from "./documentation.js";
import type { Specialist } from "./specialist.js";

export interface Team {
  specialists: readonly Specialist[];
  documentation: ReportWriter;
}

export function specialistIn(team: Team, name: string): Specialist | undefined {
  return team.specialists.find((s) => s.name === name);
}

/** Every agent a plan may name: the specialists, and the documentation writer. */
export function agentNames(team: Team): string[] {
  return [...team.specialists.map((s) => s.name), team.documentation.name];
}
