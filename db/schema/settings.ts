import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./auth";

/**
 * Instance-wide settings an administrator can change (e.g. how many days a consent reconfirmation stays valid).
 * One row per key; the value is JSON. Absent keys use the defaults in lib/settings/definitions.ts. Every change is
 * audited with the old and new value (settings are never sensitive).
 */
export const instanceSettings = sqliteTable("instance_settings", {
  key: text("key").primaryKey(),
  valueJson: text("value_json").notNull(),
  updatedBy: text("updated_by")
    .notNull()
    .references(() => users.id),
  updatedAt: integer("updated_at").notNull(),
});
