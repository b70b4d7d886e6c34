import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import { getConnection } from "@/db/client";
import { ErasedError } from "../errors";
import { forgetCachedSecrets, getSecrets, readPendingSecrets } from "../secrets";

/**
 * Envelope encryption. Every interview's source data is sealed with a data key of its own (256 bits, random);
 * everything else sealed (two-step secrets, sensitive-export reasons) uses one instance data key. Data keys are
 * stored only wrapped by the master key (`dataKey` in secrets.json or SOURCEKEEPER_DATA_KEY) with AES-256-GCM,
 * the key's id and scope as associated data. Rotating the master key rewraps the data keys and re-encrypts no
 * value (`npm run cli -- keys rotate`); erasing an interview destroys its data key, which makes every copy of its
 * sealed values and files unreadable, backups included once the master key that wrapped the old copy is gone.
 */

export const DATA_KEY_BYTES = 32;
const TAG_BYTES = 16;

export { ErasedError };

/** An unwrapped data key, held in memory only. */
export interface DataKey {
  readonly id: string;
  readonly key: Buffer;
}

interface KeyRow {
  id: string;
  scope: "instance" | "interview";
  interview_id: string | null;
  wrapped_key: string | null;
  kek_id: string | null;
  destroyed_at: number | null;
}

/** Identifies a master key (which key wrapped a data key) without revealing anything about it. */
export function masterKeyId(master: Buffer): string {
  return createHash("sha256").update("sourcekeeper master key\n").update(master).digest("hex").slice(0, 32);
}

export function decodeMasterKey(base64: string): Buffer {
  const key = Buffer.from(base64, "base64");
  if (key.length !== DATA_KEY_BYTES) throw new Error("The master data key must be 32 bytes (base64-encoded)");
  return key;
}

const wrapAad = (row: Pick<KeyRow, "id" | "scope" | "interview_id">) => Buffer.from(`sourcekeeper data key\n${row.id}\n${row.scope}\n${row.interview_id ?? ""}`, "utf8");

