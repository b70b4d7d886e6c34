import type { AuditAction } from "../audit/events";
import type { InterviewStatus } from "../interviews/constants";
import type { ReopenReason } from "./schema";

/**
 * The "drop back" rule of the publication gate (issue 9), pure: what an audited change means for an interview in
 * a given status. A cleared interview goes back to review when anything its sign-off covered changes; a published
 * one gets a takedown task when the source withdraws or the newsroom revokes consent. Everything else: nothing.
 */
const REOPENING: Partial<Record<AuditAction, ReopenReason>> = {
  "review.document_added": "document",
  "review.version_added": "document",
  "review.redacted": "document",
  // A rescan re-evaluates what was signed (the scanner or its rules may have changed): the editor looks again.
  "review.scanned": "document",
  "review.decided": "decision",
  "review.approved": "decision",
  "vault.updated": "identifiers",
  "image.attached": "images",
  "consent.recorded": "consent",
  "consent.withdrawn": "consent",
  "consent.revoked": "consent",
  "consent.expired": "consent",
  "checklist.item_changed": "checklist",
  "checklist.na_requested": "checklist",
  "checklist.na_decided": "checklist",
  "checklist.synced": "checklist",
  "checklist.guidance_upgraded": "checklist",
  "interview.updated": "profile",
  "publication.image_reviewed": "gate",
  "publication.override_requested": "gate",
  "publication.override_approved": "gate",
  "publication.prior_exposure_justified": "gate",
};

const TAKEDOWN: Partial<Record<AuditAction, "withdrawn" | "revoked">> = {
  "consent.withdrawn": "withdrawn",
  "consent.revoked": "revoked",
};

export type Consequence = { kind: "reopen"; reason: ReopenReason } | { kind: "takedown"; cause: "withdrawn" | "revoked" } | null;

/** Whether an action can matter at all (the audit writer skips the database lookup for every other action). */
export function mayMatter(action: AuditAction): boolean {
  return Object.hasOwn(REOPENING, action) || Object.hasOwn(TAKEDOWN, action);
}

export function consequenceOf(action: AuditAction, status: InterviewStatus): Consequence {
  if (status === "cleared" && Object.hasOwn(REOPENING, action)) return { kind: "reopen", reason: REOPENING[action]! };
  if (status === "published" && Object.hasOwn(TAKEDOWN, action)) return { kind: "takedown", cause: TAKEDOWN[action]! };
  return null;
}
