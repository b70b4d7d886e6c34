import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { desks, users } from "./auth";

const SOURCE_TYPES = ["pow", "defector", "family_in_dprk", "other_at_risk", "other"] as const;
const STATUSES = ["preparing", "interviewed", "in_review", "cleared", "published", "cancelled"] as const;
const SETTINGS = ["custodial_facility", "safe_location", "remote_call", "other"] as const;
const INTERPRETERS = ["none", "independent", "detaining_authority", "other"] as const;

/**
 * One interview with one source. The source's real identity is never stored here: only a code name.
 * Free-text fields are encrypted at rest (lib/crypto/seal.ts). Never deleted: archived instead.
 */
export const interviews = sqliteTable(
  "interviews",
  {
    id: text("id").primaryKey(),
    codeName: text("code_name").notNull(),
    sourceType: text("source_type", { enum: SOURCE_TYPES }).notNull(),
    minor: integer("minor", { mode: "boolean" }).notNull().default(false),
    inCustody: integer("in_custody", { mode: "boolean" }).notNull().default(false),
    recentTrauma: integer("recent_trauma", { mode: "boolean" }).notNull().default(false),
    custodyHolder: text("custody_holder"),
    outlet: text("outlet").notNull(),
    deskId: text("desk_id")
      .notNull()
      .references(() => desks.id),
    plannedDate: text("planned_date"),
    setting: text("setting", { enum: SETTINGS }).notNull(),
    sourceLanguage: text("source_language").notNull(),
    interviewLanguage: text("interview_language").notNull(),
    interpreter: text("interpreter", { enum: INTERPRETERS }).notNull(),
    notesSealed: text("notes_sealed"),
    status: text("status", { enum: STATUSES }).notNull().default("preparing"),
    /** Why the status is what it is when the system moved it (e.g. back to review after a change): plain words, no identity. */
    statusReason: text("status_reason"),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id),
    guidanceVersion: text("guidance_version").notNull(),
    archivedAt: integer("archived_at"),
    /** When the source data was erased (its data key destroyed); the interview is archived at the same time. */
    erasedAt: integer("erased_at"),
    erasedBy: text("erased_by").references(() => users.id),
    erasureReason: text("erasure_reason", { enum: ["source_request", "safety", "retention_ended", "other"] }),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("interviews_desk_idx").on(t.deskId, t.plannedDate),
    index("interviews_owner_idx").on(t.ownerId),
    check("interviews_custody_check", sql`${t.sourceType} <> 'pow' or ${t.inCustody} = 1`),
  ],
);

export const interviewCollaborators = sqliteTable(
  "interview_collaborators",
  {
    interviewId: text("interview_id")
      .notNull()
      .references(() => interviews.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    addedAt: integer("added_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.interviewId, t.userId] }), index("interview_collaborators_user_idx").on(t.userId)],
);

const ITEM_STATES = ["open", "done", "not_applicable"] as const;
const NA_APPROVALS = ["none", "pending", "approved", "refused"] as const;

/**
 * The checklist of one interview: one row per guidance item ever applicable. Rows whose item no longer applies
 * (the source's profile changed) are kept with `applicable = 0`, so their state returns if it applies again.
 */
export const checklistItems = sqliteTable(
  "checklist_items",
  {
    interviewId: text("interview_id")
      .notNull()
      .references(() => interviews.id),
    itemId: text("item_id").notNull(),
    applicable: integer("applicable", { mode: "boolean" }).notNull().default(true),
    gate: text("gate", { enum: ["block", "warn"] }).notNull(),
    fingerprint: text("fingerprint").notNull(),
    state: text("state", { enum: ITEM_STATES }).notNull().default("open"),
    evidenceSealed: text("evidence_sealed"),
    naReasonSealed: text("na_reason_sealed"),
    naApproval: text("na_approval", { enum: NA_APPROVALS }).notNull().default("none"),
    naRequestedBy: text("na_requested_by"),
    naDecidedBy: text("na_decided_by"),
    naDecidedAt: integer("na_decided_at"),
    updatedBy: text("updated_by"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.interviewId, t.itemId] }), index("checklist_items_approval_idx").on(t.naApproval)],
);

export const interviewComments = sqliteTable(
  "interview_comments",
  {
    id: text("id").primaryKey(),
    interviewId: text("interview_id")
      .notNull()
      .references(() => interviews.id),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id),
    bodySealed: text("body_sealed").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("interview_comments_interview_idx").on(t.interviewId, t.createdAt)],
);
