// The runbooks a command works with: the shipped ones, then the team's (NOC_RUNBOOK_DIRS, later ones
// overriding earlier ones by id), checked against this nocbot's specialists, tools and analyzer rules.
import { runbookVocabulary } from "../agents/runbooks.js";
import type { AppConfig } from "../config.js";
import { type Loaded, loadRunbooks, SHIPPED_RUNBOOKS_DIR } from "../runbooks/library.js";

export const runbookDirs = (config: AppConfig): string[] => [
  SHIPPED_RUNBOOKS_DIR,
  ...config.NOC_RUNBOOK_DIRS,
];

export function openRunbooks(dirs: readonly string[], now: Date): Loaded {
  return loadRunbooks(dirs, runbookVocabulary(), now);
}
