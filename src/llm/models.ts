// Which model each role uses. Defaults are current models; a model the SDK has scheduled for end-of-life
// is refused at start, because the SDK would warn on every single call.
export const MODEL_ROLES = ["supervisor", "specialist", "documentation"] as const;
export type ModelRole = (typeof MODEL_ROLES)[number];

export const DEFAULT_MODELS: Record<ModelRole, string> = {
  supervisor: "claude-sonnet-5-5",
  specialist: "claude-sonnet-5-5",
  documentation: "claude-haiku-5-5",
};

/** Models with an announced end-of-life (SDK deprecation table, read 2026-11-24). */
export const DEPRECATED_MODELS: Record<string, string> = {
  "claude-mythos-preview": "2026-06-30",
  "claude-sonnet-4-5": "2026-11-30",
  "claude-sonnet-4-5-20250929": "2026-11-30",
  "claude-opus-4-5": "2027-01-22",
  "claude-opus-4-5-20251101": "2027-01-22",
};

export interface ModelChoice {
  supervisor: string;
  specialist: string;
  documentation: string;
}

const VARIABLE: Record<ModelRole, string> = {
  supervisor: "NOC_MODEL_SUPERVISOR",
  specialist: "NOC_MODEL_SPECIALIST",
  documentation: "NOC_MODEL_DOCUMENTATION",
};

/** The model per role, or one problem line per role whose model is past or near its end of life. */
export function chooseModels(
  overrides: Partial<Record<ModelRole, string | undefined>>,
): ModelChoice | string[] {
  const choice = { ...DEFAULT_MODELS };
  const problems: string[] = [];
  for (const role of MODEL_ROLES) {
    const model = overrides[role] ?? DEFAULT_MODELS[role];
    const endOfLife = DEPRECATED_MODELS[model];
    if (endOfLife)
      problems.push(
        `${VARIABLE[role]}: model '${model}' reaches end-of-life on ${endOfLife}; pick a current one such as ${DEFAULT_MODELS[role]}`,
      );
    choice[role] = model;
  }
  return problems.length > 0 ? problems : choice;
}
