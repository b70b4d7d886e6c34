import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { closeDb, getConnection } from "@/db/client";
import type { AuditRow } from "@/lib/audit/canonical";

/**
 * A fresh, real SQLite database per test (or per file) in a temporary DATA_DIR. The app reads DATA_DIR at call
 * time and `getConnection()` reopens when it changes; closing first makes sure no handle to an old file lingers.
 */
export interface TempDataDir {
  dir: string;
  cleanup: () => void;
}

export function createTempDataDir(prefix = "sourcekeeper-test-"): TempDataDir {
  const previous = process.env.DATA_DIR;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  closeDb();
  process.env.DATA_DIR = dir;
  return {
    dir,
    cleanup() {
      closeDb();
      if (previous === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = previous;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Registers hooks that give each test (`"each"`) or the whole file (`"file"`) its own migrated database. */
export function registerTestDb(scope: "each" | "file" = "each"): { readonly dir: string } {
  let current: TempDataDir | null = null;
  const setUp = scope === "each" ? beforeEach : beforeAll;
  const tearDown = scope === "each" ? afterEach : afterAll;
  setUp(() => {
    current = createTempDataDir();
    getConnection(); // creates and migrates
  });
  tearDown(() => {
    current?.cleanup();
    current = null;
  });
  return {
    get dir() {
      if (!current) throw new Error("registerTestDb: no database outside a test");
      return current.dir;
    },
  };
}

export function sqlite() {
  return getConnection().sqlite;
}

export function auditRows(): AuditRow[] {
  return sqlite()
    .prepare(
      `select seq, occurred_at as occurredAt, actor_id as actorId, action, target_type as targetType,
              target_id as targetId, payload, prev_hash as prevHash, hash
         from audit_events order by seq`,
    )
    .all() as AuditRow[];
}

export function auditCount(): number {
  return (sqlite().prepare("select count(*) as n from audit_events").get() as { n: number }).n;
}

/** Audit rows appended after `sinceCount` entries, with parsed payloads. */
export function auditSince(sinceCount: number): (AuditRow & { data: Record<string, unknown> })[] {
  return auditRows()
    .slice(sinceCount)
    .map((r) => ({ ...r, data: JSON.parse(r.payload) as Record<string, unknown> }));
}

/** Makes every insert into audit_events fail until the returned function is called. */
export function forceAuditInsertFailure(): () => void {
  sqlite().exec(`CREATE TRIGGER test_force_audit_failure BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'forced'); END;`);
  return () => sqlite().exec("DROP TRIGGER IF EXISTS test_force_audit_failure");
}

/** Removes the append-only triggers: only ever in a test database, to simulate an attacker with file access. */
export function dropAuditTriggers(): void {
  sqlite().exec("DROP TRIGGER IF EXISTS audit_events_no_update; DROP TRIGGER IF EXISTS audit_events_no_delete;");
}

/** A snapshot of every table a user-admin service may touch, to prove that a failed call changed nothing. */
export function snapshot(): Record<string, unknown[]> {
  const tables = ["users", "desks", "user_desks", "instance_setup", "audit_events", "sign_in_failures", "sign_in_locks"];
  return Object.fromEntries(tables.map((t) => [t, sqlite().prepare(`select * from ${t} order by rowid`).all()]));
}
