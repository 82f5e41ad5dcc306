// The runbooks nocbot knows: the ones it ships (runbooks/) and those in the directories a team names
// (NOC_RUNBOOK_DIRS), later directories overriding earlier ones id by id. A runbook with an error is left
// out and reported; nothing about one bad file stops the others from loading.
import { readdirSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { FileReadError, readBoundedFile } from "../bounded-file.js";
import { PACKAGE_ROOT } from "../paths.js";
import { MAX_RUNBOOK_BYTES, parseRunbook } from "./parse.js";
import type { Runbook, RunbookProblem, RunbookVocabulary } from "./schema.js";
import { checkVocabulary } from "./vocabulary.js";

export const SHIPPED_RUNBOOKS_DIR = join(PACKAGE_ROOT, "runbooks");
const MAX_FILES = 500;
const MAX_DEPTH = 3;

export class RunbookLibrary {
  readonly #byId: ReadonlyMap<string, Runbook>;

  constructor(readonly all: readonly Runbook[]) {
    this.#byId = new Map(all.map((r) => [r.id, r]));
  }

  /** Runbooks in use: every one but drafts, which wait for a person to enable them. */
  get usable(): Runbook[] {
    return this.all.filter((r) => !r.draft);
  }

  get(id: string): Runbook | undefined {
    return this.#byId.get(id);
  }

  static readonly empty = new RunbookLibrary([]);
}

export interface Loaded {
  library: RunbookLibrary;
  problems: RunbookProblem[];
}

/** Markdown files under a directory (README.md aside), in a stable order. */
function markdownFiles(dir: string, depth = 0): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && depth < MAX_DEPTH && !entry.name.startsWith("."))
        return markdownFiles(path, depth + 1);
      return entry.isFile() && /\.md$/i.test(entry.name) && !/^readme\.md$/i.test(entry.name) ? [path] : [];
    });
}

function readRunbook(path: string): { text: string } | { problem: string } {
  try {
    const buffer = readBoundedFile(path, MAX_RUNBOOK_BYTES);
    if (buffer.includes(0)) return { problem: "binary content: a runbook is Markdown text" };
    return { text: buffer.toString("utf8") };
  } catch (error) {
    if (error instanceof FileReadError) return { problem: `the file ${error.message}` };
    throw error;
  }
}

export function loadRunbooks(dirs: readonly string[], vocabulary: RunbookVocabulary, now: Date): Loaded {
  const problems: RunbookProblem[] = [];
  const byId = new Map<string, Runbook>();
  let files = 0;
  for (const dir of dirs) {
    let paths: string[];
    try {
      paths = markdownFiles(dir);
    } catch (error) {
      problems.push({
        file: dir,
        line: null,
        severity: "error",
        message: `cannot read the runbook directory: ${(error as Error).message}`,
      });
      continue;
    }
    const inThisDir = new Set<string>();
    for (const path of paths) {
      if (++files > MAX_FILES) {
        problems.push({
          file: path,
          line: null,
          severity: "error",
          message: `more than ${MAX_FILES} runbooks`,
        });
        break;
      }
      const file = displayPath(path);
      const read = readRunbook(path);
      if ("problem" in read) {
        problems.push({ file, line: null, severity: "error", message: read.problem });
        continue;
      }
      const parsed = parseRunbook(read.text, file);
      problems.push(...parsed.problems);
      if (!parsed.runbook) continue;
      const checked = checkVocabulary(parsed.runbook, vocabulary, now);
      problems.push(...checked.problems);
      if (checked.problems.some((p) => p.severity === "error")) continue;
      const runbook = checked.runbook;
      if (inThisDir.has(runbook.id)) {
        problems.push({
          file,
          line: null,
          severity: "error",
          message: `id '${runbook.id}' is used twice in ${displayPath(dir)}; this copy is left out`,
        });
        continue;
      }
      const earlier = byId.get(runbook.id);
      if (earlier)
        problems.push({
          file,
          line: null,
          severity: "warning",
          message: `overrides the runbook '${runbook.id}' in ${earlier.path}`,
        });
      inThisDir.add(runbook.id);
      byId.set(runbook.id, runbook);
    }
  }
  const all = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  return { library: new RunbookLibrary(all), problems };
}

/** Shipped runbooks are named from the package root; a team's keep the path it gave. */
function displayPath(path: string): string {
  const inside = relative(PACKAGE_ROOT, resolve(path));
  return inside.startsWith("..") || isAbsolute(inside) ? path : inside;
}

export const describeRunbookProblem = (p: RunbookProblem): string =>
  `${p.file}${p.line === null ? "" : `:${p.line}`}: ${p.severity}: ${p.message}`;
