import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { consentRecords } from "./consent";
import { desks, users } from "./auth";
import { interviews } from "./interviews";
import { findingDecisions, interviewImages } from "./review";

/**
 * The publication gate (issue 9). Every table is append-only (triggers), except that a captor-presence override is
 * approved once and a takedown task is resolved once. Free text (statements, reasons, notes, references) is
 * encrypted; the audit log holds ids only.
 */

/** An editor's sign-off: the gate report they saw (its hash and what it covered) and their statement. */
export const publicationSignoffs = sqliteTable(
  "publication_signoffs",
  {
    id: text("id").primaryKey(),
    interviewId: text("interview_id")
      .notNull()
      .references(() => interviews.id),
    editorId: text("editor_id")
      .notNull()
      .references(() => users.id),
    statementSealed: text("statement_sealed").notNull(),
    gateHash: text("gate_hash").notNull(),
    /** What the report covered: ids, versions and states (never content). */
    basisJson: text("basis_json").notNull(),
    signedAt: integer("signed_at").notNull(),
  },
  (t) => [index("publication_signoffs_interview_idx").on(t.interviewId, t.signedAt)],
);

/** Where and when a cleared interview was published. */
export const publicationRecords = sqliteTable(
  "publication_records",
  {
    id: text("id").primaryKey(),
    interviewId: text("interview_id")
      .notNull()
      .references(() => interviews.id),
    outlet: text("outlet").notNull(),
    publishedOn: text("published_on").notNull(),
    referenceSealed: text("reference_sealed").notNull(),
    mediaJson: text("media_json").notNull(),
    recordedBy: text("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedAt: integer("recorded_at").notNull(),
  },
  (t) => [index("publication_records_interview_idx").on(t.interviewId, t.recordedAt)],
);

/**
 * Consent obtained with detaining-authority personnel, guards or an intelligence service present counts only
 * after an editor's reasoned override that a second editor approves.
 */
export const gateOverrides = sqliteTable(
  "gate_overrides",
  {
    id: text("id").primaryKey(),
    interviewId: text("interview_id")
      .notNull()
      .references(() => interviews.id),
    consentRecordId: text("consent_record_id")
      .notNull()
      .references(() => consentRecords.id),
    kind: text("kind", { enum: ["captor_presence"] }).notNull(),
    reasonSealed: text("reason_sealed").notNull(),
    requestedBy: text("requested_by")
      .notNull()
      .references(() => users.id),
    requestedAt: integer("requested_at").notNull(),
    approvedBy: text("approved_by").references(() => users.id),
    approvedAt: integer("approved_at"),
  },
  (t) => [index("gate_overrides_record_idx").on(t.consentRecordId, t.requestedAt)],
);

/** An editor's check of an image for publication: de-identified or not, and whether it relies on earlier publication. */
export const imageReviews = sqliteTable(
  "image_reviews",
  {
    id: text("id").primaryKey(),
    imageId: text("image_id")
      .notNull()
      .references(() => interviewImages.id),
    interviewId: text("interview_id")
      .notNull()
      .references(() => interviews.id),
    editorId: text("editor_id")
      .notNull()
      .references(() => users.id),
    deidentified: integer("deidentified", { mode: "boolean" }).notNull(),
    priorExposure: integer("prior_exposure", { mode: "boolean" }).notNull(),
    /** Required when it relies on earlier publication: why publishing it again adds no risk (guidance §6.4). */
    justificationSealed: text("justification_sealed"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("image_reviews_image_idx").on(t.imageId, t.createdAt)],
);

/** An editor's own justification for a kept finding whose keeper relied on earlier publication. */
export const priorExposureJustifications = sqliteTable(
  "prior_exposure_justifications",
  {
    id: text("id").primaryKey(),
    decisionId: text("decision_id")
      .notNull()
      .references(() => findingDecisions.id),
    interviewId: text("interview_id")
      .notNull()
      .references(() => interviews.id),
    editorId: text("editor_id")
      .notNull()
      .references(() => users.id),
    justificationSealed: text("justification_sealed").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("prior_exposure_justifications_decision_idx").on(t.decisionId)],
);

/** After publication, a withdrawal (or revocation) is a task for the desk's editors with a due time. */
export const takedownTasks = sqliteTable(
  "takedown_tasks",
  {
    id: text("id").primaryKey(),
    interviewId: text("interview_id")
      .notNull()
      .references(() => interviews.id),
    deskId: text("desk_id")
      .notNull()
      .references(() => desks.id),
    consentRecordId: text("consent_record_id")
      .notNull()
      .references(() => consentRecords.id),
    cause: text("cause", { enum: ["withdrawn", "revoked"] }).notNull(),
    createdAt: integer("created_at").notNull(),
    dueAt: integer("due_at").notNull(),
    resolvedAt: integer("resolved_at"),
    resolvedBy: text("resolved_by").references(() => users.id),
    resolution: text("resolution", { enum: ["taken_down", "amended", "other"] }),
    noteSealed: text("note_sealed"),
  },
  (t) => [index("takedown_tasks_desk_idx").on(t.deskId, t.resolvedAt, t.dueAt), index("takedown_tasks_interview_idx").on(t.interviewId)],
);
