import fs from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { verifyStoredChain } from "@/lib/audit/verify-stored-chain";
import { decideNotApplicable } from "@/lib/checklist/decide-na";
import { setItemState } from "@/lib/checklist/set-item-state";
import { reconfirmConsent } from "@/lib/consent/reconfirm-consent";
import { recordConsent } from "@/lib/consent/record-consent";
import { revokeConsent } from "@/lib/consent/revoke-consent";
import { withdrawConsent } from "@/lib/consent/withdraw-consent";
import type { Ctx } from "@/lib/context";
import { databaseFile } from "@/lib/env";
import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from "@/lib/errors";
import { addComment } from "@/lib/interviews/add-comment";
import { archiveInterview } from "@/lib/interviews/archive-interview";
import { setInterviewStatus } from "@/lib/interviews/set-interview-status";
import { updateInterview } from "@/lib/interviews/update-interview";
import { getDashboard } from "@/lib/publication/dashboard";
import { approveCaptorOverride, justifyPriorExposure, requestCaptorOverride, reviewImage } from "@/lib/publication/editor-checks";
import type { GateCode } from "@/lib/publication/evaluate-gate";
import { REOPEN_REASONS, type ReopenReason } from "@/lib/publication/schema";
import { listTakedowns, resolveTakedown } from "@/lib/publication/takedowns";
import { getPublicationView, recordPublication, signOff, submitForReview } from "@/lib/publication/workflow";
import { decideFinding } from "@/lib/review/decide";
import { addDocumentVersion, addPastedDocument } from "@/lib/review/documents";
import { attachImage } from "@/lib/review/images";
import { saveVault, viewVault } from "@/lib/review/vault";
import { updateSettings } from "@/lib/settings/settings";
import { refusedWithoutChangeTo, rejectsWithoutChangeTo } from "../support/assertions";
import {
  canary,
  consentInput,
  DAY,
  HOUR,
  iso,
  MINUTE,
  plainJpeg,
  reconfirmInput,
  revokeInput,
  tableText,
  withdrawInput,
} from "../support/consent-fixtures";
import {
  CONSENT_WITH_STILLS,
  interviewRow,
  lastReconfirmedAt,
  OVERRIDE_REASON,
  prepareClearable,
  PRIOR_EXPOSURE_REASON,
  publicationSnapshot,
  reasonCodes,
  signOffAs,
  signoffRows,
  STATEMENT,
  TAKEDOWN_NOTE,
  takedownRows,
  type Clearable,
  type PrepareOptions,
} from "../support/publication-fixtures";
import { DRAFT, DRAFT_SPANS, entries, findingAt, HOMETOWN, KEEP_REASON } from "../support/review-fixtures";
import { seedInterview, interviewInput, seedNewsroom, type Newsroom } from "../support/seed";
import { auditCount, auditSince, forceAuditInsertFailure, registerTestDb, sqlite } from "../support/test-db";

registerTestDb("each");

const HEX64 = /^[0-9a-f]{64}$/;

/** Runs `run`, expects `type`, and checks that no gate table, interview or audit entry changed. */
const refused = <E>(run: () => unknown, type: new (...args: never[]) => E): E => refusedWithoutChangeTo(publicationSnapshot, run, type);
const rejects = <E>(run: () => Promise<unknown>, type: new (...args: never[]) => E): Promise<E> =>
  rejectsWithoutChangeTo(publicationSnapshot, run, type);

/** Expects a ValidationError naming `field`, with nothing written. */
function invalid(run: () => unknown, field: string): ValidationError {
  const err = refused(run, ValidationError);
  expect(err.fieldErrors[field]).toEqual(expect.any(String));
  return err;
}

let n: Newsroom;
let codeNames = 0;

beforeEach(async () => {
  n = await seedNewsroom();
  n.clock.advance(HOUR);
});

const now = () => n.clock.now();
const day = (ms: number) => iso(ms).slice(0, 10);
const statusOf = (interviewId: string) => interviewRow(interviewId).status;

/** prepareClearable with a fresh code name each time. */
const prepare = (options: PrepareOptions = {}) =>
  prepareClearable(n, { ...options, interview: { codeName: `Birch ${String.fromCharCode(65 + codeNames++)}`, ...options.interview } });

/** Editor B reads the report and clears the interview. */
const clear = (c: Clearable, statement = STATEMENT) => signOffAs(c.ctxs.editorB, c.passwords.editorB, c.interviewId, statement);

const publishInput = (interviewId: string, overrides: Record<string, unknown> = {}) => ({
  interviewId,
  outlet: "The Daily Example",
  publishedOn: day(now()),
  reference: "https://example.com/2030/01/pow-interview",
  media: ["text"],
  ...overrides,
});
const publish = (ctx: Ctx, interviewId: string, overrides: Record<string, unknown> = {}) =>
  recordPublication({ ctx, input: publishInput(interviewId, overrides) });

/** Cleared by editor B and published by the owner. */
async function published(options: PrepareOptions = {}): Promise<Clearable> {
  const c = await prepare(options);
  await clear(c);
  publish(c.ctxs.owner, c.interviewId);
  expect(statusOf(c.interviewId)).toBe("published");
  return c;
}

const withdraw = (ctx: Ctx, interviewId: string, recordId: string, overrides: Record<string, unknown> = {}) =>
  withdrawConsent({ ctx, input: withdrawInput(interviewId, recordId, now(), overrides) });

const signInput = (c: Clearable, gateHash: string, password = c.passwords.editorB) => ({
  interviewId: c.interviewId,
  gateHash,
  statement: STATEMENT,
  password,
});

/** Editor B sees exactly these reasons, and a sign-off with the report's own hash is refused without any change. */
async function expectBlocked(c: Clearable, codes: GateCode[], rule: number) {
  const { report } = getPublicationView({ ctx: c.ctxs.editorB, interviewId: c.interviewId });
  expect(report.reasons.map((r) => r.code)).toEqual(codes);
  expect(report.reasons.every((r) => r.rule === rule && r.href.startsWith(`/interviews/${c.interviewId}`))).toBe(true);
  expect(report.clear).toBe(false);
  const err = await rejects(() => signOff({ ctx: c.ctxs.editorB, input: signInput(c, report.hash) }), ConflictError);
  expect(err.message).toContain(report.reasons[0]!.message);
  expect(statusOf(c.interviewId)).toBe("in_review");
  expect(signoffRows(c.interviewId)).toEqual([]);
  return report;
}

/* ------------------------------------------------------------------------------------------------------------ */

