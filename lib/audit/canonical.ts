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

/** hash = SHA-256(prev_hash ‖ canonical JSON of every other column). */
export function computeEntryHash(row: Omit<AuditRow, "hash">): string {
  const body = canonicalJson({
    seq: row.seq,
    occurredAt: row.occurredAt,
    actorId: row.actorId,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    payload: row.payload,
    prevHash: row.prevHash,
  });
  return sha256Hex(row.prevHash + body);
}
