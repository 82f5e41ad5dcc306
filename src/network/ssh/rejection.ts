// How IOS says it did not run a command at all, as opposed to answering it with a "%" message of its
// own ("% BGP not active", "% Network not in table"), which the parsers read.
const REJECTED =
  /^% ?(?:Invalid input|Incomplete command|Ambiguous command|Unknown command|Unrecognized command|Authorization failed)[^\n]*/m;

export function rejectionIn(output: string): string | null {
  return REJECTED.exec(output)?.[0].trim() ?? null;
}
