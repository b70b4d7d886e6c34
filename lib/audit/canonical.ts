import * as crypto from "node:crypto";
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

/** Node's one-shot digest (Node ≥ 20.12): the same bytes as createHash, about three times faster on short texts. */
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;

/** SHA-256 of the UTF-8 bytes of `text`, in hex. */
export const sha256Hex: (text: string) => string = oneShotHash
  ? (text) => oneShotHash("sha256", text, "hex")
  : (text) => createHash("sha256").update(text, "utf8").digest("hex");

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

/** A column value that canonicalJson writes exactly as JSON.stringify does: a string, null or a finite number. */
const plain = (v: unknown): boolean => typeof v === "string" || v === null || (typeof v === "number" && Number.isFinite(v));

/** Text JSON leaves as it is (ids, hex hashes, action names): quoting it is all JSON.stringify would do. */
const BARE = /^[\w.:-]*$/;
const quote = (v: string | number | null): string =>
  typeof v === "string" ? (BARE.test(v) ? `"${v}"` : JSON.stringify(v)) : JSON.stringify(v);

/**
 * The canonical JSON of every column but the hash (chain format v2): the keys in sorted order. Stored rows hold
 * strings, nulls and finite numbers, written here directly, as canonicalJson would (the verifier's hot path);
 * anything else (a value canonicalJson drops, refuses or nests) goes through canonicalJson itself, so the bytes
 * are always its bytes (tests/unit/audit/canonical.test.ts compares the two).
 */
export function entryBody(row: Omit<AuditRow, "hash">): string {
  const { seq, occurredAt, actorId, action, targetType, targetId, payload, prevHash } = row;
  if (
    plain(seq) &&
    plain(occurredAt) &&
    plain(actorId) &&
    plain(action) &&
    plain(targetType) &&
    plain(targetId) &&
    plain(payload) &&
    plain(prevHash)
  ) {
    return `{"action":${quote(action)},"actorId":${quote(actorId)},"occurredAt":${quote(occurredAt)},"payload":${JSON.stringify(payload)},"prevHash":${quote(prevHash)},"seq":${quote(seq)},"targetId":${quote(targetId)},"targetType":${quote(targetType)}}`;
  }
  return canonicalJson({ seq, occurredAt, actorId, action, targetType, targetId, payload, prevHash });
}

/** SHA-256 of the canonical JSON of every column but the hash (chain format v2). */
export function entryBodyHash(row: Omit<AuditRow, "hash">): string {
  return sha256Hex(entryBody(row));
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
