// A YAML file read so that every problem can name its line: syntax errors, and any path inside the
// document (a zod issue's path) located at the deepest node that exists on it.
import { isNode, LineCounter, parseDocument } from "yaml";

export interface YamlProblem {
  path: string;
  line: number | null;
  column: number | null;
  message: string;
}

export type Path = ReadonlyArray<PropertyKey>;

export function formatPath(path: Path): string {
  return path.reduce<string>(
    (text, key) =>
      typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key),
    "",
  );
}

/** `file:line:col: path: message`, one problem a line. */
export function formatProblems(file: string, problems: readonly YamlProblem[]): string {
  return problems
    .map(
      (p) =>
        `${file}${p.line === null ? "" : `:${p.line}:${p.column}`}: ${p.path ? `${p.path}: ` : ""}${p.message}`,
    )
    .join("\n");
}

export interface YamlDocument {
  /** The document as plain data; undefined when it has syntax errors. */
  raw: unknown;
  syntax: YamlProblem[];
  /** A problem at `path`, located at the deepest node that exists on it. */
  at(path: Path, message: string): YamlProblem;
}

export function readYamlDocument(text: string): YamlDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locate = (offset: number | undefined) => {
    if (offset === undefined) return { line: null, column: null };
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const syntax = doc.errors.map((error) => ({
    path: "",
    ...locate(error.pos[0]),
    message: error.message.split("\n")[0] ?? "",
  }));
  const at = (path: Path, message: string): YamlProblem => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true);
      if (isNode(node)) return { path: formatPath(path), ...locate(node.range?.[0]), message };
    }
    return { path: formatPath(path), line: null, column: null, message };
  };
  if (syntax.length > 0) return { raw: undefined, syntax, at };
  try {
    return { raw: doc.toJS({ maxAliasCount: 100 }), syntax, at };
  } catch (error) {
    // An alias bomb (aliases of aliases, expanding exponentially) is refused by the YAML library here.
    return {
      raw: undefined,
      syntax: [{ path: "", line: null, column: null, message: (error as Error).message }],
      at,
    };
  }
}
