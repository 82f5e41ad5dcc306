// The SQLite database: WAL, foreign keys, and numbered migrations from migrations/ applied at open, each
// in its own transaction. A database written by a newer nocbot is refused rather than guessed at.
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { z } from "zod";
import { PACKAGE_ROOT } from "../paths.js";

export type Db = Database.Database;

export const MIGRATIONS_DIR = join(PACKAGE_ROOT, "migrations");

export class DatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseError";
  }
}

interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function migrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f, sql: readFileSync(join(dir, f), "utf8") }));
}

const VersionRow = z.object({ v: z.number() });

/** A row of one number named n (a COUNT or MAX). */
export const CountRow = z.object({ n: z.number() });

/** A column holding a JSON array of strings (lines, evidence ids). */
export const JsonStrings = z
  .string()
  .transform((text) => JSON.parse(text) as unknown)
  .pipe(z.array(z.string()));

export function openDatabase(file: string, dir = MIGRATIONS_DIR): Db {
  if (file !== ":memory:") {
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (error) {
      throw new DatabaseError(
        `cannot create the folder ${dirname(file)} for the database (NOC_DB_PATH): ${(error as Error).message}`,
      );
    }
  }
  let db: Db;
  try {
    db = new Database(file);
    db.pragma("journal_mode = WAL");
  } catch (error) {
    throw new DatabaseError(`cannot open the database ${file}: ${(error as Error).message}`);
  }
  try {
    return migrate(db, file, dir);
  } catch (error) {
    db.close();
    if (error instanceof DatabaseError) throw error;
    // Read-only, locked, corrupt: the operator's file, not a bug.
    throw new DatabaseError(`cannot use the database ${file}: ${(error as Error).message}`);
  }
}

function migrate(db: Db, file: string, dir: string): Db {
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  db.pragma("synchronous = NORMAL");
  db.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
  );
  const applied = VersionRow.parse(
    db.prepare("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations").get(),
  ).v;
  const known = migrations(dir);
  const newest = known.at(-1)?.version ?? 0;
  if (applied > newest) {
    throw new DatabaseError(
      `${file} is at schema version ${applied}, newer than this nocbot knows (${newest}); upgrade nocbot or use another NOC_DB_PATH`,
    );
  }
  const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
  for (const migration of known.filter((m) => m.version > applied)) {
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    })();
  }
  return db;
}

/** A cheap query that proves the database answers (for /healthz). */
export function databaseReachable(db: Db): boolean {
  try {
    return db.prepare("SELECT 1 AS ok").get() !== undefined;
  } catch {
    return false;
  }
}
