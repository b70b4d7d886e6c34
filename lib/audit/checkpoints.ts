import { createPrivateKey, type KeyObject } from "node:crypto";
import { asc, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { getConnection, getDb } from "@/db/client";
import { withTransaction } from "@/db/transaction";
import { auditCheckpoints, auditEvents, auditKeys } from "@/db/schema";
import { getSecrets, promotePendingSecrets, readPendingSecrets } from "../secrets";
import { readSetting } from "../settings/read";
import { keyIdOf, publicKeyPem, signCheckpoint, type AuditKey, type Checkpoint } from "./checkpoint-format";

const DAY_MS = 86_400_000;

/** The instance key is not the one the database records as active (not introduced by a rotation). */
export class UnrecordedKeyError extends Error {}

interface InstanceKey {
  privateKey: KeyObject;
  publicKey: string;
  keyId: string;
}

let cachedKey: { pem: string; key: InstanceKey } | null = null;
/** During a rotation: the new key, used for checkpoints in the rotation's transaction. */
let rotatingTo: InstanceKey | null = null;

export function keyFromPem(pem: string): InstanceKey {
  const publicKey = publicKeyPem(pem);
  return { privateKey: createPrivateKey(pem), publicKey, keyId: keyIdOf(publicKey) };
}

/** Runs `fn` with checkpoints signed by `key` (the rotation's transaction). */
export function signingWith<T>(key: InstanceKey, fn: () => T): T {
  rotatingTo = key;
  try {
    return fn();
  } finally {
    rotatingTo = null;
  }
}

/** The instance's current signing key (from the environment or DATA_DIR/secrets.json). */
export function instanceKey(): InstanceKey {
  if (rotatingTo) return rotatingTo;
  const pem = getSecrets().auditSigningKey;
  if (cachedKey?.pem === pem) return cachedKey.key;
  const key = keyFromPem(pem);
  cachedKey = { pem, key };
  return key;
}

export function listKeys(db: Db = getDb()): AuditKey[] {
  return (
    db
      .select()
      .from(auditKeys)
      // The order of the rotations (insertion order), not the clock, which may step back.
      .orderBy(asc(sql`rowid`))
      .all()
      .map((k) => ({
        keyId: k.keyId,
        publicKey: k.publicKey,
        createdAt: k.createdAt,
        previousKeyId: k.previousKeyId,
        rotationSignature: k.rotationSignature,
      }))
  );
}

/** The recorded key that signs now (the last one not retired), or undefined before the first checkpoint. */
export function activeKeyRow(db: Db) {
  return db
    .select()
    .from(auditKeys)
    .where(isNull(auditKeys.retiredAt))
    .orderBy(desc(sql`rowid`))
    .limit(1)
    .get();
}

/** Records the first key: the trust anchor of the key history (no predecessor, no rotation statement). */
export function recordAnchorKey(tx: Db, key: { keyId: string; publicKey: string }, now: number): void {
  tx.insert(auditKeys)
    .values({ keyId: key.keyId, publicKey: key.publicKey, createdAt: now, previousKeyId: null, rotationSignature: null })
    .run();
}

/**
 * Makes sure the instance key is the active recorded key. The very first key is recorded as the trust anchor.
 * A key that differs from the recorded active one was not introduced by a rotation: refuse to sign with it.
 */
export function activeKey(tx: Db, now: number): InstanceKey {
  const key = instanceKey();
  const active = activeKeyRow(tx);
  if (!active) {
    recordAnchorKey(tx, key, now);
    return key;
  }
  if (active.keyId !== key.keyId) {
    if (finishPendingRotation(active.keyId)) return instanceKey();
    throw new UnrecordedKeyError(
      "The audit signing key differs from the one recorded and was not introduced by `npm run cli -- audit rotate-key`: checkpoints are not signed.",
    );
  }
  return key;
}

/**
 * A rotation that committed but stopped before its new secrets file replaced the old one: the database already
 * records the pending key as active. Promote it. Returns true when it did.
 */
export function finishPendingRotation(activeKeyId: string): boolean {
  const pending = readPendingSecrets();
  if (pending?.auditSigningKey && keyFromPem(pending.auditSigningKey).keyId === activeKeyId) {
    promotePendingSecrets();
    return true;
  }
  return false;
}

/** The instance key against the recorded active key (for the audit page: checkpoints stop when they differ). */
export function keyStatus(db: Db = getDb()): { instanceKeyId: string; activeKeyId: string | null; matches: boolean } {
  const instanceKeyId = instanceKey().keyId;
  const active = activeKeyRow(db);
  return { instanceKeyId, activeKeyId: active?.keyId ?? null, matches: !active || active.keyId === instanceKeyId };
}

function rowToCheckpoint(r: typeof auditCheckpoints.$inferSelect): Checkpoint {
  return {
    number: r.number,
    seq: r.seq,
    count: r.seq,
    headHash: r.headHash,
    time: r.createdAt,
    keyId: r.keyId,
    prevSignature: r.prevSignature,
    signature: r.signature,
  };
}

export function latestCheckpoint(db: Db = getDb()): Checkpoint | null {
  const row = db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.number)).limit(1).get();
  return row ? rowToCheckpoint(row) : null;
}

