// `show logging` and `show clock`. Log timestamps are the device's wall clock, often without a year or a
// timezone, or its uptime; they become instants by reading the device's clock in the same session.
import type { LogEntry } from "../types.js";
import { parseAge } from "./age.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

export type LogStamp =
  | { kind: "datetime"; month: number; day: number; year: number | null; time: string; zone: string | null }
  | { kind: "uptime"; uptime_s: number };

export interface LogRecord {
  number: string | null;
  stamp: LogStamp;
  /** "LINK-3-UPDOWN"; a debug line's "CEF-HWIDB" has no severity digit. */
  mnemonic: string;
  severity: number;
  /** The message, continuation lines included (joined with newlines). */
  message: string;
}

const ENTRY = new RegExp(
  [
    String.raw`^(?:(\d+): )?[*.]?`,
    String.raw`(?:(${MONTHS.join("|")})\s+(\d{1,2})(?: (\d{4}))? (\d{1,2}:\d{2}:\d{2}(?:\.\d{1,3})?)(?: ([A-Za-z][\w+-]*))?`,
    String.raw`|(\d+[ywd]\d+[wdh]|\d+:\d{2}:\d{2}(?:\.\d+)?)):`,
    " (?:%([A-Z0-9_-]+-([0-7])-[A-Z0-9_]+)|([A-Z][A-Z0-9_]*-[A-Z0-9_]+)): ?(.*)$",
  ].join(""),
);

export function parseShowLogging(text: string): LogRecord[] {
  const buffer = /^Log Buffer \(\d+ bytes\):\s*$/m.exec(text);
  const body = buffer ? text.slice(buffer.index + buffer[0].length) : text;
  const records: LogRecord[] = [];
  let current: LogRecord | null = null;
  for (const line of body.split(/\r?\n/)) {
    const m = ENTRY.exec(line);
    if (m) {
      const stamp: LogStamp =
        m[7] !== undefined
          ? { kind: "uptime", uptime_s: parseAge(m[7]) ?? 0 }
          : {
              kind: "datetime",
              month: MONTHS.indexOf(m[2] as string),
              day: Number(m[3]),
              year: m[4] ? Number(m[4]) : null,
              time: m[5] as string,
              zone: m[6] ?? null,
            };
      current = {
        number: m[1] ?? null,
        stamp,
        mnemonic: (m[8] ?? m[10]) as string,
        severity: m[9] !== undefined ? Number(m[9]) : 7,
        message: m[11] as string,
      };
      records.push(current);
    } else if (current && line.trim() !== "") {
      current.message += `\n${line}`;
    } else if (line.trim() === "") {
      current = null;
    }
  }
  return records;
}

export interface DeviceClock {
  /** The device's wall clock read as if it were UTC, in ms. */
  wall_ms: number;
  zone: string;
}

const CLOCK = /^[*.]?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))? (\S+) \w{3} (\w{3}) (\d{1,2}) (\d{4})\s*$/m;

export function parseShowClock(text: string): DeviceClock | null {
  const m = CLOCK.exec(text);
  if (!m) return null;
  const month = MONTHS.indexOf(m[6] as string);
  if (month < 0) return null;
  const ms = Number((m[4] ?? "0").padEnd(3, "0"));
  return {
    wall_ms: Date.UTC(Number(m[8]), month, Number(m[7]), Number(m[1]), Number(m[2]), Number(m[3]), ms),
    zone: m[5] as string,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The wall clock of a device whose clock is set to UTC. */
export function renderShowClock(at: Date): string {
  return `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}.${pad(at.getUTCMilliseconds(), 3)} UTC ${DAYS[at.getUTCDay()]} ${MONTHS[at.getUTCMonth()]} ${at.getUTCDate()} ${at.getUTCFullYear()}\n`;
}

/**
 * Log records as instants. `clock` is the device's clock read in the same session, `now` ours at that
 * moment: their difference (to the minute) is the device's timezone and drift. A stamp without a year is
 * in the year that puts it at or before the device's now. Uptime stamps need the device's uptime.
 */
export function logEntriesOf(
  records: readonly LogRecord[],
  clock: DeviceClock,
  now: Date,
  uptimeS: number | null,
): LogEntry[] {
  const offset = Math.round((now.getTime() - clock.wall_ms) / 60_000) * 60_000;
  const deviceYear = new Date(clock.wall_ms).getUTCFullYear();
  return records.flatMap((record) => {
    let at: number;
    if (record.stamp.kind === "uptime") {
      if (uptimeS === null) return [];
      at = now.getTime() - (uptimeS - record.stamp.uptime_s) * 1000;
    } else {
      const { month, day, year, time } = record.stamp;
      const [h, m, s] = time.split(":");
      const [sec, frac] = (s as string).split(".");
      const wall = (y: number) =>
        Date.UTC(y, month, day, Number(h), Number(m), Number(sec), Number((frac ?? "0").padEnd(3, "0")));
      let value = wall(year ?? deviceYear);
      if (year === null && value > clock.wall_ms + 86_400_000) value = wall(deviceYear - 1);
      at = value + offset;
    }
    return [
      {
        at: new Date(at).toISOString(),
        severity: record.severity,
        mnemonic: record.mnemonic,
        message: record.message,
      },
    ];
  });
}

function stampOf(iso: string): string {
  const d = new Date(iso);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)} UTC`;
}

/** A buffer as `service timestamps log datetime msec year show-timezone` and `service sequence-numbers` print it. */
export function renderShowLogging(entries: readonly LogEntry[]): string {
  const lines = entries.map((e, i) => {
    const mnemonic = /^[A-Z0-9_-]+-[0-7]-[A-Z0-9_]+$/.test(e.mnemonic) ? `%${e.mnemonic}` : e.mnemonic;
    return `${pad(i + 1, 6)}: ${stampOf(e.at)}: ${mnemonic}: ${e.message}`;
  });
  return `Syslog logging: enabled (0 messages dropped, 0 messages rate-limited, 0 flushes, 0 overruns, xml disabled, filtering disabled)

No Active Message Discriminator.

    Console logging: disabled
    Monitor logging: level debugging, 0 messages logged, xml disabled,
                     filtering disabled
    Buffer logging:  level debugging, ${entries.length} messages logged, xml disabled,
                    filtering disabled
    Exception Logging: size (4096 bytes)
    Count and timestamp logging messages: disabled
    Persistent logging: disabled

No active filter modules.

    Trap logging: level informational, ${entries.length} message lines logged

Log Buffer (1048576 bytes):

${lines.join("\n")}
`;
}
