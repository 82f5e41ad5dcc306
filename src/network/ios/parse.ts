// IOS-style configuration as a tree of lines. Indentation defines nesting, exactly as `show running-config`
// prints it. Parsing never throws: any text yields a tree, in one pass over the lines (a stack of open parents).

export interface ConfigNode {
  /** The line without its indentation. */
  text: string;
  /** 1-based line number in the source text. */
  line: number;
  indent: number;
  children: ConfigNode[];
  /** Body lines of a multi-line banner, as written. */
  verbatim?: string[];
}

export interface ConfigTree {
  children: ConfigNode[];
  lineCount: number;
}

const BANNER = /^banner\s+\S+\s+(.*)$/;
const MAX_DEPTH = 32;

export function parseConfig(source: string): ConfigTree {
  const root: ConfigTree = { children: [], lineCount: 0 };
  const open: ConfigNode[] = [];
  let banner: { node: ConfigNode; delimiter: string } | null = null;
  let lineNo = 0;
  let start = 0;
  while (start <= source.length) {
    let end = source.indexOf("\n", start);
    if (end === -1) end = source.length;
    const raw = source.slice(start, end).replace(/\r$/, "");
    start = end + 1;
    lineNo += 1;
    if (banner) {
      // Banner bodies are free text: kept verbatim, outside the tree, so they cannot fake config lines.
      banner.node.verbatim?.push(raw);
      if (raw.includes(banner.delimiter)) banner = null;
      continue;
    }
    const text = raw.trim();
    if (text === "" || text.startsWith("!") || text === "end") continue;
    const indent = raw.length - raw.trimStart().length;
    const node: ConfigNode = { text, line: lineNo, indent, children: [] };
    while (open.length > 0 && (open[open.length - 1] as ConfigNode).indent >= indent) open.pop();
    // IOS nests a few levels; deeper indentation is flattened, so no walker over the tree can overflow.
    if (open.length >= MAX_DEPTH) open.length = MAX_DEPTH - 1;
    const parent = open[open.length - 1];
    (parent ? parent.children : root.children).push(node);
    open.push(node);
    const rest = indent === 0 ? BANNER.exec(text)?.[1] : undefined;
    if (rest) {
      const delimiter = rest.startsWith("^C") ? "^C" : rest.charAt(0);
      if (!rest.slice(delimiter.length).includes(delimiter)) {
        node.verbatim = [];
        banner = { node, delimiter };
      }
    }
  }
  root.lineCount = lineNo;
  return root;
}

/** Direct children whose text matches. */
export function childrenMatching(parent: ConfigNode | ConfigTree, pattern: RegExp): ConfigNode[] {
  return parent.children.filter((node) => pattern.test(node.text));
}

export function firstChild(parent: ConfigNode | ConfigTree, pattern: RegExp): ConfigNode | undefined {
  return parent.children.find((node) => pattern.test(node.text));
}

/** Every node in the tree, depth first, in source order. */
export function* walk(parent: ConfigNode | ConfigTree): Generator<ConfigNode> {
  for (const node of parent.children) {
    yield node;
    yield* walk(node);
  }
}

export function renderConfig(tree: ConfigTree): string {
  const out: string[] = [];
  const emit = (nodes: ConfigNode[], depth: number) => {
    for (const node of nodes) {
      out.push(`${" ".repeat(depth)}${node.text}`, ...(node.verbatim ?? []));
      emit(node.children, depth + 1);
      if (depth === 0 && node.children.length > 0) out.push("!");
    }
  };
  emit(tree.children, 0);
  return `${out.join("\n")}\nend\n`;
}
