import fs from "node:fs";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { databaseFile, dataDir, migrationsDir } from "@/lib/env";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema>;

interface Connection {
  file: string;
  sqlite: Database.Database;
  db: Db;
}

let connection: Connection | null = null;

/** Read by the `sk_sealed_upgrade()` SQL function of every connection this process opens. */
export const sealedUpgrade = { active: false };

/** Opens a database file with the pragmas every connection needs and applies pending migrations. */
export function openDatabase(file: string): Connection {
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = NORMAL");
  // Without this, `INSERT OR REPLACE` deletes a conflicting row WITHOUT firing delete triggers, silently
  // bypassing the append-only audit_events triggers (SQLite: REPLACE fires them only with recursive_triggers).
  sqlite.pragma("recursive_triggers = ON");
  // Deleted and overwritten content is zeroed in the file, not left in free space: after an erasure the destroyed
  // data key must not survive in a free page (crypto-shredding; the WAL is truncated by the erasure itself).
  sqlite.pragma("secure_delete = ON");
  // The append-only triggers let a sealed value change only while this answers 1: the one-time re-encryption
  // under per-interview keys (lib/crypto/migrate-values.ts) turns it on for its own transaction.
  sqlite.function("sk_sealed_upgrade", { deterministic: false }, () => (sealedUpgrade.active ? 1 : 0));
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: migrationsDir() });
  return { file, sqlite, db };
}

/**
 * The process-wide connection, opened lazily on first use (so `next build` never touches it).
 * Reopens when DATA_DIR changed, which only tests do.
 */
export function getConnection(): Connection {
  const file = databaseFile();
  if (connection && connection.file === file) return connection;
  closeDb();
  fs.mkdirSync(dataDir(), { recursive: true, mode: 0o700 });
  connection = openDatabase(file);
  return connection;
}

export function getDb(): Db {
  return getConnection().db;
}

/**
 * Copies the write-ahead log into the database and truncates it to zero bytes, so no older version of a page stays
 * in it (after a key was destroyed or rewrapped). Retries while a reader holds an old snapshot; false if it never
 * could (the log is then emptied at a later checkpoint).
 */
export function truncateWal(attempts = 20): boolean {
  const { sqlite } = getConnection();
  for (let attempt = 0; attempt < attempts; attempt++) {
    const [result] = sqlite.pragma("wal_checkpoint(TRUNCATE)") as { busy: number }[];
    if (result && result.busy === 0) return true;
  }
  return false;
}

export function closeDb(): void {
  if (connection) {
    connection.sqlite.close();
    connection = null;
  }
}
