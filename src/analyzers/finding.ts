// What every analyzer produces: a finding that names its rule, where it is, why it matters, how to fix it,
// and (optionally) which root causes it points to and how strongly.
import { z } from "zod";
import { RootCauseLabelSchema } from "../network/root-causes.js";

export const SEVERITIES = ["info", "low", "medium", "high", "critical"] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

export const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity);

export const CategorySchema = z.enum(["security", "performance", "routing", "state"]);
export type Category = z.infer<typeof CategorySchema>;

export const HypothesisSchema = z.object({
  label: RootCauseLabelSchema,
  device: z.string(),
  interface: z.string().nullable(),
  /** How strongly this one finding, alone, points to the cause (0..1); findings combine by noisy-OR. */
  weight: z.number().min(0).max(1),
});
export type Hypothesis = z.infer<typeof HypothesisSchema>;

export const FindingSchema = z.object({
  id: z.string(),
  rule: z.string(),
  category: CategorySchema,
  severity: SeveritySchema,
  title: z.string(),
  device: z.string().nullable(),
  interface: z.string().nullable(),
  line: z.number().int().positive().nullable(),
  message: z.string(),
  remediation: z.array(z.string()),
  hypotheses: z.array(HypothesisSchema),
});
export type Finding = z.infer<typeof FindingSchema>;
