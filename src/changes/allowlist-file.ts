// A team's additions to the allowlist (NOC_CHANGE_ALLOWLIST): YAML, validated here, audited when it changes.
// Additions are lines inside the sections nocbot already knows; they cannot open new kinds of section, and
// the hard refusals (exec commands, placeholders, other devices, management access) still win over them.
//
//   version: 1
//   rules:
//     - id: TEAM-SYSLOG-HOST
//       in: [top]
//       line: "logging host \\d+\\.\\d+\\.\\d+\\.\\d+"
//       negatable: true
//       why: we point devices at the new syslog collector during migrations
import { createHash } from "node:crypto";
import { parse } from "yaml";
import { z } from "zod";
import { FileReadError, readBoundedFile } from "../bounded-file.js";
import { type AllowRule, SECTION_KINDS } from "./allowlist.js";

const MAX_FILE_BYTES = 256 * 1024;

const RegexSource = z
  .string()
  .min(1)
  .max(500)
  .refine((source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  }, "not a valid regular expression");

const FileSchema = z.object({
  version: z.literal(1),
  rules: z
    .array(
      z.strictObject({
        id: z.string().regex(/^TEAM-[A-Z0-9-]{1,60}$/, "expected an id such as TEAM-SYSLOG-HOST"),
        in: z.array(z.enum(SECTION_KINDS)).min(1),
        line: RegexSource,
        negatable: z.boolean().default(false),
        why: z.string().min(1).max(500),
      }),
    )
    .max(200),
});

export interface AllowlistExtension {
  file: string;
  sha256: string;
  rules: AllowRule[];
  /** What the audit log records: every rule as written. */
  summary: string;
}

export class AllowlistFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AllowlistFileError";
  }
}

export function loadAllowlistExtension(file: string): AllowlistExtension {
  let text: string;
  try {
    text = readBoundedFile(file, MAX_FILE_BYTES).toString("utf8");
  } catch (error) {
    if (error instanceof FileReadError)
      throw new AllowlistFileError(`the allowlist file ${file} ${error.message}`);
    throw error;
  }
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 50 });
  } catch (error) {
    throw new AllowlistFileError(`${file}: not YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  const parsed = FileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AllowlistFileError(
      `${file}: ${issue?.path.join(".") || "file"}: ${issue?.message ?? "invalid"}`,
    );
  }
  const ids = new Set<string>();
  for (const r of parsed.data.rules) {
    if (ids.has(r.id)) throw new AllowlistFileError(`${file}: rule ${r.id} is defined twice`);
    ids.add(r.id);
  }
  return {
    file,
    sha256: createHash("sha256").update(text).digest("hex"),
    rules: parsed.data.rules.map((r) => ({
      id: r.id,
      in: r.in,
      line: new RegExp(`^(?:${r.line})$`, "i"),
      negated: r.negatable ? ("same" as const) : ("none" as const),
      what: r.why,
    })),
    summary: parsed.data.rules
      .map(
        (r) =>
          `${r.id} in ${r.in.join(",")}: /${r.line}/${r.negatable ? " (and its no form)" : ""}: ${r.why}`,
      )
      .join("\n"),
  };
}
