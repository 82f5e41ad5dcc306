// What every specialist returns, in both modes: a summary, findings that cite evidence, and proposed
// config changes. The same schema is the model's structured output and the rules-only result.
import { z } from "zod";
import { SeveritySchema } from "../analyzers/finding.js";
import { CheckReportSchema } from "../runbooks/outcome.js";

export const SpecialistFindingSchema = z.object({
  title: z.string().min(1).max(300),
  severity: SeveritySchema,
  confidence: z.number().min(0).max(1),
  device: z.string().nullable(),
  interface: z.string().nullable(),
  evidence: z
    .array(z.string())
    .describe("Ids of the tool calls ([evidence ...]) or analyzer findings this rests on"),
});
export type SpecialistFinding = z.infer<typeof SpecialistFindingSchema>;

export const ProposalSchema = z.object({
  device: z.string(),
  lines: z
    .array(z.string())
    .min(1)
    .describe("Config-mode lines, IOS syntax, sub-commands indented by one space"),
  rationale: z.string(),
  evidence: z
    .array(z.string())
    .describe("Ids of the tool calls and analyzer findings that show this change is needed"),
  risk: z.string().describe("What could break when this is applied, and how it would show"),
});
export type Proposal = z.infer<typeof ProposalSchema>;

export const SpecialistResultSchema = z.object({
  summary: z.string().min(1).max(4000),
  findings: z.array(SpecialistFindingSchema).max(20),
  proposals: z.array(ProposalSchema).max(5),
  runbook_checks: z
    .array(CheckReportSchema)
    .max(40)
    .optional()
    .describe("Each numbered check of every runbook you fetched: done (with evidence) or not-done (why)"),
});
export type SpecialistResult = z.infer<typeof SpecialistResultSchema>;