describe("statuses: interviewed → in_review → cleared → published, and cancelled", () => {
  it("submit: only from interviewed, by the owner or a collaborator; a desk editor is forbidden, another desk finds nothing", async () => {
    const c = await prepare({ collaborator: "jay", submit: false });
    expect(statusOf(c.interviewId)).toBe("interviewed");
    const ref = { interviewId: c.interviewId };
    refused(() => submitForReview({ ctx: c.ctxs.editorA, input: ref }), ForbiddenError);
    refused(() => submitForReview({ ctx: n.ctxs.kyivAdmin, input: ref }), ForbiddenError);
    refused(() => submitForReview({ ctx: c.ctxs.otherDesk, input: ref }), NotFoundError);
    expect(getPublicationView({ ctx: c.ctxs.collaborator!, interviewId: c.interviewId }).canSubmit).toBe(true);

    const before = auditCount();
    submitForReview({ ctx: c.ctxs.collaborator!, input: ref });
    expect(interviewRow(c.interviewId)).toEqual({ status: "in_review", status_reason: null });
    expect(auditSince(before).map((e) => [e.action, e.actorId, e.targetId, e.data])).toEqual([
      ["interview.status_changed", n.jay.id, c.interviewId, { from: "interviewed", to: "in_review" }],
    ]);
    refused(() => submitForReview({ ctx: c.ctxs.owner, input: ref }), InvalidTransitionError);

    const preparing = seedInterview(n.ctxs.jo, interviewInput(n.kyiv, { codeName: "Sprout" }));
    refused(() => submitForReview({ ctx: n.ctxs.jo, input: { interviewId: preparing } }), InvalidTransitionError);
  });

  it("in_review → cleared only by a sign-off; cleared → published only by recordPublication; a future date is refused", async () => {
    const c = await prepare();
    const set = (status: string) => () => setInterviewStatus({ ctx: c.ctxs.owner, input: { interviewId: c.interviewId, status } });
    refused(set("cleared"), InvalidTransitionError);
    refused(set("published"), InvalidTransitionError);
    refused(() => publish(c.ctxs.owner, c.interviewId), InvalidTransitionError);

    await clear(c);
    expect(statusOf(c.interviewId)).toBe("cleared");
    refused(set("published"), InvalidTransitionError);
    refused(set("in_review"), InvalidTransitionError);
    refused(() => publish(c.ctxs.otherDesk, c.interviewId), NotFoundError);
    refused(() => publish(n.ctxs.jay, c.interviewId), NotFoundError);
    invalid(() => publish(c.ctxs.owner, c.interviewId, { publishedOn: day(now() + 2 * DAY) }), "publishedOn");
    invalid(() => publish(c.ctxs.owner, c.interviewId, { media: [] }), "media");
    expect(getPublicationView({ ctx: c.ctxs.owner, interviewId: c.interviewId }).canPublish).toBe(true);

    const before = auditCount();
    const { publicationId } = publish(c.ctxs.owner, c.interviewId, { media: ["text", "stills"] });
    expect(statusOf(c.interviewId)).toBe("published");
    const row = sqlite().prepare("select * from publication_records where id = ?").get(publicationId) as Record<string, unknown>;
    expect(row).toMatchObject({ interview_id: c.interviewId, outlet: "The Daily Example", published_on: day(now()), recorded_by: n.jo.id });
    expect(String(row.reference_sealed)).not.toContain("example.com");
    expect(getPublicationView({ ctx: c.ctxs.editorA, interviewId: c.interviewId }).publications).toEqual([
      expect.objectContaining({ id: publicationId, reference: "https://example.com/2030/01/pow-interview", media: ["text", "stills"] }),
    ]);
    expect(auditSince(before).map((e) => [e.action, e.data])).toEqual([
      ["publication.published", { publicationId, media: ["text", "stills"] }],
      ["interview.status_changed", { from: "cleared", to: "published" }],
    ]);
    refused(() => publish(c.ctxs.owner, c.interviewId), InvalidTransitionError);
  });

  it.each([
    ["an editor of the desk", "editorA"],
    ["a collaborator", "collaborator"],
  ] as const)("%s may record the publication", async (_, who) => {
    const c = await prepare({ collaborator: "jay" });
    await clear(c);
    publish(c.ctxs[who]!, c.interviewId);
    expect(statusOf(c.interviewId)).toBe("published");
    expect(auditSince(auditCount() - 2).map((e) => [e.action, e.actorId])).toEqual([
      ["publication.published", who === "editorA" ? n.ed.id : n.jay.id],
      ["interview.status_changed", who === "editorA" ? n.ed.id : n.jay.id],
    ]);
  });

  it("cancel: a submission can be taken back or cancelled, a cleared interview cancelled, a published one not", async () => {
    const a = await prepare();
    const set = (ctx: Ctx, interviewId: string, status: string) => setInterviewStatus({ ctx, input: { interviewId, status } });
    refused(() => set(a.ctxs.editorA, a.interviewId, "cancelled"), ForbiddenError);
    set(a.ctxs.owner, a.interviewId, "interviewed");
    expect(statusOf(a.interviewId)).toBe("interviewed");
    submitForReview({ ctx: a.ctxs.owner, input: { interviewId: a.interviewId } });
    set(a.ctxs.owner, a.interviewId, "cancelled");
    expect(statusOf(a.interviewId)).toBe("cancelled");
    await rejects(() => signOffAs(a.ctxs.editorB, a.passwords.editorB, a.interviewId), InvalidTransitionError);

    const b = await prepare();
    await clear(b);
    set(b.ctxs.owner, b.interviewId, "cancelled");
    expect(statusOf(b.interviewId)).toBe("cancelled");
    refused(() => publish(b.ctxs.owner, b.interviewId), InvalidTransitionError);

    const c = await published();
    refused(() => set(c.ctxs.owner, c.interviewId, "cancelled"), InvalidTransitionError);
  });

  it("an archived interview can be neither cleared nor published", async () => {
    const a = await prepare();
    archiveInterview({ ctx: a.ctxs.owner, input: { interviewId: a.interviewId } });
    expect(getPublicationView({ ctx: a.ctxs.editorB, interviewId: a.interviewId }).canSignOff).toBe(false);
    // Refused before the password is even checked: nothing is written, not even a failed re-authentication.
    await rejects(() => signOffAs(a.ctxs.editorB, "not the password", a.interviewId), ConflictError);
    await rejects(() => signOffAs(a.ctxs.editorB, a.passwords.editorB, a.interviewId), ConflictError);
    expect(statusOf(a.interviewId)).toBe("in_review");

    const b = await prepare();
    await clear(b);
    archiveInterview({ ctx: b.ctxs.owner, input: { interviewId: b.interviewId } });
    expect(getPublicationView({ ctx: b.ctxs.editorA, interviewId: b.interviewId }).canPublish).toBe(false);
    refused(() => publish(b.ctxs.editorA, b.interviewId), ConflictError);
    refused(() => publish(b.ctxs.owner, b.interviewId), ConflictError);
    expect(statusOf(b.interviewId)).toBe("cleared");
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("sign-off: who may sign (rule 6)", () => {
  it("the owner, an editor, cannot clear their own interview; another editor of the desk can", async () => {
    const c = await prepare({ owner: "ed", editorA: "ed2", editorB: "kyivAdmin" });
    const view = getPublicationView({ ctx: n.ctxs.ed, interviewId: c.interviewId });
    expect(view.report.reasons.map((r) => [r.rule, r.code])).toEqual([[6, "signer_is_owner"]]);
    expect(view.canSignOff).toBe(false);
    const err = await rejects(() => signOffAs(n.ctxs.ed, n.ed.password, c.interviewId), ConflictError);
    expect(err.message).toContain("another editor must clear it");

    // The hash is the same for every reader: rule 6 is about who looks, not about what is signed.
    const other = getPublicationView({ ctx: c.ctxs.editorB, interviewId: c.interviewId });
    expect(other.report).toMatchObject({ clear: true, reasons: [], hash: view.report.hash });
    expect(other.canSignOff).toBe(true);
    await clear(c);
    expect(statusOf(c.interviewId)).toBe("cleared");
    expect(signoffRows(c.interviewId).map((s) => s.editor_id)).toEqual([n.kyivAdmin.id]);
  });

  it("a collaborator who is an editor cannot clear it", async () => {
    const c = await prepare({ collaborator: "ed2", editorA: "ed", editorB: "kyivAdmin" });
    const view = getPublicationView({ ctx: n.ctxs.ed2, interviewId: c.interviewId });
    expect(view.report.reasons.map((r) => [r.rule, r.code])).toEqual([[6, "signer_is_collaborator"]]);
    expect(view.canSignOff).toBe(false);
    const err = await rejects(() => signOffAs(n.ctxs.ed2, n.ed2.password, c.interviewId), ConflictError);
    expect(err.message).toContain("another editor must clear it");
    expect(signoffRows(c.interviewId)).toEqual([]);
  });

  it("an editor of another desk learns nothing (not found, even before the password); a journalist is forbidden", async () => {
    const c = await prepare({ collaborator: "jay" });
    const { hash } = getPublicationView({ ctx: c.ctxs.editorA, interviewId: c.interviewId }).report;
    expect(() => getPublicationView({ ctx: c.ctxs.otherDesk, interviewId: c.interviewId })).toThrow(NotFoundError);
    // Not found with the right password, and with a wrong one (no failed re-authentication is even recorded).
    await rejects(() => signOff({ ctx: c.ctxs.otherDesk, input: signInput(c, hash, c.passwords.otherDesk) }), NotFoundError);
    await rejects(() => signOff({ ctx: c.ctxs.otherDesk, input: signInput(c, hash, "not the password") }), NotFoundError);
    await rejects(() => signOff({ ctx: c.ctxs.owner, input: signInput(c, hash, c.passwords.owner) }), ForbiddenError);
    await rejects(() => signOff({ ctx: c.ctxs.collaborator!, input: signInput(c, hash, n.jay.password) }), ForbiddenError);
    expect(getPublicationView({ ctx: c.ctxs.owner, interviewId: c.interviewId }).canSignOff).toBe(false);
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("sign-off refused while any reason blocks (rules 1–5)", () => {
  it("rule 1: a blocking checklist item re-opened, or marked not applicable and awaiting an editor", async () => {
    const c = await prepare();
    setItemState({ ctx: c.ctxs.owner, input: { interviewId: c.interviewId, itemId: "scanner-clean", state: "open" } });
    const report = await expectBlocked(c, ["checklist_open"], 1);
    expect(report.reasons[0]).toMatchObject({ subjectId: "scanner-clean", href: `/interviews/${c.interviewId}#item-scanner-clean` });

    setItemState({
      ctx: c.ctxs.owner,
      input: { interviewId: c.interviewId, itemId: "scanner-clean", state: "not_applicable", reason: "Nothing to scan in this piece." },
    });
    await expectBlocked(c, ["checklist_na_pending"], 1);
    decideNotApplicable({ ctx: c.ctxs.editorA, input: { interviewId: c.interviewId, itemId: "scanner-clean", decision: "approved" } });
    expect(reasonCodes(c.ctxs.editorB, c.interviewId)).toEqual([]);
    await clear(c);
    expect(statusOf(c.interviewId)).toBe("cleared");
  });

  it("rule 2: no consent at all", async () => {
    const c = await prepare({ consent: null });
    await expectBlocked(c, ["consent_missing"], 2);
  });

  it("rule 2: consent withdrawn", async () => {
    const c = await prepare();
    withdraw(c.ctxs.owner, c.interviewId, c.recordId);
    await expectBlocked(c, ["consent_withdrawn"], 2);
  });

  it("rule 2: consent revoked by the newsroom", async () => {
    const c = await prepare();
    revokeConsent({ ctx: c.ctxs.editorA, input: revokeInput(c.interviewId, c.recordId) });
    await expectBlocked(c, ["consent_revoked"], 2);
  });

  it("rule 2: consent expired on the agreed date (before any sweep recorded it)", async () => {
    const c = await prepare({ consent: { expiresOn: day(now()) } });
    expect(reasonCodes(c.ctxs.editorB, c.interviewId)).toEqual([]);
    n.clock.set(Date.parse(`${day(now())}T23:59:59.999Z`) + 1);
    await expectBlocked(c, ["consent_expired"], 2);
  });

  it("rule 2: consent obtained with detaining-authority personnel present", async () => {
    const c = await prepare({ consent: { presence: ["detaining_authority"], privateSetting: false } });
    await expectBlocked(c, ["consent_captor_present"], 2);
  });

  it("rule 2: never reconfirmed, or the last reconfirmation older than the configured days", async () => {
    const never = await prepare({ reconfirm: false });
    const report = await expectBlocked(never, ["consent_reconfirmation_due"], 2);
    expect(report.reasons[0]!.message).toContain("has not reconfirmed");

    const old = await prepare();
    expect(reasonCodes(old.ctxs.editorB, old.interviewId)).toEqual([]);
    n.clock.advance(15 * DAY);
    const stale = await expectBlocked(old, ["consent_reconfirmation_due"], 2);
    expect(stale.reasons[0]!.message).toContain("older than 14 days");
  });

  it("rule 3: a document with an undecided high-severity finding", async () => {
    const c = await prepare();
    const { documentId } = addPastedDocument({
      ctx: c.ctxs.owner,
      input: { interviewId: c.interviewId, title: "Caption", kind: "caption", text: `A soldier from ${HOMETOWN}.` },
    });
    const report = await expectBlocked(c, ["review_high_undecided"], 3);
    expect(report.reasons[0]).toMatchObject({ subjectId: documentId, href: `/interviews/${c.interviewId}/review/${documentId}` });
  });

  it("rule 4: a prisoner of war's image not marked de-identified by an editor", async () => {
    const c = await prepare();
    const { imageId } = await attachImage({
      ctx: c.ctxs.owner,
      interviewId: c.interviewId,
      caption: "Boots",
      bytes: await plainJpeg(30, 20),
    });
    // The consent says the face is masked (rule 3), and he is a prisoner of war (rule 4): both wait for an editor.
    const codes = reasonCodes(c.ctxs.editorB, c.interviewId);
    expect(codes).toEqual(["image_face_not_allowed", "pow_image_not_deidentified"]);
    reviewImage({
      ctx: c.ctxs.editorA,
      input: { interviewId: c.interviewId, imageId, deidentified: false, priorExposure: false, justification: "" },
    });
    const { report } = getPublicationView({ ctx: c.ctxs.editorB, interviewId: c.interviewId });
    expect(report.reasons.filter((r) => r.rule === 4).map((r) => [r.code, r.subjectId])).toEqual([["pow_image_not_deidentified", imageId]]);
    await rejects(() => signOff({ ctx: c.ctxs.editorB, input: signInput(c, report.hash) }), ConflictError);

    reviewImage({
      ctx: c.ctxs.editorA,
      input: { interviewId: c.interviewId, imageId, deidentified: true, priorExposure: false, justification: "" },
    });
    expect(reasonCodes(c.ctxs.editorB, c.interviewId)).toEqual([]);
  });

  it("rule 5: a detail kept because it was published before, not yet justified on its own", async () => {
    const c = await prepare();
    const age = findingAt(c.documentId, DRAFT_SPANS.age).id;
    decideFinding({
      ctx: c.ctxs.owner,
      input: {
        interviewId: c.interviewId,
        documentId: c.documentId,
        findingId: age,
        decision: "keep",
        replacement: "",
        justification: KEEP_REASON,
        priorExposure: true,
      },
    });
    const report = await expectBlocked(c, ["prior_exposure_unjustified"], 5);
    expect(report.reasons[0]!.subjectId).toBe(age);
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("sign-off: password, a changed report, and success", () => {
  it("a wrong password: a field error, auth.reauth_failed audited, nothing else changes", async () => {
    const c = await prepare();
    const { hash } = getPublicationView({ ctx: c.ctxs.editorB, interviewId: c.interviewId }).report;
    const before = publicationSnapshot();
    const count = auditCount();
    let error: unknown;
    try {
      await signOff({ ctx: c.ctxs.editorB, input: signInput(c, hash, "wrong password entirely") });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors.password).toEqual(expect.any(String));
    expect(auditSince(count).map((e) => [e.action, e.actorId, e.targetId, e.data])).toEqual([
      ["auth.reauth_failed", n.ed2.id, n.ed2.id, { purpose: "sign_off", reason: "bad_password" }],
    ]);
    const after = publicationSnapshot();
    expect({ ...after, audit_events: after.audit_events!.slice(0, -1) }).toEqual(before);
    expect(statusOf(c.interviewId)).toBe("in_review");
  });

  it("a report that changed after it was read is refused on gateHash; a malformed hash too", async () => {
    const c = await prepare();
    const read = getPublicationView({ ctx: c.ctxs.editorB, interviewId: c.interviewId }).report;
    expect(read.hash).toMatch(HEX64);
    // The source reconfirms again meanwhile: still clear, but not the report the editor read.
    n.clock.advance(MINUTE);
    reconfirmConsent({ ctx: c.ctxs.owner, input: reconfirmInput(c.interviewId, c.recordId, now()) });
    const current = getPublicationView({ ctx: c.ctxs.editorB, interviewId: c.interviewId }).report;
    expect(current.clear).toBe(true);
    expect(current.hash).not.toBe(read.hash);
    const err = await rejects(() => signOff({ ctx: c.ctxs.editorB, input: signInput(c, read.hash) }), ValidationError);
    expect(err.fieldErrors.gateHash).toEqual(expect.any(String));
    const malformed = await rejects(() => signOff({ ctx: c.ctxs.editorB, input: signInput(c, "") }), ValidationError);
    expect(malformed.fieldErrors.gateHash).toEqual(expect.any(String));
    const short = await rejects(
      () => signOff({ ctx: c.ctxs.editorB, input: { ...signInput(c, current.hash), statement: "Fine." } }),
      ValidationError,
    );
    expect(short.fieldErrors.statement).toEqual(expect.any(String));

    await signOff({ ctx: c.ctxs.editorB, input: signInput(c, current.hash) });
    expect(statusOf(c.interviewId)).toBe("cleared");
  });

  it("success: cleared, the sign-off with the hash the editor saw and the statement encrypted, audited in one transaction", async () => {
    const c = await prepare();
    const statement = `${canary("statement")} I checked every reason and clear it.`;
    const { hash } = getPublicationView({ ctx: c.ctxs.editorB, interviewId: c.interviewId }).report;
    const count = auditCount();
    const { signoffId } = await signOff({ ctx: c.ctxs.editorB, input: { ...signInput(c, hash), statement } });

    expect(interviewRow(c.interviewId)).toEqual({ status: "cleared", status_reason: null });
    const [row, ...more] = signoffRows(c.interviewId);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ id: signoffId, editor_id: n.ed2.id, gate_hash: hash, signed_at: now() });
    expect(row!.statement_sealed).toMatch(/^v2:[0-9a-f-]{36}:/);
    expect(row!.statement_sealed).not.toContain(canary("statement"));
    const basis = JSON.parse(row!.basis_json) as { interviewId: string; documents: unknown[]; images: unknown[] };
    expect(basis).toMatchObject({ interviewId: c.interviewId });
    expect(basis.documents).toHaveLength(1);
    expect(basis.images).toHaveLength(1);
    expect(row!.basis_json).not.toContain("Draft for Monday");

    const view = getPublicationView({ ctx: c.ctxs.owner, interviewId: c.interviewId });
    expect(view.signoffs).toEqual([{ id: signoffId, editor: n.ed2.name, statement, gateHash: hash, signedAt: now() }]);
    expect(view.canPublish).toBe(true);

    expect(auditSince(count).map((e) => [e.action, e.actorId, e.targetId, e.data])).toEqual([
      ["publication.cleared", n.ed2.id, c.interviewId, { signoffId, gateHash: hash }],
      ["interview.status_changed", n.ed2.id, c.interviewId, { from: "in_review", to: "cleared" }],
    ]);

    // Not in clear in the database file (after a checkpoint), the WAL, or the audit log.
    sqlite().pragma("wal_checkpoint(TRUNCATE)");
    expect(fs.readFileSync(databaseFile()).includes(canary("statement"))).toBe(false);
    expect(tableText("audit_events")).not.toContain(canary("statement"));
    expect(verifyStoredChain()).toMatchObject({ intact: true });
  });

  it("one transaction: when the audit entry cannot be written, there is no sign-off and no status change", async () => {
    const c = await prepare();
    const { hash } = getPublicationView({ ctx: c.ctxs.editorB, interviewId: c.interviewId }).report;
    const before = publicationSnapshot();
    const restore = forceAuditInsertFailure();
    try {
      await expect(signOff({ ctx: c.ctxs.editorB, input: signInput(c, hash) })).rejects.toThrow();
    } finally {
      restore();
    }
    expect(publicationSnapshot()).toEqual(before);
    await signOff({ ctx: c.ctxs.editorB, input: signInput(c, hash) });
    expect(statusOf(c.interviewId)).toBe("cleared");
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("captor presence: an editor's reasoned override, approved by a second editor", () => {
  it("blocks until editor B approves editor A's override; nobody working on the interview may request it", async () => {
    const c = await prepare({
      consent: { presence: ["detaining_authority"], privateSetting: false },
      collaborator: "kyivAdmin",
    });
    const ref = { interviewId: c.interviewId, reason: OVERRIDE_REASON };
    expect(reasonCodes(c.ctxs.editorB, c.interviewId)).toEqual(["consent_captor_present"]);

    refused(() => requestCaptorOverride({ ctx: c.ctxs.owner, input: ref }), ForbiddenError);
    refused(() => requestCaptorOverride({ ctx: c.ctxs.collaborator!, input: ref }), ForbiddenError);
    refused(() => requestCaptorOverride({ ctx: c.ctxs.otherDesk, input: ref }), NotFoundError);
    invalid(() => requestCaptorOverride({ ctx: c.ctxs.editorA, input: { ...ref, reason: "The guard was outside." } }), "reason");

    const count = auditCount();
    const { overrideId } = requestCaptorOverride({ ctx: c.ctxs.editorA, input: ref });
    expect(auditSince(count).map((e) => [e.action, e.actorId, e.data])).toEqual([
      ["publication.override_requested", n.ed.id, { overrideId, recordId: c.recordId }],
    ]);
    // Still blocked: the override waits for a second editor.
    await expectBlocked(c, ["consent_captor_override_pending"], 2);
    refused(() => requestCaptorOverride({ ctx: c.ctxs.editorB, input: ref }), ConflictError);

    const approval = { interviewId: c.interviewId, overrideId };
    refused(() => approveCaptorOverride({ ctx: c.ctxs.editorA, input: approval }), ForbiddenError);
    refused(() => approveCaptorOverride({ ctx: c.ctxs.collaborator!, input: approval }), ForbiddenError);
    refused(() => approveCaptorOverride({ ctx: c.ctxs.owner, input: approval }), ForbiddenError);
    refused(() => approveCaptorOverride({ ctx: c.ctxs.otherDesk, input: approval }), NotFoundError);

    const before = auditCount();
    approveCaptorOverride({ ctx: c.ctxs.editorB, input: approval });
    expect(auditSince(before).map((e) => [e.action, e.actorId, e.data])).toEqual([
      ["publication.override_approved", n.ed2.id, { overrideId, recordId: c.recordId }],
    ]);
    expect(reasonCodes(c.ctxs.editorB, c.interviewId)).toEqual([]);
    refused(() => approveCaptorOverride({ ctx: c.ctxs.editorB, input: approval }), NotFoundError);

    // The database refuses a second approval, or any change to the override, whoever asks.
    const update = sqlite().prepare("update gate_overrides set approved_by = ?, approved_at = ? where id = ?");
    expect(() => update.run(n.kyivAdmin.id, now(), overrideId)).toThrow(/approved once/);
    expect(() => sqlite().prepare("update gate_overrides set reason_sealed = 'x' where id = ?").run(overrideId)).toThrow(/cannot change/);
    expect(() => sqlite().prepare("delete from gate_overrides where id = ?").run(overrideId)).toThrow(/never deleted/);
    expect(sqlite().prepare("select approved_by from gate_overrides where id = ?").get(overrideId)).toEqual({ approved_by: n.ed2.id });

    await clear(c);
    expect(statusOf(c.interviewId)).toBe("cleared");
  });

  it("the database refuses an approval by the editor who requested it", async () => {
    const c = await prepare({ consent: { presence: ["guards"], privateSetting: false } });
    const { overrideId } = requestCaptorOverride({ ctx: c.ctxs.editorA, input: { interviewId: c.interviewId, reason: OVERRIDE_REASON } });
    expect(() =>
      sqlite().prepare("update gate_overrides set approved_by = ?, approved_at = ? where id = ?").run(n.ed.id, now(), overrideId),
    ).toThrow(/approved once, by another editor/);
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("a change after clearance sends the interview back to review", () => {
  const cases: [string, ReopenReason, (c: Clearable) => Promise<unknown> | unknown][] = [
    [
      "a new version of a draft",
      "document",
      (c) =>
        addDocumentVersion({ ctx: c.ctxs.owner, input: { interviewId: c.interviewId, documentId: c.documentId, text: `${DRAFT} More.` } }),
    ],
    [
      "a new draft",
      "document",
      (c) =>
        addPastedDocument({
          ctx: c.ctxs.owner,
          input: { interviewId: c.interviewId, title: "Sidebar", kind: "draft", text: "He likes tea." },
        }),
    ],
    [
      "a decision on a finding changed",
      "decision",
      (c) =>
        decideFinding({
          ctx: c.ctxs.owner,
          input: {
            interviewId: c.interviewId,
            documentId: c.documentId,
            findingId: findingAt(c.documentId, DRAFT_SPANS.age).id,
            decision: "pseudonym",
            replacement: "in his twenties",
            justification: "",
          },
        }),
    ],
    [
      "the protected identifiers changed",
      "identifiers",
      (c) => {
        const current = viewVault({ ctx: c.ctxs.owner, interviewId: c.interviewId });
        const list = [
          ...current.map((e) => ({ id: e.id, category: e.category, value: e.value, realName: e.realName })),
          { category: "unit", value: "Unit 4" },
        ];
        return saveVault({ ctx: c.ctxs.owner, input: { interviewId: c.interviewId, entries: entries(list) } });
      },
    ],
    ["consent withdrawn", "consent", (c) => withdraw(c.ctxs.editorA, c.interviewId, c.recordId)],
    [
      "a checklist item re-opened",
      "checklist",
      (c) => setItemState({ ctx: c.ctxs.owner, input: { interviewId: c.interviewId, itemId: "jigsaw-review", state: "open" } }),
    ],
    [
      "the interview's details updated",
      "profile",
      (c) =>
        updateInterview({
          ctx: c.ctxs.owner,
          input: { interviewId: c.interviewId, fields: { ...c.interviewInput, plannedDate: "2030-02-02" } },
        }),
    ],
    [
      "an image attached",
      "images",
      async (c) =>
        attachImage({ ctx: c.ctxs.owner, interviewId: c.interviewId, caption: "A second photo", bytes: await plainJpeg(20, 20) }),
    ],
    [
      "an image checked again",
      "gate",
      (c) =>
        reviewImage({
          ctx: c.ctxs.editorA,
          input: { interviewId: c.interviewId, imageId: c.imageId!, deidentified: true, priorExposure: false, justification: "" },
        }),
    ],
  ];

  it.each(cases)("%s → in_review, with the reason shown and audited", async (_, reason, change) => {
    const c = await prepare();
    await clear(c);
    n.clock.advance(MINUTE);
    const count = auditCount();
    await change(c);
    expect(interviewRow(c.interviewId)).toEqual({ status: "in_review", status_reason: REOPEN_REASONS[reason] });
    const entries = auditSince(count);
    const dropped = entries.filter((e) => e.action === "interview.status_changed");
    expect(dropped.map((e) => [e.targetId, e.data])).toEqual([[c.interviewId, { from: "cleared", to: "in_review", reason }]]);
    // Right after the entry that caused it, in the same transaction (same actor and time).
    const at = entries.indexOf(dropped[0]!);
    expect(at).toBeGreaterThan(0);
    expect(entries[at - 1]!.targetId).toBe(c.interviewId);
    expect(dropped[0]!.actorId).toBe(entries[at - 1]!.actorId);
    expect(getPublicationView({ ctx: c.ctxs.owner, interviewId: c.interviewId }).interview.statusReason).toBe(REOPEN_REASONS[reason]);
  });

  it("a reconfirmation or a comment leaves it cleared; once back in review it can be cleared again", async () => {
    const c = await prepare();
    await clear(c);
    const count = auditCount();
    n.clock.advance(MINUTE);
    reconfirmConsent({ ctx: c.ctxs.owner, input: reconfirmInput(c.interviewId, c.recordId, now()) });
    addComment({ ctx: c.ctxs.editorA, input: { interviewId: c.interviewId, body: "Looks good to me." } });
    addComment({ ctx: c.ctxs.owner, input: { interviewId: c.interviewId, body: "Thanks." } });
    expect(statusOf(c.interviewId)).toBe("cleared");
    expect(auditSince(count).map((e) => e.action)).toEqual(["consent.reconfirmed", "interview.comment_added", "interview.comment_added"]);

    setItemState({ ctx: c.ctxs.owner, input: { interviewId: c.interviewId, itemId: "jigsaw-review", state: "open" } });
    expect(statusOf(c.interviewId)).toBe("in_review");
    expect(reasonCodes(c.ctxs.editorB, c.interviewId)).toEqual(["checklist_open"]);
    setItemState({
      ctx: c.ctxs.owner,
      input: { interviewId: c.interviewId, itemId: "jigsaw-review", state: "done", evidence: "Checked again with the desk." },
    });
    expect(interviewRow(c.interviewId).status).toBe("in_review");
    await clear(c);
    expect(interviewRow(c.interviewId)).toEqual({ status: "cleared", status_reason: null });
    expect(signoffRows(c.interviewId)).toHaveLength(2);
  });

  it("after publication a change does not move the status (a withdrawal opens a takedown task instead)", async () => {
    const c = await published();
    setItemState({ ctx: c.ctxs.owner, input: { interviewId: c.interviewId, itemId: "jigsaw-review", state: "open" } });
    addDocumentVersion({ ctx: c.ctxs.owner, input: { interviewId: c.interviewId, documentId: c.documentId, text: `${DRAFT} Later.` } });
    expect(interviewRow(c.interviewId)).toEqual({ status: "published", status_reason: null });
    expect(takedownRows(c.interviewId)).toEqual([]);
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("withdrawal after publication: exactly one takedown task for the desk", () => {
  it("one task due after the configured hours, audited; another withdrawal or a revocation adds none; the index holds", async () => {
    const c = await published();
    updateSettings({ ctx: c.ctxs.admin, input: { takedown_due_hours: 2 } });
    n.clock.advance(MINUTE);
    const count = auditCount();
    withdraw(c.ctxs.editorA, c.interviewId, c.recordId);
    const [task, ...more] = takedownRows(c.interviewId);
    expect(more).toEqual([]);
    expect(task).toMatchObject({
      desk_id: n.kyiv,
      consent_record_id: c.recordId,
      cause: "withdrawn",
      created_at: now(),
      due_at: now() + 2 * HOUR,
      resolved_at: null,
      resolved_by: null,
      resolution: null,
      note_sealed: null,
    });
    expect(auditSince(count).map((e) => [e.action, e.actorId, e.targetId, e.data])).toEqual([
      ["consent.withdrawn", n.ed.id, c.interviewId, { recordId: c.recordId, channel: "phone", from: "reconfirmed" }],
      ["takedown.created", n.ed.id, c.interviewId, { taskId: task!.id, recordId: c.recordId, cause: "withdrawn", dueAt: now() + 2 * HOUR }],
    ]);
    expect(statusOf(c.interviewId)).toBe("published");

    // The same record cannot be withdrawn or revoked again.
    refused(() => withdraw(c.ctxs.owner, c.interviewId, c.recordId), InvalidTransitionError);
    refused(() => revokeConsent({ ctx: c.ctxs.editorB, input: revokeInput(c.interviewId, c.recordId) }), InvalidTransitionError);
    // A later consent record withdrawn, another revoked, while the task is open: still one task.
    const second = recordConsent({
      ctx: c.ctxs.owner,
      input: consentInput(c.interviewId, now(), { ...CONSENT_WITH_STILLS, previousRecordId: c.recordId }),
    }).recordId;
    withdraw(c.ctxs.owner, c.interviewId, second);
    const third = recordConsent({
      ctx: c.ctxs.owner,
      input: consentInput(c.interviewId, now(), { ...CONSENT_WITH_STILLS, previousRecordId: second }),
    }).recordId;
    revokeConsent({ ctx: c.ctxs.editorB, input: revokeInput(c.interviewId, third) });
    expect(takedownRows(c.interviewId).map((t) => t.id)).toEqual([task!.id]);
    expect(auditSince(count).filter((e) => e.action === "takedown.created")).toHaveLength(1);

    // The database itself allows one open task per interview.
    expect(() =>
      sqlite()
        .prepare(
          "insert into takedown_tasks (id, interview_id, desk_id, consent_record_id, cause, created_at, due_at) values ('x', ?, ?, ?, 'withdrawn', 1, 2)",
        )
        .run(c.interviewId, n.kyiv, c.recordId),
    ).toThrow(/UNIQUE/);
  });

  it("a revocation by the newsroom after publication opens a task too, due after the default 24 hours", async () => {
    const c = await published();
    revokeConsent({ ctx: c.ctxs.editorB, input: revokeInput(c.interviewId, c.recordId) });
    expect(takedownRows(c.interviewId)).toEqual([
      expect.objectContaining({ cause: "revoked", created_at: now(), due_at: now() + 24 * HOUR, consent_record_id: c.recordId }),
    ]);
  });

  it("a withdrawal before publication opens no task", async () => {
    const c = await prepare();
    withdraw(c.ctxs.owner, c.interviewId, c.recordId);
    expect(takedownRows(c.interviewId)).toEqual([]);
    expect(sqlite().prepare("select count(*) as n from takedown_tasks").get()).toEqual({ n: 0 });
  });

  it("every editor of the desk sees it until it is resolved once, overdue after the due time; the note is encrypted", async () => {
    const c = await published();
    withdraw(c.ctxs.owner, c.interviewId, c.recordId);
    const [row] = takedownRows(c.interviewId);
    const dueAt = row!.due_at;

    for (const ctx of [c.ctxs.editorA, c.ctxs.editorB, n.ctxs.kyivAdmin])
      expect(listTakedowns({ ctx })).toEqual([
        expect.objectContaining({ id: row!.id, interviewId: c.interviewId, cause: "withdrawn", dueAt, overdue: false, resolvedAt: null }),
      ]);
    for (const ctx of [c.ctxs.otherDesk, c.ctxs.owner, n.ctxs.jay]) expect(listTakedowns({ ctx })).toEqual([]);
    expect(getDashboard({ ctx: c.ctxs.editorA }).takedowns.map((t) => t.id)).toEqual([row!.id]);
    expect(getDashboard({ ctx: c.ctxs.editorB }).takedowns.map((t) => t.id)).toEqual([row!.id]);
    expect(getDashboard({ ctx: c.ctxs.otherDesk }).takedowns).toEqual([]);
    expect(getDashboard({ ctx: c.ctxs.owner }).takedowns).toEqual([]);

    n.clock.set(dueAt);
    expect(listTakedowns({ ctx: c.ctxs.editorA })[0]!.overdue).toBe(false);
    n.clock.set(dueAt + 1);
    expect(listTakedowns({ ctx: c.ctxs.editorA })[0]!.overdue).toBe(true);
    expect(getDashboard({ ctx: c.ctxs.editorB }).takedowns[0]!.overdue).toBe(true);

    const note = `${canary("note")} ${TAKEDOWN_NOTE}`;
    const input = { taskId: row!.id, resolution: "taken_down", note };
    refused(() => resolveTakedown({ ctx: c.ctxs.otherDesk, input }), NotFoundError);
    refused(() => resolveTakedown({ ctx: c.ctxs.owner, input }), ForbiddenError);
    invalid(() => resolveTakedown({ ctx: c.ctxs.editorA, input: { ...input, note: "Done." } }), "note");
    invalid(() => resolveTakedown({ ctx: c.ctxs.editorA, input: { ...input, resolution: "ignored" } }), "resolution");

    const count = auditCount();
    resolveTakedown({ ctx: c.ctxs.editorB, input });
    expect(auditSince(count).map((e) => [e.action, e.actorId, e.targetId, e.data])).toEqual([
      ["takedown.resolved", n.ed2.id, c.interviewId, { taskId: row!.id, resolution: "taken_down", overdue: true }],
    ]);
    const resolved = takedownRows(c.interviewId)[0]!;
    expect(resolved).toMatchObject({ resolved_at: now(), resolved_by: n.ed2.id, resolution: "taken_down" });
    expect(resolved.note_sealed).toMatch(/^v2:[0-9a-f-]{36}:/);
    expect(resolved.note_sealed).not.toContain(canary("note"));
    expect(listTakedowns({ ctx: c.ctxs.editorA })).toEqual([]);
    expect(listTakedowns({ ctx: c.ctxs.editorA, resolved: true })).toEqual([
      expect.objectContaining({ id: row!.id, resolution: "taken_down", note, resolvedBy: n.ed2.name, overdue: true }),
    ]);
    expect(getDashboard({ ctx: c.ctxs.editorA }).takedowns).toEqual([]);
    expect(getDashboard({ ctx: c.ctxs.editorB }).takedowns).toEqual([]);

    refused(() => resolveTakedown({ ctx: c.ctxs.editorA, input: { ...input, resolution: "amended" } }), ConflictError);
    for (const sql of [
      "update takedown_tasks set resolution = 'other' where id = ?",
      "update takedown_tasks set resolved_at = resolved_at + 1 where id = ?",
      "update takedown_tasks set note_sealed = 'v1:x' where id = ?",
      "update takedown_tasks set due_at = due_at + 1 where id = ?",
      "delete from takedown_tasks where id = ?",
    ])
      expect(() => sqlite().prepare(sql).run(row!.id), sql).toThrow();
    expect(takedownRows(c.interviewId)).toEqual([resolved]);
    expect(tableText("audit_events")).not.toContain(canary("note"));
  });

  it("a task resolved in time is not overdue", async () => {
    const c = await published();
    withdraw(c.ctxs.owner, c.interviewId, c.recordId);
    const [row] = takedownRows(c.interviewId);
    n.clock.advance(HOUR);
    resolveTakedown({ ctx: c.ctxs.editorA, input: { taskId: row!.id, resolution: "amended", note: TAKEDOWN_NOTE } });
    expect(auditSince(auditCount() - 1)[0]).toMatchObject({ action: "takedown.resolved", data: { overdue: false, resolution: "amended" } });

    // Once resolved, a later withdrawal (of a new consent record) opens a new task.
    const second = recordConsent({
      ctx: c.ctxs.owner,
      input: consentInput(c.interviewId, now(), { ...CONSENT_WITH_STILLS, previousRecordId: c.recordId }),
    }).recordId;
    withdraw(c.ctxs.owner, c.interviewId, second);
    expect(takedownRows(c.interviewId).map((t) => [t.consent_record_id, t.resolved_at === null])).toEqual([
      [c.recordId, false],
      [second, true],
    ]);
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("dashboard", () => {
  it("a journalist sees their own interviews by status with the next action, and nothing of the editors' sections", async () => {
    const inReview = await prepare({ collaborator: "jay" });
    const interviewed = await prepare({ submit: false });
    const cleared = await prepare();
    await clear(cleared);
    const preparing = seedInterview(n.ctxs.jo, interviewInput(n.kyiv, { codeName: "Sprout" }));
    const jays = seedInterview(n.ctxs.jay, interviewInput(n.kyiv, { codeName: "Willow" }));

    const d = getDashboard({ ctx: n.ctxs.jo });
    expect(d.mine.in_review.map((i) => [i.id, i.next])).toEqual([
      [
        inReview.interviewId,
        { label: expect.stringContaining("Waiting for an editor"), href: `/interviews/${inReview.interviewId}/publication` },
      ],
    ]);
    expect(d.mine.interviewed.map((i) => [i.id, i.next.href])).toEqual([
      [interviewed.interviewId, `/interviews/${interviewed.interviewId}/publication`],
    ]);
    expect(d.mine.interviewed[0]!.next.label).toContain("submit for review");
    expect(d.mine.cleared.map((i) => [i.id, i.next.label])).toEqual([
      [cleared.interviewId, expect.stringContaining("Record the publication")],
    ]);
    const open = d.mine.preparing.find((i) => i.id === preparing)!;
    expect(open.blocking).toBeGreaterThan(5);
    expect(open.next).toEqual({ label: `Work through the checklist (${open.blocking} blocking)`, href: `/interviews/${preparing}` });
    expect(d.mine.preparing.map((i) => i.id)).not.toContain(jays);
    expect(d.counts).toMatchObject({ preparing: 1, interviewed: 1, in_review: 1, cleared: 1, published: 0, cancelled: 0 });
    expect(d).toMatchObject({ awaitingReview: [], dueSoon: [], takedowns: [] });

    // The collaborator sees the interview they were added to, and their own.
    const jay = getDashboard({ ctx: n.ctxs.jay });
    expect(jay.mine.in_review.map((i) => i.id)).toEqual([inReview.interviewId]);
    expect(jay.mine.preparing.map((i) => i.id)).toEqual([jays]);
  });

  it("an editor sees the desk's interviews awaiting review with the gate's reasons; another desk's editor does not", async () => {
    const ready = await prepare();
    const blocked = await prepare();
    setItemState({ ctx: blocked.ctxs.owner, input: { interviewId: blocked.interviewId, itemId: "scanner-clean", state: "open" } });
    await prepare({ submit: false });

    const d = getDashboard({ ctx: n.ctxs.ed2 });
    expect(d.awaitingReview.map((i) => [i.id, i.blocking, i.reasons.map((r) => r.code), i.next])).toEqual([
      [ready.interviewId, 0, [], { label: "Ready for your sign-off", href: `/interviews/${ready.interviewId}/publication` }],
      [
        blocked.interviewId,
        1,
        ["checklist_open"],
        { label: "Blocked: see the reasons", href: `/interviews/${blocked.interviewId}/publication` },
      ],
    ]);
    expect(getDashboard({ ctx: n.ctxs.seoulEd }).awaitingReview).toEqual([]);
    expect(getDashboard({ ctx: n.ctxs.jo }).awaitingReview).toEqual([]);
  });

  it("due soon: consent expiring within 3 days and a reconfirmation running out within 7 days, not one in 10 days", async () => {
    const start = now();
    const older = await prepare(); // reconfirmed at start: runs out at start + 14 days
    n.clock.set(start + 6 * DAY);
    const newer = await prepare(); // runs out at start + 20 days
    n.clock.set(start + 10 * DAY);
    const expiring = await prepare({ consent: { expiresOn: day(now() + 3 * DAY) } });
    const t = now();

    const due = getDashboard({ ctx: n.ctxs.ed }).dueSoon;
    expect(due.map((d) => [d.interviewId, d.kind])).toEqual([
      [expiring.interviewId, "expires"],
      [older.interviewId, "reconfirmation"],
    ]);
    expect(due[0]!.at).toBe(Date.parse(`${day(t + 3 * DAY)}T23:59:59.999Z`));
    expect(due[1]!.at).toBe(lastReconfirmedAt(older.recordId)! + 14 * DAY);
    expect(due[1]!.at).toBeGreaterThan(t + 3 * DAY);
    expect(due[1]!.at).toBeLessThan(t + 7 * DAY);
    expect(lastReconfirmedAt(newer.recordId)! + 14 * DAY).toBeGreaterThan(t + 9 * DAY);
    expect(due.map((d) => d.interviewId)).not.toContain(newer.interviewId);
    expect(getDashboard({ ctx: n.ctxs.seoulEd }).dueSoon).toEqual([]);
    expect(getDashboard({ ctx: n.ctxs.jo }).dueSoon).toEqual([]);
  });

  it("activity: 30 days ending today, counting today's entries within what the reader may see", async () => {
    await prepare();
    n.clock.advance(DAY);
    const c = await prepare();
    updateSettings({ ctx: c.ctxs.admin, input: { takedown_due_hours: 12 } });
    const today = Math.floor(now() / DAY) * DAY;
    const count = (where: string, ...params: unknown[]) =>
      (
        sqlite()
          .prepare(`select count(*) as n from audit_events where occurred_at >= ? and (${where})`)
          .get(today, ...params) as { n: number }
      ).n;

    const jo = getDashboard({ ctx: n.ctxs.jo }).activity;
    expect(jo).toHaveLength(30);
    expect(jo.at(-1)!.day).toBe(day(now()));
    expect(jo[0]!.day).toBe(day(now() - 29 * DAY));
    const ownToday = count("actor_id = ?", n.jo.id);
    expect(ownToday).toBeGreaterThan(20);
    expect(jo.at(-1)!.count).toBe(ownToday);
    expect(jo.at(-2)!.count).toBe(
      (
        sqlite()
          .prepare("select count(*) as n from audit_events where occurred_at >= ? and occurred_at < ? and actor_id = ?")
          .get(today - DAY, today, n.jo.id) as { n: number }
      ).n,
    );

    // An editor: their desk's people and interviews; another desk's editor does not see this interview's entries.
    const ed = getDashboard({ ctx: n.ctxs.ed }).activity.at(-1)!.count;
    expect(ed).toBeGreaterThanOrEqual(count("target_id = ?", c.interviewId));
    expect(ed).toBeGreaterThan(ownToday);
    const seoul = getDashboard({ ctx: n.ctxs.seoulEd }).activity.at(-1)!.count;
    expect(seoul).toBe(count("actor_id in (?, ?)", n.admin.id, n.seoulEd.id));
    expect(seoul).toBeGreaterThan(0);
    expect(getDashboard({ ctx: n.ctxs.seoulEd }).activity.reduce((s, d) => s + d.count, 0)).toBeLessThan(
      getDashboard({ ctx: n.ctxs.ed }).activity.reduce((s, d) => s + d.count, 0),
    );
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("image checks and earlier publication (rules 4 and 5)", () => {
  it("reviewImage: nobody working on the interview, no other desk, no journalist; prior exposure needs a justification", async () => {
    const c = await prepare({ collaborator: "ed2", editorB: "kyivAdmin" });
    const other = await prepare();
    const { imageId } = await attachImage({
      ctx: c.ctxs.owner,
      interviewId: c.interviewId,
      caption: "Boots",
      bytes: await plainJpeg(30, 20),
    });
    const input = { interviewId: c.interviewId, imageId, deidentified: true, priorExposure: false, justification: "" };
    refused(() => reviewImage({ ctx: c.ctxs.collaborator!, input }), ForbiddenError);
    refused(() => reviewImage({ ctx: c.ctxs.owner, input }), ForbiddenError);
    refused(() => reviewImage({ ctx: c.ctxs.otherDesk, input }), NotFoundError);
    refused(() => reviewImage({ ctx: c.ctxs.editorA, input: { ...input, imageId: other.imageId! } }), NotFoundError);
    invalid(() => reviewImage({ ctx: c.ctxs.editorA, input: { ...input, priorExposure: true } }), "justification");

    const count = auditCount();
    const justification = `${canary("imagejustification")} ${PRIOR_EXPOSURE_REASON}`;
    const { reviewId } = reviewImage({ ctx: c.ctxs.editorA, input: { ...input, priorExposure: true, justification } });
    expect(auditSince(count).map((e) => [e.action, e.actorId, e.data])).toEqual([
      ["publication.image_reviewed", n.ed.id, { imageId, deidentified: true, priorExposure: true }],
    ]);
    const row = sqlite().prepare("select * from image_reviews where id = ?").get(reviewId) as Record<string, unknown>;
    expect(row).toMatchObject({ image_id: imageId, editor_id: n.ed.id, deidentified: 1, prior_exposure: 1 });
    expect(String(row.justification_sealed)).not.toContain(canary("imagejustification"));
    expect(reasonCodes(c.ctxs.editorB, c.interviewId)).toEqual([]);
    expect(() => sqlite().prepare("update image_reviews set deidentified = 0 where id = ?").run(reviewId)).toThrow(/append-only/);
  });

  it("a kept detail that relies on earlier publication blocks until an editor of the desk justifies it", async () => {
    const c = await prepare();
    const other = await prepare();
    const age = findingAt(c.documentId, DRAFT_SPANS.age).id;
    const keep = (documentId: string, interviewId: string, findingId: string, ctx = c.ctxs.owner) =>
      decideFinding({
        ctx,
        input: { interviewId, documentId, findingId, decision: "keep", replacement: "", justification: KEEP_REASON, priorExposure: true },
      });
    const { decisionId } = keep(c.documentId, c.interviewId, age);
    const otherAge = findingAt(other.documentId, DRAFT_SPANS.age).id;
    keep(other.documentId, other.interviewId, otherAge, other.ctxs.owner);
    expect(getPublicationView({ ctx: c.ctxs.editorB, interviewId: c.interviewId }).report.reasons).toEqual([
      expect.objectContaining({ rule: 5, code: "prior_exposure_unjustified", subjectId: age }),
    ]);

    const justification = `${canary("priorexposure")} ${PRIOR_EXPOSURE_REASON}`;
    const input = { interviewId: c.interviewId, documentId: c.documentId, findingId: age, justification };
    refused(() => justifyPriorExposure({ ctx: c.ctxs.owner, input }), ForbiddenError);
    refused(() => justifyPriorExposure({ ctx: c.ctxs.otherDesk, input }), NotFoundError);
    invalid(() => justifyPriorExposure({ ctx: c.ctxs.editorA, input: { ...input, justification: "Already public." } }), "justification");
    // A finding, or a document, of another interview: not found.
    refused(() => justifyPriorExposure({ ctx: c.ctxs.editorA, input: { ...input, findingId: otherAge } }), NotFoundError);
    refused(
      () => justifyPriorExposure({ ctx: c.ctxs.editorA, input: { ...input, documentId: other.documentId, findingId: otherAge } }),
      NotFoundError,
    );
    // A finding that was not kept on the strength of earlier publication.
    refused(
      () => justifyPriorExposure({ ctx: c.ctxs.editorA, input: { ...input, findingId: findingAt(c.documentId, DRAFT_SPANS.name).id } }),
      ConflictError,
    );

    const count = auditCount();
    justifyPriorExposure({ ctx: c.ctxs.editorA, input });
    expect(auditSince(count).map((e) => [e.action, e.actorId, e.data])).toEqual([
      ["publication.prior_exposure_justified", n.ed.id, { documentId: c.documentId, findingId: age, decisionId }],
    ]);
    expect(reasonCodes(c.ctxs.editorB, c.interviewId)).toEqual([]);
    expect(reasonCodes(other.ctxs.editorB, other.interviewId)).toEqual(["prior_exposure_unjustified"]);
    expect(tableText("prior_exposure_justifications")).not.toContain(canary("priorexposure"));

    // A new decision on the finding needs a new justification.
    keep(c.documentId, c.interviewId, age);
    expect(reasonCodes(c.ctxs.editorB, c.interviewId)).toEqual(["prior_exposure_unjustified"]);
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("audit: every step is recorded, with ids and codes only", () => {
  it("a full run from captor override to resolved takedown leaves no free text in the audit log", async () => {
    const C = {
      reason: `${canary("overridereason")} ${OVERRIDE_REASON}`,
      keep: `${canary("keepreason")} ${KEEP_REASON}`,
      prior: `${canary("priorjustification")} ${PRIOR_EXPOSURE_REASON}`,
      image: `${canary("imagejustification")} ${PRIOR_EXPOSURE_REASON}`,
      statement: `${canary("statement")} ${STATEMENT}`,
      outlet: canary("outlet"),
      reference: `https://example.com/${canary("reference")}`,
      received: canary("receivedby"),
      note: `${canary("note")} ${TAKEDOWN_NOTE}`,
    };
    const start = auditCount();
    const c = await prepare({ consent: { presence: ["intelligence_service"], privateSetting: false } });
    const { interviewId, documentId } = c;
    const { overrideId } = requestCaptorOverride({ ctx: c.ctxs.editorA, input: { interviewId, reason: C.reason } });
    approveCaptorOverride({ ctx: c.ctxs.editorB, input: { interviewId, overrideId } });
    const age = findingAt(documentId, DRAFT_SPANS.age).id;
    decideFinding({
      ctx: c.ctxs.owner,
      input: { interviewId, documentId, findingId: age, decision: "keep", replacement: "", justification: C.keep, priorExposure: true },
    });
    justifyPriorExposure({ ctx: c.ctxs.editorA, input: { interviewId, documentId, findingId: age, justification: C.prior } });
    reviewImage({
      ctx: c.ctxs.editorA,
      input: { interviewId, imageId: c.imageId!, deidentified: true, priorExposure: true, justification: C.image },
    });
    await signOffAs(c.ctxs.editorB, c.passwords.editorB, interviewId, C.statement);
    const { publicationId } = publish(c.ctxs.editorA, interviewId, { outlet: C.outlet, reference: C.reference });
    withdraw(c.ctxs.owner, interviewId, c.recordId, { receivedBy: C.received });
    const [task] = takedownRows(interviewId);
    resolveTakedown({ ctx: c.ctxs.editorB, input: { taskId: task!.id, resolution: "other", note: C.note } });

    const entries = auditSince(start).filter((e) => e.targetId === interviewId);
    const gate = entries.filter((e) => /^(publication|takedown)\.|^interview\.status_changed$/.test(e.action));
    expect(gate.map((e) => [e.action, e.data])).toEqual([
      ["publication.image_reviewed", { imageId: c.imageId, deidentified: true, priorExposure: false }],
      ["interview.status_changed", { from: "preparing", to: "interviewed" }],
      ["interview.status_changed", { from: "interviewed", to: "in_review" }],
      ["publication.override_requested", { overrideId, recordId: c.recordId }],
      ["publication.override_approved", { overrideId, recordId: c.recordId }],
      ["publication.prior_exposure_justified", { documentId, findingId: age, decisionId: expect.any(String) }],
      ["publication.image_reviewed", { imageId: c.imageId, deidentified: true, priorExposure: true }],
      ["publication.cleared", { signoffId: signoffRows(interviewId)[0]!.id, gateHash: signoffRows(interviewId)[0]!.gate_hash }],
      ["interview.status_changed", { from: "in_review", to: "cleared" }],
      ["publication.published", { publicationId, media: ["text"] }],
      ["interview.status_changed", { from: "cleared", to: "published" }],
      ["takedown.created", { taskId: task!.id, recordId: c.recordId, cause: "withdrawn", dueAt: task!.due_at }],
      ["takedown.resolved", { taskId: task!.id, resolution: "other", overdue: false }],
    ]);

    // No free text in the audit log, nor in clear in the gate's tables.
    const tokens = [
      "overridereason",
      "keepreason",
      "priorjustification",
      "imagejustification",
      "statement",
      "outlet",
      "reference",
      "receivedby",
      "note",
    ].map(canary);
    for (const t of tokens)
      expect(
        Object.values(C).some((v) => v.includes(t)),
        t,
      ).toBe(true);
    const audit = tableText("audit_events");
    for (const t of tokens) expect(audit, t).not.toContain(t);
    for (const table of ["publication_signoffs", "gate_overrides", "image_reviews", "prior_exposure_justifications", "takedown_tasks"]) {
      const dump = tableText(table);
      for (const t of tokens) expect(dump, `${t} in ${table}`).not.toContain(t);
    }
    expect(tableText("publication_records")).not.toContain(canary("reference"));
    expect(verifyStoredChain()).toMatchObject({ intact: true });
  });
});
