// How IOS reads a command line: every keyword may be abbreviated to any prefix that is unique at its
// position ("sh ip int br"), an unknown word gets the caret under it, a shared prefix is ambiguous.

export type Token = string | { param: string } | { rest: string };

export interface CommandSpec<K extends string> {
  key: K;
  words: readonly Token[];
}

export type Match<K extends string> =
  | { kind: "command"; key: K; params: Record<string, string> }
  | { kind: "invalid"; at: number }
  | { kind: "ambiguous"; text: string }
  | { kind: "incomplete" };

const literal = (token: Token | undefined): token is string => typeof token === "string";

export function matchCommand<K extends string>(specs: ReadonlyArray<CommandSpec<K>>, line: string): Match<K> {
  const words = line.trim().split(/\s+/);
  let alive = specs.map((spec) => ({ spec, params: {} as Record<string, string> }));
  let offset = line.length - line.trimStart().length;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const rest = alive.filter((a) => {
      const token = a.spec.words[i];
      return token !== undefined && !literal(token) && "rest" in token;
    });
    if (rest.length > 0 && rest.length === alive.length) {
      const text = words.slice(i).join(" ");
      for (const a of rest) a.params[(a.spec.words[i] as { rest: string }).rest] = text;
      break;
    }
    const literals = new Set(
      alive
        .map((a) => a.spec.words[i])
        .filter((t): t is string => literal(t) && t.startsWith(word.toLowerCase())),
    );
    const exact = literals.has(word.toLowerCase());
    if (literals.size > 1 && !exact) return { kind: "ambiguous", text: words.slice(0, i + 1).join(" ") };
    const chosen = exact ? word.toLowerCase() : [...literals][0];
    alive = alive.filter((a) => {
      const token = a.spec.words[i];
      if (token === undefined) return false;
      if (literal(token)) return token === chosen;
      if ("param" in token) {
        a.params[token.param] = word;
        return chosen === undefined;
      }
      return false;
    });
    if (alive.length === 0) return { kind: "invalid", at: offset };
    offset += word.length + 1;
    while (line[offset] === " ") offset++;
  }
  const complete = alive.find(
    (a) =>
      a.spec.words.length === words.length ||
      a.spec.words.slice(words.length).every((t) => !literal(t) && "rest" in t),
  );
  if (!complete) return { kind: "incomplete" };
  return { kind: "command", key: complete.spec.key, params: complete.params };
}

/** IOS's answer to a line it cannot read: the caret under the first word it did not understand. */
export function invalidInput(prompt: string, at: number): string {
  return `${" ".repeat(prompt.length + at)}^\n% Invalid input detected at '^' marker.\n`;
}
