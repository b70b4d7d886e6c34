import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { verifyStoredChain } from "@/lib/audit/verify-stored-chain";
import { approveOverride } from "@/lib/consent/approve-override";
import { recordConsent } from "@/lib/consent/record-consent";
import { withdrawConsent } from "@/lib/consent/withdraw-consent";
import type { Ctx } from "@/lib/context";
import { databaseFile } from "@/lib/env";
import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { archiveInterview } from "@/lib/interviews/archive-interview";
import { addCollaborator } from "@/lib/interviews/collaborators";
import { scanText } from "@/lib/redaction";
import { approveKeptFinding, decideFinding } from "@/lib/review/decide";
import { addDocumentVersion, addPastedDocument, addUploadedDocument, documentState, listDocuments } from "@/lib/review/documents";
import { produceRedactedVersion } from "@/lib/review/redact";
import { scanDocument } from "@/lib/review/scan";
import { MAX_VAULT_ENTRIES } from "@/lib/review/schema";
import { openVault, saveVault, viewVault } from "@/lib/review/vault";
import { downloadVersion, getDocumentReview } from "@/lib/review/view";
import { refusedWithoutChangeTo, rejectsWithoutChangeTo } from "../support/assertions";
import { consentInput, HOUR, JUSTIFICATION_40, tableText, withdrawInput, type ConsentInput } from "../support/consent-fixtures";
import {
  BASIC_VAULT,
  count,
  currentFindings,
  decisionRows,
  DRAFT,
  DRAFT_SPANS,
  entries,
  findingAt,
  HOMETOWN,
  HOMETOWN_HANGUL,
  KEEP_REASON,
  latestScanId,
  NAME_HANGUL,
  NAME_SPELLINGS,
  NAME_VARIANT,
  REAL_NAME,
  reviewSnapshot,
  scanFindings,
  span,
  versionRows,
  type EntryInput,
} from "../support/review-fixtures";
import { defectorInput, interviewInput, makeCtx, seedInterview, seedNewsroom, seedUser, type Newsroom } from "../support/seed";
import { auditCount, auditSince, forceAuditInsertFailure, registerTestDb, sqlite } from "../support/test-db";

const data = registerTestDb("each");

/** Runs `run`, expects `type`, and checks that no review table, audit entry or upload file changed. */
const refused = <E>(run: () => unknown, type: new (...args: never[]) => E): E =>
  refusedWithoutChangeTo(() => reviewSnapshot(data.dir), run, type);

/** Expects a ValidationError naming `field`, with nothing written. */
function invalid(run: () => unknown, field: string): ValidationError {
  const err = refused(run, ValidationError);
  expect(Object.keys(err.fieldErrors)).toContain(field);
  expect(err.fieldErrors[field]).toEqual(expect.any(String));
  return err;
}

let n: Newsroom;
let jo: Ctx;
let jay: Ctx;
let ed: Ctx;
let ed2: Ctx;
let seoulEd: Ctx;
let kyivAdmin: Ctx;
let birch: string;

beforeEach(async () => {
  n = await seedNewsroom();
  ({ jo, jay, ed, ed2, seoulEd, kyivAdmin } = n.ctxs);
  birch = seedInterview(jo, interviewInput(n.kyiv));
  n.clock.advance(HOUR);
});

const now = () => n.clock.now();
const save = (ctx: Ctx, interviewId: string, list: readonly EntryInput[]) =>
  saveVault({ ctx, input: { interviewId, entries: entries(list) } });
const paste = (ctx: Ctx, interviewId: string, text = DRAFT, title = "Draft for Monday") =>
  addPastedDocument({ ctx, input: { interviewId, title, kind: "draft", text } });
const decide = (
  ctx: Ctx,
  interviewId: string,
  documentId: string,
  findingId: string,
  decision: string,
  extra: { replacement?: string; justification?: string } = {},
) =>
  decideFinding({
    ctx,
    input: {
      interviewId,
      documentId,
      findingId,
      decision,
      replacement: extra.replacement ?? "",
      justification: extra.justification ?? (decision === "keep" ? KEEP_REASON : ""),
    },
  });
const approve = (ctx: Ctx, interviewId: string, documentId: string, findingId: string) =>
  approveKeptFinding({ ctx, input: { interviewId, documentId, findingId } });
const scan = (ctx: Ctx, interviewId: string, documentId: string) => scanDocument({ ctx, input: { interviewId, documentId } });
const produce = (ctx: Ctx, interviewId: string, documentId: string) => produceRedactedVersion({ ctx, input: { interviewId, documentId } });
const stateOf = (interviewId: string, documentId: string) => documentState(getDb(), interviewId, documentId, now()).state;
const consent = (ctx: Ctx, interviewId: string, overrides: Partial<ConsentInput> = {}) =>
  recordConsent({ ctx, input: consentInput(interviewId, now(), overrides) }).recordId;
const textOf = (run: { text: string }) => run.text;

/** The four findings of DRAFT, by what they are. */
interface DraftFindings {
  name: string;
  age: string;
  hangulName: string;
  hometown: string;
}

/** Registers the real name and hometown on an interview, pastes DRAFT and returns the document and its findings. */
function setUpDraft(ctx: Ctx = jo, interviewId = birch): { documentId: string; f: DraftFindings } {
  save(ctx, interviewId, BASIC_VAULT);
  const { documentId, findings } = paste(ctx, interviewId);
  expect(findings).toBe(4);
  const f = {
    name: findingAt(documentId, DRAFT_SPANS.name).id,
    age: findingAt(documentId, DRAFT_SPANS.age).id,
    hangulName: findingAt(documentId, DRAFT_SPANS.hangulName).id,
    hometown: findingAt(documentId, DRAFT_SPANS.hometown).id,
  };
  return { documentId, f };
}

/* ------------------------------------------------------------------------------------------------------------ */

describe("the vault keeps its values out of the database file, the WAL and the audit log", () => {
  it("canary identifiers, titles, texts, pseudonyms and justifications are stored only as ciphertext", () => {
    const C = {
      name: "ZQXCANARYNAMEQZX Choe Kwang-hyok",
      place: "ZQXCANARYPLACEQZX",
      code: "ZQXCANARYCODEQZX",
      title: "ZQXCANARYTITLEQZX",
      pseudonym: "ZQXCANARYPSEUDONYMQZX",
      reason: "ZQXCANARYREASONQZX is already public, he insists on it",
      pasted: "ZQXCANARYPASTEDQZX",
    };
    save(jo, birch, [
      { category: "name", value: C.name, realName: true },
      { category: "place", value: C.place },
      { category: "codeword", value: C.code },
    ]);
    const vault = viewVault({ ctx: jo, interviewId: birch });
    const text = `Our source ${C.name} comes from ${C.place} and was called ${C.code} by his unit. ${C.pasted}.`;
    const { documentId, findings } = paste(jo, birch, text, `${C.title} draft`);
    expect(findings).toBe(3);
    const rows = currentFindings(documentId);
    expect(rows.map((r) => [text.slice(r.start, r.end), r.identifier_id, r.real_name])).toEqual([
      [C.name, vault[0]!.id, 1],
      [C.place, vault[1]!.id, 0],
      [C.code, vault[2]!.id, 0],
    ]);
    decide(jo, birch, documentId, rows[0]!.id, "pseudonym", { replacement: C.pseudonym });
    decide(jo, birch, documentId, rows[1]!.id, "redact");
    decide(jo, birch, documentId, rows[2]!.id, "keep", { justification: C.reason });
    approve(ed, birch, documentId, rows[2]!.id);
    const { versionId } = produce(jo, birch, documentId);
    expect(textOf(downloadVersion({ ctx: jo, interviewId: birch, documentId, versionId }))).toBe(
      `Our source ${C.pseudonym} comes from [PLACE] and was called ${C.code} by his unit. ${C.pasted}.`,
    );

    const canaries = [C.name, "ZQXCANARYNAMEQZX", C.place, C.code, C.title, C.pseudonym, "ZQXCANARYREASONQZX", C.pasted];
    // Not in any row in clear: the audit log, the findings (spans, never text), the documents, the vault.
    for (const table of [
      "audit_events",
      "review_findings",
      "review_scans",
      "review_documents",
      "review_versions",
      "finding_decisions",
      "vault_identifiers",
    ]) {
      const dump = tableText(table);
      for (const c of canaries) expect(dump, `${c} in ${table}`).not.toContain(c);
    }
    // Not in the write-ahead log before a checkpoint, nor in the database file after it.
    const wal = `${databaseFile()}-wal`;
    expect(fs.existsSync(wal)).toBe(true);
    const walBytes = fs.readFileSync(wal);
    expect(walBytes.length).toBeGreaterThan(0);
    for (const c of canaries) expect(walBytes.includes(c), `${c} in the WAL`).toBe(false);
    sqlite().pragma("wal_checkpoint(TRUNCATE)");
    const dbBytes = fs.readFileSync(databaseFile());
    for (const c of canaries) expect(dbBytes.includes(c), `${c} in the database file`).toBe(false);
    // Nor anywhere else under DATA_DIR.
    for (const file of fs.readdirSync(data.dir, { recursive: true }) as string[]) {
      const full = path.join(data.dir, file);
      if (fs.statSync(full).isFile()) for (const c of canaries) expect(fs.readFileSync(full).includes(c), `${c} in ${file}`).toBe(false);
    }
  });
});

