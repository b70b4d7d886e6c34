import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { databaseFile } from "@/lib/env";
import type { Db } from "./client";
import { getConnection } from "./client";
import * as schema from "./schema";

export interface Snapshot {
  db: Db;
  sqlite: Database.Database;
  close: () => void;
}

/**
 * A read-only view of the database frozen at the moment it is opened: its own connection in one read
 * transaction (WAL keeps the snapshot while the app goes on writing). Long exports read through it so every
 * record, and the audit head they name, come from the same instant, however long the export streams.
 * The app's connection is opened first (it owns migrations and creates the WAL files).
 */
export function openSnapshot(): Snapshot {
  getConnection();
  const sqlite = new Database(databaseFile(), { readonly: true, fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  sqlite.prepare("BEGIN").run();
  // A deferred transaction takes its snapshot at the first read: take it now.
  sqlite.prepare("select count(*) from audit_events where seq = 0").get();
  let open = true;
  return {
    db: drizzle(sqlite, { schema }) as unknown as Db,
    sqlite,
    close: () => {
      if (!open) return;
      open = false;
      try {
        sqlite.prepare("COMMIT").run();
      } finally {
        sqlite.close();
      }
    },
  };
}
