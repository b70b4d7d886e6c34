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
  ],
);