describe("viewVault and saveVault", () => {
  it("a save from a form opened before a colleague's change is refused instead of removing their entries", () => {
    save(jo, birch, BASIC_VAULT);
    addCollaborator({ ctx: jo, input: { interviewId: birch, userId: n.jay.id } });
    const opened = openVault({ ctx: jo, interviewId: birch });
    const mine = opened.entries.map(({ id, category, realName, value }) => ({ id, category, realName, value }));
    // Jay adds the unit meanwhile.
    saveVault({
      ctx: jay,
      input: { interviewId: birch, entries: [...mine, { id: "", category: "unit", realName: false, value: "94th Brigade" }] },
    });
    // Jo's form, without the unit, would remove it: refused, nothing changed.
    refused(
      () => saveVault({ ctx: jo, input: { interviewId: birch, expectedFingerprint: opened.fingerprint, entries: mine } }),
      ConflictError,
    );
    expect(viewVault({ ctx: jo, interviewId: birch }).map((e) => e.value)).toContain("94th Brigade");
    // With the current fingerprint the same save goes through.
    const fresh = openVault({ ctx: jo, interviewId: birch });
    expect(saveVault({ ctx: jo, input: { interviewId: birch, expectedFingerprint: fresh.fingerprint, entries: mine } })).toEqual({
      added: 0,
      changed: 0,
      removed: 1,
    });
  });

  it("the owner and collaborators read the vault, in the order it was entered; every read is audited without values", async () => {
    save(jo, birch, [...BASIC_VAULT, { category: "unit", value: "94th Brigade" }, { category: "family", value: "Kim Hye-ryon" }]);
    const before = auditCount();
    const vault = viewVault({ ctx: jo, interviewId: birch });
    expect(vault.map(({ category, realName, value }) => [category, realName, value])).toEqual([
      ["name", true, REAL_NAME],
      ["place", false, HOMETOWN],
      ["unit", false, "94th Brigade"],
      ["family", false, "Kim Hye-ryon"],
    ]);
    const viewed = auditSince(before);
    expect(viewed).toHaveLength(1);
    expect(viewed[0]).toMatchObject({ action: "vault.viewed", targetType: "vault", targetId: birch, actorId: n.jo.id });
    expect(viewed[0]!.data).toEqual({ identifiers: 4 });

    // A desk editor or admin reads the interview, but not its vault; anyone else does not see the interview at all.
    const seoulJo = n.ctx(await seedUser(n.admin.ctx, "journalist", { deskIds: [n.seoul] }));
    for (const who of [ed, ed2, kyivAdmin]) refused(() => viewVault({ ctx: who, interviewId: birch }), ForbiddenError);
    for (const who of [jay, seoulEd, seoulJo]) refused(() => viewVault({ ctx: who, interviewId: birch }), NotFoundError);
    refused(() => viewVault({ ctx: makeCtx(null, { now: n.clock.now }), interviewId: birch }), UnauthenticatedError);
    refused(() => viewVault({ ctx: jo, interviewId: "no-such-interview" }), NotFoundError);

    addCollaborator({ ctx: jo, input: { interviewId: birch, userId: n.jay.id } });
    const count2 = auditCount();
    expect(viewVault({ ctx: jay, interviewId: birch }).map((e) => e.id)).toEqual(vault.map((e) => e.id));
    expect(auditSince(count2).map((e) => [e.action, e.actorId])).toEqual([["vault.viewed", n.jay.id]]);
    // An archived interview's vault can still be read (the redacted drafts may need checking), not changed.
    archiveInterview({ ctx: jo, input: { interviewId: birch } });
    expect(viewVault({ ctx: jo, interviewId: birch })).toHaveLength(4);
    refused(() => save(jo, birch, BASIC_VAULT), ConflictError);
  });

  it("adds, changes and removes in one save, with one vault.updated entry listing ids only; a save that changes nothing writes nothing", () => {
    const count0 = auditCount();
    expect(save(jo, birch, [...BASIC_VAULT, { category: "unit", value: "94th Brigade" }])).toEqual({ added: 3, changed: 0, removed: 0 });
    const [name, place, unit] = viewVault({ ctx: jo, interviewId: birch });
    const added = auditSince(count0).filter((e) => e.action === "vault.updated");
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ targetType: "vault", targetId: birch, actorId: n.jo.id });
    expect(added[0]!.data).toEqual({ added: [name!.id, place!.id, unit!.id], changed: [], removed: [] });

    n.clock.advance(1000);
    const count1 = auditCount();
    const result = save(jo, birch, [
      { id: name!.id, category: "name", value: "Choe Kwang-hyeok", realName: true },
      { id: place!.id, category: "place", value: ` ${HOMETOWN} ` },
      { category: "family", value: "Kim Hye-ryon" },
    ]);
    expect(result).toEqual({ added: 1, changed: 1, removed: 1 });
    const vault = viewVault({ ctx: jo, interviewId: birch });
    expect(vault.map((e) => [e.id, e.value])).toEqual([
      [name!.id, "Choe Kwang-hyeok"],
      [place!.id, HOMETOWN],
      [expect.any(String), "Kim Hye-ryon"],
    ]);
    const updated = auditSince(count1).filter((e) => e.action === "vault.updated");
    expect(updated).toHaveLength(1);
    expect(updated[0]!.data).toEqual({ added: [vault[2]!.id], changed: [name!.id], removed: [unit!.id] });
    expect(count("vault_identifiers")).toBe(3);

    // Only the real-name flag changes: that is a change too.
    n.clock.advance(1000);
    const count2 = auditCount();
    expect(
      save(
        jo,
        birch,
        vault.map((e) => ({ ...e, realName: false })),
      ),
    ).toEqual({ added: 0, changed: 1, removed: 0 });
    expect(auditSince(count2).map((e) => [e.action, e.data])).toEqual([["vault.updated", { added: [], changed: [name!.id], removed: [] }]]);

    // The same list again (with stray spaces): nothing written, not even an audit entry.
    const before = reviewSnapshot(data.dir);
    const same = viewVault({ ctx: jo, interviewId: birch }).map((e) => ({ ...e, value: `  ${e.value}  ` }));
    const afterView = reviewSnapshot(data.dir);
    expect(save(jo, birch, same)).toEqual({ added: 0, changed: 0, removed: 0 });
    expect(reviewSnapshot(data.dir)).toEqual(afterView);
    expect(afterView.tables.vault_identifiers).toEqual(before.tables.vault_identifiers);

    // Saving an empty list removes everything.
    expect(save(jo, birch, [])).toEqual({ added: 0, changed: 0, removed: 3 });
    expect(viewVault({ ctx: jo, interviewId: birch })).toEqual([]);

    for (const v of ["Choe Kwang-hyeok", HOMETOWN, "94th Brigade", "Kim Hye-ryon"]) expect(tableText("audit_events")).not.toContain(v);
  });

  it("an id from another interview's vault is saved as a new entry and leaves the other vault alone", () => {
    const aspen = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Aspen" }));
    save(jo, aspen, [{ category: "place", value: "Musan" }]);
    const [other] = viewVault({ ctx: jo, interviewId: aspen });
    expect(save(jo, birch, [{ id: other!.id, category: "place", value: HOMETOWN }])).toEqual({ added: 1, changed: 0, removed: 0 });
    const [mine] = viewVault({ ctx: jo, interviewId: birch });
    expect(mine!.id).not.toBe(other!.id);
    expect(mine!.value).toBe(HOMETOWN);
    expect(viewVault({ ctx: jo, interviewId: aspen })).toEqual([other]);
  });

  it("refuses duplicates, a real name on a non-name, values too short or with control characters, and too many entries", () => {
    save(jo, birch, BASIC_VAULT);
    invalid(
      () =>
        save(jo, birch, [
          { category: "name", value: REAL_NAME },
          { category: "name", value: " choe KWANG-hyok " },
        ]),
      "entries.1.value",
    );
    invalid(() => save(jo, birch, [{ category: "place", value: HOMETOWN, realName: true }]), "entries.0.realName");
    invalid(() => save(jo, birch, [{ category: "name", value: " K " }]), "entries.0.value");
    invalid(() => save(jo, birch, [{ category: "name", value: "Choe\u0007Kwang" }]), "entries.0.value");
    invalid(() => save(jo, birch, [{ category: "nickname", value: "Tiger Cub" }]), "entries.0.category");
    invalid(() => save(jo, birch, [{ category: "place", value: "x".repeat(201) }]), "entries.0.value");
    const tooMany = Array.from({ length: MAX_VAULT_ENTRIES + 1 }, (_, i) => ({ category: "other", value: `detail number ${i}` }));
    invalid(() => save(jo, birch, tooMany), "entries");
    const [name] = viewVault({ ctx: jo, interviewId: birch });
    invalid(
      () =>
        save(jo, birch, [
          { id: name!.id, category: "name", value: REAL_NAME, realName: true },
          { id: name!.id, category: "name", value: "Choe", realName: false },
        ]),
      "entries.1.id",
    );
    // The same spelling in two categories is two identifiers (a name, and the family member who shares it).
    expect(save(jo, birch, [...BASIC_VAULT, { category: "family", value: REAL_NAME }]).added).toBe(3);
  });

  it("only the owner and collaborators change the vault", async () => {
    const seoulJo = n.ctx(await seedUser(n.admin.ctx, "journalist", { deskIds: [n.seoul] }));
    for (const who of [ed, kyivAdmin]) refused(() => save(who, birch, BASIC_VAULT), ForbiddenError);
    for (const who of [jay, seoulEd, seoulJo]) refused(() => save(who, birch, BASIC_VAULT), NotFoundError);
    refused(() => save(makeCtx(null, { now: n.clock.now }), birch, BASIC_VAULT), UnauthenticatedError);
    addCollaborator({ ctx: jo, input: { interviewId: birch, userId: n.jay.id } });
    expect(save(jay, birch, BASIC_VAULT).added).toBe(2);
  });

  it("a failed audit entry rolls a save back, and a view returns nothing", () => {
    save(jo, birch, BASIC_VAULT);
    const restore = forceAuditInsertFailure();
    try {
      expect(refused(() => save(jo, birch, [...BASIC_VAULT, { category: "unit", value: "94th Brigade" }]), Error).message).toMatch(
        /forced/,
      );
      expect(refused(() => viewVault({ ctx: jo, interviewId: birch }), Error).message).toMatch(/forced/);
    } finally {
      restore();
    }
    expect(count("vault_identifiers")).toBe(2);
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("scanning a pasted draft", () => {
  it("finds variant spellings and Hangul of the registered name and hometown, linked to the vault", () => {
    save(jo, birch, BASIC_VAULT);
    const [name, place] = viewVault({ ctx: jo, interviewId: birch });
    const before = auditCount();
    const { documentId, findings } = paste(jo, birch);
    expect(findings).toBe(4);

    const [version] = versionRows(documentId);
    expect(version).toMatchObject({ number: 1, origin: "pasted", format: "paste", chars: DRAFT.length, created_by: n.jo.id });
    const rows = currentFindings(documentId);
    expect(rows.map((r) => [DRAFT.slice(r.start, r.end), r.category, r.severity, r.identifier_id, r.real_name, r.keepable])).toEqual([
      [NAME_VARIANT, "name", "high", name!.id, 1, 0],
      ["24", "age", "low", null, 0, 1],
      [NAME_HANGUL, "name", "high", name!.id, 1, 0],
      [HOMETOWN_HANGUL, "place", "high", place!.id, 0, 1],
    ]);
    // Findings hold spans and categories, never the matched text, and no vault numbering.
    for (const r of rows) {
      const dump = JSON.stringify(r);
      for (const v of [REAL_NAME, NAME_VARIANT, NAME_HANGUL, HOMETOWN, HOMETOWN_HANGUL, "Choe", "Choi"]) expect(dump).not.toContain(v);
      expect(r.explanation).not.toMatch(/#\d/);
    }

    const view = getDocumentReview({ ctx: jo, interviewId: birch, documentId });
    expect(view.version).toMatchObject({ number: 1, origin: "pasted", latest: true, text: DRAFT });
    expect(view.document).toMatchObject({ title: "Draft for Monday", kind: "draft" });
    expect(view.findings.map((f) => [f.label, f.registered, f.realName, f.keepable, f.decision])).toEqual([
      ["The source's real name (registered)", true, true, false, null],
      ["Age", false, false, true, null],
      ["The source's real name (registered)", true, true, false, null],
      ["Place (hometown, village, workplace) (registered)", true, false, true, null],
    ]);
    expect(view.state).toEqual({
      scanned: true,
      staleReasons: [],
      total: 4,
      undecided: 4,
      undecidedHigh: 3,
      awaitingApproval: 0,
      notKeepable: 0,
      clear: false,
    });
    expect(view).toMatchObject({ canDecide: true, canApprove: false, nameAllowed: false, access: "owner" });

    const events = auditSince(before);
    expect(events.map((e) => [e.action, e.targetType, e.targetId, e.actorId])).toEqual([
      ["review.document_added", "review", birch, n.jo.id],
      ["review.scanned", "review", birch, n.jo.id],
      ["review.document_viewed", "review", birch, n.jo.id],
    ]);
    expect(events[0]!.data).toEqual({ documentId, versionId: version!.id, kind: "draft", format: "paste", chars: DRAFT.length });
    expect(events[1]!.data).toEqual({ documentId, versionId: version!.id, scanId: rows[0]!.scan_id, findings: 4, high: 3, carriedOver: 0 });
    expect(events[2]!.data).toEqual({ documentId, versionId: version!.id });
    expect(tableText("audit_events")).not.toContain("Draft for Monday");
  });

  it("the real name stays the real name when another entry (a spelling registered first, a code word) matches it too", () => {
    // The journalist registered a spelling before the real name, and the given name as a code word.
    save(jo, birch, [
      { category: "name", value: NAME_VARIANT },
      { category: "name", value: REAL_NAME, realName: true },
      { category: "codeword", value: "Kwang-hyok" },
    ]);
    const text = `${NAME_VARIANT} told us. ${NAME_HANGUL} said so. ${REAL_NAME} again. Kwang-hyok laughed.`;
    const { documentId } = paste(jo, birch, text);
    const rows = currentFindings(documentId);
    const names = [NAME_VARIANT, NAME_HANGUL, REAL_NAME, "Kwang-hyok"].map((part, i) =>
      rows.filter((r) => r.start === span(text, part, i === 3 ? text.indexOf("again") : 0).start),
    );
    for (const [i, found] of names.entries()) {
      expect(found.length, `finding ${i}`).toBeGreaterThan(0);
      for (const r of found)
        expect([r.real_name, r.keepable, r.severity], `${text.slice(r.start, r.end)} (${r.category})`).toEqual([1, 0, "high"]);
    }
    for (const found of names) for (const r of found) invalid(() => decide(jo, birch, documentId, r.id, "keep"), "decision");
  });

  it("without a vault the generic recognizers still run and nothing is linked", () => {
    const { documentId, findings } = paste(jo, birch);
    expect(findings).toBeGreaterThan(0);
    for (const r of currentFindings(documentId)) {
      expect(r.identifier_id).toBeNull();
      expect(r.real_name).toBe(0);
    }
  });

  it("stores the text with \\n line endings and in NFC, so that spans index the stored text", () => {
    save(jo, birch, BASIC_VAULT);
    const pasted = `First line.\r\nHe is ${NAME_HANGUL.normalize("NFD")}.\r\nHe grew up in ${HOMETOWN_HANGUL.normalize("NFD")}.`;
    expect(pasted.includes(NAME_HANGUL)).toBe(false);
    const { documentId, findings } = paste(jo, birch, pasted);
    const stored = `First line.\nHe is ${NAME_HANGUL}.\nHe grew up in ${HOMETOWN_HANGUL}.`;
    const [version] = versionRows(documentId);
    expect(textOf(downloadVersion({ ctx: jo, interviewId: birch, documentId, versionId: version!.id }))).toBe(stored);
    expect(version!.chars).toBe(stored.length);
    expect(findings).toBe(2);
    expect(currentFindings(documentId).map((r) => stored.slice(r.start, r.end))).toEqual([NAME_HANGUL, HOMETOWN_HANGUL]);
  });

  it("refuses an empty text, a missing title or an unknown kind, writing nothing", () => {
    invalid(() => paste(jo, birch, "   \n  "), "text");
    invalid(() => paste(jo, birch, DRAFT, "  "), "title");
    invalid(() => addPastedDocument({ ctx: jo, input: { interviewId: birch, title: "Draft", kind: "poem", text: DRAFT } }), "kind");
    invalid(() => paste(jo, birch, "x".repeat(200_001)), "text");
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("consent decides whether the real name may be kept", () => {
  it("without consent, or with consent to a pseudonym, keeping the real name is refused on `decision`", () => {
    const { documentId, f } = setUpDraft();
    const err = invalid(() => decide(jo, birch, documentId, f.name, "keep"), "decision");
    expect(err.fieldErrors.decision).toMatch(/real name/);
    invalid(() => decide(jo, birch, documentId, f.hangulName, "keep"), "decision");

    consent(jo, birch, { nameChoice: "pseudonym" });
    // The name choice is still "not allowed": the scan stays current.
    expect(stateOf(birch, documentId).staleReasons).toEqual([]);
    invalid(() => decide(jo, birch, documentId, f.name, "keep"), "decision");
    // Other decisions on the name, and keeping the hometown, are accepted.
    expect(decide(jo, birch, documentId, f.name, "pseudonym", { replacement: "Soldier A" }).needsApproval).toBe(false);
    expect(decide(jo, birch, documentId, f.hangulName, "redact").needsApproval).toBe(false);
    expect(decide(jo, birch, documentId, f.hometown, "keep").needsApproval).toBe(true);
    expect(decide(jo, birch, documentId, f.age, "keep").needsApproval).toBe(false);
  });

  it("a POW's chosen real name stays non-keepable until two editors approved the override; then the scan is stale", () => {
    const { documentId, f } = setUpDraft();
    const recordId = consent(jo, birch, { nameChoice: "real", publicInterestJustification: JUSTIFICATION_40 });
    expect(stateOf(birch, documentId).staleReasons).toEqual([]);
    invalid(() => decide(jo, birch, documentId, f.name, "keep"), "decision");
    approveOverride({ ctx: ed, input: { interviewId: birch, recordId } });
    invalid(() => decide(jo, birch, documentId, f.name, "keep"), "decision");
    approveOverride({ ctx: ed2, input: { interviewId: birch, recordId } });

    expect(stateOf(birch, documentId)).toMatchObject({ staleReasons: ["consent changed after the last scan"], clear: false });
    refused(() => decide(jo, birch, documentId, f.name, "keep"), ConflictError);
    refused(() => decide(jo, birch, documentId, f.hometown, "redact"), ConflictError);
    scan(jo, birch, documentId);
    const name = findingAt(documentId, DRAFT_SPANS.name);
    expect([name.real_name, name.keepable]).toEqual([1, 1]);
    expect(decide(jo, birch, documentId, name.id, "keep").needsApproval).toBe(true);
  });

  it("a defector who chose their real name: keeping it is accepted, and still needs an editor", () => {
    const magpie = seedInterview(jo, defectorInput(n.kyiv));
    n.clock.advance(HOUR);
    consent(jo, magpie, { nameChoice: "real" });
    const { documentId, f } = setUpDraft(jo, magpie);
    expect(findingAt(documentId, DRAFT_SPANS.name).keepable).toBe(1);
    expect(getDocumentReview({ ctx: jo, interviewId: magpie, documentId })).toMatchObject({ nameAllowed: true });
    expect(decide(jo, magpie, documentId, f.name, "keep").needsApproval).toBe(true);
    expect(stateOf(magpie, documentId)).toMatchObject({ undecided: 3, awaitingApproval: 1, notKeepable: 0, clear: false });
  });

  it("when consent changes the scan is stale until scanned again, and a kept real name does not survive a withdrawal", () => {
    const magpie = seedInterview(jo, defectorInput(n.kyiv));
    n.clock.advance(HOUR);
    const first = consent(jo, magpie, { nameChoice: "pseudonym" });
    const { documentId, f } = setUpDraft(jo, magpie);
    invalid(() => decide(jo, magpie, documentId, f.name, "keep"), "decision");
    decide(jo, magpie, documentId, f.age, "keep");

    n.clock.advance(HOUR);
    const second = consent(jo, magpie, { nameChoice: "real", previousRecordId: first });
    expect(stateOf(magpie, documentId)).toMatchObject({ staleReasons: ["consent changed after the last scan"], clear: false });
    refused(() => decide(jo, magpie, documentId, f.name, "keep"), ConflictError);
    refused(() => produce(jo, magpie, documentId), ConflictError);

    const before = auditCount();
    scan(jo, magpie, documentId);
    expect(auditSince(before).map((e) => [e.action, e.data.carriedOver])).toEqual([["review.scanned", 1]]);
    const now1 = {
      name: findingAt(documentId, DRAFT_SPANS.name).id,
      hangulName: findingAt(documentId, DRAFT_SPANS.hangulName).id,
      hometown: findingAt(documentId, DRAFT_SPANS.hometown).id,
    };
    expect(now1.name).not.toBe(f.name);
    decide(jo, magpie, documentId, now1.name, "keep");
    decide(jo, magpie, documentId, now1.hangulName, "keep");
    decide(jo, magpie, documentId, now1.hometown, "redact");
    approve(ed, magpie, documentId, now1.name);
    approve(ed, magpie, documentId, now1.hangulName);
    expect(stateOf(magpie, documentId)).toMatchObject({ undecided: 0, awaitingApproval: 0, clear: true });

    // The source withdraws: the kept real name may no longer be kept.
    n.clock.advance(HOUR);
    withdrawConsent({ ctx: jo, input: withdrawInput(magpie, second, now()) });
    expect(stateOf(magpie, documentId)).toMatchObject({
      staleReasons: ["consent changed after the last scan"],
      notKeepable: 2,
      clear: false,
    });
    const count2 = auditCount();
    scan(jo, magpie, documentId);
    expect(auditSince(count2)[0]!.data.carriedOver).toBe(2); // the age and the hometown, not the two kept names
    const view = getDocumentReview({ ctx: jo, interviewId: magpie, documentId });
    expect(view.findings.map((x) => [x.category, x.keepable, x.decision?.decision ?? null])).toEqual([
      ["name", false, null],
      ["age", true, "keep"],
      ["name", false, null],
      ["place", true, "redact"],
    ]);
    expect(view.state).toMatchObject({ undecided: 2, undecidedHigh: 2, notKeepable: 0, clear: false });
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("keeping a high-severity finding needs another editor", () => {
  it("blocks until an editor of the desk who did not decide approves; journalists and the decider cannot", () => {
    addCollaborator({ ctx: jo, input: { interviewId: birch, userId: n.ed.id } });
    const { documentId, f } = setUpDraft();
    decide(ed, birch, documentId, f.name, "redact");
    decide(ed, birch, documentId, f.hangulName, "redact");
    expect(decide(ed, birch, documentId, f.age, "keep").needsApproval).toBe(false);
    expect(decide(ed, birch, documentId, f.hometown, "keep").needsApproval).toBe(true);
    expect(stateOf(birch, documentId)).toMatchObject({ undecided: 0, awaitingApproval: 1, clear: false });

    const decider = refused(() => approve(ed, birch, documentId, f.hometown), ForbiddenError);
    expect(decider.message).toMatch(/another editor/);
    for (const journalist of [jo, jay]) {
      const err = refused(() => approve(journalist, birch, documentId, f.hometown), ForbiddenError);
      expect(err.message).not.toMatch(/another editor/);
    }
    refused(() => approve(seoulEd, birch, documentId, f.hometown), NotFoundError);
    refused(() => approve(makeCtx(null, { now: n.clock.now }), birch, documentId, f.hometown), UnauthenticatedError);
    // Nothing to approve: a kept low-severity finding, a redaction, an undecided finding.
    refused(() => approve(ed2, birch, documentId, f.age), InvalidTransitionError);
    refused(() => approve(ed2, birch, documentId, f.name), InvalidTransitionError);

    n.clock.advance(1000);
    const before = auditCount();
    approve(ed2, birch, documentId, f.hometown);
    const decisionId = decisionRows(f.hometown).at(-1)!.id;
    const events = auditSince(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "review.approved", targetType: "review", targetId: birch, actorId: n.ed2.id });
    expect(events[0]!.data).toEqual({ documentId, findingId: f.hometown, decisionId });
    expect(stateOf(birch, documentId)).toMatchObject({ undecided: 0, awaitingApproval: 0, clear: true });
    const view = getDocumentReview({ ctx: ed2, interviewId: birch, documentId });
    expect(view.findings[3]!.decision).toMatchObject({
      decision: "keep",
      justification: KEEP_REASON,
      decidedBy: "Eda Editor",
      approvedBy: "Eli Editor",
      approvedAt: now(),
    });
    refused(() => approve(kyivAdmin, birch, documentId, f.hometown), ConflictError);

    // The approval belongs to that decision: a new decision to keep needs a new approval.
    decide(jo, birch, documentId, f.hometown, "keep", { justification: "We checked again: he wants his town named." });
    expect(stateOf(birch, documentId)).toMatchObject({ awaitingApproval: 1, clear: false });
    approve(kyivAdmin, birch, documentId, f.hometown);
    expect(stateOf(birch, documentId).clear).toBe(true);
  });

  it("an undecided finding cannot be approved, and an undecided document is never clear", () => {
    const { documentId, f } = setUpDraft();
    refused(() => approve(ed, birch, documentId, f.hometown), InvalidTransitionError);
    decide(jo, birch, documentId, f.hometown, "keep");
    approve(ed, birch, documentId, f.hometown);
    expect(stateOf(birch, documentId)).toMatchObject({ undecided: 3, undecidedHigh: 2, awaitingApproval: 0, clear: false });
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("produceRedactedVersion", () => {
  it("replaces redacted and pseudonymised spans; the new version rescans clean of them and keeps kept decisions and approvals", () => {
    const { documentId, f } = setUpDraft();
    const [nameEntry] = viewVault({ ctx: jo, interviewId: birch });
    decide(jo, birch, documentId, f.name, "pseudonym", { replacement: "Soldier A" });
    decide(jo, birch, documentId, f.hangulName, "redact");
    decide(jo, birch, documentId, f.age, "keep");
    decide(jo, birch, documentId, f.hometown, "keep");
    approve(ed, birch, documentId, f.hometown);
    const [v1] = versionRows(documentId);

    n.clock.advance(1000);
    const before = auditCount();
    const { versionId, findings } = produce(jo, birch, documentId);
    const events = auditSince(before);
    const [, v2] = versionRows(documentId);
    expect(v2).toMatchObject({
      id: versionId,
      number: 2,
      origin: "redacted",
      format: "paste",
      parent_version_id: v1!.id,
      created_by: n.jo.id,
    });

    const text = textOf(downloadVersion({ ctx: jo, interviewId: birch, documentId, versionId }));
    expect(text).toBe(
      `Soldier A, 24, told us about the war. In Korean his name is [NAME]. He grew up in ${HOMETOWN_HANGUL} near the border.`,
    );
    for (const spelling of NAME_SPELLINGS) expect(text).not.toContain(spelling);
    // Scanned afresh against the vault, nothing of the name is left.
    const vault = viewVault({ ctx: jo, interviewId: birch });
    const rescan = scanText(text, { identifiers: vault.map(({ value, category }) => ({ value, category })) });
    expect(rescan.filter((x) => x.identifier === 0)).toEqual([]);

    // The stored rescan: no finding of the name; the kept findings carried with their decisions and approval.
    const rows = currentFindings(documentId);
    expect(rows).toHaveLength(findings);
    expect(rows.filter((r) => r.identifier_id === nameEntry!.id)).toEqual([]);
    expect(rows[0]!.scan_id).toBe(latestScanId(documentId, versionId));
    const view = getDocumentReview({ ctx: jo, interviewId: birch, documentId });
    expect(view.version).toMatchObject({ id: versionId, number: 2, origin: "redacted", latest: true, text });
    expect(view.findings.map((x) => [text.slice(x.start, x.end), x.decision?.decision, x.decision?.approvedBy ?? null])).toEqual([
      ["24", "keep", null],
      [HOMETOWN_HANGUL, "keep", "Eda Editor"],
    ]);
    expect(view.findings[1]!.decision).toMatchObject({ justification: KEEP_REASON, decidedBy: "Jo Journalist" });
    expect(view.state).toMatchObject({ total: 2, undecided: 0, awaitingApproval: 0, clear: true });

    expect(events.map((e) => [e.action, e.targetType, e.targetId, e.actorId])).toEqual([
      ["review.scanned", "review", birch, n.jo.id],
      ["review.redacted", "review", birch, n.jo.id],
    ]);
    const scanId = rows[0]!.scan_id;
    expect(events[0]!.data).toEqual({ documentId, versionId, scanId, findings: 2, high: 1, carriedOver: 2 });
    expect(events[1]!.data).toEqual({ documentId, fromVersionId: v1!.id, versionId, scanId, redacted: 1, pseudonymised: 1, kept: 2 });

    // The original version is still there, unchanged, with its own findings and decisions.
    const old = getDocumentReview({ ctx: jo, interviewId: birch, documentId, versionId: v1!.id });
    expect(old.version).toMatchObject({ number: 1, latest: false, text: DRAFT });
    expect(old.canDecide).toBe(false);
    expect(old.findings.map((x) => x.decision?.decision)).toEqual(["pseudonym", "keep", "redact", "keep"]);
    // Decisions on the old version's findings are refused now.
    refused(() => decide(jo, birch, documentId, f.age, "redact"), ConflictError);
  });

  it("a redaction overlapping a pseudonym wins, and every spelling goes", () => {
    save(jo, birch, BASIC_VAULT);
    const text = `${NAME_HANGUL} (${NAME_VARIANT}) said: ${NAME_VARIANT.split(" ")[0]} is my family name.`;
    const { documentId } = paste(jo, birch, text);
    const rows = currentFindings(documentId);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    rows.forEach((r, i) => decide(jo, birch, documentId, r.id, i === 0 ? "redact" : "pseudonym", { replacement: "Soldier A" }));
    const { versionId } = produce(jo, birch, documentId);
    const out = textOf(downloadVersion({ ctx: jo, interviewId: birch, documentId, versionId }));
    for (const spelling of NAME_SPELLINGS) expect(out).not.toContain(spelling);
    expect(out.startsWith("[NAME] (Soldier A)")).toBe(true);
  });

  it("a combination of details cannot take a pseudonym; redacting it redacts every detail it names", () => {
    save(jo, birch, BASIC_VAULT);
    const text = `${NAME_VARIANT}, 24, from ${HOMETOWN_HANGUL}, served in the 94th Brigade.`;
    const { documentId } = paste(jo, birch, text);
    const rows = currentFindings(documentId);
    const combo = rows.find((r) => r.category === "combination")!;
    expect(combo).toMatchObject({ severity: "high", identifier_id: null, real_name: 0 });
    expect(JSON.parse(combo.related_json!)).toEqual([
      { ...span(text, "24"), category: "age" },
      { ...span(text, HOMETOWN_HANGUL), category: "place" },
      { ...span(text, "94th Brigade"), category: "unit" },
    ]);
    expect(
      getDocumentReview({ ctx: jo, interviewId: birch, documentId }).findings.find((x) => x.category === "combination")!.related,
    ).toHaveLength(3);
    invalid(() => decide(jo, birch, documentId, combo.id, "pseudonym", { replacement: "someone" }), "decision");
    decide(jo, birch, documentId, combo.id, "redact");
    for (const r of rows.filter((x) => x.category !== "combination")) decide(jo, birch, documentId, r.id, r.real_name ? "redact" : "keep");
    const { versionId } = produce(jo, birch, documentId);
    expect(textOf(downloadVersion({ ctx: jo, interviewId: birch, documentId, versionId }))).toBe(
      "[NAME], [AGE], from [PLACE], served in the [UNIT].",
    );
  });

  it("a decision is validated: a pseudonym needs the replacement, keeping needs a justification", () => {
    const { documentId, f } = setUpDraft();
    invalid(() => decide(jo, birch, documentId, f.name, "pseudonym"), "replacement");
    invalid(() => decide(jo, birch, documentId, f.name, "pseudonym", { replacement: "x".repeat(81) }), "replacement");
    invalid(() => decide(jo, birch, documentId, f.age, "keep", { justification: "Fine." }), "justification");
    invalid(() => decide(jo, birch, documentId, f.age, "erase"), "decision");
    // A redaction ignores a stray replacement or justification.
    decide(jo, birch, documentId, f.age, "redact", { replacement: "ignored", justification: "ignored as well, it is a redaction" });
    expect(decisionRows(f.age)[0]).toMatchObject({ decision: "redact", replacement_sealed: null, justification_sealed: null });
  });

  it("refuses while a finding is undecided, when the scan is stale, or when nothing is to be replaced", () => {
    const { documentId, f } = setUpDraft();
    refused(() => produce(jo, birch, documentId), ConflictError);
    decide(jo, birch, documentId, f.name, "redact");
    decide(jo, birch, documentId, f.hangulName, "redact");
    decide(jo, birch, documentId, f.age, "keep");
    expect(refused(() => produce(jo, birch, documentId), ConflictError).message).toMatch(/1 still open/);
    decide(jo, birch, documentId, f.hometown, "redact");

    // A new identifier makes the scan stale.
    save(jo, birch, [...viewVault({ ctx: jo, interviewId: birch }), { category: "codeword", value: "Tiger Cub" }]);
    expect(refused(() => produce(jo, birch, documentId), ConflictError).message).toMatch(/Scan the document again/);
    scan(jo, birch, documentId);
    produce(jo, birch, documentId);
    // "[NAME], 24," no longer reads as a name with an age: whatever the rescan finds is decided or new, never stale.
    expect(stateOf(birch, documentId)).toMatchObject({ staleReasons: [], undecided: 0, clear: true });

    // Nothing to replace: every finding kept.
    const { documentId: caption } = paste(jo, birch, `He grew up in ${HOMETOWN_HANGUL}.`, "Photo caption");
    decide(jo, birch, caption, currentFindings(caption)[0]!.id, "keep");
    expect(refused(() => produce(jo, birch, caption), ConflictError).message).toMatch(/Nothing is to be redacted/);
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("decisions and rescans", () => {
  it("decisions are append-only, the latest counts, and the history cannot be rewritten in the database", () => {
    const { documentId, f } = setUpDraft();
    decide(jo, birch, documentId, f.name, "redact");
    n.clock.advance(1000);
    decide(jo, birch, documentId, f.name, "pseudonym", { replacement: "Soldier A" });
    const rows = decisionRows(f.name);
    expect(rows.map((r) => r.decision)).toEqual(["redact", "pseudonym"]);
    expect(rows[1]!.replacement_sealed).toMatch(/^v2:[0-9a-f-]{36}:/);
    expect(rows[1]!.replacement_sealed).not.toContain("Soldier A");
    const view = getDocumentReview({ ctx: jo, interviewId: birch, documentId });
    expect(view.findings[0]!.decision).toMatchObject({
      decision: "pseudonym",
      replacement: "Soldier A",
      justification: null,
      decidedAt: now(),
    });

    decide(jo, birch, documentId, f.hometown, "keep");
    approve(ed, birch, documentId, f.hometown);
    const before = reviewSnapshot(data.dir);
    const attempts: [string, RegExp][] = [
      ["update finding_decisions set decision = 'keep'", /append-only/],
      ["delete from finding_decisions", /append-only/],
      ["update finding_approvals set editor_id = 'x'", /append-only/],
      ["delete from finding_approvals", /append-only/],
      ["update review_findings set start = 0", /immutable/],
      ["delete from review_findings", /immutable/],
      ["update review_scans set vault_fingerprint = 'x'", /immutable/],
      ["delete from review_scans", /immutable/],
      ["update review_versions set text_sealed = 'x'", /immutable/],
      ["delete from review_versions", /immutable/],
      ["delete from review_documents", /never deleted/],
      ["update review_documents set interview_id = 'x'", /cannot move/],
    ];
    for (const [statement, message] of attempts) expect(() => sqlite().prepare(statement).run(), statement).toThrow(message);
    expect(reviewSnapshot(data.dir)).toEqual(before);
  });

  it("scanning the same version again carries every decision and approval on identical spans", () => {
    const { documentId, f } = setUpDraft();
    decide(jo, birch, documentId, f.name, "pseudonym", { replacement: "Soldier A" });
    decide(jo, birch, documentId, f.hangulName, "redact");
    decide(jo, birch, documentId, f.age, "keep");
    decide(jo, birch, documentId, f.hometown, "keep");
    approve(ed, birch, documentId, f.hometown);
    const oldScan = latestScanId(documentId);

    n.clock.advance(1000);
    const before = auditCount();
    const { scanId, findings } = scan(jo, birch, documentId);
    expect(scanId).not.toBe(oldScan);
    expect(findings).toBe(4);
    expect(latestScanId(documentId)).toBe(scanId);
    const events = auditSince(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "review.scanned", targetId: birch, actorId: n.jo.id });
    expect(events[0]!.data).toMatchObject({ documentId, scanId, findings: 4, high: 3, carriedOver: 4 });

    const view = getDocumentReview({ ctx: jo, interviewId: birch, documentId });
    expect(view.scan!.id).toBe(scanId);
    expect(view.findings.map((x) => [x.decision?.decision, x.decision?.replacement, x.decision?.approvedBy])).toEqual([
      ["pseudonym", "Soldier A", null],
      ["keep", null, null],
      ["redact", null, null],
      ["keep", null, "Eda Editor"],
    ]);
    expect(view.state.clear).toBe(true);
    // The old scan and its decisions stay as history; decisions on it are refused.
    expect(scanFindings(oldScan)).toHaveLength(4);
    refused(() => decide(jo, birch, documentId, f.age, "redact"), ConflictError);
  });

  it("a new vault identifier makes the scan stale; scanning again finds it and keeps the earlier decisions", () => {
    save(jo, birch, BASIC_VAULT);
    const text = `${DRAFT} He still sings the Rainbow Song every morning.`;
    const { documentId, findings } = paste(jo, birch, text);
    expect(findings).toBe(4);
    const f = { name: findingAt(documentId, DRAFT_SPANS.name).id, age: findingAt(documentId, DRAFT_SPANS.age).id };
    decide(jo, birch, documentId, f.name, "redact");
    decide(jo, birch, documentId, f.age, "keep");
    expect(stateOf(birch, documentId).staleReasons).toEqual([]);

    n.clock.advance(1000);
    save(jo, birch, [...viewVault({ ctx: jo, interviewId: birch }), { category: "codeword", value: "Rainbow Song" }]);
    const code = viewVault({ ctx: jo, interviewId: birch })[2]!;
    expect(stateOf(birch, documentId)).toMatchObject({
      staleReasons: ["the protected identifiers changed after the last scan"],
      clear: false,
    });
    expect(getDocumentReview({ ctx: jo, interviewId: birch, documentId }).scan!.stale).toEqual([
      "the protected identifiers changed after the last scan",
    ]);
    refused(() => decide(jo, birch, documentId, findingAt(documentId, DRAFT_SPANS.hometown).id, "redact"), ConflictError);

    expect(scan(jo, birch, documentId).findings).toBe(5);
    const found = findingAt(documentId, span(text, "Rainbow Song"));
    expect(found).toMatchObject({ category: "codeword", severity: "high", identifier_id: code.id, real_name: 0 });
    const view = getDocumentReview({ ctx: jo, interviewId: birch, documentId });
    expect(view.state).toMatchObject({ staleReasons: [], total: 5, undecided: 3 });
    expect(view.findings.map((x) => x.decision?.decision ?? null)).toEqual(["redact", "keep", null, null, null]);
  });

  it("a changed vault value makes the scan stale even within the same millisecond", () => {
    save(jo, birch, BASIC_VAULT);
    const { documentId } = paste(jo, birch);
    const vault = viewVault({ ctx: jo, interviewId: birch });
    // The clock does not move: the journalist corrects the hometown straight after pasting.
    save(jo, birch, [vault[0]!, { ...vault[1]!, value: "Musan" }]);
    expect(stateOf(birch, documentId).staleReasons).toEqual(["the protected identifiers changed after the last scan"]);
  });

  it("removing an identifier and scanning again unlinks its findings", () => {
    const { documentId, f } = setUpDraft();
    const [name, place] = viewVault({ ctx: jo, interviewId: birch });
    decide(jo, birch, documentId, f.hometown, "redact");
    n.clock.advance(1000);
    save(jo, birch, [name!]);
    expect(stateOf(birch, documentId).staleReasons).toHaveLength(1);
    scan(jo, birch, documentId);
    const rows = currentFindings(documentId);
    expect(rows.filter((r) => r.identifier_id === place!.id)).toEqual([]);
    // The generic place recognizer may still flag the town, unregistered (and no longer high by registration).
    const town = rows.find((r) => r.start === DRAFT_SPANS.hometown.start);
    if (town) expect(town.identifier_id).toBeNull();
  });

  it("a new version of the text is scanned at once; decisions carry only when the text is the same", () => {
    const { documentId, f } = setUpDraft();
    decide(jo, birch, documentId, f.name, "redact");
    decide(jo, birch, documentId, f.age, "keep");
    n.clock.advance(1000);
    const before = auditCount();
    const same = addDocumentVersion({ ctx: jo, input: { interviewId: birch, documentId, text: DRAFT.replace(/\n/g, "\r\n") } });
    expect(same.findings).toBe(4);
    const events = auditSince(before);
    expect(events.map((e) => e.action)).toEqual(["review.version_added", "review.scanned"]);
    expect(events[0]!.data).toEqual({ documentId, versionId: same.versionId, number: 2, chars: DRAFT.length });
    expect(events[1]!.data).toMatchObject({ versionId: same.versionId, carriedOver: 2 });
    expect(getDocumentReview({ ctx: jo, interviewId: birch, documentId }).findings.map((x) => x.decision?.decision ?? null)).toEqual([
      "redact",
      "keep",
      null,
      null,
    ]);

    const changed = `Update: ${DRAFT}`;
    const other = addDocumentVersion({ ctx: jo, input: { interviewId: birch, documentId, text: changed } });
    expect(versionRows(documentId).map((v) => [v.number, v.origin])).toEqual([
      [1, "pasted"],
      [2, "pasted"],
      [3, "pasted"],
    ]);
    expect(other.findings).toBe(4);
    expect(getDocumentReview({ ctx: jo, interviewId: birch, documentId }).state).toMatchObject({ undecided: 4 });
    invalid(() => addDocumentVersion({ ctx: jo, input: { interviewId: birch, documentId, text: " " } }), "text");
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("access to documents follows the interview", () => {
  it("a desk editor reads, downloads and lists, but cannot add, decide, scan or redact", () => {
    const { documentId, f } = setUpDraft();
    const view = getDocumentReview({ ctx: ed, interviewId: birch, documentId });
    expect(view).toMatchObject({ access: "desk", canDecide: false, canApprove: true });
    expect(view.version.text).toBe(DRAFT);
    expect(textOf(downloadVersion({ ctx: ed, interviewId: birch, documentId, versionId: view.version.id }))).toBe(DRAFT);
    expect(listDocuments({ ctx: ed, interviewId: birch }).map((d) => d.id)).toEqual([documentId]);

    for (const who of [ed, kyivAdmin]) {
      refused(() => paste(who, birch), ForbiddenError);
      refused(() => decide(who, birch, documentId, f.name, "redact"), ForbiddenError);
      refused(() => scan(who, birch, documentId), ForbiddenError);
      refused(() => produce(who, birch, documentId), ForbiddenError);
      refused(() => addDocumentVersion({ ctx: who, input: { interviewId: birch, documentId, text: DRAFT } }), ForbiddenError);
    }
  });

  it("another journalist of the desk, or anyone of another desk: not found; anonymous: unauthenticated", async () => {
    const { documentId, f } = setUpDraft();
    decide(jo, birch, documentId, f.hometown, "keep");
    const versionId = versionRows(documentId)[0]!.id;
    const seoulJo = n.ctx(await seedUser(n.admin.ctx, "journalist", { deskIds: [n.seoul] }));
    const seoulAdmin = n.admin.ctx;
    const calls = (who: Ctx): (() => unknown)[] => [
      () => getDocumentReview({ ctx: who, interviewId: birch, documentId }),
      () => downloadVersion({ ctx: who, interviewId: birch, documentId, versionId }),
      () => listDocuments({ ctx: who, interviewId: birch }),
      () => paste(who, birch),
      () => decide(who, birch, documentId, f.name, "redact"),
      () => scan(who, birch, documentId),
      () => produce(who, birch, documentId),
      () => addDocumentVersion({ ctx: who, input: { interviewId: birch, documentId, text: DRAFT } }),
    ];
    for (const who of [jay, seoulJo, seoulEd, seoulAdmin]) for (const call of calls(who)) refused(call, NotFoundError);
    for (const who of [seoulEd, seoulAdmin]) refused(() => approve(who, birch, documentId, f.hometown), NotFoundError);
    const anon = makeCtx(null, { now: n.clock.now });
    for (const call of calls(anon)) refused(call, UnauthenticatedError);
    refused(() => approve(anon, birch, documentId, f.hometown), UnauthenticatedError);

    // A collaborator works on it like the owner.
    addCollaborator({ ctx: jo, input: { interviewId: birch, userId: n.jay.id } });
    decide(jay, birch, documentId, f.name, "redact");
    expect(paste(jay, birch, "Nothing identifying in here.", "Second draft").findings).toBe(0);
    expect(listDocuments({ ctx: jay, interviewId: birch })).toHaveLength(2);
  });

  it("a document, version or finding of another interview or document, reached through your own interview, is not found", () => {
    const { documentId, f } = setUpDraft();
    const aspen = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Aspen" }));
    const { documentId: aspenDoc } = setUpDraft(jo, aspen);
    const aspenVersion = versionRows(aspenDoc)[0]!.id;
    const aspenName = findingAt(aspenDoc, DRAFT_SPANS.name).id;
    decide(jo, aspen, aspenDoc, findingAt(aspenDoc, DRAFT_SPANS.hometown).id, "keep");

    refused(() => getDocumentReview({ ctx: jo, interviewId: birch, documentId: aspenDoc }), NotFoundError);
    refused(() => downloadVersion({ ctx: jo, interviewId: birch, documentId: aspenDoc, versionId: aspenVersion }), NotFoundError);
    refused(() => downloadVersion({ ctx: jo, interviewId: birch, documentId, versionId: aspenVersion }), NotFoundError);
    refused(() => getDocumentReview({ ctx: jo, interviewId: birch, documentId, versionId: aspenVersion }), NotFoundError);
    refused(() => decide(jo, birch, aspenDoc, aspenName, "redact"), NotFoundError);
    refused(() => decide(jo, birch, documentId, aspenName, "redact"), NotFoundError);
    refused(() => scan(jo, birch, aspenDoc), NotFoundError);
    refused(() => produce(jo, birch, aspenDoc), NotFoundError);
    refused(() => addDocumentVersion({ ctx: jo, input: { interviewId: birch, documentId: aspenDoc, text: DRAFT } }), NotFoundError);
    refused(() => approve(ed, birch, documentId, findingAt(aspenDoc, DRAFT_SPANS.hometown).id), NotFoundError);
    refused(() => approve(ed, birch, aspenDoc, findingAt(aspenDoc, DRAFT_SPANS.hometown).id), NotFoundError);

    // A second document of the same interview: its findings are not this document's.
    const { documentId: second } = paste(jo, birch, DRAFT, "Second");
    refused(() => decide(jo, birch, second, f.name, "redact"), NotFoundError);
    refused(() => getDocumentReview({ ctx: jo, interviewId: birch, documentId: "no-such-document" }), NotFoundError);
    refused(() => decide(jo, birch, documentId, "no-such-finding", "redact"), NotFoundError);
  });

  it("an archived interview's documents can be read but not changed, nor kept findings approved", () => {
    const { documentId, f } = setUpDraft();
    decide(jo, birch, documentId, f.hometown, "keep");
    expect(getDocumentReview({ ctx: ed, interviewId: birch, documentId }).canApprove).toBe(true);
    archiveInterview({ ctx: jo, input: { interviewId: birch } });
    const view = getDocumentReview({ ctx: jo, interviewId: birch, documentId });
    expect(view).toMatchObject({ interview: { archived: true }, canDecide: false });
    expect(getDocumentReview({ ctx: ed, interviewId: birch, documentId })).toMatchObject({ canDecide: false, canApprove: false });
    refused(() => approve(ed, birch, documentId, f.hometown), ConflictError);
    refused(() => decide(jo, birch, documentId, f.name, "redact"), ConflictError);
    refused(() => paste(jo, birch), ConflictError);
    refused(() => scan(jo, birch, documentId), ConflictError);
    refused(() => produce(jo, birch, documentId), ConflictError);
  });

  it("listDocuments gives titles and review states without reading texts or writing the audit log", () => {
    const { documentId, f } = setUpDraft();
    n.clock.advance(1000);
    const { documentId: second } = paste(jo, birch, "Nothing identifying in here.", "Caption");
    const before = auditCount();
    const list = listDocuments({ ctx: jo, interviewId: birch });
    expect(auditCount()).toBe(before);
    expect(list.map((d) => [d.id, d.title, d.kind, d.versions, d.latestOrigin, d.state.total, d.state.clear])).toEqual([
      [second, "Caption", "draft", 1, "pasted", 0, true],
      [documentId, "Draft for Monday", "draft", 1, "pasted", 4, false],
    ]);
    decide(jo, birch, documentId, f.name, "redact");
    expect(listDocuments({ ctx: jo, interviewId: birch })[1]!.state).toMatchObject({ undecided: 3 });
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("audit", () => {
  it("views and downloads are audited with ids only; the chain verifies and never holds the text", () => {
    const { documentId, f } = setUpDraft();
    const versionId = versionRows(documentId)[0]!.id;
    const before = auditCount();
    getDocumentReview({ ctx: ed, interviewId: birch, documentId });
    downloadVersion({ ctx: ed, interviewId: birch, documentId, versionId });
    const events = auditSince(before);
    expect(events.map((e) => [e.action, e.targetType, e.targetId, e.actorId, e.data])).toEqual([
      ["review.document_viewed", "review", birch, n.ed.id, { documentId, versionId }],
      ["review.downloaded", "review", birch, n.ed.id, { documentId, versionId }],
    ]);

    const count2 = auditCount();
    decide(jo, birch, documentId, f.name, "pseudonym", { replacement: "Soldier A" });
    decide(jo, birch, documentId, f.hangulName, "redact");
    decide(jo, birch, documentId, f.age, "keep");
    decide(jo, birch, documentId, f.hometown, "keep");
    const decided = auditSince(count2);
    expect(decided.map((e) => [e.action, e.targetType, e.targetId])).toEqual(Array(4).fill(["review.decided", "review", birch]));
    expect(decided.map((e) => e.data)).toEqual([
      { documentId, findingId: f.name, decision: "pseudonym", category: "name", severity: "high" },
      { documentId, findingId: f.hangulName, decision: "redact", category: "name", severity: "high" },
      { documentId, findingId: f.age, decision: "keep", category: "age", severity: "low" },
      { documentId, findingId: f.hometown, decision: "keep", category: "place", severity: "high" },
    ]);
    approve(ed, birch, documentId, f.hometown);
    produce(jo, birch, documentId);

    const log = tableText("audit_events");
    for (const secret of [
      ...NAME_SPELLINGS,
      HOMETOWN,
      HOMETOWN_HANGUL,
      "Soldier A",
      KEEP_REASON,
      "Draft for Monday",
      "told us about the war",
    ]) {
      expect(log).not.toContain(secret);
    }
    expect(verifyStoredChain()).toMatchObject({ intact: true });
  });

  it("a failed audit entry rolls every review mutation back, and reads return nothing", () => {
    const { documentId, f } = setUpDraft();
    decide(jo, birch, documentId, f.hometown, "keep");
    const versionId = versionRows(documentId)[0]!.id;
    const restore = forceAuditInsertFailure();
    try {
      const calls: [string, () => unknown][] = [
        ["paste", () => paste(jo, birch)],
        ["decide", () => decide(jo, birch, documentId, f.name, "redact")],
        ["approve", () => approve(ed, birch, documentId, f.hometown)],
        ["scan", () => scan(jo, birch, documentId)],
        ["version", () => addDocumentVersion({ ctx: jo, input: { interviewId: birch, documentId, text: `New ${DRAFT}` } })],
        ["view", () => getDocumentReview({ ctx: jo, interviewId: birch, documentId })],
        ["download", () => downloadVersion({ ctx: jo, interviewId: birch, documentId, versionId })],
      ];
      for (const [name, call] of calls) expect(refused(call, Error).message, name).toMatch(/forced/);
    } finally {
      restore();
    }
    decide(jo, birch, documentId, f.name, "redact");
    decide(jo, birch, documentId, f.hangulName, "redact");
    decide(jo, birch, documentId, f.age, "redact");
    const restore2 = forceAuditInsertFailure();
    try {
      expect(refused(() => produce(jo, birch, documentId), Error).message).toMatch(/forced/);
    } finally {
      restore2();
    }
    expect(produce(jo, birch, documentId).findings).toBe(1);
    expect(versionRows(documentId)).toHaveLength(2);
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("addUploadedDocument", () => {
  const upload = (ctx: Ctx, fileName: string, bytes: Uint8Array, fields: { title?: string; kind?: string; interviewId?: string } = {}) =>
    addUploadedDocument({
      ctx,
      interviewId: fields.interviewId ?? birch,
      title: fields.title ?? "Uploaded draft",
      kind: fields.kind ?? "draft",
      fileName,
      bytes,
    });
  const refusedAsync = <E>(run: () => Promise<unknown>, type: new (...args: never[]) => E): Promise<E> =>
    rejectsWithoutChangeTo(() => reviewSnapshot(data.dir), run, type);
  const docx = () => fs.readFileSync(path.join(__dirname, "../fixtures/review/draft.docx"));

  it("a .docx is extracted, stored encrypted as an uploaded version and scanned at once", async () => {
    save(jo, birch, BASIC_VAULT);
    const [name, place] = viewVault({ ctx: jo, interviewId: birch });
    const before = auditCount();
    const { documentId, findings, warnings } = await upload(jo, "Draft.DOCX", docx());
    const events = auditSince(before);
    expect(Array.isArray(warnings)).toBe(true);
    const [version] = versionRows(documentId);
    expect(version).toMatchObject({ number: 1, origin: "uploaded", format: "docx" });
    const text = textOf(downloadVersion({ ctx: jo, interviewId: birch, documentId, versionId: version!.id }));
    expect(text).toContain(`${REAL_NAME} (${NAME_HANGUL})`);
    const rows = currentFindings(documentId);
    expect(rows).toHaveLength(findings);
    const linked = rows.filter((r) => r.identifier_id !== null).map((r) => [text.slice(r.start, r.end), r.identifier_id]);
    expect(linked).toEqual([
      [REAL_NAME, name!.id],
      [NAME_HANGUL, name!.id],
      [HOMETOWN, place!.id],
      [HOMETOWN_HANGUL, place!.id],
    ]);
    expect(events.map((e) => e.action)).toEqual(["review.document_added", "review.scanned"]);
    expect(events[0]!.data).toMatchObject({ documentId, format: "docx", kind: "draft", chars: text.length });
  });

  it("a .txt upload is taken as text", async () => {
    const { documentId } = await upload(jo, "notes.txt", Buffer.from(`${DRAFT}\r\n`, "utf8"));
    const [version] = versionRows(documentId);
    expect(version).toMatchObject({ origin: "uploaded", format: "txt" });
  });

  it("a file that is not a supported document is a ValidationError on `file`, and leaves nothing behind", async () => {
    const pdf = Buffer.from("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n");
    for (const [fileName, bytes] of [
      ["draft.pdf", pdf],
      ["draft.txt", Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x00, 0x10])],
      ["draft.docx", Buffer.from("This is plain text pretending to be a Word file.")],
      ["draft.txt", Buffer.alloc(0)],
    ] as const) {
      const err = await refusedAsync(() => upload(jo, fileName, bytes), ValidationError);
      expect(err.fieldErrors.file, fileName).toEqual(expect.any(String));
    }
  });

  it("fields are checked first, then access, before the file is read", async () => {
    const garbage = Buffer.from("%PDF-1.7 not a draft");
    const err = await refusedAsync(() => upload(jo, "draft.docx", docx(), { title: " " }), ValidationError);
    expect(Object.keys(err.fieldErrors)).toEqual(["title"]);
    await refusedAsync(() => upload(jay, "draft.pdf", garbage), NotFoundError);
    await refusedAsync(() => upload(seoulEd, "draft.pdf", garbage), NotFoundError);
    await refusedAsync(() => upload(ed, "draft.pdf", garbage), ForbiddenError);
    await refusedAsync(() => upload(makeCtx(null, { now: n.clock.now }), "draft.pdf", garbage), UnauthenticatedError);
  });
});
