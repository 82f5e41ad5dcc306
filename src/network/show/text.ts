// Small helpers every show-output parser uses.

/** Splits output into blocks that each start with a line matching `header`; text before the first is dropped. */
export function blocks(text: string, header: RegExp): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const line of text.split(/\r?\n/)) {
    if (header.test(line)) out.push([line, ""]);
    else {
      const last = out.at(-1);
      if (last) last[1] += `${line}\n`;
    }
  }
  return out;
}

/** A decimal count; absent means 0, which is what IOS shows for a counter it has nothing in. */
export const num = (text: string | undefined): number => (text === undefined ? 0 : Number(text));

export const round2 = (value: number): number => Math.round(value * 100) / 100;

export function lines(text: string): string[] {
  return text.split(/\r?\n/);
}
