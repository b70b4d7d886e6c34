import { z } from "zod";
import { ROLE_VALUES } from "../auth/roles";
import { INTERVIEW_STATUSES, SOURCE_TYPES } from "../interviews/constants";

/**
 * The catalogue of audit events: one entry per `entity.verb`. Payloads are strict objects holding ids, field
 * names, states, counts and hashes only — never a source's identity, quotes or contact details, and never a
 * newsroom user's e-mail address or password.
 */
const id = z.string().min(1).max(64);
const hash = z.string().regex(/^[0-9a-f]{64}$/);
/** A key fingerprint (lib/crypto/data-keys.ts masterKeyId), never the key. */
const hash32 = z.string().regex(/^[0-9a-f]{32}$/);
const role = z.enum(ROLE_VALUES);
const sourceType = z.enum(SOURCE_TYPES);
const status = z.enum(INTERVIEW_STATUSES);
const itemId = z.string().regex(/^[a-z0-9-]{1,64}$/);
const itemState = z.enum(["open", "done", "not_applicable"]);
const reviewKind = z.enum(["draft", "caption", "transcript", "other"]);
const reviewFormat = z.enum(["paste", "txt", "md", "docx"]);
const reviewDecision = z.enum(["redact", "pseudonym", "keep"]);
const settingValue = z.union([z.number(), z.boolean(), z.string().max(100)]);
const consentState = z.enum(["requested", "given", "refused", "reconfirmed", "withdrawn", "revoked", "expired"]);

function event<A extends string, P extends z.ZodRawShape>(action: A, payload: P) {
  return z.strictObject({ action: z.literal(action), targetId: id.nullable(), payload: z.strictObject(payload) });
}

