// YAML read with its positions kept: every problem found later (by zod, or by a check of what the document
// means) points at the line and column it comes from, so a file is fixed in one pass.
import { isNode, LineCounter, parseDocument } from "yaml";

export interface LocatedProblem {
  path: string;
  line: number | null;
  column: number | null;
  message: string;
}

export type YamlPath = ReadonlyArray<PropertyKey>;

export interface LocatedYaml {
  /** The document as plain data (null when it has syntax errors). */
  value: unknown;
  syntaxErrors: LocatedProblem[];
  /** A problem at `path`, placed at the deepest node of the path that exists. */
  at(path: YamlPath, message: string): LocatedProblem;
}

export function formatYamlPath(path: YamlPath): string {
  return path.reduce<string>(
    (text, key) =>
      typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key),
    "",
  );
}

/** `file:line:column: path: message`, as editors jump to it. */
export const describeProblem = (file: string, p: LocatedProblem): string =>
  `${file}${p.line === null ? "" : `:${p.line}:${p.column}`}: ${p.path ? `${p.path}: ` : ""}${p.message}`;

/** `firstLine`: where the text starts in its file (frontmatter after a `---` line starts at 2). */
export function parseLocatedYaml(text: string, options: { firstLine?: number } = {}): LocatedYaml {
  const shift = (options.firstLine ?? 1) - 1;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locate = (offset: number | undefined) => {
    if (offset === undefined) return { line: null, column: null };
    const pos = lineCounter.linePos(offset);
    return { line: pos.line + shift, column: pos.col };
  };
  const syntaxErrors = doc.errors.map((error) => ({
    path: "",
    ...locate(error.pos[0]),
    message: error.message.split("\n")[0] ?? "",
  }));
  const at = (path: YamlPath, message: string): LocatedProblem => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true);
      if (isNode(node)) return { path: formatYamlPath(path), ...locate(node.range?.[0]), message };
    }
    return { path: formatYamlPath(path), line: null, column: null, message };
  };
  return {
    value: syntaxErrors.length > 0 ? null : (doc.toJS({ maxAliasCount: 100 }) as unknown),
    syntaxErrors,
    at,
  };
}
