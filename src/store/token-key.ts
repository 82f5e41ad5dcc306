// The key secrets are turned into tokens with, kept in a file beside the database (owner-only), never in
// it: tokens stay the same across restarts (a proposal staged before one can still be applied and its
// secrets put back), while the database alone cannot confirm a guessed password against a stored token.
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { readBoundedFile } from "../bounded-file.js";
import { DatabaseError } from "./db.js";

const KEY_BYTES = 32;

/** The token key for a database file; a fresh one per process for an in-memory database. */
export function tokenKeyFor(databaseFile: string): Uint8Array {
  if (databaseFile === ":memory:") return randomBytes(KEY_BYTES);
  const file = `${databaseFile}.token-key`;
  try {
    writeFileSync(file, randomBytes(KEY_BYTES).toString("hex"), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST")
      throw new DatabaseError(`cannot create the token key ${file}: ${(error as Error).message}`);
  }
  let text: string;
  try {
    text = readBoundedFile(file, 1024).toString("utf8").trim();
  } catch (error) {
    throw new DatabaseError(`the token key ${file} ${(error as Error).message}`);
  }
  if (!/^[0-9a-f]{64}$/.test(text))
    throw new DatabaseError(`${file} is not a token key (64 hex digits); remove it and a new one is made`);
  return Buffer.from(text, "hex");
}
