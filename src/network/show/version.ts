// `show version`: who the device says it is and how long it has been up.
import { formatUptime, parseUptime } from "./age.js";

export interface VersionInfo {
  hostname: string;
  os_version: string;
  /** The chassis model(s); a stack lists one per member. */
  models: string[];
  /** Processor board IDs, one per stack member. */
  serials: string[];
  uptime_s: number;
}

export function parseShowVersion(text: string): VersionInfo | null {
  const up = /^(\S+) uptime is (.+)$/m.exec(text);
  if (!up) return null;
  const version = /^(?:Cisco IOS Software|IOS \(tm\)).*?Version ([^\s,]+)/m.exec(text);
  return {
    hostname: up[1] as string,
    os_version: version?.[1] ?? "",
    models: [...text.matchAll(/^[Cc]isco (\S+) \([^)]*\)\s+(?:processor|with)/gm)].map((m) => m[1] as string),
    serials: [...text.matchAll(/^Processor board ID ([^\s,]+)/gm)].map((m) => m[1] as string),
    uptime_s: parseUptime(up[2] as string) ?? 0,
  };
}

export function renderShowVersion(info: VersionInfo): string {
  const stack = info.models.map(
    (model, i) => `cisco ${model} (1RU) processor with 1795979K/6147K bytes of memory.
Processor board ID ${info.serials[i] ?? info.serials[0] ?? ""}`,
  );
  return `Cisco IOS Software, Version ${info.os_version}, RELEASE SOFTWARE (fc1)
Technical Support: http://www.cisco.com/techsupport
Copyright (c) 1986-2024 by Cisco Systems, Inc.

ROM: System Bootstrap

${info.hostname} uptime is ${formatUptime(info.uptime_s)}
System returned to ROM by reload
System image file is "bootflash:packages.conf"

${stack.join("\n")}
32768K bytes of non-volatile configuration memory.

Configuration register is 0x2102
`;
}
