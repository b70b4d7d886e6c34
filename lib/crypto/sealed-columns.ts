import { mfaSecretContext } from "../auth/mfa-store";
import { evidenceContext, naReasonContext } from "../checklist/internal";
import { uploadContext } from "../consent/attach-upload";
import { eventDetailsContext } from "../consent/internal";
import { privateContext } from "../consent/record-consent";
import { reasonContext } from "../exports/consent-export";
import { commentContext } from "../interviews/add-comment";
import { notesContext } from "../interviews/create-interview";
import { imageJustificationContext, overrideReasonContext, priorExposureContext } from "../publication/editor-checks";
import { takedownNoteContext } from "../publication/takedowns";
import { referenceContext, statementContext } from "../publication/workflow";
import { captionContext, imageContext } from "../review/images";
import { justificationContext, replacementContext, textContext, titleContext } from "../review/internal";
import { vaultContext } from "../review/vault";

/**
 * Every place the app keeps sealed data, with how to find the interview it belongs to (null: the instance) and
 * the associated data it was sealed with. Used by the one-time re-encryption under data keys, by erasure (what
 * an interview's key covers) and by the tests that prove every sealed column is listed here.
 *
 * Each `select` returns `pk` (the rowid), `value`, `interview_id` and the columns `context` needs.
 */
export interface SealedColumn {
  table: string;
  column: string;
  select: string;
  context: (row: Record<string, string>) => string;
}

/** The rows of a table joined to the interview they belong to. */
const REVIEW_DOCUMENT_OF_VERSION = "JOIN review_documents d ON d.id = v.document_id";

export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: "interviews", column: "notes_sealed", select: "SELECT rowid AS pk, notes_sealed AS value, id AS interview_id FROM interviews", context: (r) => notesContext(r.interview_id!) },
  {
    table: "checklist_items",
    column: "evidence_sealed",
    select: "SELECT rowid AS pk, evidence_sealed AS value, interview_id, item_id FROM checklist_items",
    context: (r) => evidenceContext(r.interview_id!, r.item_id!),
  },
  {
    table: "checklist_items",
    column: "na_reason_sealed",
    select: "SELECT rowid AS pk, na_reason_sealed AS value, interview_id, item_id FROM checklist_items",
    context: (r) => naReasonContext(r.interview_id!, r.item_id!),
  },
  {
    table: "interview_comments",
    column: "body_sealed",
    select: "SELECT rowid AS pk, body_sealed AS value, interview_id, id FROM interview_comments",
    context: (r) => commentContext(r.interview_id!, r.id!),
  },
  { table: "consent_records", column: "private_sealed", select: "SELECT rowid AS pk, private_sealed AS value, interview_id, id FROM consent_records", context: (r) => privateContext(r.id!) },
  {
    table: "consent_events",
    column: "details_sealed",
    select: "SELECT e.rowid AS pk, e.details_sealed AS value, c.interview_id, e.record_id, e.id FROM consent_events e JOIN consent_records c ON c.id = e.record_id",
    context: (r) => eventDetailsContext(r.record_id!, r.id!),
  },
  { table: "review_documents", column: "title_sealed", select: "SELECT rowid AS pk, title_sealed AS value, interview_id, id FROM review_documents", context: (r) => titleContext(r.id!) },
  {
    table: "review_versions",
    column: "text_sealed",
    select: `SELECT v.rowid AS pk, v.text_sealed AS value, d.interview_id, v.id FROM review_versions v ${REVIEW_DOCUMENT_OF_VERSION}`,
    context: (r) => textContext(r.id!),
  },
  ...(["replacement_sealed", "justification_sealed"] as const).map((column) => ({
    table: "finding_decisions",
    column,
    select: `SELECT fd.rowid AS pk, fd.${column} AS value, d.interview_id, fd.id FROM finding_decisions fd JOIN review_findings f ON f.id = fd.finding_id JOIN review_scans s ON s.id = f.scan_id JOIN review_versions v ON v.id = s.version_id ${REVIEW_DOCUMENT_OF_VERSION}`,
    context: (r: Record<string, string>) => (column === "replacement_sealed" ? replacementContext(r.id!) : justificationContext(r.id!)),
  })),
  { table: "interview_images", column: "caption_sealed", select: "SELECT rowid AS pk, caption_sealed AS value, interview_id, id FROM interview_images", context: (r) => captionContext(r.id!) },
  {
    table: "vault_identifiers",
    column: "value_sealed",
    select: "SELECT rowid AS pk, value_sealed AS value, interview_id, id FROM vault_identifiers",
    context: (r) => vaultContext(r.interview_id!, r.id!),
  },
  { table: "gate_overrides", column: "reason_sealed", select: "SELECT rowid AS pk, reason_sealed AS value, interview_id, id FROM gate_overrides", context: (r) => overrideReasonContext(r.id!) },
  {
    table: "image_reviews",
    column: "justification_sealed",
    select: "SELECT rowid AS pk, justification_sealed AS value, interview_id, id FROM image_reviews",
    context: (r) => imageJustificationContext(r.id!),
  },
  {
    table: "prior_exposure_justifications",
    column: "justification_sealed",
    select: "SELECT rowid AS pk, justification_sealed AS value, interview_id, id FROM prior_exposure_justifications",
    context: (r) => priorExposureContext(r.id!),
  },
  {
    table: "publication_records",
    column: "reference_sealed",
    select: "SELECT rowid AS pk, reference_sealed AS value, interview_id, id FROM publication_records",
    context: (r) => referenceContext(r.id!),
  },
  {
    table: "publication_signoffs",
    column: "statement_sealed",
    select: "SELECT rowid AS pk, statement_sealed AS value, interview_id, id FROM publication_signoffs",
    context: (r) => statementContext(r.id!),
  },
  // A takedown note written after the erasure is an editor's note sealed with the instance key (takedowns.ts).
  { table: "takedown_tasks", column: "note_sealed", select: "SELECT rowid AS pk, note_sealed AS value, interview_id, id FROM takedown_tasks", context: (r) => takedownNoteContext(r.id!) },
  { table: "consent_exports", column: "reason_sealed", select: "SELECT rowid AS pk, reason_sealed AS value, NULL AS interview_id, id FROM consent_exports", context: (r) => reasonContext(r.id!) },
  { table: "user_mfa", column: "secret_sealed", select: "SELECT rowid AS pk, secret_sealed AS value, NULL AS interview_id, user_id FROM user_mfa", context: (r) => mfaSecretContext(r.user_id!) },
];

/** Uploaded files (DATA_DIR/uploads/<id>), each sealed with its interview's key. */
export interface SealedFileTable {
  table: string;
  select: string;
  context: (id: string) => string;
}

export const SEALED_FILES: readonly SealedFileTable[] = [
  { table: "consent_uploads", select: "SELECT u.id, c.interview_id FROM consent_uploads u JOIN consent_records c ON c.id = u.record_id", context: uploadContext },
  { table: "interview_images", select: "SELECT id, interview_id FROM interview_images", context: imageContext },
];
