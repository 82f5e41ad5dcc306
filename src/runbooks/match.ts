// Which runbooks fit an incident, decided without a model: points for the alert's name and labels, for the
// root causes the analyzers rank (weighted by their confidence), for the devices involved and for keywords
// in the question. Every point comes with its reason, so an author can see why a runbook did or did not
// match (`nocbot runbooks match`).
import { z } from "zod";
import { escapeRegex } from "../regex.js";
import { globMatches } from "./glob.js";
import type { Runbook } from "./schema.js";

export const POINTS = {
  alert: 4,
  /** Per label selector, when all of the runbook's selectors match. */
  label: 1,
  /** Times the candidate's confidence. */
  rootCause: 5,
  device: 1,
  keyword: 1,
} as const;
const MAX_KEYWORD_POINTS = 3;
/** Below this a runbook does not count as a match: one keyword or one device alone is not enough. */
export const MIN_SCORE = 2;
/** How many matches a run records and shows. */
export const TOP_MATCHES = 3;
/** The ranked root causes a runbook's root_causes are compared with. */
const CANDIDATES_CONSIDERED = 3;

export interface MatchAlert {
  name: string;
  labels: Readonly<Record<string, string>>;
}

export interface MatchInput {
  /** The question, and whatever text came with it (an alert's summary). */
  text: string;
  alert?: MatchAlert | null;
  /** The rules-only ranking, best first. */
  candidates?: ReadonlyArray<{ label: string; device: string; interface: string | null; confidence: number }>;
  /** Devices the incident names (in its question, or mapped from the alert). */
  devices?: readonly string[];
}

export const RunbookMatchSchema = z.object({
  id: z.string(),
  score: z.number(),
  reasons: z.array(z.string()),
});
export type RunbookMatch = z.infer<typeof RunbookMatchSchema>;

const round = (n: number) => Math.round(n * 100) / 100;

const mentions = (text: string, keyword: string) =>
  new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegex(keyword)}`, "iu").test(text);

export function scoreRunbook(runbook: Runbook, input: MatchInput): RunbookMatch {
  const reasons: string[] = [];
  let score = 0;
  const { match } = runbook;
  const alert = input.alert ?? null;
  if (alert) {
    const glob = match.alerts.find((g) => globMatches(g, alert.name));
    if (glob) {
      score += POINTS.alert;
      reasons.push(`alert ${alert.name} matches '${glob}'`);
    }
    const selectors = Object.entries(match.labels);
    if (selectors.length > 0 && selectors.every(([k, g]) => globMatches(g, alert.labels[k] ?? ""))) {
      score += POINTS.label * selectors.length;
      reasons.push(`labels ${selectors.map(([k, g]) => `${k}=${g}`).join(", ")}`);
    }
  }
  const candidates = (input.candidates ?? []).slice(0, CANDIDATES_CONSIDERED);
  const cause = candidates.find((c) => (match.root_causes as readonly string[]).includes(c.label));
  if (cause && cause.confidence > 0) {
    score += POINTS.rootCause * cause.confidence;
    reasons.push(
      `root cause ${cause.label} on ${cause.device}${cause.interface ? ` ${cause.interface}` : ""} (confidence ${cause.confidence.toFixed(2)})`,
    );
  }
  const devices = [...(input.devices ?? []), ...(cause ? [cause.device] : [])];
  const device = devices.find((d) => match.devices.some((g) => globMatches(g, d)));
  if (device) {
    score += POINTS.device;
    reasons.push(`device ${device} matches '${match.devices.find((g) => globMatches(g, device))}'`);
  }
  const words = match.keywords.filter((k) => mentions(input.text, k)).slice(0, MAX_KEYWORD_POINTS);
  if (words.length > 0) {
    score += POINTS.keyword * words.length;
    reasons.push(`keyword${words.length > 1 ? "s" : ""} ${words.map((w) => `'${w}'`).join(", ")}`);
  }
  return { id: runbook.id, score: round(score), reasons };
}

/** The runbooks that match, best first (ties by id), at most `limit`. Drafts never match. */
export function matchRunbooks(
  runbooks: readonly Runbook[],
  input: MatchInput,
  limit = TOP_MATCHES,
): RunbookMatch[] {
  return runbooks
    .filter((r) => !r.draft)
    .map((r) => scoreRunbook(r, input))
    .filter((m) => m.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
    .slice(0, limit);
}