export function listCheckpoints(db: Db = getDb(), range?: { fromNumber?: number }): Checkpoint[] {
  return db
    .select()
    .from(auditCheckpoints)
    .where(range?.fromNumber ? sql`${auditCheckpoints.number} >= ${range.fromNumber}` : undefined)
    .orderBy(asc(auditCheckpoints.number))
    .all()
    .map(rowToCheckpoint);
}

/**
 * Signs a checkpoint at the current head, inside the caller's transaction, unless the head is already checkpointed.
 * Returns the new checkpoint, or null when nothing changed since the last one.
 */
export function writeCheckpoint(tx: Db, now: number): Checkpoint | null {
  if (!getConnection().sqlite.inTransaction) throw new Error("writeCheckpoint must run inside withTransaction");
  const head = tx.select({ seq: auditEvents.seq, hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1).get();
  if (!head) return null;
  const last = latestCheckpoint(tx);
  if (last && last.seq >= head.seq) return null;
  const key = activeKey(tx, now);
  const checkpoint = signCheckpoint(key.privateKey, {
    number: (last?.number ?? 0) + 1,
    seq: head.seq,
    count: head.seq,
    headHash: head.hash,
    time: now,
    keyId: key.keyId,
    prevSignature: last?.signature ?? "",
  });
  tx.insert(auditCheckpoints)
    .values({
      number: checkpoint.number,
      seq: checkpoint.seq,
      headHash: checkpoint.headHash,
      createdAt: checkpoint.time,
      keyId: checkpoint.keyId,
      prevSignature: checkpoint.prevSignature,
      signature: checkpoint.signature,
    })
    .run();
  return checkpoint;
}

/**
 * Called by the audit writer after each entry: a checkpoint every N entries (setting, default 1,000). A key that
 * was not introduced by a rotation must not stop the newsroom's work: the entry is still written, the problem is
 * logged, and the audit page and `audit verify` report that checkpoints are not being signed.
 */
export function checkpointIfDue(tx: Db, seq: number, now: number): void {
  const interval = readSetting("audit_checkpoint_interval", tx);
  const last = tx.select({ seq: auditCheckpoints.seq }).from(auditCheckpoints).orderBy(desc(auditCheckpoints.number)).limit(1).get();
  if (seq - (last?.seq ?? 0) < interval) return;
  try {
    writeCheckpoint(tx, now);
  } catch (err) {
    if (!(err instanceof UnrecordedKeyError)) throw err;
    console.error(`[sourcekeeper] ${err.message}`);
  }
}

/** For the hourly maintenance: a checkpoint when anything changed and the last one is a day old (or missing). */
export function checkpointIfStale(tx: Db, now: number): Checkpoint | null {
  const last = latestCheckpoint(tx);
  if (last && now - last.time < DAY_MS) return null;
  return writeCheckpoint(tx, now);
}

export function checkpointAt(db: Db, number: number): Checkpoint | null {
  const row = db.select().from(auditCheckpoints).where(eq(auditCheckpoints.number, number)).get();
  return row ? rowToCheckpoint(row) : null;
}

/** Signs a checkpoint at the head now, in its own transaction (command line). Null when the head is checkpointed. */
export function signCheckpointNow(now: number): Checkpoint | null {
  return withTransaction((tx) => writeCheckpoint(tx, now));
}

/** The daily checkpoint for the hourly maintenance, in its own transaction. */
export function dailyCheckpoint(now: number): Checkpoint | null {
  return withTransaction((tx) => checkpointIfStale(tx, now));
}
