import type { Db } from "./client";
import { getConnection } from "./client";

/**
 * Runs `fn` in ONE synchronous SQLite transaction started with BEGIN IMMEDIATE, so the write lock is taken
 * before anything is read: two writers can never chain audit entries onto the same head.
 * better-sqlite3 transactions cannot span an await; an async callback is a programming error.
 */
export function withTransaction<T>(fn: (tx: Db) => T): T {
  const { sqlite, db } = getConnection();
  const run = sqlite.transaction(() => {
    const result = fn(db);
    if (result instanceof Promise) {
      throw new Error("withTransaction callback must be synchronous");
    }
    return result;
  });
  return run.immediate();
}
