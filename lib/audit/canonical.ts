import { createHash } from "node:crypto";

/** JSON with object keys sorted at every depth, no whitespace: the same value always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) throw new Error("undefined cannot be hashed");
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error("Non-finite numbers cannot be hashed");
    return JSON.stringify(value);
  }
  // Like JSON.stringify, an undefined array element becomes null (dropping it would shift the indices and
  // joining it would give invalid JSON such as "[1,,2]").
  if (Array.isArray(value)) return `[${value.map((v: unknown) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export const GENESIS_HASH = "0".repeat(64);

/** The stored columns of one audit entry. `payload` is the canonical JSON text exactly as stored. */
export interface AuditRow {
  seq: number;
  occurredAt: number;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  payload: string;
  prevHash: string;
  hash: string;
}

/** SHA-256 of the canonical JSON of every column but the hash (chain format v2). */
export function entryBodyHash(row: Omit<AuditRow, "hash">): string {
  return sha256Hex(
    canonicalJson({
      seq: row.seq,
      occurredAt: row.occurredAt,
      actorId: row.actorId,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      payload: row.payload,
      prevHash: row.prevHash,
    }),
  );
}

/** One link of the chain: SHA-256 of the previous entry's hash followed by this entry's body hash (hex). */
export function linkHash(prevHash: string, bodyHash: string): string {
  return sha256Hex(prevHash + bodyHash);
}

/**
 * hash = SHA-256(prev_hash ‖ SHA-256(canonical JSON of every other column)). Hashing the body first lets an
 * export prove an entry's place in the chain with its body hash alone, without revealing its contents (entries
 * outside an editor's desk, or outside the chosen filters).
 */
export function computeEntryHash(row: Omit<AuditRow, "hash">): string {
  return linkHash(row.prevHash, entryBodyHash(row));
}
