// The structured incident: what the documentation specialist writes its report from, and what the
// supervisor assembles. Shapes here are shared by every consumer of a run.
import { z } from "zod";
import { RootCauseLabelSchema } from "../network/root-causes.js";
import type { RunbookUse } from "../runbooks/outcome.js";
import { ProposalSchema, SpecialistFindingSchema } from "./result.js";

export const VerdictSchema = z.object({
  fault: z.boolean().describe("Whether a fault was found at all"),
  label: z
    .union([RootCauseLabelSchema, z.literal("other")])
    .nullable()
    .describe("Root-cause label from the closed set, 'other', or null when no fault"),
  device: z.string().nullable(),
  interface: z.string().nullable(),
  confidence: z.number().min(0).max(1),
  evidence: z.array(z.string()).describe("Ids of the tool calls and analyzer findings the verdict rests on"),
});
export type Verdict = z.infer<typeof VerdictSchema>;

export const StepStatusSchema = z.enum(["done", "failed", "timeout", "budget", "skipped"]);
export type StepStatus = z.infer<typeof StepStatusSchema>;

export const StepRecordSchema = z.object({
  id: z.string(),
  agent: z.string(),
  task: z.string(),
  status: StepStatusSchema,
  summary: z.string(),
  findings: z.array(SpecialistFindingSchema),
  error: z.string().nullable(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
});
export type StepRecord = z.infer<typeof StepRecordSchema>;

export const ProposalRecordSchema = ProposalSchema.extend({ id: z.string(), agent: z.string() });
export type ProposalRecord = z.infer<typeof ProposalRecordSchema>;

/**
 * What the change workflow made of a proposal before the report: staged for a person, refused (by the
 * checks, or because the device could not be staged), or not checked at all (the check broke).
 */
export interface ProposalCheck {
  outcome: "awaiting-approval" | "refused" | "unchecked";
  reason: string | null;
}

/** A proposal as the report sees it; `check` is null where no change workflow was asked (a bare run). */
export type CheckedProposal = ProposalRecord & { check: ProposalCheck | null };

export interface IncidentRecord {
  id: string;
  question: string;
  mode: "llm" | "rules-only";
  started_at: string;
  steps: StepRecord[];
  verdict: Verdict;
  verdict_source: "model" | "rules-only";
  synthesis: string;
  proposals: CheckedProposal[];
  /** What the answer lacks: specialists that failed or timed out, a spent budget. */
  missing: string[];
  /** The runbooks used, check by check. */
  runbooks: RunbookUse[];
}
