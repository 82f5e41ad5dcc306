// `show running-config` and `show startup-config`: the config text without the banner IOS puts before it.

const PREAMBLE =
  /^(?:Building configuration\.\.\.|Current configuration : \d+ bytes|Using \d+ out of \d+ bytes.*|)\s*$/;

export function parseShowConfig(text: string): string {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  let start = 0;
  while (start < lines.length && PREAMBLE.test(lines[start] as string)) start++;
  return lines.slice(start).join("\n");
}

export function renderShowRunningConfig(config: string): string {
  return `Building configuration...\n\nCurrent configuration : ${Buffer.byteLength(config)} bytes\n${config}`;
}

export function renderShowStartupConfig(config: string): string {
  return `Using ${Buffer.byteLength(config)} out of 33554432 bytes\n${config}`;
}
