import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, sealedUpgrade } from "@/db/client";
import { verifyStoredChain } from "@/lib/audit/verify-stored-chain";
import { createBackup } from "@/lib/backup/backup";
import { restoreBackup } from "@/lib/backup/restore";
import { setItemState } from "@/lib/checklist/set-item-state";
import { attachUpload } from "@/lib/consent/attach-upload";
import { expireDueConsents } from "@/lib/consent/expire-consents";
import { listConsentRecords } from "@/lib/consent/list-consent-records";
import { readConsentUpload } from "@/lib/consent/read-upload";
import { reconfirmConsent } from "@/lib/consent/reconfirm-consent";
import { recordConsent } from "@/lib/consent/record-consent";
import { viewConsentRecord } from "@/lib/consent/view-consent-record";
import { withdrawConsent } from "@/lib/consent/withdraw-consent";
import { systemCtx } from "@/lib/context";
import { currentMasterKey, dataKeyById, instanceDataKey, interviewDataKey, unwrapKey } from "@/lib/crypto/data-keys";
import { ERASED_TEXT, open, openBytes, sealedKeyId } from "@/lib/crypto/seal";
import { SEALED_COLUMNS, SEALED_FILES } from "@/lib/crypto/sealed-columns";
import { ConflictError, ErasedError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { addComment } from "@/lib/interviews/add-comment";
import { archiveInterview } from "@/lib/interviews/archive-interview";
import { addCollaborator } from "@/lib/interviews/collaborators";
import { notesContext } from "@/lib/interviews/create-interview";
import { eraseSourceData, erasureScope } from "@/lib/interviews/erase-source-data";
import { getInterview } from "@/lib/interviews/get-interview";
import { listInterviews } from "@/lib/interviews/list-interviews";
import { setInterviewStatus } from "@/lib/interviews/set-interview-status";
import { updateInterview } from "@/lib/interviews/update-interview";
import {
  approveCaptorOverride,
  justifyPriorExposure,
  listImageReviews,
  requestCaptorOverride,
  reviewImage,
} from "@/lib/publication/editor-checks";
import { listTakedowns, resolveTakedown } from "@/lib/publication/takedowns";
import { getPublicationView, recordPublication, signOff } from "@/lib/publication/workflow";
import { approveKeptFinding, decideFinding } from "@/lib/review/decide";
import { addDocumentVersion, addPastedDocument, listDocuments } from "@/lib/review/documents";
import { attachImage, imageContext, listImages, readImage } from "@/lib/review/images";
import { getDocumentReview, downloadVersion } from "@/lib/review/view";
import { saveVault, vaultContext, viewVault } from "@/lib/review/vault";
import { readUpload, uploadPath } from "@/lib/uploads/storage";
import { rejectsWithoutChangeTo } from "../support/assertions";
import { exportBundle, openBundle, readableContent } from "../support/consent-export-bundle";
import { canary, consentInput, HOUR, plainJpeg, reconfirmInput, uploadFiles, withdrawInput, DAY } from "../support/consent-fixtures";
import { sealLegacy, sealLegacyBytes } from "../support/legacy-seal";
import {
  OVERRIDE_REASON,
  PRIOR_EXPOSURE_REASON,
  prepareClearable,
  signOffAs,
  STATEMENT,
  TAKEDOWN_NOTE,
  takedownRows,
  type Clearable,
} from "../support/publication-fixtures";
import { BASIC_VAULT, DRAFT_SPANS, entries, findingAt, HOMETOWN, NAME_HANGUL, NAME_VARIANT, REAL_NAME } from "../support/review-fixtures";
import { interviewInput, seedInterview, seedNewsroom, type Newsroom } from "../support/seed";
import { auditCount, auditSince, registerTestDb, sqlite, auditRows } from "../support/test-db";

/**
 * Erasure of an interview's source data by crypto-shredding (lib/interviews/erase-source-data.ts): its data key is
 * destroyed, so every sealed value and file of the interview, wherever a copy lies, can no longer be opened.
 */

const data = registerTestDb("each");

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** Free text typed into every workflow of the erased interview: none may ever be readable once it is erased. */
const C = {
  notes: `${canary("notes")} met at the safe house behind the market`,
  location: `${canary("location")} a flat near the river`,
  explainBack: `${canary("explainback")} he said it will be read at home too`,
  arrangedBy: `${canary("arrangedby")} our fixer in Seoul`,
  comment: `${canary("comment")} check the second paragraph`,
  naReason: `${canary("nareason")} he was interviewed once, by video`,
  evidence: `${canary("evidence")} done with the desk, noted in the file`,
  keep: `${canary("keepreason")} widely reported already`,
  prior: `${canary("priorjustification")} ${PRIOR_EXPOSURE_REASON}`,
  pseudonym: canary("pseudonym"),
  imageReview: `${canary("imagejustification")} ${PRIOR_EXPOSURE_REASON}`,
  override: `${canary("overridereason")} ${OVERRIDE_REASON}`,
  statement: `${canary("statement")} ${STATEMENT}`,
  reference: `https://example.com/${canary("reference")}`,
  sourceWords: `${canary("sourcewords")} please take it all down`,
  caption: `${canary("caption")} the fence at dawn`,
};
/** The source's identifiers (vault and draft) are canaries too. */
const IDENTIFIERS = [REAL_NAME, NAME_VARIANT, NAME_HANGUL, HOMETOWN];
const CANARIES = [...Object.values(C).map((v) => v.match(/ZQXCANARY[A-Z]+QZX/)![0]), ...IDENTIFIERS];

const CONTROL_NOTES = "Control: a defector in Seoul, met twice at the office.";
const CONTROL_VAULT = "Ri Myong-chol";

let n: Newsroom;
beforeEach(async () => {
  n = await seedNewsroom();
  n.clock.advance(HOUR);
});

const temps: string[] = [];
afterEach(() => {
  sealedUpgrade.active = false;
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sourcekeeper-erasure-test-"));
  temps.push(dir);
  return dir;
}

/* ---------- seeding ---------- */

interface Seeded {
  t: Clearable;
  /** The erased interview (Birch) and its files. */
  id: string;
  uploadId: string;
  imageId: string;
  /** The control interview (Oak) on the same desk, its consent record and files. */
  control: { id: string; recordId: string; uploadId: string; imageId: string };
}

/**
 * Birch, a POW interview of the Kyiv desk, with data in every workflow: notes, vault, checklist evidence and a
 * not-applicable reason, a comment, a draft with its scan and decisions (redact, pseudonym, keep with prior
 * exposure), an image with an editor's check, consent given with captors present (free text) then reconfirmed,
 * its override approved, a signature scan, a sign-off, a publication and a withdrawal that opened a takedown task.
 * Oak, the control, on the same desk: notes, vault, comment, image, consent with a scan.
 */
async function seed(): Promise<Seeded> {
  const t = await prepareClearable(n, {
    collaborator: "jay",
    interview: { codeName: "Birch", notes: C.notes },
    consent: {
      presence: ["intelligence_service"],
      privateSetting: false,
      locationGeneral: C.location,
      explainBack: C.explainBack,
      arrangedBy: C.arrangedBy,
    },
  });
  const id = t.interviewId;
  const { documentId } = t;
  const owner = t.ctxs.owner;
  const { overrideId } = requestCaptorOverride({ ctx: n.ctxs.ed, input: { interviewId: id, reason: C.override } });
  approveCaptorOverride({ ctx: n.ctxs.ed2, input: { interviewId: id, overrideId } });
  const age = findingAt(documentId, DRAFT_SPANS.age).id;
  decideFinding({
    ctx: owner,
    input: { interviewId: id, documentId, findingId: age, decision: "keep", replacement: "", justification: C.keep, priorExposure: true },
  });
  justifyPriorExposure({ ctx: n.ctxs.ed, input: { interviewId: id, documentId, findingId: age, justification: C.prior } });
  decideFinding({
    ctx: t.ctxs.collaborator!,
    input: { interviewId: id, documentId, findingId: findingAt(documentId, DRAFT_SPANS.hometown).id, decision: "pseudonym", replacement: C.pseudonym, justification: "" },
  });
  reviewImage({ ctx: n.ctxs.ed, input: { interviewId: id, imageId: t.imageId!, deidentified: true, priorExposure: true, justification: C.imageReview } });
  const optional = sqlite()
    .prepare("select item_id from checklist_items where interview_id = ? and applicable = 1 and gate <> 'block' and state = 'open' order by rowid limit 2")
    .all(id) as { item_id: string }[];
  expect(optional).toHaveLength(2);
  setItemState({ ctx: owner, input: { interviewId: id, itemId: optional[0]!.item_id, state: "not_applicable", reason: C.naReason } });
  setItemState({ ctx: owner, input: { interviewId: id, itemId: optional[1]!.item_id, state: "done", evidence: C.evidence } });
  addComment({ ctx: n.ctxs.ed, input: { interviewId: id, body: C.comment } });
  const { uploadId } = await attachUpload({ ctx: owner, interviewId: id, recordId: t.recordId, bytes: await plainJpeg(40, 30) });
  await signOffAs(n.ctxs.ed2, n.ed2.password, id, C.statement);
  recordPublication({
    ctx: owner,
    input: { interviewId: id, outlet: "The Daily Example", publishedOn: "2030-01-15", reference: C.reference, media: ["text"] },
  });
  withdrawConsent({ ctx: owner, input: withdrawInput(id, t.recordId, n.clock.now(), { sourceWords: C.sourceWords }) });
  expect(takedownRows(id)).toHaveLength(1);

  const jo = n.ctxs.jo;
  const oak = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Oak", notes: CONTROL_NOTES }));
  saveVault({ ctx: jo, input: { interviewId: oak, entries: entries([{ category: "name", value: CONTROL_VAULT, realName: true }]) } });
  addComment({ ctx: jo, input: { interviewId: oak, body: "Control comment." } });
  const { imageId: oakImage } = await attachImage({ ctx: jo, interviewId: oak, caption: "A kitchen table", bytes: await plainJpeg(30, 20) });
  const { recordId: oakRecord } = recordConsent({ ctx: jo, input: consentInput(oak, n.clock.now()) });
  const { uploadId: oakUpload } = await attachUpload({ ctx: jo, interviewId: oak, recordId: oakRecord, bytes: await plainJpeg(36, 24) });
  n.clock.advance(60_000);
  return { t, id, uploadId, imageId: t.imageId!, control: { id: oak, recordId: oakRecord, uploadId: oakUpload, imageId: oakImage } };
}

/* ---------- helpers ---------- */

interface KeyRow {
  id: string;
  scope: "instance" | "interview";
  interview_id: string | null;
  wrapped_key: string | null;
  kek_id: string | null;
  destroyed_at: number | null;
}
const keyOf = (interviewId: string) => sqlite().prepare("select * from data_keys where interview_id = ?").get(interviewId) as KeyRow;
const interviewRow = (id: string) =>
  sqlite().prepare("select erased_at, erased_by, erasure_reason, archived_at from interviews where id = ?").get(id) as {
    erased_at: number | null;
    erased_by: string | null;
    erasure_reason: string | null;
    archived_at: number | null;
  };

/** The sealed values of one interview, through the registry. */
function sealedValuesOf(interviewId: string): { key: string; value: string; context: string }[] {
  return SEALED_COLUMNS.flatMap((c) =>
    (sqlite().prepare(`select * from (${c.select}) where interview_id = ? and value is not null`).all(interviewId) as Record<string, string>[]).map((r) => ({
      key: `${c.table}.${c.column}#${r.pk}`,
      value: r.value!,
      context: c.context(r),
    })),
  );
}
function filesOf(interviewId: string): { id: string; context: string }[] {
  return SEALED_FILES.flatMap((t) =>
    (sqlite().prepare(`select id from (${t.select}) where interview_id = ?`).all(interviewId) as { id: string }[]).map((r) => ({ id: r.id, context: t.context(r.id) })),
  );
}

/** Every row of every table and every upload file's hash: what a refused call must leave exactly as it was. */
function everything() {
  const tables = (sqlite().prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[]).map((t) => t.name);
  return {
    tables: Object.fromEntries(tables.map((t) => [t, sqlite().prepare(`select * from "${t}" order by rowid`).all()])),
    files: uploadFiles(data.dir).map((f) => [f, sha256(fs.readFileSync(path.join(data.dir, "uploads", f)))]),
  };
}
const refused = <E>(run: () => unknown, type: new (...args: never[]) => E): Promise<E> => rejectsWithoutChangeTo(everything, async () => run(), type);

/** The database file, its write-ahead log and its shared-memory index, as bytes. */
function databaseFiles(): { name: string; bytes: Buffer }[] {
  const file = path.join(data.dir, "sourcekeeper.db");
  return [file, `${file}-wal`, `${file}-shm`].filter((f) => fs.existsSync(f)).map((f) => ({ name: path.basename(f), bytes: fs.readFileSync(f) }));
}
const foundIn = (needle: Buffer) =>
  databaseFiles()
    .filter((f) => f.bytes.includes(needle))
    .map((f) => f.name);

const eraseInput = (interviewId: string, overrides: Record<string, unknown> = {}) => ({
  interviewId,
  reason: "source_request",
  confirmCodeName: "Birch",
  understood: true,
  password: n.ed.password,
  ...overrides,
});
const erase = (interviewId: string, ctx = n.ctxs.ed, overrides: Record<string, unknown> = {}) =>
  eraseSourceData({ ctx, input: eraseInput(interviewId, { ...(ctx === n.ctxs.kyivAdmin ? { password: n.kyivAdmin.password } : {}), ...overrides }) });

/* ------------------------------------------------------------------------------------------------------------ */

describe("erasing an interview's source data", () => {
  it("an editor of the desk erases it: key destroyed, interview erased and archived, files deleted, audited once with counts", async () => {
    const s = await seed();
    const key = keyOf(s.id);
    const controlKey = keyOf(s.control.id);
    const scope = erasureScope(s.id);
    // Counted independently: every non-null sealed value and every file of Birch, through the registry.
    const values = sealedValuesOf(s.id);
    const files = filesOf(s.id);
    expect(scope).toEqual({ sealedValues: values.length, files: files.length, fileIds: expect.arrayContaining(files.map((f) => f.id)) });
    expect(values.length).toBeGreaterThanOrEqual(25);
    expect(files.map((f) => f.id).sort()).toEqual([s.uploadId, s.imageId].sort());
    const controlBefore = {
      notes: getInterview({ ctx: n.ctxs.jo, interviewId: s.control.id }).interview.notes,
      vault: viewVault({ ctx: n.ctxs.jo, interviewId: s.control.id }),
      values: sealedValuesOf(s.control.id),
      files: filesOf(s.control.id).map((f) => readUpload(f.id).toString("base64")),
    };
    const start = auditCount();
    n.clock.advance(60_000);
    const erasedAt = n.clock.now();

    const result = await erase(s.id);
    expect(result).toEqual({ sealedValues: values.length, files: 2, walTruncated: true });

    // One audit entry, with counts and the key id: no reason text, no value.
    const entries = auditSince(start);
    expect(entries.map((e) => e.action)).toEqual(["interview.source_data_erased"]);
    expect(entries[0]).toMatchObject({ actorId: n.ed.id, targetId: s.id });
    expect(entries[0]!.data).toEqual({ reason: "source_request", dataKeyId: key.id, sealedValues: values.length, files: 2 });
    const audit = JSON.stringify(auditRows());
    for (const c of CANARIES) expect(audit, c).not.toContain(c);

    expect(keyOf(s.id)).toMatchObject({ id: key.id, wrapped_key: null, destroyed_at: erasedAt });
    expect(dataKeyById(key.id)).toBe("destroyed");
    expect(interviewRow(s.id)).toEqual({ erased_at: erasedAt, erased_by: n.ed.id, erasure_reason: "source_request", archived_at: erasedAt });
    for (const f of files) expect(fs.existsSync(uploadPath(f.id)), f.id).toBe(false);
    expect(uploadFiles(data.dir).sort()).toEqual([s.control.imageId, s.control.uploadId].sort());

    // The control interview: key live and unchanged, values and files as they were, readable.
    expect(keyOf(s.control.id)).toEqual(controlKey);
    expect(sealedValuesOf(s.control.id)).toEqual(controlBefore.values);
    expect(filesOf(s.control.id).map((f) => readUpload(f.id).toString("base64"))).toEqual(controlBefore.files);
    expect(getInterview({ ctx: n.ctxs.jo, interviewId: s.control.id }).interview.notes).toBe(controlBefore.notes);
    expect(viewVault({ ctx: n.ctxs.jo, interviewId: s.control.id })).toEqual(controlBefore.vault);
    expect(sha256(readImage({ ctx: n.ctxs.jo, imageId: s.control.imageId }).bytes)).toBe(
      (sqlite().prepare("select sha256 from interview_images where id = ?").get(s.control.imageId) as { sha256: string }).sha256,
    );
    expect(readConsentUpload({ ctx: n.ctxs.ed, uploadId: s.control.uploadId }).bytes.length).toBeGreaterThan(0);
    expect(verifyStoredChain()).toMatchObject({ intact: true });
  });

  it("every read answers for the erased interview, showing [erased] where content was; downloads throw ErasedError", async () => {
    const s = await seed();
    const { jo, ed } = n.ctxs;
    await erase(s.id);

    const detail = getInterview({ ctx: jo, interviewId: s.id });
    expect(detail.interview.notes).toBe(ERASED_TEXT);
    expect(detail.interview.codeName).toBe("Birch");
    expect([detail.canEdit, detail.canErase, detail.transitions]).toEqual([false, false, []]);
    expect(detail.erasedBy).toEqual({ id: n.ed.id, name: "Eda Editor" });
    const evidence = detail.checklist.filter((c) => c.evidence !== null).map((c) => c.evidence);
    expect(evidence.length).toBeGreaterThan(5);
    expect(new Set(evidence)).toEqual(new Set([ERASED_TEXT]));
    expect(detail.checklist.filter((c) => c.naReason !== null).map((c) => c.naReason)).toEqual([ERASED_TEXT]);
    expect(detail.comments.map((c) => c.body)).toEqual([ERASED_TEXT]);
    expect(getInterview({ ctx: ed, interviewId: s.id }).interview.notes).toBe(ERASED_TEXT);
    expect(listInterviews({ ctx: jo, filter: { archived: "include" } }).map((i) => i.id)).toContain(s.id);

    expect(viewVault({ ctx: jo, interviewId: s.id }).map((e) => [e.category, e.value])).toEqual(BASIC_VAULT.map((e) => [e.category, ERASED_TEXT]));

    const docs = listDocuments({ ctx: ed, interviewId: s.id });
    expect(docs.map((d) => d.title)).toEqual([ERASED_TEXT]);
    const review = getDocumentReview({ ctx: ed, interviewId: s.id, documentId: s.t.documentId });
    expect([review.document.title, review.version.text]).toEqual([ERASED_TEXT, ERASED_TEXT]);
    const decided = review.findings.map((f) => f.decision).filter((d) => d !== null);
    expect(decided.length).toBe(review.findings.length);
    const texts = decided.flatMap((d) => [d.replacement, d.justification, d.priorExposureJustification?.justification ?? null]).filter((t) => t !== null);
    expect(texts.length).toBeGreaterThanOrEqual(3); // the pseudonym, the keep and the editor's justification
    expect(new Set(texts)).toEqual(new Set([ERASED_TEXT]));
    expect(review.canDecide).toBe(false);
    expect(downloadVersion({ ctx: jo, interviewId: s.id, documentId: s.t.documentId, versionId: review.version.id }).text).toBe(ERASED_TEXT);

    expect(listImages({ ctx: jo, interviewId: s.id }).map((i) => [i.id, i.caption])).toEqual([[s.imageId, ERASED_TEXT]]);
    expect(listImageReviews({ ctx: ed, interviewId: s.id }).checks[s.imageId]).toMatchObject({ priorExposure: true, justification: ERASED_TEXT });

    const consent = viewConsentRecord({ ctx: jo, interviewId: s.id, recordId: s.t.recordId });
    expect(new Set(Object.values(consent.privateText))).toEqual(new Set([ERASED_TEXT]));
    const details = consent.events.filter((e) => e.detailsSealed !== null).map((e) => e.details);
    expect(details.length).toBeGreaterThanOrEqual(2); // the reconfirmation and the withdrawal
    expect(new Set(details)).toEqual(new Set([ERASED_TEXT]));
    expect(consent.uploads.map((u) => u.id)).toEqual([s.uploadId]);
    expect(listConsentRecords({ ctx: jo, interviewId: s.id }).map((r) => r.id)).toEqual([s.t.recordId]);

    const publication = getPublicationView({ ctx: ed, interviewId: s.id });
    expect(publication.signoffs.map((x) => x.statement)).toEqual([ERASED_TEXT]);
    expect(publication.publications.map((x) => x.reference)).toEqual([ERASED_TEXT]);
    expect(publication.captorOverride?.reason).toBe(ERASED_TEXT);
    expect(JSON.stringify(publication)).not.toMatch(/ZQXCANARY/);
    expect(listTakedowns({ ctx: ed }).map((x) => [x.interviewId, x.note])).toEqual([[s.id, null]]);

    // Downloads: refused as erased, and no "downloaded" entry is written.
    const count = auditCount();
    for (const ctx of [jo, ed]) {
      expect(() => readImage({ ctx, imageId: s.imageId })).toThrow(ErasedError);
      expect(() => readConsentUpload({ ctx, uploadId: s.uploadId })).toThrow(ErasedError);
    }
    expect(auditCount()).toBe(count);

    // A sensitive consent export of the desk: the erased record keeps its terms, events and file hashes, and
    // carries no private value, event detail or file; the control's record carries all of them.
    const { file } = await exportBundle(tempDir(), ed, {
      sensitive: true,
      reason: "The newsroom's lawyer asked for every record.",
      password: n.ed.password,
    });
    const bundle = openBundle(file);
    const erased = bundle.records.find((r) => r.record_id === s.t.recordId)!;
    const control = bundle.records.find((r) => r.record_id === s.control.recordId)!;
    expect(erased.private_fields).toEqual({ withheld: [], values: {}, event_details: {}, attachment_files: {} });
    expect(erased.attachments.map((a) => a.upload_id)).toEqual([s.uploadId]);
    expect(erased.consent_status.status).toBe("withdrawn");
    expect(Object.keys(control.private_fields.values ?? {}).length).toBeGreaterThan(3);
    expect(Object.keys(control.private_fields.attachment_files ?? {})).toEqual([s.control.uploadId]);
    expect(bundle.attachments).toEqual([Object.values(control.private_fields.attachment_files!)[0]]);
    expect(bundle.certificates).toHaveLength(2);
    for (const content of await readableContent(bundle)) for (const c of CANARIES) expect(content.text, `${c} in ${content.name}`).not.toContain(c);
    expect(verifyStoredChain()).toMatchObject({ intact: true });
  });

  it("every write to the erased interview is refused with a clear error and changes nothing; a takedown can still be resolved", async () => {
    const s = await seed();
    await erase(s.id);
    const { jo, jay, ed, ed2 } = n.ctxs;
    const id = s.id;
    const documentId = s.t.documentId;
    const findingId = findingAt(documentId, DRAFT_SPANS.age).id;

    const attempts: [string, () => unknown][] = [
      ["update the interview", () => updateInterview({ ctx: jo, input: { interviewId: id, fields: interviewInput(n.kyiv, { codeName: "Birch", notes: "new" }) } })],
      ["change its status", () => setInterviewStatus({ ctx: jo, input: { interviewId: id, status: "cancelled" } })],
      ["archive it", () => archiveInterview({ ctx: jo, input: { interviewId: id } })],
      ["add a collaborator", () => addCollaborator({ ctx: jo, input: { interviewId: id, userId: n.jay.id } })],
      ["set a checklist item", () => setItemState({ ctx: jay, input: { interviewId: id, itemId: s.t.blockItems[0]!, state: "done", evidence: "again" } })],
      ["comment", () => addComment({ ctx: ed, input: { interviewId: id, body: "A comment after the erasure." } })],
      ["save the vault", () => saveVault({ ctx: jo, input: { interviewId: id, entries: entries([{ category: "name", value: "Someone Else", realName: true }]) } })],
      ["add a document", () => addPastedDocument({ ctx: jo, input: { interviewId: id, title: "New draft", kind: "draft", text: "Some text to review." } })],
      ["add a version", () => addDocumentVersion({ ctx: jo, input: { interviewId: id, documentId, text: "A revised text." } })],
      [
        "decide a finding",
        () => decideFinding({ ctx: jo, input: { interviewId: id, documentId, findingId, decision: "redact", replacement: "", justification: "" } }),
      ],
      ["approve a kept finding", () => approveKeptFinding({ ctx: ed2, input: { interviewId: id, documentId, findingId } })],
      ["record consent", () => recordConsent({ ctx: jo, input: consentInput(id, n.clock.now()) })],
      ["reconfirm consent", () => reconfirmConsent({ ctx: jo, input: reconfirmInput(id, s.t.recordId, n.clock.now()) })],
      ["request an override", () => requestCaptorOverride({ ctx: ed, input: { interviewId: id, reason: OVERRIDE_REASON } })],
      ["review an image", () => reviewImage({ ctx: ed, input: { interviewId: id, imageId: s.imageId, deidentified: true, priorExposure: false, justification: "" } })],
      [
        "record a publication",
        () => recordPublication({ ctx: ed, input: { interviewId: id, outlet: "X", publishedOn: "2030-01-15", reference: "https://example.com/x", media: ["text"] } }),
      ],
      ["sign off", () => signOff({ ctx: ed2, input: { interviewId: id, gateHash: "0".repeat(64), statement: STATEMENT, password: n.ed2.password } })],
      ["attach an image", async () => attachImage({ ctx: jo, interviewId: id, caption: "Another photo", bytes: await plainJpeg(20, 20) })],
      ["attach a scan", async () => attachUpload({ ctx: jo, interviewId: id, recordId: s.t.recordId, bytes: await plainJpeg(20, 20) })],
      ["seal anything new with its key", () => interviewDataKey(id)],
    ];
    for (const [what, run] of attempts) {
      const err = await rejectsWithoutChangeTo(everything, async () => run(), ConflictError);
      expect(err.message, what).toMatch(/erased|archived/);
    }
    expect(() => interviewDataKey(id)).toThrow(ErasedError);

    // The takedown opened by the withdrawal still has to be done: its note is sealed with the instance key.
    const [task] = takedownRows(id);
    const start = auditCount();
    resolveTakedown({ ctx: ed2, input: { taskId: task!.id, resolution: "taken_down", note: TAKEDOWN_NOTE } });
    expect(auditSince(start).map((e) => e.action)).toEqual(["takedown.resolved"]);
    const [resolved] = takedownRows(id);
    expect(sealedKeyId(resolved!.note_sealed!)).toBe(instanceDataKey().id);
    expect(listTakedowns({ ctx: ed, resolved: true }).map((x) => [x.interviewId, x.note])).toEqual([[id, TAKEDOWN_NOTE]]);
    expect(verifyStoredChain()).toMatchObject({ intact: true });
  });

  it("crypto-shredding: neither the wrapped nor the raw key is left in the database, -wal or -shm; nothing of it opens any more", async () => {
    const s = await seed();
    const key = keyOf(s.id);
    const wrapped = key.wrapped_key!;
    const raw = unwrapKey(currentMasterKey(), wrapped, key);
    expect(raw).toHaveLength(32);
    const copies = filesOf(s.id).map((f) => ({ ...f, bytes: readUpload(f.id) }));
    expect(copies).toHaveLength(2);
    const values = sealedValuesOf(s.id);
    // The search works: the wrapped key is on disk now, and so is the interview's code name (plain by design) …
    expect(foundIn(Buffer.from(wrapped, "latin1")).length).toBeGreaterThan(0);
    expect(foundIn(Buffer.from("Birch", "utf8")).length).toBeGreaterThan(0);
    // … while no canary was ever stored in clear, and the raw key never was.
    for (const c of CANARIES) expect(foundIn(Buffer.from(c, "utf8")), c).toEqual([]);
    expect(foundIn(raw)).toEqual([]);

    const result = await erase(s.id);
    expect(result.walTruncated).toBe(true);
    const wal = databaseFiles().find((f) => f.name === "sourcekeeper.db-wal");
    expect(wal?.bytes.length ?? 0).toBe(0);
    for (const [what, needle] of [
      ["wrapped key", Buffer.from(wrapped, "latin1")],
      ["raw key", raw],
      ["raw key (base64)", Buffer.from(raw.toString("base64"), "latin1")],
      ["raw key (hex)", Buffer.from(raw.toString("hex"), "latin1")],
    ] as const) {
      expect(foundIn(needle), what).toEqual([]);
    }
    for (const c of CANARIES) expect(foundIn(Buffer.from(c, "utf8")), c).toEqual([]);

    // With the master key at hand, nothing of the interview opens: every value reads as erased, every file copy
    // taken before the erasure is refused.
    expect(sealedValuesOf(s.id).map((v) => v.value)).toEqual(values.map((v) => v.value));
    for (const v of values) expect(open(v.value, v.context), v.key).toBe(ERASED_TEXT);
    for (const f of copies) expect(() => openBytes(f.bytes, f.context)).toThrow(ErasedError);
    expect(keyOf(s.id).wrapped_key).toBeNull();
  });

  it("values and files still sealed the old way (v1) are moved under the interview's key first, so they are erased too", async () => {
    const jo = n.ctxs.jo;
    const id = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Birch", notes: C.notes }));
    saveVault({ ctx: jo, input: { interviewId: id, entries: entries(BASIC_VAULT) } });
    const { imageId } = await attachImage({ ctx: jo, interviewId: id, caption: C.caption, bytes: await plainJpeg(30, 20) });
    const vault = sqlite().prepare("select rowid as pk, id from vault_identifiers where interview_id = ? order by rowid").all(id) as { pk: number; id: string }[];
    const legacyNotes = sealLegacy(C.notes, notesContext(id));
    const legacyVault = vault.map((v, i) => sealLegacy(BASIC_VAULT[i]!.value, vaultContext(id, v.id)));
    sealedUpgrade.active = true;
    try {
      sqlite().prepare("update interviews set notes_sealed = ? where id = ?").run(legacyNotes, id);
      vault.forEach((v, i) => sqlite().prepare("update vault_identifiers set value_sealed = ? where rowid = ?").run(legacyVault[i], v.pk));
    } finally {
      sealedUpgrade.active = false;
    }
    const plainImage = openBytes(readUpload(imageId), imageContext(imageId));
    fs.writeFileSync(uploadPath(imageId), sealLegacyBytes(plainImage, imageContext(imageId)));
    expect(getInterview({ ctx: jo, interviewId: id }).interview.notes).toBe(C.notes); // legacy values open until then
    const key = keyOf(id);
    const start = auditCount();

    await erase(id);
    expect(auditSince(start).map((e) => [e.action, e.data])).toEqual([
      ["keys.values_migrated", { values: 3, files: 1, keysCreated: 0 }],
      ["interview.source_data_erased", { reason: "source_request", dataKeyId: key.id, sealedValues: 4, files: 1 }],
    ]);
    const values = sealedValuesOf(id);
    expect(values).toHaveLength(4);
    for (const v of values) {
      expect(sealedKeyId(v.value), v.key).toBe(key.id);
      expect(open(v.value, v.context)).toBe(ERASED_TEXT);
    }
    // The v1 ciphertexts (which the master key alone would open) are gone from the database files.
    for (const legacy of [legacyNotes, ...legacyVault]) expect(foundIn(Buffer.from(legacy.slice(3), "latin1"))).toEqual([]);
    expect(fs.existsSync(uploadPath(imageId))).toBe(false);
    expect(verifyStoredChain()).toMatchObject({ intact: true });
  });
});

describe("who may erase, and what they must confirm", () => {
  it("refuses a journalist, an editor or admin of another desk, a wrong code name, a wrong password and an unconfirmed form; twice is a conflict", async () => {
    const jo = n.ctxs.jo;
    const id = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Birch", notes: C.notes }));
    await attachImage({ ctx: jo, interviewId: id, caption: C.caption, bytes: await plainJpeg(30, 20) });
    const key = keyOf(id);
    const edInput = (overrides: Record<string, unknown>) => eraseSourceData({ ctx: n.ctxs.ed, input: eraseInput(id, overrides) });

    await refused(() => eraseSourceData({ ctx: jo, input: eraseInput(id, { password: n.jo.password }) }), ForbiddenError);
    await refused(() => eraseSourceData({ ctx: n.ctxs.jay, input: eraseInput(id, { password: n.jay.password }) }), ForbiddenError);
    await refused(() => eraseSourceData({ ctx: n.ctxs.seoulEd, input: eraseInput(id, { password: n.seoulEd.password }) }), NotFoundError);
    await refused(() => eraseSourceData({ ctx: n.admin.ctx, input: eraseInput(id, { password: n.admin.password }) }), NotFoundError);
    await refused(() => eraseSourceData({ ctx: n.ctxs.ed, input: eraseInput("no-such-interview") }), NotFoundError);
    for (const [overrides, field] of [
      [{ confirmCodeName: "Oak" }, "confirmCodeName"],
      [{ confirmCodeName: "birch" }, "confirmCodeName"],
      [{ understood: false }, "understood"],
      [{ understood: undefined }, "understood"],
      [{ reason: "because" }, "reason"],
      [{ password: "" }, "password"],
    ] as const) {
      const err = await refused(() => edInput(overrides), ValidationError);
      expect(err.fieldErrors[field], JSON.stringify(overrides)).toEqual(expect.any(String));
    }

    // A wrong password is audited (auth.reauth_failed) and changes nothing else.
    const start = auditCount();
    const err = await edInput({ password: "not my password at all" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fieldErrors.password).toEqual(expect.any(String));
    expect(auditSince(start).map((e) => [e.action, e.targetId, e.data])).toEqual([["auth.reauth_failed", n.ed.id, { purpose: "erasure", reason: "bad_password" }]]);
    expect(keyOf(id)).toEqual(key);
    expect(interviewRow(id)).toMatchObject({ erased_at: null, archived_at: null });
    expect(getInterview({ ctx: jo, interviewId: id }).interview.notes).toBe(C.notes);

    // An administrator of the desk may erase; a second erasure is a conflict and changes nothing.
    await erase(id, n.ctxs.kyivAdmin, { reason: "retention_ended" });
    expect(interviewRow(id)).toMatchObject({ erased_by: n.kyivAdmin.id, erasure_reason: "retention_ended" });
    await refused(() => edInput({}), ConflictError);
    expect(auditRows().filter((e) => e.action === "interview.source_data_erased")).toHaveLength(1);
    expect(verifyStoredChain()).toMatchObject({ intact: true });
  });
});

describe("backups after an erasure", () => {
  it("a backup taken after an erasure misses no upload and restores with the chain intact", async () => {
    const s = await seed();
    await erase(s.id);
    const out = path.join(tempDir(), "after-erasure.zip");
    const backup = await createBackup({ dataDir: data.dir, out, includeSecrets: false });
    expect(backup.manifest.uploads).toEqual({ count: 2, missing: [] });
    expect(backup.attempts).toBe(1);
    expect(backup.warnings.join("\n")).not.toMatch(/missing/);
    expect(Object.keys(unzipSync(fs.readFileSync(out))).sort()).toEqual(
      ["manifest.json", "sourcekeeper.db", `uploads/${s.control.imageId}`, `uploads/${s.control.uploadId}`].sort(),
    );
    const head = sqlite().prepare("select seq, hash from audit_events order by seq desc limit 1").get() as { seq: number; hash: string };

    const target = path.join(tempDir(), "restored");
    const restored = await restoreBackup({ file: out, dataDir: target });
    expect(restored.verdict).toMatchObject({ intact: true, headSeq: head.seq, headHash: head.hash });
    expect(restored.warnings.join("\n")).not.toMatch(/not in the archive/);

    // With the secrets put back, the restored instance reads the control and shows the erased interview as erased.
    fs.copyFileSync(path.join(data.dir, "secrets.json"), path.join(target, "secrets.json"));
    const previous = process.env.DATA_DIR;
    closeDb();
    process.env.DATA_DIR = target;
    try {
      expect(getInterview({ ctx: n.ctxs.jo, interviewId: s.id }).interview.notes).toBe(ERASED_TEXT);
      expect(getInterview({ ctx: n.ctxs.jo, interviewId: s.control.id }).interview.notes).toBe(CONTROL_NOTES);
      expect(readImage({ ctx: n.ctxs.jo, imageId: s.control.imageId }).bytes.length).toBeGreaterThan(0);
      expect(() => readImage({ ctx: n.ctxs.jo, imageId: s.imageId })).toThrow(ErasedError);
      expect(verifyStoredChain()).toMatchObject({ intact: true, headSeq: head.seq + 1 });
    } finally {
      closeDb();
      process.env.DATA_DIR = previous;
    }
  });
});

describe("the consent lifecycle after an erasure", () => {
  it("a withdrawal that arrives after the erasure is still recorded and opens the takedown (a withdrawal is never lost)", async () => {
    const t = await prepareClearable(n, { interview: { codeName: "Birch" } });
    await signOffAs(n.ctxs.ed2, n.ed2.password, t.interviewId);
    recordPublication({
      ctx: t.ctxs.owner,
      input: { interviewId: t.interviewId, outlet: "The Daily Example", publishedOn: "2030-01-15", reference: "https://example.com/a", media: ["text"] },
    });
    await erase(t.interviewId);
    const key = keyOf(t.interviewId);
    const start = auditCount();

    withdrawConsent({ ctx: n.ctxs.ed, input: withdrawInput(t.interviewId, t.recordId, n.clock.now(), { sourceWords: "Take it down." }) });
    expect(auditSince(start).map((e) => e.action)).toEqual(["consent.withdrawn", "takedown.created"]);
    expect((sqlite().prepare("select status from consent_records where id = ?").get(t.recordId) as { status: string }).status).toBe("withdrawn");
    expect(takedownRows(t.interviewId)).toHaveLength(1);
    // Whatever is kept of the source's words is not sealed with the destroyed key (nobody could ever read it).
    const last = sqlite().prepare("select details_sealed from consent_events where record_id = ? order by rowid desc limit 1").get(t.recordId) as {
      details_sealed: string | null;
    };
    if (last.details_sealed !== null) expect(sealedKeyId(last.details_sealed)).not.toBe(key.id);
  });

  it("the expiry sweep is not stopped by an erased interview's consent: every due record expires", async () => {
    const jo = n.ctxs.jo;
    const birch = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Birch" }));
    const oak = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Oak" }));
    const { recordId: birchRecord } = recordConsent({ ctx: jo, input: consentInput(birch, n.clock.now(), { expiresOn: "2030-02-01" }) });
    const { recordId: oakRecord } = recordConsent({ ctx: jo, input: consentInput(oak, n.clock.now(), { expiresOn: "2030-02-01" }) });
    await erase(birch);
    n.clock.advance(30 * DAY);
    const start = auditCount();

    let failure: unknown = null;
    let result: { expired: number } | null = null;
    try {
      result = expireDueConsents({ ...systemCtx(null, "maintenance"), now: n.clock.now });
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeNull();
    expect(result).toEqual({ expired: 2, failed: 0 });
    const status = (id: string) => (sqlite().prepare("select status from consent_records where id = ?").get(id) as { status: string }).status;
    expect([status(birchRecord), status(oakRecord)]).toEqual(["expired", "expired"]);
    expect(auditSince(start).map((e) => e.action)).toEqual(["consent.expired", "consent.expired"]);
  });
});