export function wrapKey(master: Buffer, key: Buffer, row: Pick<KeyRow, "id" | "scope" | "interview_id">): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", master, iv);
  cipher.setAAD(wrapAad(row));
  const body = Buffer.concat([cipher.update(key), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

export function unwrapKey(master: Buffer, wrapped: string, row: Pick<KeyRow, "id" | "scope" | "interview_id">): Buffer {
  const raw = Buffer.from(wrapped, "base64");
  const decipher = createDecipheriv("aes-256-gcm", master, raw.subarray(0, 12), { authTagLength: TAG_BYTES });
  decipher.setAAD(wrapAad(row));
  decipher.setAuthTag(raw.subarray(12, 12 + TAG_BYTES));
  const key = Buffer.concat([decipher.update(raw.subarray(12 + TAG_BYTES)), decipher.final()]);
  if (key.length !== DATA_KEY_BYTES) throw new Error("A wrapped data key has the wrong length");
  return key;
}

/** The master key this process uses (the instance's current one, as far as it knows). */
export function currentMasterKey(): Buffer {
  return decodeMasterKey(getSecrets().dataKey);
}

/**
 * The master key with this id. Another process may have rotated it while this one ran (`keys rotate` without
 * downtime). The rotation writes the new key to secrets.json.next, commits, then renames that file over
 * secrets.json: so the pending file is read FIRST and secrets.json after it — whichever moment the rename happens
 * in, one of the two reads sees the new key (reading them the other way round loses it when the rename falls
 * between the reads).
 */
export function masterKeyById(kekId: string): Buffer {
  const key = currentMasterKey();
  if (masterKeyId(key) === kekId) return key;
  const pending = readPendingSecrets()?.dataKey;
  if (pending) {
    const candidate = decodeMasterKey(pending);
    if (masterKeyId(candidate) === kekId) return candidate;
  }
  forgetCachedSecrets();
  const reread = currentMasterKey();
  if (masterKeyId(reread) === kekId) return reread;
  throw new Error(
    `The master key that wrapped the data keys (${kekId}) is not this instance's key: restore the secrets.json that belongs to this database.`,
  );
}

// ---- the key store --------------------------------------------------------------------------------------

const statements = new WeakMap<Database.Database, { byId: Database.Statement; byInterview: Database.Statement; instance: Database.Statement; liveKek: Database.Statement; insert: Database.Statement }>();

function stmts() {
  const { sqlite } = getConnection();
  let s = statements.get(sqlite);
  if (!s) {
    const cols = "id, scope, interview_id, wrapped_key, kek_id, destroyed_at";
    s = {
      byId: sqlite.prepare(`SELECT ${cols} FROM data_keys WHERE id = ?`),
      byInterview: sqlite.prepare(`SELECT ${cols} FROM data_keys WHERE interview_id = ?`),
      instance: sqlite.prepare(`SELECT ${cols} FROM data_keys WHERE scope = 'instance'`),
      liveKek: sqlite.prepare("SELECT kek_id FROM data_keys WHERE wrapped_key IS NOT NULL LIMIT 1"),
      insert: sqlite.prepare(
        "INSERT INTO data_keys (id, scope, interview_id, wrapped_key, kek_id, created_at) VALUES (@id, @scope, @interview_id, @wrapped_key, @kek_id, @created_at)",
      ),
    };
    statements.set(sqlite, s);
  }
  return s;
}

/** Unwrapped keys, by id; an entry is used only while the stored wrapped form is the one it came from. */
const unwrapped = new Map<string, { wrapped: string; key: Buffer }>();

function unwrapRow(row: KeyRow): DataKey {
  if (!row.wrapped_key || !row.kek_id) throw new ErasedError();
  const hit = unwrapped.get(row.id);
  if (hit && hit.wrapped === row.wrapped_key) return { id: row.id, key: hit.key };
  const key = unwrapKey(masterKeyById(row.kek_id), row.wrapped_key, row);
  unwrapped.set(row.id, { wrapped: row.wrapped_key, key });
  return { id: row.id, key };
}

/** Forgets a key this process holds unwrapped (after destroying it). */
export function forgetDataKey(id: string): void {
  const hit = unwrapped.get(id);
  hit?.key.fill(0);
  unwrapped.delete(id);
}

/** The data key with this id, "destroyed" when erased, or null when there is no such key. */
export function dataKeyById(id: string): DataKey | "destroyed" | null {
  const row = stmts().byId.get(id) as KeyRow | undefined;
  if (!row) return null;
  if (row.destroyed_at !== null) {
    forgetDataKey(id);
    return "destroyed";
  }
  return unwrapRow(row);
}

/** The master key id the stored data keys are wrapped with (every live key has the same one), or null if none. */
export function storedMasterKeyId(): string | null {
  return ((stmts().liveKek.get() as { kek_id: string } | undefined)?.kek_id ?? null) as string | null;
}

function createKey(scope: "instance" | "interview", interviewId: string | null, now: number): DataKey {
  const kekId = storedMasterKeyId();
  const master = kekId ? masterKeyById(kekId) : currentMasterKey();
  const key = randomBytes(DATA_KEY_BYTES);
  const row = { id: randomUUID(), scope, interview_id: interviewId };
  stmts().insert.run({ ...row, wrapped_key: wrapKey(master, key, row), kek_id: masterKeyId(master), created_at: now });
  return { id: row.id, key };
}

/**
 * Reads a key, creating it when missing: inside the caller's write transaction when there is one (its audit
 * entry covers the change), else in a transaction of its own (BEGIN IMMEDIATE: two processes never both create).
 */
function getOrCreate(find: () => KeyRow | undefined, scope: "instance" | "interview", interviewId: string | null, now: number): DataKey {
  const row = find();
  if (row) return unwrapRow(row);
  const { sqlite } = getConnection();
  const create = (): DataKey => {
    const again = find();
    return again ? unwrapRow(again) : createKey(scope, interviewId, now);
  };
  return sqlite.inTransaction ? create() : sqlite.transaction(create).immediate();
}

/**
 * The interview's data key (made with the interview; created here for one that has none yet). Throws ErasedError
 * when the interview's source data was erased: nothing new is ever sealed for it.
 */
export function interviewDataKey(interviewId: string, now: number = Date.now()): DataKey {
  return getOrCreate(() => stmts().byInterview.get(interviewId) as KeyRow | undefined, "interview", interviewId, now);
}

/** The instance data key for sealed values that belong to no interview. */
export function instanceDataKey(now: number = Date.now()): DataKey {
  return getOrCreate(() => stmts().instance.get() as KeyRow | undefined, "instance", null, now);
}

/** True when the interview's data key has been destroyed (its source data erased). */
export function interviewKeyDestroyed(interviewId: string): boolean {
  const row = stmts().byInterview.get(interviewId) as KeyRow | undefined;
  return !!row && row.destroyed_at !== null;
}

/**
 * The key for what must still be recorded after an interview's source data was erased — a withdrawal or
 * revocation of consent, a takedown note: the interview's key while it exists, else the instance key. Everything
 * else is refused after an erasure (interviewDataKey throws).
 */
export function keyForLateRecord(interviewId: string, now: number = Date.now()): DataKey {
  return interviewKeyDestroyed(interviewId) ? instanceDataKey(now) : interviewDataKey(interviewId, now);
}
