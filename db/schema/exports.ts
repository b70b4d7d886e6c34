import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./auth";

/**
 * Every consent export (issue 8): who exported what and when, and — once the bundle is complete — the SHA-256
 * of its signed manifest, so a bundle handed over months later can be matched to this row. A sensitive export's
 * reason is the editor's own words: encrypted. Rows are never deleted; the manifest hash is written once.
 */
export const consentExports = sqliteTable(
  "consent_exports",
  {
    id: text("id").primaryKey(),
    exportedBy: text("exported_by")
      .notNull()
      .references(() => users.id),
    startedAt: integer("started_at").notNull(),
    /** The filters as chosen: ids, dates, statuses and formats, never a source's identity. */
    filtersJson: text("filters_json").notNull(),
    formats: text("formats").notNull(),
    sensitive: integer("sensitive", { mode: "boolean" }).notNull(),
    reasonSealed: text("reason_sealed"),
    recordCount: integer("record_count").notNull(),
    manifestSha256: text("manifest_sha256"),
    completedAt: integer("completed_at"),
  },
  (t) => [index("consent_exports_by_idx").on(t.exportedBy, t.startedAt), index("consent_exports_started_idx").on(t.startedAt)],
);
