// What every step of an investigation shares: the request, the team, the run's clock and event stream,
// and the list of what the answer lacks, kept in the order it was found out.
import type { Team } from "../agents/team.js";
import type { MatchAlert } from "../runbooks/match.js";
import type { RunEvent } from "./events.js";
import type { RunLimits } from "./run-specialist.js";
import type { RunRunbooks } from "./steps/runbooks.js";

export interface InvestigationRequest {
  runId: string;
  question: string;
  /** What is already known (an earlier run of the same incident, similar past incidents). */
  background?: string[];
  /** The alert that started the incident, when one did: runbooks match on its name and labels. */
  alert?: MatchAlert | null;
}

export interface SupervisorLimits extends RunLimits {
  concurrency: number;
  stepTimeoutMs: number;
  replanRounds: number;
}

export const DEFAULT_LIMITS: SupervisorLimits = {
  concurrency: 4,
  stepTimeoutMs: 120_000,
  replanRounds: 2,
  maxTurns: 6,
  maxToolCalls: 16,
  maxResultChars: 6000,
  consultDepth: 2,
  consultTimeoutMs: 60_000,
};

export interface RunContext {
  request: InvestigationRequest;
  team: Team;
  /** The run clock's time, as the events carry it. */
  at(): string;
  emit(event: RunEvent): void;
  /** What the answer lacks (failed steps, a spent budget); steps add to it as they find out. */
  missing: string[];
  /** The team's runbooks: what matched, who fetched what. */
  runbooks: RunRunbooks;
}
