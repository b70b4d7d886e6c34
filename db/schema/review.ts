import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { CATEGORIES as SCANNER_CATEGORIES } from "../../lib/redaction/types";
import { users } from "./auth";
import { interviews } from "./interviews";

// The scanner's categories (lib/redaction/types.ts is pure TypeScript with no imports, safe for the schema).
const CATEGORIES = SCANNER_CATEGORIES;
const SEVERITIES = ["high", "medium", "low"] as const;
const DOCUMENT_KINDS = ["draft", "caption", "transcript", "other"] as const;
const ORIGINS = ["pasted", "uploaded", "redacted"] as const;
const FORMATS = ["paste", "txt", "md", "docx"] as const;
const DECISIONS = ["redact", "pseudonym", "keep"] as const;

/**
 * The identifier vault: what must never appear about one source (real name and its spellings, hometown, unit,
 * phone numbers…). Values are encrypted (AES-256-GCM, bound to the row) and never written to the audit log, logs,
 * URLs or exports; only the interview's owner and collaborators can read them.
 */
export const vaultIdentifiers = sqliteTable(
  "vault_identifiers",
  {
    id: text("id").primaryKey(),
    interviewId: text("interview_id")
      .notNull()
      .references(() => interviews.id),
    category: text("category", { enum: CATEGORIES }).notNull(),
    /** The source's real name: governed by the consent's name choice (never keepable unless consent allows it). */
    realName: integer("real_name", { mode: "boolean" }).notNull(),
    valueSealed: text("value_sealed").notNull(),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("vault_identifiers_interview_idx").on(t.interviewId)],
);

/** A text to be checked before publication (a draft, a caption, a transcript). Its versions hold the text. */
export const reviewDocuments = sqliteTable(
  "review_documents",
  {
    id: text("id").primaryKey(),
    interviewId: text("interview_id")
      .notNull()
      .references(() => interviews.id),
    kind: text("kind", { enum: DOCUMENT_KINDS }).notNull(),
    titleSealed: text("title_sealed").notNull(),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("review_documents_interview_idx").on(t.interviewId, t.createdAt)],
);

/** One version of a document's text, encrypted. Versions are never changed; a new text is a new version. */
export const reviewVersions = sqliteTable(
  "review_versions",
  {
    id: text("id").primaryKey(),
    documentId: text("document_id")
      .notNull()
      .references(() => reviewDocuments.id),
    number: integer("number").notNull(),
    origin: text("origin", { enum: ORIGINS }).notNull(),
    format: text("format", { enum: FORMATS }).notNull(),
    /** For a redacted version: the version it was produced from. */
    parentVersionId: text("parent_version_id"),
    textSealed: text("text_sealed").notNull(),
    chars: integer("chars").notNull(),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("review_versions_number_idx").on(t.documentId, t.number)],
);

/**
 * One scan of one version. `vaultFingerprint` identifies the vault as it was (ids and update times, never values)
 * and `consentNameChoice` the consent's name choice, so a later change to either makes the scan stale.
 */
export const reviewScans = sqliteTable(
  "review_scans",
  {
    id: text("id").primaryKey(),
    versionId: text("version_id")
      .notNull()
      .references(() => reviewVersions.id),
    vaultFingerprint: text("vault_fingerprint").notNull(),
    consentNameChoice: text("consent_name_choice").notNull(),
    findings: integer("findings").notNull(),
    scannedBy: text("scanned_by")
      .notNull()
      .references(() => users.id),
    scannedAt: integer("scanned_at").notNull(),
  },
  (t) => [index("review_scans_version_idx").on(t.versionId, t.scannedAt)],
);

/** What a scan found: spans and categories, never the matched text. */
export const reviewFindings = sqliteTable(
  "review_findings",
  {
    id: text("id").primaryKey(),
    scanId: text("scan_id")
      .notNull()
      .references(() => reviewScans.id),
    position: integer("position").notNull(),
    start: integer("start").notNull(),
    end: integer("end").notNull(),
    category: text("category", { enum: CATEGORIES }).notNull(),
    severity: text("severity", { enum: SEVERITIES }).notNull(),
    score: real("score").notNull(),
    recognizer: text("recognizer").notNull(),
    explanation: text("explanation").notNull(),
    /** The vault identifier matched (protected findings). */
    identifierId: text("identifier_id"),
    realName: integer("real_name", { mode: "boolean" }).notNull(),
    /** False when the finding may not be kept (the real name while consent does not allow it). */
    keepable: integer("keepable", { mode: "boolean" }).notNull(),
    /** For a combination finding: the spans that together identify, as JSON [{start, end, category}]. */
    relatedJson: text("related_json"),
  },
  (t) => [index("review_findings_scan_idx").on(t.scanId, t.position)],
);

/** A decision on a finding. Append-only: the latest decision counts; earlier ones stay as history. */
export const findingDecisions = sqliteTable(
  "finding_decisions",
  {
    id: text("id").primaryKey(),
    findingId: text("finding_id")
      .notNull()
      .references(() => reviewFindings.id),
    decision: text("decision", { enum: DECISIONS }).notNull(),
    replacementSealed: text("replacement_sealed"),
    justificationSealed: text("justification_sealed"),
    /** A keep that relies on the detail having been published elsewhere before (needs an editor's own justification). */
    priorExposure: integer("prior_exposure", { mode: "boolean" }).notNull().default(false),
    decidedBy: text("decided_by")
      .notNull()
      .references(() => users.id),
    decidedAt: integer("decided_at").notNull(),
  },
  (t) => [index("finding_decisions_finding_idx").on(t.findingId, t.decidedAt)],
);

/** An editor's approval of a decision to keep a high-severity finding. */
export const findingApprovals = sqliteTable(
  "finding_approvals",
  {
    decisionId: text("decision_id")
      .notNull()
      .references(() => findingDecisions.id),
    editorId: text("editor_id")
      .notNull()
      .references(() => users.id),
    approvedAt: integer("approved_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.decisionId] })],
);

/**
 * Images attached to an interview for publication review. Stored encrypted outside the web root after sharp
 * removed their metadata; `metadata_removed` says what was found. Faces are checked by eye (a later issue).
 */
export const interviewImages = sqliteTable(
  "interview_images",
  {
    id: text("id").primaryKey(),
    interviewId: text("interview_id")
      .notNull()
      .references(() => interviews.id),
    captionSealed: text("caption_sealed").notNull(),
    mime: text("mime").notNull(),
    size: integer("size").notNull(),
    width: integer("width"),
    height: integer("height"),
    sha256: text("sha256").notNull(),
    metadataRemoved: text("metadata_removed").notNull(),
    uploadedBy: text("uploaded_by")
      .notNull()
      .references(() => users.id),
    uploadedAt: integer("uploaded_at").notNull(),
  },
  (t) => [index("interview_images_interview_idx").on(t.interviewId, t.uploadedAt)],
);
