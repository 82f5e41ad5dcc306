// How IOS prints a length of time: "00:47:12" under a day, "1d02h" under a week, "3w0d" under a year,
// "1y10w" beyond, "never"; and `show version`'s "2 years, 31 weeks, 6 days, 9 hours, 55 minutes".
// Coarser forms lose precision by design: parsing returns the start of the interval printed.

const DAY = 86_400;
const WEEK = 7 * DAY;
const YEAR = 365 * DAY;

const pad = (n: number) => String(n).padStart(2, "0");

export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < DAY) return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  if (s < WEEK) return `${Math.floor(s / DAY)}d${pad(Math.floor((s % DAY) / 3600))}h`;
  if (s < YEAR) return `${Math.floor(s / WEEK)}w${Math.floor((s % WEEK) / DAY)}d`;
  return `${Math.floor(s / YEAR)}y${Math.floor((s % YEAR) / WEEK)}w`;
}

const UNITS: Record<string, number> = { y: YEAR, w: WEEK, d: DAY, h: 3600, m: 60, s: 1 };

/** Seconds, or null for "never" and anything that is not an IOS age. */
export function parseAge(text: string): number | null {
  const t = text.trim();
  const clock = /^(\d+):(\d{2}):(\d{2})(?:\.\d+)?$/.exec(t);
  if (clock) return Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  if (!/^(\d+[ywdhms])+$/.test(t)) return null;
  let total = 0;
  for (const [, n, unit] of t.matchAll(/(\d+)([ywdhms])/g)) total += Number(n) * (UNITS[unit as string] ?? 0);
  return total;
}

const WORDS: ReadonlyArray<[string, number]> = [
  ["year", YEAR],
  ["week", WEEK],
  ["day", DAY],
  ["hour", 3600],
  ["minute", 60],
];

/** "1 week, 3 days, 16 hours, 11 minutes" (the minute is the finest unit IOS prints). */
export function formatUptime(seconds: number): string {
  let rest = Math.max(0, Math.floor(seconds));
  const parts: string[] = [];
  for (const [word, size] of WORDS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || (word === "minute" && parts.length === 0)) parts.push(`${n} ${word}${n === 1 ? "" : "s"}`);
  }
  return parts.join(", ");
}

export function parseUptime(text: string): number | null {
  let total = 0;
  let found = false;
  for (const [, n, word] of text.matchAll(/(\d+)\s+(year|week|day|hour|minute|second)s?/g)) {
    found = true;
    total += Number(n) * (word === "second" ? 1 : (WORDS.find(([w]) => w === word)?.[1] ?? 0));
  }
  return found ? total : null;
}
