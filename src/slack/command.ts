// The grammar of /noc. A description of a problem (several words) is an investigation; an empty command,
// `help`, a lone unknown word or a misspelt subcommand is answered with the help.

export type NocCommand =
  | { kind: "investigate"; text: string }
  | { kind: "status"; incidentId: string | null }
  | { kind: "history"; query: string | null }
  | { kind: "help"; problem: string | null };

const SUBCOMMANDS = ["investigate", "status", "history", "help"] as const;
const INCIDENT_ID = /^inc-\d+$/i;

/** Levenshtein distance, for "did you mean". Words here are short. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

export function parseNocCommand(raw: string): NocCommand {
  const text = raw.trim();
  if (!text) return { kind: "help", problem: "Say what to investigate." };
  const [first = "", ...rest] = text.split(/\s+/);
  const word = first.toLowerCase();
  const tail = text.slice(first.length).trim();
  switch (word) {
    case "help":
    case "-h":
    case "--help":
    case "?":
      return { kind: "help", problem: null };
    case "investigate":
      return tail
        ? { kind: "investigate", text: tail }
        : { kind: "help", problem: "`/noc investigate` needs a description of what is wrong." };
    case "status":
      if (rest.length === 0) return { kind: "status", incidentId: null };
      if (rest.length === 1 && INCIDENT_ID.test(rest[0] ?? "")) {
        return { kind: "status", incidentId: (rest[0] ?? "").toUpperCase() };
      }
      return {
        kind: "help",
        problem: `\`/noc status\` takes an incident id such as INC-12, not "${tail.slice(0, 60)}".`,
      };
    case "history":
      return { kind: "history", query: tail || null };
  }
  const near = SUBCOMMANDS.find((s) => word.length >= 4 && distance(word, s) <= 2);
  if (near)
    return {
      kind: "help",
      problem: `Unknown subcommand \`${first.slice(0, 40)}\`: did you mean \`${near}\`?`,
    };
  if (rest.length === 0) {
    return {
      kind: "help",
      problem: `Unknown subcommand \`${first.slice(0, 40)}\`. To investigate, describe the problem: \`/noc investigate ${first.slice(0, 40)} ...\``,
    };
  }
  return { kind: "investigate", text };
}
