import { sql } from "drizzle-orm";
import { check, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { interviews } from "./interviews";

/**
 * Data encryption keys (lib/crypto/data-keys.ts). Each interview has its own 256-bit key for its source data;
 * one instance key covers the rest (two-step secrets, export reasons). A key is stored only wrapped (AES-256-GCM)
 * by the master key, whose fingerprint is `kek_id`. Erasing an interview's source data destroys its key: the
 * wrapped key becomes NULL for good (crypto-shredding), the row stays so "erased" can be told from "missing".
 */
export const dataKeys = sqliteTable(
  "data_keys",
  {
    id: text("id").primaryKey(),
    scope: text("scope", { enum: ["instance", "interview"] }).notNull(),
    interviewId: text("interview_id").references(() => interviews.id),
    wrappedKey: text("wrapped_key"),
    kekId: text("kek_id"),
    createdAt: integer("created_at").notNull(),
    rewrappedAt: integer("rewrapped_at"),
    destroyedAt: integer("destroyed_at"),
  },
  (t) => [
    uniqueIndex("data_keys_interview_idx").on(t.interviewId),
    uniqueIndex("data_keys_one_instance_key").on(t.scope).where(sql`${t.scope} = 'instance'`),
    check("data_keys_scope_check", sql`(${t.scope} = 'instance') = (${t.interviewId} is null)`),
    check("data_keys_destroyed_check", sql`(${t.destroyedAt} is null) = (${t.wrappedKey} is not null and ${t.kekId} is not null)`),
  ],
);
