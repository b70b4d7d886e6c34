import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { interviews } from "./interviews";
import { users } from "./auth";

const STATES = ["requested", "given", "refused", "reconfirmed", "withdrawn", "revoked", "expired"] as const;

/**
 * A consent record: what one source agreed to, under which script, and how. Terms are written once and never
 * changed (triggers refuse updates to them); a change of scope is a new record pointing to the previous one.
 * `terms_json` holds choices and yes/no answers; every free-text answer is encrypted in `private_sealed`.
 */
export const consentRecords = sqliteTable(
  "consent_records",
  {
    id: text("id").primaryKey(),
    interviewId: text("interview_id")
      .notNull()
      .references(() => interviews.id),
    previousRecordId: text("previous_record_id"),
    scriptId: text("script_id").notNull(),
    scriptHash: text("script_hash").notNull(),
    language: text("language").notNull(),
    termsJson: text("terms_json").notNull(),
    privateSealed: text("private_sealed").notNull(),
    termsHash: text("terms_hash").notNull(),
    captorPresent: integer("captor_present", { mode: "boolean" }).notNull(),
    needsOverride: integer("needs_override", { mode: "boolean" }).notNull(),
    explainedAt: integer("explained_at").notNull(),
    decidedAt: integer("decided_at").notNull(),
    /** Cached result of the event history (updated in the same transaction as each event). */
    status: text("status", { enum: STATES }).notNull(),
    lastConfirmedAt: integer("last_confirmed_at"),
    recordedBy: text("recorded_by")
      .notNull()
      .references(() => users.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("consent_records_interview_idx").on(t.interviewId, t.createdAt)],
);

/** The append-only history of a consent record (triggers refuse UPDATE and DELETE). */
export const consentEvents = sqliteTable(
  "consent_events",
  {
    id: text("id").primaryKey(),
    recordId: text("record_id")
      .notNull()
      .references(() => consentRecords.id),
    type: text("type", { enum: STATES }).notNull(),
    occurredAt: integer("occurred_at").notNull(),
    channel: text("channel"),
    detailsSealed: text("details_sealed"),
    contentShownSha256: text("content_shown_sha256"),
    recordedBy: text("recorded_by").notNull(),
    recordedAt: integer("recorded_at").notNull(),
  },
  (t) => [index("consent_events_record_idx").on(t.recordId, t.recordedAt)],
);

/** Editors' approvals of a public-interest justification for a POW's identifying choices (two are needed). */
export const consentOverrideApprovals = sqliteTable(
  "consent_override_approvals",
  {
    recordId: text("record_id")
      .notNull()
      .references(() => consentRecords.id),
    editorId: text("editor_id")
      .notNull()
      .references(() => users.id),
    approvedAt: integer("approved_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.recordId, t.editorId] })],
);

/** Editor-written versions of the consent script. Immutable: a change is a new version. */
export const consentScripts = sqliteTable("consent_scripts", {
  id: text("id").primaryKey(),
  label: text("label").notNull().unique(),
  contentJson: text("content_json").notNull(),
  hash: text("hash").notNull(),
  notes: text("notes").notNull(),
  /** The version this one was written from (a database id or the built-in id), so reviewers can see what changed. */
  basedOn: text("based_on"),
  createdBy: text("created_by")
    .notNull()
    .references(() => users.id),
  createdAt: integer("created_at").notNull(),
});

/**
 * Files attached to a consent record (signature scans). Stored encrypted under DATA_DIR/uploads, outside the web
 * root, after their metadata was stripped; the row keeps the SHA-256 of the stored (stripped) image.
 */
export const consentUploads = sqliteTable(
  "consent_uploads",
  {
    id: text("id").primaryKey(),
    recordId: text("record_id")
      .notNull()
      .references(() => consentRecords.id),
    mime: text("mime").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    metadataRemoved: text("metadata_removed").notNull(),
    uploadedBy: text("uploaded_by")
      .notNull()
      .references(() => users.id),
    uploadedAt: integer("uploaded_at").notNull(),
  },
  (t) => [index("consent_uploads_record_idx").on(t.recordId)],
);
