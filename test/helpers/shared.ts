// Real-world data lives beside the repository in ../shared (see its READMEs); tests that read it skip,
// saying why, where it is absent.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { PACKAGE_ROOT } from "../../src/paths.js";

export const SHARED_DIR = join(PACKAGE_ROOT, "..", "shared");
export const NTC_IOS_DIR = join(SHARED_DIR, "fixtures", "ntc-templates", "cisco_ios");

export type NtcRecord = Record<string, string | string[]>;

export interface NtcFixture {
  name: string;
  raw: string;
  parsed: NtcRecord[];
}

/** Every fixture of one command (the folder name, e.g. "show_version"); empty when the folder is absent. */
export function ntcFixtures(command: string): NtcFixture[] {
  const dir = join(NTC_IOS_DIR, command);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith(".raw"))
    .sort()
    .map((file) => {
      const name = file.replace(/\.raw$/, "");
      const yml = parse(readFileSync(join(dir, `${name}.yml`), "utf8")) as { parsed_sample: NtcRecord[] };
      return { name, raw: readFileSync(join(dir, file), "utf8"), parsed: yml.parsed_sample };
    });
}

export const NTC_MISSING = `ntc-templates fixtures not found at ${NTC_IOS_DIR}: golden parser tests skipped`;
