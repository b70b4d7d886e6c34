import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { signInFailures, signInLocks } from "@/db/schema";

/** Sign-in throttling rules. Keys are keyed hashes (see keyed-hash.ts), never addresses. */
export const ACCOUNT_MAX_FAILURES = 5;
export const IP_MAX_FAILURES = 30;
export const WINDOW_MS = 15 * 60 * 1000;
export const LOCK_MS = 15 * 60 * 1000;
const RETENTION_MS = 24 * 60 * 60 * 1000;

export const accountLockKey = (accountKey: string) => `account:${accountKey}`;
export const ipLockKey = (ipKey: string) => `ip:${ipKey}`;

/** Which of the given lock keys are active at `now`. */
export function activeLocks(db: Db, keys: string[], now: number): Set<string> {
  const rows = db
    .select({ key: signInLocks.key })
    .from(signInLocks)
    .where(and(inArray(signInLocks.key, keys), gte(signInLocks.lockedUntil, now)))
    .all();
  return new Set(rows.map((r) => r.key));
}

export interface NewLock {
  scope: "account" | "ip";
  keyHash: string;
  lockedUntil: number;
}

/** Records a failure and returns the locks it triggers (to be audited by the caller in the same transaction). */
export function recordFailure(tx: Db, accountKey: string, ipKey: string, now: number): NewLock[] {
  tx.insert(signInFailures).values({ accountKey, ipKey, occurredAt: now }).run();
  const since = now - WINDOW_MS;
  const countWhere = (cond: ReturnType<typeof eq>) =>
    tx
      .select({ n: sql<number>`count(*)` })
      .from(signInFailures)
      .where(and(cond, gte(signInFailures.occurredAt, since)))
      .get()?.n ?? 0;

  const locks: NewLock[] = [];
  const lockedUntil = now + LOCK_MS;
  if (countWhere(eq(signInFailures.accountKey, accountKey)) >= ACCOUNT_MAX_FAILURES) {
    locks.push({ scope: "account", keyHash: accountKey, lockedUntil });
  }
  if (countWhere(eq(signInFailures.ipKey, ipKey)) >= IP_MAX_FAILURES) {
    locks.push({ scope: "ip", keyHash: ipKey, lockedUntil });
  }
  for (const lock of locks) {
    const key = lock.scope === "account" ? accountLockKey(lock.keyHash) : ipLockKey(lock.keyHash);
    tx.insert(signInLocks).values({ key, lockedUntil }).onConflictDoUpdate({ target: signInLocks.key, set: { lockedUntil } }).run();
    // The failures that caused the lock are NOT deleted: a row counts for both its account and its address, so
    // deleting an account's failures would also erase them from the address's count (password spraying with
    // 5 guesses per account would never reach the per-IP limit). Attempts refused by a lock are not recorded
    // and LOCK_MS >= WINDOW_MS, so when a lock ends its failures have left the window: the count starts again.
  }
  return locks;
}

/** A successful sign-in clears the account's failure count. */
export function clearAccountFailures(tx: Db, accountKey: string): void {
  tx.delete(signInFailures).where(eq(signInFailures.accountKey, accountKey)).run();
}

export function pruneThrottle(tx: Db, now: number): void {
  tx.delete(signInFailures)
    .where(lt(signInFailures.occurredAt, now - RETENTION_MS))
    .run();
  tx.delete(signInLocks).where(lt(signInLocks.lockedUntil, now)).run();
}
