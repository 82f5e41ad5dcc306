// The tokenising key: made once beside the database, owner-only, the same for every later process; a
// broken key file is one clear line, never a silent new key (which would change every token).
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DatabaseError } from "../../src/store/db.js";
import { tokenKeyFor } from "../../src/store/token-key.js";

describe("tokenKeyFor", () => {
  it("creates the key once, owner-only, and gives every later process the same one", () => {
    const db = join(mkdtempSync(join(tmpdir(), "nocbot-key-")), "nocbot.db");
    const first = tokenKeyFor(db);
    expect(first).toHaveLength(32);
    expect(statSync(`${db}.token-key`).mode & 0o777).toBe(0o600);
    expect(Buffer.from(tokenKeyFor(db)).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(tokenKeyFor(":memory:")).equals(Buffer.from(tokenKeyFor(":memory:")))).toBe(false);
  });

  it("refuses a key file that is not one, saying how to make a new one", () => {
    const db = join(mkdtempSync(join(tmpdir(), "nocbot-key-")), "nocbot.db");
    writeFileSync(`${db}.token-key`, "not a key");
    expect(() => tokenKeyFor(db)).toThrow(DatabaseError);
    expect(() => tokenKeyFor(db)).toThrow(/is not a token key \(64 hex digits\); remove it/);
  });
});