export const auditEventSchema = z.discriminatedUnion("action", [
  event("instance.setup", { adminUserId: id }),
  event("instance.backed_up", { archiveSha256: hash, withSecrets: z.boolean(), uploads: z.number().int(), auditSeq: z.number().int() }),
  event("uploads.orphans_removed", { count: z.number().int() }),
  event("keys.values_migrated", { values: z.number().int(), files: z.number().int(), keysCreated: z.number().int() }),
  event("keys.master_rotated", { fromMasterKeyId: hash32, toMasterKeyId: hash32, keysRewrapped: z.number().int() }),
  event("instance.restored", { archiveSha256: hash, backupCreatedAt: z.number().int(), uploads: z.number().int(), auditSeq: z.number().int() }),
  event("auth.sign_in_succeeded", {}),
  event("auth.sign_in_failed", {
    emailHash: hash,
    reason: z.enum(["bad_credentials", "bad_code", "locked", "inactive", "ip_limited"]),
  }),
  event("auth.locked_out", { scope: z.enum(["account", "ip"]), keyHash: hash, lockedUntil: z.number().int() }),
  event("auth.signed_out", {}),
  event("auth.reauth_failed", {
    purpose: z.enum(["sensitive_export", "sign_off", "mfa_disable", "mfa_codes", "erasure"]),
    reason: z.enum(["bad_password", "bad_code", "locked"]),
  }),
  event("user.created", { role, deskIds: z.array(id), mustChangePassword: z.boolean() }),
  event("user.updated", { fields: z.array(z.enum(["name", "email"])).min(1) }),
  event("user.role_changed", { from: role, to: role }),
  event("user.desks_changed", { added: z.array(id), removed: z.array(id) }),
  event("user.deactivated", {}),
  event("user.reactivated", {}),
  event("user.password_reset", { mustChangePassword: z.literal(true) }),
  event("user.password_changed", {}),
  event("user.mfa_reset", { recoveryCodesRemoved: z.number().int() }),
  event("mfa.enrolled", { recoveryCodes: z.number().int() }),
  event("mfa.disabled", { method: z.enum(["totp", "recovery"]) }),
  event("mfa.recovery_used", { remaining: z.number().int() }),
  event("mfa.recovery_codes_replaced", { recoveryCodes: z.number().int(), method: z.enum(["totp", "recovery"]) }),
  event("desk.created", { fields: z.array(z.literal("name")) }),
  event("interview.created", { sourceType, deskId: id, guidanceVersion: z.string(), items: z.number().int() }),
  event("interview.updated", { fields: z.array(z.string().regex(/^[a-zA-Z]+$/)).min(1) }),
  event("interview.status_changed", {
    from: status,
    to: status,
    reason: z.enum(["document", "decision", "identifiers", "images", "consent", "checklist", "profile", "gate"]).optional(),
  }),
  event("interview.archived", {}),
  event("interview.source_data_erased", {
    reason: z.enum(["source_request", "safety", "retention_ended", "other"]),
    dataKeyId: z.string().uuid(),
    sealedValues: z.number().int(),
    files: z.number().int(),
  }),
  event("interview.collaborator_added", { userId: id }),
  event("interview.collaborator_removed", { userId: id }),
  event("interview.comment_added", { commentId: id }),
  event("checklist.synced", { added: z.array(itemId), removed: z.array(itemId), restored: z.array(itemId) }),
  event("checklist.item_changed", { itemId, from: itemState, to: itemState, evidence: z.boolean() }),
  event("checklist.na_requested", { itemId }),
  event("checklist.na_decided", { itemId, decision: z.enum(["approved", "refused"]) }),
  event("consent.recorded", {
    outcome: z.enum(["given", "refused"]),
    scriptId: id,
    language: z.string().max(16),
    method: z.enum(["written", "recorded_verbal", "witnessed_verbal"]),
    captorPresent: z.boolean(),
    needsOverride: z.boolean(),
    previousRecordId: id.nullable(),
    termsHash: hash,
  }),
  event("consent.reconfirmed", { recordId: id, channel: z.string().max(32) }),
  event("consent.withdrawn", { recordId: id, channel: z.string().max(32), from: consentState }),
  event("consent.revoked", { recordId: id, from: consentState }),
  event("consent.override_approved", { recordId: id, approvals: z.number().int() }),
  event("consent.viewed", { recordId: id }),
  event("consent.upload_attached", { recordId: id, uploadId: id, sha256: hash, metadataRemoved: z.number().int() }),
  event("consent.upload_downloaded", { uploadId: id }),
  event("consent.expired", { recordId: id, expiresOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  event("consent.export_started", {
    exportId: id,
    formats: z.array(z.enum(["pdf", "csv", "json"])).min(1),
    sensitive: z.boolean(),
    records: z.number().int(),
    filters: z.array(z.string().max(20)),
  }),
  event("consent.exported", {
    exportId: id,
    manifestSha256: hash,
    records: z.number().int(),
    files: z.number().int(),
    sensitive: z.boolean(),
  }),
  event("consent.receipt_issued", { recordId: id, sha256: hash, outletNamed: z.boolean(), contactGiven: z.boolean() }),
  event("consentscript.created", {
    scriptId: id,
    label: z.string().max(40),
    languages: z.array(z.string().max(16)),
    hash,
    basedOn: id.nullable(),
  }),
  event("vault.viewed", { identifiers: z.number().int() }),
  event("vault.updated", { added: z.array(id), changed: z.array(id), removed: z.array(id) }),
  event("review.document_added", { documentId: id, versionId: id, kind: reviewKind, format: reviewFormat, chars: z.number().int() }),
  event("review.version_added", { documentId: id, versionId: id, number: z.number().int(), chars: z.number().int() }),
  event("review.document_viewed", { documentId: id, versionId: id }),
  event("review.scanned", {
    documentId: id,
    versionId: id,
    scanId: id,
    findings: z.number().int(),
    high: z.number().int(),
    carriedOver: z.number().int(),
  }),
  event("review.decided", {
    documentId: id,
    findingId: id,
    decision: reviewDecision,
    category: z.string().max(20),
    severity: z.enum(["high", "medium", "low"]),
  }),
  event("review.approved", { documentId: id, findingId: id, decisionId: id }),
  event("review.redacted", {
    documentId: id,
    fromVersionId: id,
    versionId: id,
    scanId: id,
    redacted: z.number().int(),
    pseudonymised: z.number().int(),
    kept: z.number().int(),
  }),
  event("review.downloaded", { documentId: id, versionId: id }),
  event("image.attached", { imageId: id, sha256: hash, metadataRemoved: z.array(z.string().max(40)) }),
  event("image.downloaded", { imageId: id }),
  event("audit.key_rotated", {
    fromKeyId: z.string().regex(/^[0-9a-f]{32}$/),
    toKeyId: z.string().regex(/^[0-9a-f]{32}$/),
    rotationSignature: z.string().max(200),
  }),
  event("audit.exported", { exportId: id, filters: z.array(z.string().max(20)) }),
  event("publication.cleared", { signoffId: id, gateHash: hash }),
  event("publication.published", { publicationId: id, media: z.array(z.enum(["text", "audio", "video", "stills"])) }),
  event("publication.override_requested", { overrideId: id, recordId: id }),
  event("publication.override_approved", { overrideId: id, recordId: id }),
  event("publication.image_reviewed", { imageId: id, deidentified: z.boolean(), priorExposure: z.boolean() }),
  event("publication.prior_exposure_justified", { documentId: id, findingId: id, decisionId: id }),
  event("takedown.created", { taskId: id, recordId: id, cause: z.enum(["withdrawn", "revoked"]), dueAt: z.number().int() }),
  event("takedown.resolved", { taskId: id, resolution: z.enum(["taken_down", "amended", "other"]), overdue: z.boolean() }),
  event("settings.updated", { key: z.string().regex(/^[a-z][a-z_.]{1,63}$/), from: settingValue, to: settingValue }),
  event("checklist.guidance_upgraded", {
    from: z.string(),
    to: z.string(),
    kept: z.number().int(),
    reset: z.array(itemId),
    added: z.array(itemId),
    removed: z.array(itemId),
  }),
]);

export type AuditEvent = z.infer<typeof auditEventSchema>;
export type AuditAction = AuditEvent["action"];

/** Target types whose target id is an interview id: desk editors see these entries for their desks' interviews. */
export const INTERVIEW_TARGET_TYPES = ["interview", "checklist", "consent", "vault", "review", "image", "publication", "takedown"] as const;

export function targetsInterview(targetType: string): boolean {
  return (INTERVIEW_TARGET_TYPES as readonly string[]).includes(targetType);
}

/** The entity an action is about: the part before the dot. */
export function targetTypeOf(action: AuditAction): string {
  return action.slice(0, action.indexOf("."));
}

const LABELS: Record<AuditAction, string> = {
  "instance.setup": "Sourcekeeper set up",
  "instance.backed_up": "Backup taken",
  "instance.restored": "Restored from a backup",
  "uploads.orphans_removed": "Unreferenced upload files removed",
  "keys.values_migrated": "Sealed data re-encrypted under data keys",
  "keys.master_rotated": "Master key rotated (data keys rewrapped)",
  "interview.source_data_erased": "Source data erased (data key destroyed)",
  "auth.sign_in_succeeded": "Signed in",
  "auth.sign_in_failed": "Sign-in failed",
  "auth.locked_out": "Sign-in locked after repeated failures",
  "auth.signed_out": "Signed out",
  "auth.reauth_failed": "Password confirmation failed",
  "user.created": "User created",
  "user.updated": "User details changed",
  "user.role_changed": "Role changed",
  "user.desks_changed": "Desks changed",
  "user.deactivated": "User deactivated",
  "user.reactivated": "User reactivated",
  "user.password_reset": "Password reset by an administrator",
  "user.password_changed": "Password changed",
  "user.mfa_reset": "Two-step sign-in reset by an administrator",
  "mfa.enrolled": "Two-step sign-in turned on",
  "mfa.disabled": "Two-step sign-in turned off",
  "mfa.recovery_used": "Recovery code used to sign in",
  "mfa.recovery_codes_replaced": "New recovery codes issued",
  "desk.created": "Desk created",
  "interview.created": "Interview created",
  "interview.updated": "Interview details changed",
  "interview.status_changed": "Interview status changed",
  "interview.archived": "Interview archived",
  "interview.collaborator_added": "Collaborator added",
  "interview.collaborator_removed": "Collaborator removed",
  "interview.comment_added": "Comment added",
  "checklist.synced": "Checklist adjusted to the source",
  "checklist.item_changed": "Checklist item changed",
  "checklist.na_requested": "Not-applicable approval requested",
  "checklist.na_decided": "Not-applicable request decided",
  "checklist.guidance_upgraded": "Checklist upgraded to new guidance",
  "consent.recorded": "Consent recorded",
  "consent.reconfirmed": "Consent reconfirmed",
  "consent.withdrawn": "Consent withdrawn",
  "consent.revoked": "Consent revoked by the newsroom",
  "consent.override_approved": "Public-interest justification approved",
  "consent.viewed": "Consent record viewed",
  "consent.upload_attached": "Signature scan attached",
  "consent.upload_downloaded": "Signature scan downloaded",
  "consent.expired": "Consent expired",
  "consent.export_started": "Consent export started",
  "consent.exported": "Consent export completed",
  "consent.receipt_issued": "Receipt issued for the source",
  "consentscript.created": "Consent script version created",
  "settings.updated": "Setting changed",
  "publication.cleared": "Cleared for publication by an editor",
  "publication.published": "Publication recorded",
  "publication.override_requested": "Override of captor presence recorded",
  "publication.override_approved": "Override of captor presence approved",
  "publication.image_reviewed": "Image checked for publication",
  "publication.prior_exposure_justified": "Earlier publication justified",
  "takedown.created": "Takedown required after withdrawal",
  "takedown.resolved": "Takedown task resolved",
  "audit.key_rotated": "Audit signing key replaced",
  "audit.exported": "Audit log exported",
  "vault.viewed": "Protected identifiers viewed",
  "vault.updated": "Protected identifiers changed",
  "review.document_added": "Document added for review",
  "review.version_added": "New document version added",
  "review.document_viewed": "Document viewed",
  "review.scanned": "Document scanned for identifying details",
  "review.decided": "Decision on a finding",
  "review.approved": "Kept finding approved by an editor",
  "review.redacted": "Redacted version produced",
  "review.downloaded": "Document downloaded",
  "image.attached": "Image attached",
  "image.downloaded": "Image downloaded",
};

/** Plain-words label for an action name; unknown names (from newer versions) are shown as they are. */
export function describeAction(action: string): string {
  // Own properties only: "toString" or "constructor" must not resolve to Object.prototype members.
  return Object.hasOwn(LABELS, action) ? (LABELS as Record<string, string>)[action]! : action;
}
