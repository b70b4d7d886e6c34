import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The append-only, hash-chained audit log. No foreign keys: entries outlive their subjects.
 * Triggers (migration 0001) abort every UPDATE and DELETE.
 */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    seq: integer("seq").primaryKey(),
    occurredAt: integer("occurred_at").notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    payload: text("payload").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull().unique(),
  },
  (t) => [
    index("audit_events_actor_idx").on(t.actorId, t.seq),
    index("audit_events_target_idx").on(t.targetType, t.targetId, t.seq),
    index("audit_events_action_idx").on(t.action, t.seq),
    index("audit_events_time_idx").on(t.occurredAt),
    // An interview's activity across its target types, read newest first without a sort.
    index("audit_events_target_id_idx").on(t.targetId, t.seq),
    // The UTC day of each entry, then seq: a date filter becomes `day IN (…)`, which SQLite reads newest first
    // day by day and stops after a page, instead of sorting every entry of the range (lib/audit/list-audit-events.ts).
    index("audit_events_day_idx").on(sql`(cast(${t.occurredAt} as integer) / 86400000)`, t.seq),
  ],
);

/**
 * Signed checkpoints of the audit chain (issue 7): every N entries and at least daily, the instance signs
 * {number, seq, count, headHash, time, keyId, prevSignature} with its Ed25519 key. Each checkpoint includes the
 * previous one's signature, so the checkpoints form a chain of their own. Append-only (triggers in migration 0008).
 * Anyone holding a copy of a checkpoint can later prove the log still extends it.
 */
export const auditCheckpoints = sqliteTable("audit_checkpoints", {
  number: integer("number").primaryKey(),
  seq: integer("seq").notNull(),
  headHash: text("head_hash").notNull(),
  createdAt: integer("created_at").notNull(),
  keyId: text("key_id").notNull(),
  prevSignature: text("prev_signature").notNull(),
  signature: text("signature").notNull(),
});

/**
 * The instance's signing keys, oldest first. A rotation is recorded with a statement signed by the previous key,
 * so a verifier who trusts the first key can follow every later one.
 */
export const auditKeys = sqliteTable("audit_keys", {
  keyId: text("key_id").primaryKey(),
  publicKey: text("public_key").notNull(),
  createdAt: integer("created_at").notNull(),
  previousKeyId: text("previous_key_id"),
  rotationSignature: text("rotation_signature"),
  retiredAt: integer("retired_at"),
});
