const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** A duration as operators write them: a number and a unit, s, m, h or d. */
export const DURATION = /^(\d+(?:\.\d+)?)(s|m|h|d)$/;

/** "90s", "15m", "3h", "41d" to seconds (the caller has already checked the form). */
export function durationSeconds(text: string): number {
  const match = DURATION.exec(text);
  if (!match) throw new Error(`invalid duration '${text}'`);
  return Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
}
