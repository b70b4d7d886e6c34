import { createHmac } from "node:crypto";
import fs from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { checkpointAt, instanceKey } from "@/lib/audit/checkpoints";
import { keyIdOf } from "@/lib/audit/checkpoint-format";
import { verifyStoredChain } from "@/lib/audit/verify-stored-chain";
import { REAUTH_FAILED_MESSAGE } from "@/lib/auth/confirm-password";
import { ACCOUNT_MAX_FAILURES, LOCK_MS } from "@/lib/auth/throttle";
import { exportCommand } from "@/lib/cli/export";
import { attachUpload } from "@/lib/consent/attach-upload";
import { DEFAULT_CONSENT_SCRIPT } from "@/lib/consent/default-script";
import { expireDueConsents } from "@/lib/consent/expire-consents";
import { reconfirmConsent } from "@/lib/consent/reconfirm-consent";
import { recordConsent } from "@/lib/consent/record-consent";
import { withdrawConsent } from "@/lib/consent/withdraw-consent";
import type { Ctx } from "@/lib/context";
import { databaseFile } from "@/lib/env";
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import {
  BUNDLE_CSV,
  BUNDLE_JSON,
  BUNDLE_MANIFEST,
  BUNDLE_PUBLIC_KEY,
  BUNDLE_README,
  BUNDLE_SCHEMA,
  certificatePath,
} from "@/lib/exports/bundle-format";
import { fingerprintOf } from "@/lib/exports/consent-record";
import { csvHeaderLine } from "@/lib/exports/csv";
import { consentExportProgress, listConsentExports, prepareConsentExport, startConsentExport } from "@/lib/exports/export-consent";
import { issueConsentReceipt, receiptReference } from "@/lib/exports/issue-receipt";
import { SENSITIVE_BANNER } from "@/lib/exports/pdf/certificate";
import { TICKET_TTL_MS } from "@/lib/exports/tickets";
import { CONSENT_RECORD_SCHEMA, validateConsentRecord } from "@/lib/exports/validate-record";
import { verifyConsentExport } from "@/lib/exports/verify-bundle";
import { addCollaborator } from "@/lib/interviews/collaborators";
import { saveVault } from "@/lib/review/vault";
import { getSecrets } from "@/lib/secrets";
import { rejectsWithoutChangeTo } from "../support/assertions";
import { collector, newKeyPair, writeText } from "../support/audit-export-fixtures";
import { fakeIO, newPrivateKeyPem, readSecretsText, replaceSecretsFile, secretsWithKey, signatureValid } from "../support/audit-fixtures";
import {
  canary,
  consentInput,
  DAY,
  HOUR,
  iso,
  MINUTE,
  plainJpeg,
  reconfirmInput,
  recordCanaries,
  recordRow,
  tableText,
  uploadRows,
  withdrawInput,
  type ConsentInput,
} from "../support/consent-fixtures";
import {
  csvObjects,
  exportBundle,
  exportInput,
  flat,
  flipByte,
  openBundle,
  readableContent,
  rebuildBundle,
  resignedBundle,
  sha256,
  sink,
  streamToFile,
  ticketCount,
  clearTickets,
  withDuplicate,
  type OpenedBundle,
} from "../support/consent-export-bundle";
import { extractPdfText } from "../support/pdf-text";
import { BASIC_VAULT, entries, HOMETOWN, HOMETOWN_HANGUL, NAME_HANGUL, REAL_NAME } from "../support/review-fixtures";
import { defectorInput, interviewInput, makeCtx, seedInterview, seedNewsroom, type Newsroom } from "../support/seed";
import { auditCount, auditRows, auditSince, registerTestDb, sqlite } from "../support/test-db";

/**
 * Consent exports (issue 8), through the services: who may export what, sensitive exports, the audit trail, what
 * each format holds, that no identity leaves by default, the PDFs, the offline verifier on real bundles, the
 * source's receipt, snapshot consistency and progress.
 *
 * The newsroom of tests/support/seed.ts: Kyiv desk (Jo and Jay the journalists, Eda and Eli the editors) and
 * Seoul desk (Ada the set-up admin, Sun the editor). Jo owns "Birch", a prisoner of war with one consent record.
 */
const data = registerTestDb("each");

const HEX64 = /^[0-9a-f]{64}$/;

interface ExportRow {
  id: string;
  exported_by: string;
  started_at: number;
  filters_json: string;
  formats: string;
  sensitive: number;
  reason_sealed: string | null;
  record_count: number;
  manifest_sha256: string | null;
  completed_at: number | null;
}
const exportRows = () => sqlite().prepare("select * from consent_exports order by rowid").all() as ExportRow[];
const failureCount = () => (sqlite().prepare("select count(*) as n from sign_in_failures").get() as { n: number }).n;

/** Everything a refused export must leave as it was: export rows, the audit log, throttle failures, tickets. */
const trace = () => ({ exports: exportRows(), audit: auditRows(), failures: failureCount(), tickets: ticketCount() });
const refused = <E>(run: () => Promise<unknown>, type: new (...args: never[]) => E): Promise<E> => rejectsWithoutChangeTo(trace, run, type);

let n: Newsroom;
let jo: Ctx;
let jay: Ctx;
let ed: Ctx;
let seoulEd: Ctx;
let birch: string;
let birchRecord: string;

beforeEach(async () => {
  clearTickets();
  n = await seedNewsroom();
  ({ jo, jay, ed, seoulEd } = n.ctxs);
  birch = seedInterview(jo, interviewInput(n.kyiv));
  n.clock.advance(HOUR);
  birchRecord = record(jo, birch);
  n.clock.advance(MINUTE);
});

const now = () => n.clock.now();
function record(ctx: Ctx, interviewId: string, overrides: Partial<ConsentInput> = {}): string {
  return recordConsent({ ctx, input: consentInput(interviewId, now(), overrides) }).recordId;
}
const prepare = (ctx: Ctx, input: Parameters<typeof exportInput>[0] = {}) => prepareConsentExport({ ctx, input: exportInput(input) });
const bundle = (ctx: Ctx, input: Parameters<typeof exportInput>[0] = {}) => exportBundle(data.dir, ctx, input);
async function exported(ctx: Ctx, input: Parameters<typeof exportInput>[0] = {}): Promise<OpenedBundle> {
  return openBundle((await bundle(ctx, input)).file);
}
const interviewsOf = (b: OpenedBundle) => [...new Set(b.records.map((r) => r.interview.id))].sort();
const recordIdsOf = (b: OpenedBundle) => b.records.map((r) => r.record_id).sort();
const pem = () => instanceKey().publicKey;
const REASON = `${canary("exportReason")} answers the ombudsman's request of 3 March`;
const sensitive = (password: string, overrides: Parameters<typeof exportInput>[0] = {}) => ({
  sensitive: true,
  reason: REASON,
  password,
  ...overrides,
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("who may export what", () => {
  it("a journalist cannot export another journalist's interview: 'Interview not found.', and nothing is prepared or written", async () => {
    const aspen = seedInterview(jay, interviewInput(n.kyiv, { codeName: "Aspen" }));
    record(jay, aspen);
    for (const interviewId of [aspen, "no-such-interview"]) {
      const err = await refused(() => prepare(jo, { interviewId }), ValidationError);
      expect(err.fieldErrors).toEqual({ interviewId: "Interview not found." });
    }
    // The owner can.
    expect((await prepare(jay, { interviewId: aspen })).total).toBe(1);
  });

  it("a journalist's unfiltered export holds their own and collaborated interviews, nobody else's", async () => {
    const aspen = seedInterview(jay, interviewInput(n.kyiv, { codeName: "Aspen" }));
    addCollaborator({ ctx: jay, input: { interviewId: aspen, userId: n.jo.id } });
    const cedar = seedInterview(jay, interviewInput(n.kyiv, { codeName: "Cedar" }));
    const magpie = seedInterview(n.admin.ctx, defectorInput(n.seoul));
    for (const [ctx, id] of [
      [jay, aspen],
      [jay, cedar],
      [n.admin.ctx, magpie],
    ] as const)
      record(ctx, id);

    const mine = await bundle(jo);
    expect(mine.total).toBe(2);
    expect(interviewsOf(openBundle(mine.file))).toEqual([birch, aspen].sort());
    expect(interviewsOf(await exported(jay))).toEqual([aspen, cedar].sort());
  });

  it("an editor exports their desks' interviews and not another desk's; a desk they are not on is a field error", async () => {
    const aspen = seedInterview(jay, interviewInput(n.kyiv, { codeName: "Aspen" }));
    const magpie = seedInterview(n.admin.ctx, defectorInput(n.seoul));
    record(jay, aspen);
    record(n.admin.ctx, magpie);

    expect(interviewsOf(await exported(ed))).toEqual([birch, aspen].sort());
    expect(interviewsOf(await exported(ed, { deskId: n.kyiv }))).toEqual([birch, aspen].sort());
    expect(interviewsOf(await exported(seoulEd))).toEqual([magpie]);

    const desk = await refused(() => prepare(seoulEd, { deskId: n.kyiv }), ValidationError);
    expect(desk.fieldErrors).toEqual({ deskId: "Choose one of your desks." });
    const other = await refused(() => prepare(ed, { interviewId: magpie }), ValidationError);
    expect(other.fieldErrors).toEqual({ interviewId: "Interview not found." });
    // A journalist may narrow to their own desk: still only what they can see.
    expect(interviewsOf(await exported(jay, { deskId: n.kyiv }))).toEqual([aspen]);
  });

  it("a ticket is its preparer's alone and is used once", async () => {
    const { ticketId, total } = await prepare(jo);
    expect(total).toBe(1);
    // Nobody else can take or poll it, not even an editor who can see the same records; trying does not use it up.
    for (const other of [jay, ed, n.ctxs.kyivAdmin]) {
      await refused(async () => startConsentExport({ ctx: other, ticketId, out: sink().out }), NotFoundError);
      expect(() => consentExportProgress({ ctx: other, ticketId })).toThrow(NotFoundError);
    }
    expect(consentExportProgress({ ctx: jo, ticketId })).toEqual({
      state: "ready",
      done: 0,
      total: 1,
      exportId: null,
      manifestSha256: null,
    });

    const first = await streamToFile(data.dir, jo, ticketId);
    expect(first.result.records).toBe(1);
    // Refused before the first byte, with nothing written.
    const again = sink();
    const err = await refused(async () => startConsentExport({ ctx: jo, ticketId, out: again.out }), NotFoundError);
    expect(err.message).toMatch(/expired or was already downloaded/);
    expect(again.bytes()).toHaveLength(0);
    await refused(async () => startConsentExport({ ctx: jo, ticketId: "made-up-ticket", out: sink().out }), NotFoundError);
    expect(exportRows()).toHaveLength(1);
  });

  it("an unused ticket lapses after five minutes", async () => {
    const { ticketId } = await prepare(jo);
    n.clock.advance(TICKET_TTL_MS);
    expect(consentExportProgress({ ctx: jo, ticketId }).state).toBe("ready");
    n.clock.advance(1);
    const count = auditCount();
    expect(() => startConsentExport({ ctx: jo, ticketId, out: sink().out })).toThrow(NotFoundError);
    expect(() => consentExportProgress({ ctx: jo, ticketId })).toThrow(NotFoundError);
    expect(ticketCount()).toBe(0);
    expect([auditCount(), exportRows()]).toEqual([count, []]);
  });

  it("without a session nothing is prepared, streamed, polled, listed or issued", async () => {
    const { ticketId } = await prepare(jo);
    const anonymous = makeCtx(null, { now: n.clock.now });
    await refused(() => prepare(anonymous), UnauthenticatedError);
    await refused(() => prepareConsentExport({ ctx: anonymous, input: exportInput(sensitive("x")) }), UnauthenticatedError);
    await refused(async () => startConsentExport({ ctx: anonymous, ticketId, out: sink().out }), UnauthenticatedError);
    expect(() => consentExportProgress({ ctx: anonymous, ticketId })).toThrow(UnauthenticatedError);
    expect(() => listConsentExports({ ctx: anonymous })).toThrow(UnauthenticatedError);
    await refused(
      () => issueConsentReceipt({ ctx: anonymous, input: { interviewId: birch, recordId: birchRecord, nameOutlet: false, contact: "" } }),
      UnauthenticatedError,
    );
    // The ticket itself was not used up by the attempts.
    expect(consentExportProgress({ ctx: jo, ticketId }).state).toBe("ready");
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("sensitive exports need an editor, a reason and the password again", () => {
  it("a journalist cannot ask for one, even with a reason and their password", async () => {
    const err = await refused(() => prepare(jo, sensitive(n.jo.password)), ForbiddenError);
    expect(err.message).toMatch(/Only editors/);
  });

  it("an editor without a reason, or without the password, gets a field error and nothing happens", async () => {
    for (const reason of ["", "   ", "too short"]) {
      const err = await refused(() => prepare(ed, sensitive(n.ed.password, { reason })), ValidationError);
      expect(Object.keys(err.fieldErrors)).toEqual(["reason"]);
    }
    const err = await refused(() => prepare(ed, sensitive("")), ValidationError);
    expect(err.fieldErrors).toEqual({ password: "Enter your password to confirm." });
  });

  it("a wrong password is a field error, audited as a failed re-authentication and counted towards the lock", async () => {
    const before = { audit: auditCount(), failures: failureCount(), tickets: ticketCount() };
    let err: unknown;
    try {
      await prepare(ed, sensitive(`${n.ed.password}!`));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fieldErrors).toEqual({ password: REAUTH_FAILED_MESSAGE });
    const entries = auditSince(before.audit);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "auth.reauth_failed", actorId: n.ed.id, targetId: n.ed.id });
    expect(entries[0]!.data).toEqual({ purpose: "sensitive_export", reason: "bad_password" });
    expect(failureCount()).toBe(before.failures + 1);
    expect(ticketCount()).toBe(before.tickets);
    expect(exportRows()).toEqual([]);
    // The reason typed with it went nowhere.
    expect(tableText("audit_events")).not.toContain(canary("exportReason"));
  });

  it(`${ACCOUNT_MAX_FAILURES} wrong passwords lock the account: the next attempt is refused even with the right password`, async () => {
    const start = auditCount();
    for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) {
      await expect(prepare(ed, sensitive(`wrong ${i}`))).rejects.toBeInstanceOf(ValidationError);
      n.clock.advance(1000);
    }
    const failures = auditSince(start);
    expect(failures.map((e) => e.action)).toEqual([...Array<string>(ACCOUNT_MAX_FAILURES).fill("auth.reauth_failed"), "auth.locked_out"]);
    expect(failures.at(-1)!.data).toMatchObject({ scope: "account" });

    const locked = auditCount();
    const err = await prepare(ed, sensitive(n.ed.password)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fieldErrors).toEqual({ password: REAUTH_FAILED_MESSAGE });
    expect(auditSince(locked).map((e) => [e.action, e.data])).toEqual([
      ["auth.reauth_failed", { purpose: "sensitive_export", reason: "locked" }],
    ]);
    expect(exportRows()).toEqual([]);

    // The lock ends on its own.
    n.clock.advance(LOCK_MS + 1);
    expect((await prepare(ed, sensitive(n.ed.password))).total).toBe(1);
  });

  it("with the password: free-text answers, event details and signature scans, marked sensitive; the reason is kept encrypted", async () => {
    const LOCATION = `${canary("locationGeneral")} near the camp`;
    const REEXPLAINED = `${canary("reexplained")} read the whole draft`;
    const rid = record(jo, birch, { locationGeneral: LOCATION });
    n.clock.advance(HOUR);
    reconfirmConsent({ ctx: jo, input: reconfirmInput(birch, rid, now(), { reexplained: REEXPLAINED }) });
    const { uploadId } = await attachUpload({ ctx: jo, interviewId: birch, recordId: rid, bytes: await plainJpeg() });
    n.clock.advance(MINUTE);

    const count = auditCount();
    const made = await bundle(ed, sensitive(n.ed.password, { interviewId: birch }));
    const b = openBundle(made.file);
    const rec = b.records.find((r) => r.record_id === rid)!;
    expect(rec.private_fields.withheld).toEqual([]);
    expect(rec.private_fields.values?.locationGeneral).toBe(LOCATION);
    const reconfirmed = rec.events.find((e) => e.type === "reconfirmed")!;
    expect(reconfirmed.details_recorded).toBe(true);
    expect(rec.private_fields.event_details?.[reconfirmed.event_id]).toContain(REEXPLAINED);

    // The scan, as stored (metadata already removed), where the record says it is.
    const path = `attachments/${rid}/${uploadId}.jpg`;
    expect(rec.private_fields.attachment_files).toEqual({ [uploadId]: path });
    expect(b.attachments).toEqual([path]);
    const scan = b.files[path]!;
    expect([...scan.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(sha256(scan)).toBe(uploadRows()[0]!.sha256);
    expect(rec.attachments).toEqual([expect.objectContaining({ upload_id: uploadId, sha256: sha256(scan), bytes: scan.byteLength })]);
    expect(b.manifest.files[path]).toEqual({ sha256: sha256(scan), bytes: scan.byteLength });

    expect(b.manifest.sensitive).toEqual({ reason: REASON, includes: expect.arrayContaining(["signature scans"]) });
    expect(b.text(BUNDLE_README)).toContain("THIS IS A SENSITIVE EXPORT");
    const certificate = flat((await extractPdfText(b.files[certificatePath(rid)]!)).text);
    expect(certificate).toContain(SENSITIVE_BANNER);
    expect(certificate).toContain(LOCATION);
    // Free text is never in the CSV, not even in a sensitive export.
    expect(b.csvText).not.toContain(canary("locationGeneral"));
    expect((await verifyConsentExport(made.file, { publicKey: pem() })).problems).toEqual([]);

    // The row: sensitive, the reason sealed; its author (and the desk's editors) can read it back.
    const [row] = exportRows();
    expect(row).toMatchObject({ exported_by: n.ed.id, sensitive: 1, record_count: 2 });
    expect(row!.reason_sealed).toMatch(/^v2:[0-9a-f-]{36}:/);
    expect(row!.reason_sealed).not.toContain(canary("exportReason"));
    expect(listConsentExports({ ctx: ed })).toEqual([
      expect.objectContaining({ id: made.result.exportId, sensitive: true, reason: REASON }),
    ]);
    expect(listConsentExports({ ctx: n.ctxs.ed2 })[0]?.reason).toBe(REASON);
    expect(listConsentExports({ ctx: jo })).toEqual([]);

    // The audit entries say it was sensitive, never why.
    const entries = auditSince(count);
    expect(entries.map((e) => [e.action, e.data.sensitive])).toEqual([
      ["consent.export_started", true],
      ["consent.exported", true],
    ]);
    for (const e of entries) expect(e.payload).not.toContain(canary("exportReason"));
    expect(tableText("audit_events")).not.toContain(canary("exportReason"));
    sqlite().pragma("wal_checkpoint(TRUNCATE)");
    const file = databaseFile();
    const raw = Buffer.concat([fs.readFileSync(file), fs.existsSync(`${file}-wal`) ? fs.readFileSync(`${file}-wal`) : Buffer.alloc(0)]);
    expect(raw.includes(made.result.exportId)).toBe(true);
    expect(raw.includes(canary("exportReason"))).toBe(false);

    // The same records, exported by default, carry the same fingerprints and none of the sensitive material.
    const plain = await exported(ed, { interviewId: birch });
    expect(plain.records.map((r) => [r.record_id, r.fingerprint])).toEqual(b.records.map((r) => [r.record_id, r.fingerprint]));
    expect(plain.attachments).toEqual([]);
    expect(plain.manifest.sensitive).toBe(false);
    expect(plain.records.find((r) => r.record_id === rid)!.private_fields).toEqual({
      withheld: expect.arrayContaining(["locationGeneral", "explainBack"]),
    });
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("every export is audited", () => {
  it("writes consent.export_started and consent.exported with the manifest's SHA-256, and completes its row once", async () => {
    const count = auditCount();
    const started = now();
    const made = await bundle(jo, { interviewId: birch, formats: ["json", "pdf", "csv"] });
    const b = openBundle(made.file);
    const manifestSha256 = sha256(b.files[BUNDLE_MANIFEST]!);
    expect(made.result).toEqual({ exportId: b.manifest.exportId, manifestSha256, records: 1 });

    const entries = auditSince(count);
    expect(entries.map((e) => [e.action, e.actorId, e.targetType, e.targetId])).toEqual([
      ["consent.export_started", n.jo.id, "consent", birch],
      ["consent.exported", n.jo.id, "consent", birch],
    ]);
    expect(entries[0]!.data).toEqual({
      exportId: made.result.exportId,
      formats: ["csv", "json", "pdf"],
      sensitive: false,
      records: 1,
      filters: ["interviewId"],
    });
    expect(entries[1]!.data).toEqual({
      exportId: made.result.exportId,
      manifestSha256,
      records: 1,
      files: Object.keys(b.manifest.files).length,
      sensitive: false,
    });
    expect(Object.keys(b.manifest.files).sort()).toEqual(
      [BUNDLE_README, BUNDLE_SCHEMA, BUNDLE_CSV, BUNDLE_JSON, certificatePath(birchRecord)].sort(),
    );

    expect(exportRows()).toEqual([
      {
        id: made.result.exportId,
        exported_by: n.jo.id,
        started_at: started,
        filters_json: JSON.stringify({ interviewId: birch }),
        formats: "csv,json,pdf",
        sensitive: 0,
        reason_sealed: null,
        record_count: 1,
        manifest_sha256: manifestSha256,
        completed_at: started,
      },
    ]);
    expect(b.manifest).toMatchObject({
      exportId: made.result.exportId,
      exportedAt: iso(started),
      exportedBy: { userId: n.jo.id, name: "Jo Journalist", role: "journalist" },
      filters: { interviewId: birch },
      formats: ["csv", "json", "pdf"],
      sensitive: false,
      records: { count: 1 },
      signingKeyId: instanceKey().keyId,
    });
  });

  it("the consent_exports row cannot be changed, completed a second time or deleted", async () => {
    await bundle(jo);
    const [row] = exportRows();
    const update = (column: string, value: unknown) => () =>
      sqlite().prepare(`update consent_exports set ${column} = ? where id = ?`).run(value, row!.id);
    for (const [column, value] of [
      ["filters_json", "{}"],
      ["record_count", 99],
      ["formats", "csv"],
      ["sensitive", 1],
      ["reason_sealed", "v1:forged"],
      ["started_at", 0],
      ["exported_by", n.jay.id],
    ] as const)
      expect(update(column, value), column).toThrow(/cannot be changed/);
    expect(update("manifest_sha256", "0".repeat(64)), "second completion").toThrow(/completed once/);
    expect(update("completed_at", null), "un-completion").toThrow(/completed once/);
    expect(() => sqlite().prepare("delete from consent_exports where id = ?").run(row!.id)).toThrow(/never deleted/);
    expect(exportRows()).toEqual([row]);

    // A row still being written cannot be "completed" without its manifest hash.
    const open = { ...row!, id: "in-progress", manifest_sha256: null, completed_at: null };
    sqlite()
      .prepare(
        `insert into consent_exports (id, exported_by, started_at, filters_json, formats, sensitive, reason_sealed, record_count, manifest_sha256, completed_at)
         values (@id, @exported_by, @started_at, @filters_json, @formats, @sensitive, @reason_sealed, @record_count, @manifest_sha256, @completed_at)`,
      )
      .run(open);
    expect(() => sqlite().prepare("update consent_exports set completed_at = 1 where id = 'in-progress'").run()).toThrow(/completed once/);
  });

  it("the manifest names a signed checkpoint at the export's own first entry, and the stored chain still verifies", async () => {
    const first = openBundle((await bundle(jo)).file);
    const rows = auditRows();
    const startedSeq = rows.find((r) => r.action === "consent.export_started")!.seq;
    const exportedSeq = rows.find((r) => r.action === "consent.exported")!.seq;
    const head = first.manifest.auditHead;
    expect(head.seq).toBe(startedSeq);
    expect(head.seq).toBeLessThan(exportedSeq);
    expect(head.headHash).toBe(rows.find((r) => r.seq === startedSeq)!.hash);
    expect(checkpointAt(getDb(), head.number)).toEqual(head);
    expect(signatureValid(pem(), head)).toBe(true);
    expect(head.keyId).toBe(instanceKey().keyId);
    expect(first.manifest.keys.map((k) => k.keyId)).toEqual([instanceKey().keyId]);

    // The next export signs a new head.
    n.clock.advance(MINUTE);
    const second = openBundle((await bundle(ed)).file);
    expect(second.manifest.auditHead.number).toBe(head.number + 1);
    expect(second.manifest.auditHead.seq).toBeGreaterThan(exportedSeq);
    expect(verifyStoredChain()).toMatchObject({ intact: true });
  });

  it("with a signing key the instance never recorded, nothing is exported, audited or recorded, and the ticket says failed", async () => {
    await bundle(jo); // records the instance key as the trust anchor
    replaceSecretsFile(secretsWithKey(readSecretsText(), newPrivateKeyPem()));
    const { ticketId } = await prepare(jo);
    const before = { audit: auditRows(), exports: exportRows() };
    const out = sink();
    await expect(startConsentExport({ ctx: jo, ticketId, out: out.out })).rejects.toBeInstanceOf(ConflictError);
    expect({ audit: auditRows(), exports: exportRows() }).toEqual(before);
    expect(out.bytes()).toHaveLength(0);
    expect(consentExportProgress({ ctx: jo, ticketId })).toMatchObject({ state: "failed", manifestSha256: null });
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("what the formats hold", () => {
  it("JSON records follow the schema and their fingerprints; every format holds the same records; the CSV is as documented", async () => {
    const aspen = seedInterview(jay, interviewInput(n.kyiv, { codeName: "Aspen" }));
    const magpie = seedInterview(jo, defectorInput(n.kyiv));
    const aspenRecord = record(jay, aspen, { language: "en" });
    const magpieRecord = record(jo, magpie, { media: ["text", "audio"], permittedUses: ["quotes", "audio"] });
    n.clock.advance(HOUR);
    reconfirmConsent({ ctx: jo, input: reconfirmInput(magpie, magpieRecord, now()) });
    withdrawConsent({ ctx: jay, input: withdrawInput(aspen, aspenRecord, now()) });
    n.clock.advance(MINUTE);

    const made = await bundle(ed);
    const b = openBundle(made.file);
    const ids = [birchRecord, aspenRecord, magpieRecord].sort();
    expect(recordIdsOf(b)).toEqual(ids);
    for (const r of b.records) {
      expect(validateConsentRecord(r), r.record_id).toEqual({ ok: true });
      expect(fingerprintOf(r)).toBe(r.fingerprint);
      expect(r.fingerprint).toMatch(HEX64);
    }
    expect(JSON.parse(b.text(BUNDLE_SCHEMA))).toEqual(CONSENT_RECORD_SCHEMA);
    const byId = new Map(b.records.map((r) => [r.record_id, r]));
    expect(byId.get(aspenRecord)!.consent_status.status).toBe("withdrawn");
    expect(byId.get(magpieRecord)!.consent_status).toMatchObject({ status: "reconfirmed", reconfirmations: 1 });
    expect(byId.get(aspenRecord)!.notice).toMatchObject({ language: "en", title: DEFAULT_CONSENT_SCRIPT.title.en! });

    // The same count everywhere: manifest, row, result, JSON, CSV, certificates, README.
    const rows = csvObjects(b);
    expect([b.manifest.records.count, exportRows()[0]!.record_count, made.result.records, made.total, rows.length]).toEqual([
      3, 3, 3, 3, 3,
    ]);
    expect(b.certificates.sort()).toEqual(ids.map(certificatePath));
    expect(b.text(BUNDLE_README)).toContain("holding 3 consent record(s)");
    for (const row of rows) {
      const r = byId.get(row.record_id!)!;
      expect(row.fingerprint).toBe(r.fingerprint);
      expect(row.status).toBe(r.consent_status.status);
      expect(row.code_name).toBe(r.pii_principal.id);
    }
    expect(rows.find((r) => r.record_id === aspenRecord)!.withdrawn_at).toBe(byId.get(aspenRecord)!.events.at(-1)!.occurred_at);

    // UTF-8 with a byte-order mark, the documented header, CRLF after every row.
    const csv = b.files[BUNDLE_CSV]!;
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(b.csvText.slice(1, 1 + csvHeaderLine().length)).toBe(csvHeaderLine());
    expect(b.csvText.endsWith("\r\n")).toBe(true);
    expect(b.csvText.split("\r\n")).toHaveLength(rows.length + 2);
  });

  it("code names that look like formulas are neutralised in the CSV and kept as written in the JSON and the PDF", async () => {
    const NAMES = ['=HYPERLINK("http://x.example","Click")', "+Heron", "-Heron", "@SUM Heron", " =1+1"];
    const ids = NAMES.map((codeName) => {
      const id = seedInterview(jo, interviewInput(n.kyiv, { codeName }));
      record(jo, id);
      return id;
    });
    const b = await exported(jo);
    const rows = csvObjects(b);
    NAMES.forEach((name, i) => {
      const json = b.records.find((r) => r.interview.id === ids[i])!;
      // The interview schema trims, so " =1+1" is stored as "=1+1".
      expect(json.pii_principal.id).toBe(name.trim());
      expect(rows.find((r) => r.record_id === json.record_id)!.code_name).toBe(`'${name.trim()}`);
    });
    expect(b.csvText).toContain(`"'=HYPERLINK(""http://x.example"",""Click"")"`);
    const first = b.records.find((r) => r.interview.id === ids[0])!;
    expect(flat((await extractPdfText(b.files[certificatePath(first.record_id)]!)).text)).toContain(NAMES[0]);
  });

  it("status means the status that counts now: a consent past its expiry date exports as expired before the sweep", async () => {
    const aspen = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Aspen" }));
    const expiring = record(jo, aspen, { expiresOn: iso(now()).slice(0, 10) });
    n.clock.advance(DAY);
    expect(recordRow(expiring)!.status).toBe("given");

    const expired = await exported(jo, { status: "expired" });
    expect(recordIdsOf(expired)).toEqual([expiring]);
    expect(expired.records[0]!.consent_status).toMatchObject({ status: "expired", dpv_status: "dpv:ConsentExpired" });
    expect(csvObjects(expired)[0]).toMatchObject({ status: "expired", expired_at: "" });
    expect(recordIdsOf(await exported(jo, { status: "given" }))).toEqual([birchRecord]);

    // Once the sweep has run, the same record, now with its event.
    expireDueConsents(makeCtx(null, { now: n.clock.now }));
    expect(recordRow(expiring)!.status).toBe("expired");
    const swept = await exported(jo, { status: "expired" });
    expect(recordIdsOf(swept)).toEqual([expiring]);
    expect(csvObjects(swept)[0]!.expired_at).toBe(iso(now()));
  });

  it("date filters select by the day the source decided, both days included", async () => {
    const at = (day: string, time: string) => Date.parse(`2030-01-${day}T${time}Z`);
    const on = (decided: number) => record(jo, birch, { explainedAt: iso(decided - 30 * MINUTE), decidedAt: iso(decided), sessions: 1 });
    const d05 = on(at("05", "11:00:00.000"));
    const d10 = on(at("10", "23:59:59.000"));
    const d14 = on(at("14", "00:30:00.000"));
    // birchRecord was decided on the 15th.
    const pick = async (decidedFrom: string, decidedTo: string) => recordIdsOf(await exported(jo, { decidedFrom, decidedTo }));
    expect(await pick("2030-01-10", "2030-01-10")).toEqual([d10]);
    expect(await pick("2030-01-06", "2030-01-14")).toEqual([d10, d14].sort());
    expect(await pick("2030-01-14", "")).toEqual([d14, birchRecord].sort());
    expect(await pick("", "2030-01-09")).toEqual([d05]);
    expect(await pick("2030-01-05", "2030-01-15")).toEqual([d05, d10, d14, birchRecord].sort());

    const backwards = await refused(() => prepare(jo, { decidedFrom: "2030-01-10", decidedTo: "2030-01-09" }), ValidationError);
    expect(Object.keys(backwards.fieldErrors)).toEqual(["decidedTo"]);
    const malformed = await refused(() => prepare(jo, { decidedFrom: "10/01/2030" }), ValidationError);
    expect(Object.keys(malformed.fieldErrors)).toEqual(["decidedFrom"]);
  });

  it("the kind-of-source filter", async () => {
    const magpie = seedInterview(jo, defectorInput(n.kyiv));
    const magpieRecord = record(jo, magpie);
    expect(recordIdsOf(await exported(jo, { sourceType: "defector" }))).toEqual([magpieRecord]);
    expect(recordIdsOf(await exported(jo, { sourceType: "pow" }))).toEqual([birchRecord]);
    const unknown = await refused(() => prepare(jo, { sourceType: "spy" as never }), ValidationError);
    expect(Object.keys(unknown.fieldErrors)).toEqual(["sourceType"]);
  });

  it("filters that match nothing: a form-level error, and no row, audit entry or ticket", async () => {
    const err = await refused(() => prepare(jo, { status: "withdrawn" }), ValidationError);
    expect(Object.keys(err.fieldErrors)).toEqual(["form"]);
    expect(err.message).toMatch(/No consent record matches/);
    // A journalist with no interview at all.
    await refused(() => prepare(jay), ValidationError);
    const noFormat = await refused(() => prepare(jo, { formats: [] }), ValidationError);
    expect(Object.keys(noFormat.fieldErrors)).toEqual(["formats"]);
  });

  it("one format only: the bundle holds just that file, and still verifies", async () => {
    const b = await bundle(jo, { formats: ["csv"] });
    const opened = openBundle(b.file);
    expect(opened.names.sort()).toEqual([BUNDLE_CSV, BUNDLE_MANIFEST, BUNDLE_PUBLIC_KEY, BUNDLE_README, "manifest.sig"].sort());
    expect(csvObjects(opened)).toHaveLength(1);
    expect(await verifyConsentExport(b.file, { publicKey: pem() })).toMatchObject({ ok: true, problems: [] });
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("no identity leaves in a default export", () => {
  const VAULT_CANARY = "ZQXCANARYVAULTOTHERQZX";

  /** Birch's vault holds the source's real name and hometown; the outlets the source agreed to name the hometown. */
  function identifyingScenario() {
    saveVault({
      ctx: jo,
      input: {
        interviewId: birch,
        entries: entries([...BASIC_VAULT, { category: "place", value: HOMETOWN_HANGUL }, { category: "other", value: VAULT_CANARY }]),
      },
    });
    const canaries = recordCanaries();
    const outlets = `The ${HOMETOWN} Herald and ${canaries.outlets}`;
    const rid = record(jo, birch, {
      ...canaries,
      outlets,
      presence: ["family"],
      method: "witnessed_verbal",
      nameChoice: "real",
      inducementsNoneOffered: false,
      capacityDistress: true,
    });
    n.clock.advance(HOUR);
    const extra = {
      reexplained: `${canary("reexplained")} read the whole draft`,
      receivedBy: `${canary("receivedBy")} on the night desk`,
      sourceWords: `${canary("sourceWords")} please take it all down`,
    };
    reconfirmConsent({ ctx: jo, input: reconfirmInput(birch, rid, now(), { reexplained: extra.reexplained }) });
    n.clock.advance(HOUR);
    withdrawConsent({ ctx: jo, input: withdrawInput(birch, rid, now(), { receivedBy: extra.receivedBy, sourceWords: extra.sourceWords }) });
    n.clock.advance(MINUTE);
    const tokens = [...Object.values(canaries), ...Object.values(extra)].map((v) => v.split(" ")[0]!);
    const identities = [REAL_NAME, HOMETOWN, HOMETOWN_HANGUL, NAME_HANGUL, VAULT_CANARY];
    return { rid, outlets, tokens, identities };
  }

  it("no free-text answer, event detail or vault identifier in any file, PDF text or PDF bytes", async () => {
    const s = identifyingScenario();
    const made = await bundle(jo, { interviewId: birch });
    const b = openBundle(made.file);
    expect(recordIdsOf(b)).toEqual([birchRecord, s.rid].sort());
    const content = await readableContent(b);
    // Every file was read, and the PDFs' text was extracted (the code name is there: the search works).
    expect(content.filter((c) => c.name.endsWith("(text)")).map((c) => c.name)).toHaveLength(2);
    expect(content.find((c) => c.name === `${certificatePath(s.rid)} (text)`)!.text).toContain("Birch");
    for (const needle of [...s.tokens, ...s.identities]) {
      for (const c of content) {
        expect(c.text.includes(needle), `${needle} in ${c.name}`).toBe(false);
        expect(Buffer.from(c.bytes).includes(needle), `${needle} in the bytes of ${c.name}`).toBe(false);
      }
      expect(made.bytes.includes(needle), `${needle} in the archive`).toBe(false);
    }

    // What stands in their place: the names of the withheld fields, and the outlets withheld with a reason.
    const rec = b.records.find((r) => r.record_id === s.rid)!;
    expect(rec.private_fields).toEqual({ withheld: expect.arrayContaining(["locationGeneral", "outlets", "leaveOut", "witness"]) });
    expect(rec.private_fields.withheld).toHaveLength(Object.keys(recordCanaries()).length);
    expect(rec.purposes.outlets_agreed).toBeNull();
    expect(rec.purposes.outlets_withheld_reason).toMatch(/vault/);
    expect(rec.events.map((e) => [e.type, e.details_recorded])).toEqual([
      ["requested", false],
      ["given", false],
      ["reconfirmed", true],
      ["withdrawn", true],
    ]);
    const row = csvObjects(b).find((r) => r.record_id === s.rid)!;
    expect(row.outlets_agreed).toBe("");
    expect(row.withheld_private_fields!.split("; ")).toContain("outlets");
    // The other record's outlets name no identifier: they are the purpose of the consent, and are included.
    expect(b.records.find((r) => r.record_id === birchRecord)!.purposes).toMatchObject({
      outlets_agreed: "The Daily Example",
      outlets_withheld_reason: null,
    });
  });

  it("a sensitive export of the same records holds them (so the search above can find them), with unchanged fingerprints", async () => {
    const s = identifyingScenario();
    const plain = openBundle((await bundle(ed, { interviewId: birch })).file);
    const full = openBundle((await bundle(ed, sensitive(n.ed.password, { interviewId: birch }))).file);
    const json = full.text(BUNDLE_JSON);
    for (const token of s.tokens) expect(json, token).toContain(token);
    const rec = full.records.find((r) => r.record_id === s.rid)!;
    expect(rec.private_fields.values?.outlets).toBe(s.outlets);
    expect(Object.values(rec.private_fields.event_details ?? {}).join("\n")).toContain(canary("sourceWords"));
    // The vault itself is never exported, not even in a sensitive export.
    for (const value of [REAL_NAME, HOMETOWN_HANGUL, NAME_HANGUL, VAULT_CANARY]) expect(json).not.toContain(value);
    // A record's fingerprint is the same in default and sensitive exports (as the certificate and README promise).
    expect(full.records.map((r) => [r.record_id, r.fingerprint])).toEqual(plain.records.map((r) => [r.record_id, r.fingerprint]));
    // The CSV never holds free text, even here.
    for (const token of s.tokens) expect(full.csvText, token).not.toContain(token);
    expect(full.csvText).not.toContain(HOMETOWN);
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("PDF certificates", () => {
  it("every certificate opens and shows the code name, the script's title in the language used, and the record's fingerprint", async () => {
    const galaxy = seedInterview(jo, interviewInput(n.kyiv, { codeName: "은하수" }));
    const galaxyRecord = record(jo, galaxy);
    const english = seedInterview(jo, defectorInput(n.kyiv, { codeName: "Heron" }));
    const englishRecord = record(jo, english, { language: "en" });
    const b = await exported(jo);
    expect(b.certificates).toHaveLength(3);
    const expected = new Map([
      [birchRecord, { codeName: "Birch", title: DEFAULT_CONSENT_SCRIPT.title.ko! }],
      [galaxyRecord, { codeName: "은하수", title: DEFAULT_CONSENT_SCRIPT.title.ko! }],
      [englishRecord, { codeName: "Heron", title: DEFAULT_CONSENT_SCRIPT.title.en! }],
    ]);
    for (const r of b.records) {
      const bytes = b.files[certificatePath(r.record_id)]!;
      expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
      const pdf = await extractPdfText(bytes);
      const text = flat(pdf.text);
      const { codeName, title } = expected.get(r.record_id)!;
      expect(r.notice.title).toBe(title);
      expect(text, r.record_id).toContain(codeName);
      expect(text, r.record_id).toContain(flat(title));
      expect(text, r.record_id).toContain(r.fingerprint);
      expect(text, r.record_id).toContain(r.notice.script_sha256);
      expect(pdf.pages.length).toBeGreaterThanOrEqual(1);
      // Every page's footer names the code name too (a page that comes loose can be put back).
      for (const page of pdf.pages) expect(flat(page)).toContain(codeName);
    }
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("the offline verifier on real bundles", () => {
  let file = "";
  let b: OpenedBundle;
  beforeEach(async () => {
    const aspen = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Aspen" }));
    record(jo, aspen);
    file = (await bundle(jo)).file;
    b = openBundle(file);
    expect(b.records).toHaveLength(2);
  });
  /** Verifies with the instance's public key, or with none (null): then only with the key inside the archive. */
  const verdict = (f: string, publicKey: string | null = pem()) => verifyConsentExport(f, publicKey === null ? {} : { publicKey });
  const problems = async (f: string) => {
    const v = await verdict(f);
    expect(v.ok).toBe(false);
    return v.problems;
  };

  it("a good bundle verifies with the instance's public key, and says what it holds", async () => {
    const v = await verdict(file);
    expect(v).toMatchObject({ ok: true, problems: [], warnings: [] });
    const key = instanceKey().keyId;
    expect(v.facts).toEqual([
      `Manifest signed by key ${key} (trusted through the key you gave, ${key}).`,
      `All ${Object.keys(b.manifest.files).length} files match the SHA-256 the manifest gives.`,
      "2 JSON records follow the published schema and match their fingerprints.",
      `Export ${b.manifest.exportId} by Jo Journalist (journalist) at ${b.manifest.exportedAt}: 2 consent record(s).`,
      `The audit log's head then was entry #${b.manifest.auditHead.seq}, signed by checkpoint #${b.manifest.auditHead.number}.`,
    ]);
    const without = await verdict(file, null);
    expect(without.ok).toBe(true);
    expect(without.warnings).toEqual([expect.stringMatching(/No public key was given/)]);
  });

  it("one byte of the CSV changed: the CSV is named", async () => {
    expect(await problems(flipByte(file, BUNDLE_CSV, 3))).toEqual([
      "consent-records.csv: its SHA-256 does not match the manifest (the file was changed after export).",
    ]);
  });

  it("a certificate removed: the missing file is named", async () => {
    const gone = b.certificates[1]!;
    expect(await problems(rebuildBundle(file, { [gone]: null }))).toEqual([
      `${gone} is listed in the manifest but missing from the archive.`,
    ]);
  });

  it("a file added: it is named", async () => {
    expect(await problems(rebuildBundle(file, { "certificates/extra.pdf": b.files[b.certificates[0]!]! }))).toEqual([
      "certificates/extra.pdf is in the archive but not in the manifest: it was added after export.",
    ]);
  });

  it("a file present twice: it is named", async () => {
    expect(await problems(withDuplicate(file, BUNDLE_JSON))).toEqual(["The archive holds consent-records.json more than once."]);
  });

  it("the manifest edited: its signature fails", async () => {
    const edited = b.manifestText.replace('"name": "Jo Journalist"', '"name": "Eda Editor"');
    expect(edited).not.toBe(b.manifestText);
    expect(await problems(rebuildBundle(file, { [BUNDLE_MANIFEST]: edited }))).toEqual([
      "manifest.sig: the manifest's signature is not valid (the manifest was changed, or signed with another key).",
    ]);
  });

  it("another public key: the key history does not lead to it", async () => {
    expect(await verdict(file, newKeyPair().publicKey)).toMatchObject({
      ok: false,
      problems: ["Key history: The given public key is not among the instance's keys."],
    });
  });

  it("a record edited, its fingerprint and hash fixed, the manifest re-signed with another key: refused", async () => {
    const lines = b.text(BUNDLE_JSON).split("\n");
    const index = lines.findIndex((l) => l.includes(b.records[0]!.record_id));
    const forged = { ...b.records[0]!, extensions: { ...b.records[0]!.extensions } };
    forged.extensions["sourcekeeper:identification"] = { ...forged.extensions["sourcekeeper:identification"], name: "real" };
    forged.fingerprint = fingerprintOf(forged);
    expect(validateConsentRecord(forged)).toEqual({ ok: true });
    lines[index] = `${JSON.stringify(forged)}${lines[index]!.endsWith(",") ? "," : ""}`;
    const json = lines.join("\n");
    const files = { ...b.manifest.files, [BUNDLE_JSON]: { sha256: sha256(json), bytes: Buffer.byteLength(json) } };
    const attacker = newKeyPair();

    // Signed with the attacker's key under the instance's key id: the signature fails.
    const resigned = resignedBundle(file, { ...b.manifest, files }, attacker.privateKey, { [BUNDLE_JSON]: json });
    expect(await problems(resigned)).toEqual([
      "manifest.sig: the manifest's signature is not valid (the manifest was changed, or signed with another key).",
    ]);

    // With the attacker's key as the whole key history and public-key.pem: the key you trust is not in it.
    const attackerKey = {
      keyId: keyIdOf(attacker.publicKey),
      publicKey: attacker.publicKey,
      createdAt: 0,
      previousKeyId: null,
      rotationSignature: null,
    };
    const takeover = resignedBundle(
      file,
      { ...b.manifest, files, keys: [attackerKey], signingKeyId: attackerKey.keyId },
      attacker.privateKey,
      {
        [BUNDLE_JSON]: json,
        [BUNDLE_PUBLIC_KEY]: attacker.publicKey,
      },
    );
    expect(await problems(takeover)).toEqual(["Key history: The given public key is not among the instance's keys."]);
    // Even trusting the key inside the archive, the audit head it names was signed by the instance, not by that key.
    const inside = await verdict(takeover, null);
    expect(inside.ok).toBe(false);
    expect(inside.problems).toEqual([expect.stringMatching(/^The audit head the manifest names \(checkpoint #\d+\): /)]);
  });

  it("a file that is not a ZIP, or a truncated archive: a clear problem, not an exception", async () => {
    expect(await problems(writeText(data.dir, "notes.zip", "these are not the records you are looking for\n"))).toEqual([
      "The file is not a ZIP archive.",
    ]);
    const half = writeText(data.dir, "half.zip", "");
    fs.writeFileSync(half, fs.readFileSync(file).subarray(0, Math.floor(fs.statSync(file).size / 2)));
    expect(await problems(half)).toEqual(["The archive is damaged and cannot be read."]);
  });

  it("the CLI: exit 0 when verified, 1 naming the file that fails, 2 on misuse", async () => {
    const keyFile = writeText(data.dir, "instance.pem", pem());
    const good = fakeIO();
    expect(await exportCommand(["verify", file, "--pubkey", keyFile], good.io)).toBe(0);
    expect(good.stdout()).toMatch(/^Verified\.\n/);
    expect(good.stderr()).toBe("");

    const bad = fakeIO();
    expect(await exportCommand(["verify", flipByte(file, BUNDLE_CSV, 3), "--pubkey", keyFile], bad.io)).toBe(1);
    expect(bad.stderr()).toContain("NOT VERIFIED.");
    expect(bad.stderr()).toContain("- consent-records.csv: its SHA-256 does not match the manifest");

    for (const args of [
      [],
      ["verify"],
      ["check", file],
      ["verify", file, file],
      ["verify", `${file}.missing`],
      ["verify", file, "--pubkey", `${keyFile}.missing`],
      ["verify", file, "--pubkey"],
    ]) {
      const misuse = fakeIO();
      expect(await exportCommand(args, misuse.io), args.join(" ")).toBe(2);
      expect(misuse.stdout(), args.join(" ")).toBe("");
      expect(misuse.stderr(), args.join(" ")).not.toBe("");
    }
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("the source's receipt", () => {
  const receipt = (ctx: Ctx, overrides: Partial<{ interviewId: string; recordId: string; nameOutlet: boolean; contact: string }> = {}) =>
    issueConsentReceipt({ ctx, input: { interviewId: birch, recordId: birchRecord, nameOutlet: false, contact: "", ...overrides } });
  const withdrawalOpening = (lang: "ko" | "en") => flat(DEFAULT_CONSENT_SCRIPT.texts[lang]!.withdrawal.split("\n\n")[0]!);

  it("one page, Korean and English, the reference, and nothing that names the source, the record or the newsroom", async () => {
    const count = auditCount();
    const { pdf, fileName } = await receipt(jo);
    const reference = receiptReference(birchRecord);
    expect(reference).toMatch(/^SK-[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(fileName).toBe(`receipt-${reference}.pdf`);
    const out = await extractPdfText(pdf);
    expect(out.pages).toHaveLength(1);
    const text = flat(out.text);
    expect(text).toContain(withdrawalOpening("ko"));
    expect(text).toContain(withdrawalOpening("en"));
    expect(text).toContain(reference);
    const everything = `${text}\n${JSON.stringify(out.info)}`;
    for (const secret of [
      "Birch",
      birchRecord,
      birch,
      "Jo Journalist",
      "The Daily Example",
      "Ukrainian authorities",
      "Kyiv",
      n.jo.email,
      "Our fixer",
      "Safe location",
    ])
      expect(everything, secret).not.toContain(secret);

    const entries = auditSince(count);
    expect(entries.map((e) => [e.action, e.actorId, e.targetId])).toEqual([["consent.receipt_issued", n.jo.id, birch]]);
    expect(entries[0]!.data).toEqual({ recordId: birchRecord, sha256: sha256(pdf), outletNamed: false, contactGiven: false });
  });

  it("the outlet and a contact only when asked for; the contact is stored nowhere", async () => {
    const CONTACT = `Ask for ${canary("contact")} at the front desk`;
    const count = auditCount();
    const { pdf } = await receipt(ed, { nameOutlet: true, contact: CONTACT });
    const text = flat((await extractPdfText(pdf)).text);
    expect(text).toContain("The Daily Example");
    expect(text).toContain(CONTACT);
    const [entry] = auditSince(count);
    expect(entry).toMatchObject({ action: "consent.receipt_issued", actorId: n.ed.id });
    expect(entry!.data).toEqual({ recordId: birchRecord, sha256: sha256(pdf), outletNamed: true, contactGiven: true });
    expect(tableText("audit_events")).not.toContain(canary("contact"));
    const location = await refused(() => receipt(jo, { contact: "Meet at 38.123, 127.456" }), ValidationError);
    expect(Object.keys(location.fieldErrors)).toEqual(["contact"]);
  });

  it("refused for consent that does not stand (withdrawn, refused, expired), and 'not found' for those who cannot see it", async () => {
    const refusedRecord = record(jo, birch, { outcome: "refused" });
    const expiring = record(jo, birch, { expiresOn: iso(now()).slice(0, 10) });
    withdrawConsent({ ctx: jo, input: withdrawInput(birch, birchRecord, now()) });
    for (const recordId of [birchRecord, refusedRecord]) await refused(() => receipt(jo, { recordId }), ConflictError);
    expect((await receipt(jo, { recordId: expiring })).pdf.length).toBeGreaterThan(0);
    n.clock.advance(DAY);
    await refused(() => receipt(jo, { recordId: expiring }), ConflictError);

    const aspen = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Aspen" }));
    const aspenRecord = record(jo, aspen);
    for (const ctx of [jay, seoulEd]) await refused(() => receipt(ctx, { interviewId: aspen, recordId: aspenRecord }), NotFoundError);
    // A record of another interview, named through one the user can see.
    const jays = seedInterview(jay, interviewInput(n.kyiv, { codeName: "Cedar" }));
    const jaysRecord = record(jay, jays);
    await refused(() => receipt(jo, { interviewId: aspen, recordId: jaysRecord }), NotFoundError);
  });

  it("the reference is stable, differs between records, and needs the instance's secret", async () => {
    const other = record(jo, birch);
    const reference = receiptReference(birchRecord);
    expect(receiptReference(birchRecord)).toBe(reference);
    expect(receiptReference(other)).not.toBe(reference);
    const code = (hex: string) => `SK-${hex.slice(0, 4).toUpperCase()}-${hex.slice(4, 8).toUpperCase()}`;
    // Not derivable from the record id alone…
    for (const unkeyed of [birchRecord, `receipt:${birchRecord}`]) expect(code(sha256(unkeyed))).not.toBe(reference);
    // …but from it and the instance's secret; another instance would print another reference.
    const hmac = (secret: string) => createHmac("sha256", secret).update(`receipt:${birchRecord}`).digest("hex");
    expect(code(hmac(getSecrets().authSecret))).toBe(reference);
    expect(code(hmac(`${getSecrets().authSecret}x`))).not.toBe(reference);
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("an export is a snapshot, and reports its progress", () => {
  it("records written and withdrawn while the bundle streams are not in it; every count agrees", async () => {
    const aspen = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Aspen" }));
    const aspenRecord = record(jo, aspen);
    const { ticketId, total } = await prepare(jo);
    expect(total).toBe(2);
    let late = "";
    const into = sink({
      onWrite: (writes) => {
        if (writes !== 1) return;
        // The export has begun (its first bytes are being written): change what it is reading.
        late = record(jo, aspen);
        withdrawConsent({ ctx: jo, input: withdrawInput(birch, birchRecord, now()) });
      },
    });
    const made = await streamToFile(data.dir, jo, ticketId, into);
    expect(late).not.toBe("");
    expect(recordRow(birchRecord)!.status).toBe("withdrawn");

    const b = openBundle(made.file);
    expect(recordIdsOf(b)).toEqual([birchRecord, aspenRecord].sort());
    expect(b.records.find((r) => r.record_id === birchRecord)!.consent_status.status).toBe("given");
    expect(csvObjects(b).map((r) => r.status)).toEqual(["given", "given"]);
    expect(b.certificates).toHaveLength(2);
    // The certificates (written in a later pass over the same snapshot) print the fingerprints of the same content.
    for (const r of b.records) expect(flat((await extractPdfText(b.files[certificatePath(r.record_id)]!)).text)).toContain(r.fingerprint);
    for (const name of b.names) expect(Buffer.from(b.files[name]!).includes(late), name).toBe(false);
    expect([b.manifest.records.count, made.result.records, exportRows()[0]!.record_count]).toEqual([2, 2, 2]);
    expect(await verifyConsentExport(made.file, { publicKey: pem() })).toMatchObject({ ok: true, problems: [] });
  });

  it("a record written after the export started but before it was awaited is not in it either", async () => {
    const { ticketId } = await prepare(jo, { formats: ["json", "csv"] });
    const into = sink();
    const running = startConsentExport({ ctx: jo, ticketId, out: into.out });
    const late = record(jo, birch);
    const result = await running;
    await new Promise<void>((resolve) => into.out.end(() => resolve()));
    fs.writeFileSync(`${data.dir}/late.zip`, into.bytes());
    const b = openBundle(`${data.dir}/late.zip`);
    expect(recordIdsOf(b)).toEqual([birchRecord]);
    expect(b.text(BUNDLE_JSON)).not.toContain(late);
    expect(result.records).toBe(1);
  });

  it("certificates leave one by one under back-pressure: the output never holds more than a few of them", async () => {
    const RECORDS = 20;
    for (let i = 1; i < RECORDS; i++) record(jo, birch);
    const { ticketId } = await prepare(jo, { formats: ["csv", "json", "pdf"] });
    const slow = collector({ slow: true });
    const made = await streamToFile(data.dir, jo, ticketId, slow);
    const b = openBundle(made.file);
    const sizes = b.certificates.map((c) => b.files[c]!.byteLength);
    expect(sizes).toHaveLength(RECORDS);
    const all = sizes.reduce((sum, s) => sum + s, 0);
    // What the export had queued beyond the chunk being written: a certificate or two, never all of them.
    expect(slow.maxBuffered()).toBeLessThan(3 * Math.max(...sizes) + 64 * 1024);
    expect(slow.maxBuffered()).toBeLessThan(all / 4);
    expect(slow.drains()).toBeGreaterThan(RECORDS / 2);
    expect(await verifyConsentExport(made.file, { publicKey: pem() })).toMatchObject({ ok: true, problems: [] });
  });

  it("progress: ready, running page by page under back-pressure, then done with the manifest's hash", async () => {
    // More records than one page (250), exported to a slow reader.
    const RECORDS = 260;
    for (let i = 1; i < RECORDS; i++) record(jo, birch);
    const { ticketId, total } = await prepare(jo, { formats: ["csv", "json"] });
    expect(total).toBe(RECORDS);
    expect(consentExportProgress({ ctx: jo, ticketId })).toEqual({ state: "ready", done: 0, total, exportId: null, manifestSha256: null });
    const seen: string[] = [];
    const into = sink({
      slow: true,
      highWaterMark: 1024,
      onWrite: () => {
        const p = consentExportProgress({ ctx: jo, ticketId });
        seen.push(`${p.state} ${p.done}/${p.total}`);
      },
    });
    const made = await streamToFile(data.dir, jo, ticketId, into);
    const progress = consentExportProgress({ ctx: jo, ticketId });
    expect(progress).toEqual({
      state: "done",
      done: RECORDS,
      total: RECORDS,
      exportId: made.result.exportId,
      manifestSha256: made.result.manifestSha256,
    });
    expect(made.result.manifestSha256).toBe(sha256(openBundle(made.file).files[BUNDLE_MANIFEST]!));
    expect(seen[0]).toBe(`running 0/${RECORDS}`);
    // Two passes (CSV, then JSON), each page counting half: after the first page of 250, 125 of 260 are done.
    expect(seen).toContain(`running 125/${RECORDS}`);
    const dones = seen.map((x) => Number(x.split(" ")[1]!.split("/")[0]));
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(new Set(seen).size).toBeGreaterThanOrEqual(3);
    // Someone else still cannot poll it.
    expect(() => consentExportProgress({ ctx: jay, ticketId })).toThrow(NotFoundError);
    const b = openBundle(made.file);
    expect(b.records).toHaveLength(RECORDS);
    expect(csvObjects(b)).toHaveLength(RECORDS);
  });
});
