import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sealedUpgrade } from "@/db/client";
import { verifyStoredChain } from "@/lib/audit/verify-stored-chain";
import { totpCode } from "@/lib/auth/totp";
import { UPLOAD_TABLES } from "@/lib/backup/backup";
import { setItemState } from "@/lib/checklist/set-item-state";
import { attachUpload } from "@/lib/consent/attach-upload";
import { readConsentUpload } from "@/lib/consent/read-upload";
import { withdrawConsent } from "@/lib/consent/withdraw-consent";
import {
  currentMasterKey,
  decodeMasterKey,
  forgetDataKey,
  instanceDataKey,
  interviewDataKey,
  masterKeyId,
  unwrapKey,
} from "@/lib/crypto/data-keys";
import { migrateToDataKeys, pendingMigration } from "@/lib/crypto/migrate-values";
import { finishPendingMasterRotation, keyStatus, rotateMasterKey } from "@/lib/crypto/rotate-master-key";
import { ERASED_TEXT, open, openBytes, seal, sealedFileKeyId, sealedKeyId } from "@/lib/crypto/seal";
import { SEALED_COLUMNS, SEALED_FILES } from "@/lib/crypto/sealed-columns";
import { addComment } from "@/lib/interviews/add-comment";
import { notesContext } from "@/lib/interviews/create-interview";
import { eraseSourceData } from "@/lib/interviews/erase-source-data";
import { getInterview } from "@/lib/interviews/get-interview";
import { enrolMfa } from "@/lib/mfa/enrol-mfa";
import { startMfaEnrolment } from "@/lib/mfa/start-mfa-enrolment";
import { approveCaptorOverride, justifyPriorExposure, requestCaptorOverride, reviewImage } from "@/lib/publication/editor-checks";
import { resolveTakedown } from "@/lib/publication/takedowns";
import { recordPublication } from "@/lib/publication/workflow";
import { decideFinding } from "@/lib/review/decide";
import { attachImage, imageContext, readImage } from "@/lib/review/images";
import { saveVault, viewVault } from "@/lib/review/vault";
import { forgetCachedSecrets } from "@/lib/secrets";
import { readUpload, uploadPath } from "@/lib/uploads/storage";
import { runCli } from "../support/cli";
import { exportBundle } from "../support/consent-export-bundle";
import { HOUR, plainJpeg, withdrawInput } from "../support/consent-fixtures";
import { sealLegacy, sealLegacyBytes } from "../support/legacy-seal";
import {
  OVERRIDE_REASON,
  PRIOR_EXPOSURE_REASON,
  prepareClearable,
  signOffAs,
  TAKEDOWN_NOTE,
  takedownRows,
} from "../support/publication-fixtures";
import { DRAFT_SPANS, entries, findingAt, KEEP_REASON, REAL_NAME } from "../support/review-fixtures";
import { interviewInput, makeCtx, seedInterview, seedNewsroom, type Newsroom } from "../support/seed";
import { auditCount, auditSince, registerTestDb, sqlite } from "../support/test-db";

/**
 * Envelope encryption (lib/crypto/data-keys.ts): every interview's source data under a data key of its own, the
 * data keys stored only wrapped by the master key, the one-time migration of values sealed the old way (`v1:`,
 * header-less files), master-key rotation (in this process and in another one) and the `keys` command.
 */

const data = registerTestDb("each");

const ENV_DATA_KEY = process.env.SOURCEKEEPER_DATA_KEY;
afterEach(() => {
  // A test that set these must never leak them into the next one.
  if (ENV_DATA_KEY === undefined) delete process.env.SOURCEKEEPER_DATA_KEY;
  else process.env.SOURCEKEEPER_DATA_KEY = ENV_DATA_KEY;
  sealedUpgrade.active = false;
});

/* ---------- helpers ---------- */

interface KeyRow {
  id: string;
  scope: "instance" | "interview";
  interview_id: string | null;
  wrapped_key: string | null;
  kek_id: string | null;
  created_at: number;
  rewrapped_at: number | null;
  destroyed_at: number | null;
}

const keyRows = () => sqlite().prepare("select * from data_keys order by rowid").all() as KeyRow[];
const keyOf = (interviewId: string) =>
  sqlite().prepare("select * from data_keys where interview_id = ?").get(interviewId) as KeyRow | undefined;
const instanceKeyRow = () => sqlite().prepare("select * from data_keys where scope = 'instance'").get() as KeyRow | undefined;
/** The data key a value of this interview (null: of no interview) must be sealed with. */
const expectedKeyId = (interviewId: string | null) => (interviewId ? keyOf(interviewId)!.id : instanceKeyRow()!.id);

interface SealedValue {
  key: string;
  table: string;
  column: string;
  pk: number;
  interviewId: string | null;
  value: string;
  context: string;
}

/** Every non-null sealed value of the database, found through the registry. */
function sealedValues(): SealedValue[] {
  return SEALED_COLUMNS.flatMap((c) =>
    (sqlite().prepare(c.select).all() as Record<string, string | number | null>[])
      .filter((r) => r.value !== null)
      .map((r) => {
        const row = r as Record<string, string>;
        return {
          key: `${c.table}.${c.column}#${r.pk}`,
          table: c.table,
          column: c.column,
          pk: Number(r.pk),
          interviewId: (r.interview_id as string | null) ?? null,
          value: row.value!,
          context: c.context(row),
        };
      }),
  );
}

interface SealedFile {
  id: string;
  table: string;
  interviewId: string;
  context: string;
}

function sealedFiles(): SealedFile[] {
  return SEALED_FILES.flatMap((t) =>
    (sqlite().prepare(t.select).all() as { id: string; interview_id: string }[]).map((r) => ({
      id: r.id,
      table: t.table,
      interviewId: r.interview_id,
      context: t.context(r.id),
    })),
  );
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const fileSha = (table: string, id: string) =>
  (sqlite().prepare(`select sha256 from ${table} where id = ?`).get(id) as { sha256: string }).sha256;

const secretsPath = () => path.join(data.dir, "secrets.json");
const pendingPath = () => `${secretsPath()}.next`;
const readSecrets = () =>
  JSON.parse(fs.readFileSync(secretsPath(), "utf8")) as { dataKey: string; authSecret: string; auditSigningKey: string };
const masterOnDisk = () => decodeMasterKey(readSecrets().dataKey);

/** True when `wrapped` is this row's data key wrapped by `master` (the AAD names the row). */
function unwrapsWith(master: Buffer, wrapped: string, row: KeyRow): boolean {
  try {
    unwrapKey(master, wrapped, row);
    return true;
  } catch {
    return false;
  }
}

/** Forgets every data key this process holds unwrapped, so the next read unwraps again with the master key. */
function forgetUnwrappedKeys(): void {
  for (const row of keyRows()) forgetDataKey(row.id);
}

/** The database file, its write-ahead log and its shared-memory index, as bytes. */
function databaseBytes(): { name: string; bytes: Buffer }[] {
  const file = path.join(data.dir, "sourcekeeper.db");
  return [file, `${file}-wal`, `${file}-shm`]
    .filter((f) => fs.existsSync(f))
    .map((f) => ({ name: path.basename(f), bytes: fs.readFileSync(f) }));
}

const NOTES_A = "Met at the safe house behind the market on Tuesday.";
const NOTES_B = "Second source: a former border guard, contact through the church.";

/**
 * An instance with a value in EVERY sealed column and a file in every upload table, written through the real
 * services: interview A (Kyiv desk) is taken from preparation through a captor-presence override, editors'
 * checks, sign-off and publication to a withdrawal and a resolved takedown; interview B has notes, a vault entry
 * and an image; an editor has a second factor and has made a sensitive consent export.
 */
async function seedEverything() {
  const n = await seedNewsroom();
  n.clock.advance(HOUR);
  const c = await prepareClearable(n, {
    interview: { codeName: "Birch", notes: NOTES_A },
    consent: { presence: ["intelligence_service"], privateSetting: false },
  });
  const a = c.interviewId;
  const { documentId } = c;
  const owner = c.ctxs.owner;
  const { overrideId } = requestCaptorOverride({ ctx: n.ctxs.ed, input: { interviewId: a, reason: OVERRIDE_REASON } });
  approveCaptorOverride({ ctx: n.ctxs.ed2, input: { interviewId: a, overrideId } });
  const age = findingAt(documentId, DRAFT_SPANS.age).id;
  decideFinding({
    ctx: owner,
    input: {
      interviewId: a,
      documentId,
      findingId: age,
      decision: "keep",
      replacement: "",
      justification: KEEP_REASON,
      priorExposure: true,
    },
  });
  justifyPriorExposure({ ctx: n.ctxs.ed, input: { interviewId: a, documentId, findingId: age, justification: PRIOR_EXPOSURE_REASON } });
  const town = findingAt(documentId, DRAFT_SPANS.hometown).id;
  decideFinding({
    ctx: owner,
    input: { interviewId: a, documentId, findingId: town, decision: "pseudonym", replacement: "a northern town", justification: "" },
  });
  reviewImage({
    ctx: n.ctxs.ed,
    input: { interviewId: a, imageId: c.imageId!, deidentified: true, priorExposure: true, justification: PRIOR_EXPOSURE_REASON },
  });
  const optional = sqlite()
    .prepare(
      "select item_id from checklist_items where interview_id = ? and applicable = 1 and gate <> 'block' and state = 'open' order by rowid limit 1",
    )
    .get(a) as { item_id: string };
  setItemState({
    ctx: owner,
    input: { interviewId: a, itemId: optional.item_id, state: "not_applicable", reason: "He was interviewed once, by video only." },
  });
  addComment({ ctx: n.ctxs.ed, input: { interviewId: a, body: "Check the second paragraph once more." } });
  const { uploadId } = await attachUpload({ ctx: owner, interviewId: a, recordId: c.recordId, bytes: await plainJpeg(40, 30) });
  await signOffAs(n.ctxs.ed2, n.ed2.password, a);
  recordPublication({
    ctx: owner,
    input: {
      interviewId: a,
      outlet: "The Daily Example",
      publishedOn: "2030-01-15",
      reference: "https://example.com/2030/01/pow",
      media: ["text"],
    },
  });
  withdrawConsent({ ctx: owner, input: withdrawInput(a, c.recordId, n.clock.now(), { sourceWords: "Please take all of it down." }) });
  const [task] = takedownRows(a);
  resolveTakedown({ ctx: n.ctxs.ed2, input: { taskId: task!.id, resolution: "taken_down", note: TAKEDOWN_NOTE } });

  const b = seedInterview(n.ctxs.jo, interviewInput(n.kyiv, { codeName: "Oak", notes: NOTES_B }));
  saveVault({ ctx: n.ctxs.jo, input: { interviewId: b, entries: entries([{ category: "name", value: "Pak Song-il", realName: true }]) } });
  const { imageId: imageB } = await attachImage({
    ctx: n.ctxs.jo,
    interviewId: b,
    caption: "A fence at dawn",
    bytes: await plainJpeg(30, 20),
  });

  // Instance things: an editor's second factor and a sensitive consent export's reason.
  const enrolment = await startMfaEnrolment({ ctx: n.ctxs.ed, accountLabel: "ed@newsroom.example" });
  enrolMfa({
    ctx: n.ctxs.ed,
    input: { pending: enrolment.pending, code: totpCode(enrolment.secretGroups.replace(/\s+/g, ""), n.clock.now()) },
  });
  await exportBundle(data.dir, n.ctxs.ed, {
    sensitive: true,
    reason: "The source asked for a copy of his own record.",
    password: n.ed.password,
    formats: ["json"],
  });
  return { n, c, a, b, uploadId, imageA: c.imageId!, imageB };
}

/** A smaller instance for the rotation tests: interviews A and B with notes, a vault, a comment and an image. */
async function seedSmall() {
  const n = await seedNewsroom();
  n.clock.advance(HOUR);
  const a = seedInterview(n.ctxs.jo, interviewInput(n.kyiv, { codeName: "Birch", notes: NOTES_A }));
  const b = seedInterview(n.ctxs.jo, interviewInput(n.kyiv, { codeName: "Oak", notes: NOTES_B }));
  saveVault({ ctx: n.ctxs.jo, input: { interviewId: a, entries: entries([{ category: "name", value: REAL_NAME, realName: true }]) } });
  addComment({ ctx: n.ctxs.ed, input: { interviewId: a, body: "Ask him about the second camp." } });
  const { imageId } = await attachImage({ ctx: n.ctxs.jo, interviewId: a, caption: "Hands on a table", bytes: await plainJpeg(30, 20) });
  return { n, a, b, imageId };
}

/** What A and B look like through the services, for "still reads the same" checks. */
function readThroughServices(n: Newsroom, s: { a: string; b: string; imageId: string }) {
  const jo = n.ctxs.jo;
  const detail = getInterview({ ctx: jo, interviewId: s.a });
  return {
    notesA: detail.interview.notes,
    comments: detail.comments.map((c) => c.body),
    notesB: getInterview({ ctx: jo, interviewId: s.b }).interview.notes,
    vault: viewVault({ ctx: jo, interviewId: s.a }).map((e) => e.value),
    image: sha256(readImage({ ctx: jo, imageId: s.imageId }).bytes),
  };
}

/* ------------------------------------------------------------------------------------------------------------ */

describe("the registry of sealed data (lib/crypto/sealed-columns.ts)", () => {
  it("lists every *_sealed column of the migrated schema, and every table whose rows name an upload file", () => {
    const tables = (
      sqlite()
        .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'")
        .all() as { name: string }[]
    ).map((t) => t.name);
    const columnsOf = (table: string) => (sqlite().prepare(`pragma table_info("${table}")`).all() as { name: string }[]).map((c) => c.name);
    const inSchema = tables
      .flatMap((t) =>
        columnsOf(t)
          .filter((c) => c.endsWith("_sealed"))
          .map((c) => `${t}.${c}`),
      )
      .sort();
    const listed = SEALED_COLUMNS.map((c) => `${c.table}.${c.column}`).sort();
    expect(inSchema.length).toBeGreaterThanOrEqual(20);
    expect(listed).toEqual(inSchema);
    expect(new Set(listed).size).toBe(listed.length); // no column listed twice

    // Each entry's query runs against the schema and returns what migration and erasure need.
    for (const c of SEALED_COLUMNS) {
      const names = sqlite()
        .prepare(c.select)
        .columns()
        .map((col) => col.name);
      expect(names, `${c.table}.${c.column}`).toEqual(expect.arrayContaining(["pk", "value", "interview_id"]));
    }

    // Upload files: the tables the backup treats as naming files, and any table shaped like an upload.
    const fileTables = SEALED_FILES.map((f) => f.table).sort();
    expect(fileTables).toEqual([...UPLOAD_TABLES].sort());
    const uploadShaped = tables.filter((t) => ["mime", "sha256", "size"].every((c) => columnsOf(t).includes(c))).sort();
    expect(uploadShaped.length).toBeGreaterThan(0);
    expect(fileTables).toEqual(uploadShaped);
    for (const f of SEALED_FILES) {
      const names = sqlite()
        .prepare(f.select)
        .columns()
        .map((col) => col.name);
      expect(names, f.table).toEqual(["id", "interview_id"]);
    }
  });
});

describe("values written through the services", () => {
  it("are v2 under their interview's own key (the instance key for what belongs to no interview); files name their key", async () => {
    const s = await seedEverything();
    const values = sealedValues();

    // Every registered column holds at least one value here (so the migration test below covers every column),
    // and each registry query sees every row of its table (a join that dropped rows would hide them from erasure).
    for (const c of SEALED_COLUMNS) {
      const filled = values.filter((v) => v.table === c.table && v.column === c.column);
      expect(filled.length, `${c.table}.${c.column} has no value`).toBeGreaterThan(0);
      const all = (sqlite().prepare(`select count(*) as n from (${c.select})`).get() as { n: number }).n;
      const table = (sqlite().prepare(`select count(*) as n from ${c.table}`).get() as { n: number }).n;
      expect(all, `${c.table}.${c.column}: rows lost by the registry query`).toBe(table);
    }

    const keyA = keyOf(s.a)!;
    const keyB = keyOf(s.b)!;
    const instance = instanceKeyRow()!;
    expect(new Set([keyA.id, keyB.id, instance.id]).size).toBe(3);
    for (const v of values) {
      expect(v.value, v.key).toMatch(/^v2:[0-9a-f-]{36}:[A-Za-z0-9+/]+=*$/);
      expect(sealedKeyId(v.value), v.key).toBe(v.interviewId === s.a ? keyA.id : v.interviewId === s.b ? keyB.id : instance.id);
      const opened = open(v.value, v.context);
      expect(opened, v.key).not.toBe(ERASED_TEXT);
    }
    // Instance things really are under the instance key.
    expect(
      values
        .filter((v) => v.interviewId === null)
        .map((v) => v.table)
        .sort(),
    ).toEqual(["consent_exports", "user_mfa"]);
    expect(
      values
        .filter((v) => v.interviewId === s.b)
        .map((v) => v.table)
        .sort(),
    ).toEqual(["interview_images", "interviews", "vault_identifiers"]);

    // Files: "SKE2", their interview's key id, and they open to the bytes the row's hash names.
    const files = sealedFiles();
    expect(files.map((f) => f.id).sort()).toEqual([s.uploadId, s.imageA, s.imageB].sort());
    for (const f of files) {
      const raw = readUpload(f.id);
      expect(raw.subarray(0, 4).toString("latin1")).toBe("SKE2");
      expect(sealedFileKeyId(raw)).toBe(f.interviewId === s.a ? keyA.id : keyB.id);
      expect(sha256(openBytes(raw, f.context))).toBe(fileSha(f.table, f.id));
    }

    // Every data key is stored wrapped by the current master key, and only wrapped.
    const master = masterOnDisk();
    for (const row of keyRows()) {
      expect(row.kek_id).toBe(masterKeyId(master));
      const raw = unwrapKey(master, row.wrapped_key!, row);
      expect(raw).toHaveLength(32);
      expect(row.wrapped_key).not.toContain(raw.toString("base64"));
    }
  });

  it("a value or file copied from interview A's row to interview B's row does not open", async () => {
    const s = await seedEverything();
    const jo = s.n.ctxs.jo;
    const notesA = (sqlite().prepare("select notes_sealed from interviews where id = ?").get(s.a) as { notes_sealed: string }).notes_sealed;
    expect(() => open(notesA, notesContext(s.b))).toThrow();

    sqlite().prepare("update interviews set notes_sealed = ? where id = ?").run(notesA, s.b);
    expect(() => getInterview({ ctx: jo, interviewId: s.b })).toThrow();

    const vaultA = sqlite().prepare("select value_sealed from vault_identifiers where interview_id = ?").get(s.a) as {
      value_sealed: string;
    };
    sqlite().prepare("update vault_identifiers set value_sealed = ? where interview_id = ?").run(vaultA.value_sealed, s.b);
    expect(() => viewVault({ ctx: jo, interviewId: s.b })).toThrow();

    const before = auditCount();
    fs.copyFileSync(uploadPath(s.imageA), uploadPath(s.imageB));
    expect(() => readImage({ ctx: jo, imageId: s.imageB })).toThrow();
    expect(auditCount()).toBe(before); // the failed download left no "downloaded" entry
    // A's own values still open.
    expect(getInterview({ ctx: jo, interviewId: s.a }).interview.notes).toBe(NOTES_A);
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("migrating values sealed before data keys (keys migrate)", () => {
  /**
   * Builds an instance as it was before data keys. The data_keys rows the services made cannot be deleted (a
   * trigger forbids it), so: every value is read back and sealed again the old way (`v1:`, the master key itself,
   * with the registry's context) in a test-only transaction with the append-only triggers dropped and recreated
   * around it (even the upgrade flag allows only v1 → v2, never back), every upload file
   * is rewritten without a header, and one interview is inserted directly with SQL, with legacy notes and no key,
   * as one made before keys existed. Returns the plaintext of every value and file.
   */
  function makeLegacy(s: { b: string }) {
    const plain = new Map<string, string>();
    const legacyId = "0f0e0d0c-0b0a-4909-8807-060504030201";
    const columns =
      "source_type, minor, in_custody, recent_trauma, custody_holder, outlet, desk_id, planned_date, setting, source_language, interview_language, interpreter, status, owner_id, guidance_version, created_at, updated_at";
    sealedUpgrade.active = true;
    try {
      sqlite().transaction(() => {
        const guards = sqlite()
          .prepare("select name, sql from sqlite_master where type = 'trigger' and sql like '%sk_sealed_upgrade%'")
          .all() as {
          name: string;
          sql: string;
        }[];
        for (const g of guards) sqlite().exec(`drop trigger "${g.name}"`);
        for (const v of sealedValues()) {
          const text = open(v.value, v.context);
          plain.set(v.key, text);
          sqlite().prepare(`update ${v.table} set ${v.column} = ? where rowid = ?`).run(sealLegacy(text, v.context), v.pk);
        }
        for (const g of guards) sqlite().exec(g.sql);
        sqlite()
          .prepare(
            `insert into interviews (id, code_name, notes_sealed, ${columns}) select ?, 'Elm', ?, ${columns} from interviews where id = ?`,
          )
          .run(legacyId, sealLegacy("Notes typed in 2029, before keys.", notesContext(legacyId)), s.b);
      })();
    } finally {
      sealedUpgrade.active = false;
    }
    const files = new Map<string, Buffer>();
    for (const f of sealedFiles()) {
      const bytes = openBytes(readUpload(f.id), f.context);
      files.set(f.id, bytes);
      fs.writeFileSync(uploadPath(f.id), sealLegacyBytes(bytes, f.context));
    }
    return { plain, files, legacyId };
  }

  it("re-seals every v1 value and legacy file under its interview's key, audited once; a second run changes nothing", async () => {
    const s = await seedEverything();
    const { n } = s;
    const { plain, files, legacyId } = makeLegacy(s);
    const legacy = sealedValues();
    expect(legacy.every((v) => v.value.startsWith("v1:"))).toBe(true);
    expect(legacy).toHaveLength(plain.size + 1);
    for (const f of sealedFiles()) expect(sealedFileKeyId(readUpload(f.id))).toBeNull();
    expect(keyOf(legacyId)).toBeUndefined();
    // Legacy values still open before the migration.
    expect(getInterview({ ctx: n.ctxs.jo, interviewId: s.a }).interview.notes).toBe(NOTES_A);

    const expected = { values: legacy.length, files: files.size, keysCreated: 1 };
    expect(pendingMigration()).toEqual(expected);
    const before = auditCount();
    const report = migrateToDataKeys(makeCtx(null, { now: n.clock.now }));
    expect(report).toEqual(expected);
    expect(sealedUpgrade.active).toBe(false);
    const entriesAfter = auditSince(before);
    expect(entriesAfter.map((e) => [e.action, e.data])).toEqual([["keys.values_migrated", expected]]);
    expect(verifyStoredChain()).toMatchObject({ intact: true });

    // Every value is v2 under the right key and opens to what it was.
    const legacyKey = keyOf(legacyId)!;
    expect(legacyKey).toMatchObject({ scope: "interview", kek_id: masterKeyId(masterOnDisk()), destroyed_at: null });
    const migrated = sealedValues();
    expect(migrated.map((v) => v.key).sort()).toEqual(legacy.map((v) => v.key).sort());
    for (const v of migrated) {
      expect(v.value.startsWith("v2:"), v.key).toBe(true);
      expect(sealedKeyId(v.value), v.key).toBe(expectedKeyId(v.interviewId));
      expect(open(v.value, v.context), v.key).toBe(plain.get(v.key) ?? "Notes typed in 2029, before keys.");
    }
    for (const f of sealedFiles()) {
      const raw = readUpload(f.id);
      expect(raw.subarray(0, 4).toString("latin1")).toBe("SKE2");
      expect(sealedFileKeyId(raw)).toBe(keyOf(f.interviewId)!.id);
      expect(openBytes(raw, f.context).equals(files.get(f.id)!)).toBe(true);
    }
    // And through the services.
    const jo = n.ctxs.jo;
    expect(getInterview({ ctx: jo, interviewId: s.a }).interview.notes).toBe(NOTES_A);
    expect(getInterview({ ctx: jo, interviewId: legacyId }).interview.notes).toBe("Notes typed in 2029, before keys.");
    expect(viewVault({ ctx: jo, interviewId: s.a }).map((e) => e.value)).toContain(REAL_NAME);
    expect(sha256(readImage({ ctx: jo, imageId: s.imageB }).bytes)).toBe(fileSha("interview_images", s.imageB));
    expect(sha256(readConsentUpload({ ctx: jo, uploadId: s.uploadId }).bytes)).toBe(fileSha("consent_uploads", s.uploadId));

    // A second run finds nothing, writes nothing, rewrites no value or file.
    const values = JSON.stringify(sealedValues());
    const fileBytes = sealedFiles().map((f) => readUpload(f.id).toString("base64"));
    const count = auditCount();
    expect(pendingMigration()).toEqual({ values: 0, files: 0, keysCreated: 0 });
    expect(migrateToDataKeys(makeCtx(null, { now: n.clock.now }))).toEqual({ values: 0, files: 0, keysCreated: 0 });
    expect(auditCount()).toBe(count);
    expect(JSON.stringify(sealedValues())).toBe(values);
    expect(sealedFiles().map((f) => readUpload(f.id).toString("base64"))).toEqual(fileBytes);
  });

  it("the append-only triggers still refuse an ordinary change of a sealed value, v2 → v1 and v2 → v2 included", async () => {
    const s = await seedEverything();
    makeLegacy(s);
    migrateToDataKeys(makeCtx(null, { now: s.n.clock.now }));
    expect(sealedUpgrade.active).toBe(false);

    const version = sealedValues().find((v) => v.table === "review_versions")!;
    expect(() => sqlite().prepare("update review_versions set text_sealed = text_sealed where rowid = ?").run(version.pk)).toThrow(
      /immutable/,
    );
    expect(() => sqlite().prepare("update review_versions set chars = chars + 1 where rowid = ?").run(version.pk)).toThrow(/immutable/);

    // Every append-only (or frozen) sealed column: neither back to v1 nor to a fresh v2 under the same key.
    const appendOnly = [
      "review_versions.text_sealed",
      "finding_decisions.replacement_sealed",
      "finding_decisions.justification_sealed",
      "interview_images.caption_sealed",
      "consent_events.details_sealed",
      "consent_records.private_sealed",
      "publication_signoffs.statement_sealed",
      "publication_records.reference_sealed",
      "image_reviews.justification_sealed",
      "prior_exposure_justifications.justification_sealed",
      "gate_overrides.reason_sealed",
      "takedown_tasks.note_sealed",
      "consent_exports.reason_sealed",
    ];
    for (const name of appendOnly) {
      const v = sealedValues().find((x) => `${x.table}.${x.column}` === name);
      expect(v, name).toBeDefined();
      const text = open(v!.value, v!.context);
      const key = v!.interviewId ? interviewDataKey(v!.interviewId) : instanceDataKey();
      const update = sqlite().prepare(`update ${v!.table} set ${v!.column} = ? where rowid = ?`);
      expect(() => update.run(sealLegacy(text, v!.context), v!.pk), `${name}: v2 → v1`).toThrow();
      expect(() => update.run(seal(text, v!.context, key), v!.pk), `${name}: v2 → v2`).toThrow();
      expect(sealedValues().find((x) => x.key === v!.key)!.value, name).toBe(v!.value);
    }

    // A data key never moves to another interview and is never deleted.
    const keyA = keyOf(s.a)!;
    expect(() => sqlite().prepare("update data_keys set interview_id = ? where id = ?").run(s.b, keyA.id)).toThrow();
    expect(() => sqlite().prepare("delete from data_keys where id = ?").run(keyA.id)).toThrow(/never deleted/);
  });

  it("even with the upgrade flag on, an append-only row may change only a sealed column, and only from v1 to v2", async () => {
    const s = await seedEverything();
    migrateToDataKeys(makeCtx(null, { now: s.n.clock.now }));
    const version = sealedValues().find((v) => v.table === "review_versions")!;
    const text = open(version.value, version.context);
    const legacy = sealLegacy(text, version.context);
    const fresh = seal(text, version.context, interviewDataKey(version.interviewId!));
    const update = (sql: string, ...args: unknown[]) =>
      sqlite()
        .prepare(sql)
        .run(...args);
    sealedUpgrade.active = true;
    try {
      // v2 → v1, v2 → v2, and another column changed next to the sealed one: all refused.
      expect(() => update("update review_versions set text_sealed = ? where rowid = ?", legacy, version.pk)).toThrow(/immutable/);
      expect(() => update("update review_versions set text_sealed = ? where rowid = ?", fresh, version.pk)).toThrow(/immutable/);
      expect(() => update("update review_versions set chars = chars + 1 where rowid = ?", version.pk)).toThrow(/immutable/);
    } finally {
      sealedUpgrade.active = false;
    }
    // With the flag off, even the one allowed change (v1 → v2) is refused; the row never moved.
    expect(sealedValues().find((x) => x.key === version.key)!.value).toBe(version.value);
    const decision = sealedValues().find((v) => v.table === "finding_decisions")!;
    sealedUpgrade.active = true;
    try {
      expect(() =>
        update(
          `update finding_decisions set ${decision.column} = ?, decision = 'redact' where rowid = ?`,
          seal(open(decision.value, decision.context), decision.context, interviewDataKey(decision.interviewId!)),
          decision.pk,
        ),
      ).toThrow(/append-only/);
    } finally {
      sealedUpgrade.active = false;
    }
  });

  it("a value that cannot be opened stops the migration with nothing changed, and the upgrade flag is off again", async () => {
    const { n, a, imageId } = await seedSmall();
    const row = sqlite().prepare("select rowid as pk, id from interview_comments where interview_id = ?").get(a) as {
      pk: number;
      id: string;
    };
    sealedUpgrade.active = true;
    try {
      sqlite()
        .prepare("update interviews set notes_sealed = ? where id = ?")
        .run(sealLegacy(NOTES_A, notesContext(a)), a);
      // Sealed under the wrong context: it cannot be opened where it is.
      sqlite()
        .prepare("update interview_comments set body_sealed = ? where rowid = ?")
        .run(sealLegacy("Ask him again.", "somewhere else"), row.pk);
    } finally {
      sealedUpgrade.active = false;
    }
    const bytes = openBytes(readUpload(imageId), imageContext(imageId));
    fs.writeFileSync(uploadPath(imageId), sealLegacyBytes(bytes, imageContext(imageId)));
    const legacyFile = readUpload(imageId);
    const values = JSON.stringify(sealedValues());
    const before = auditCount();

    expect(() => migrateToDataKeys(makeCtx(null, { now: n.clock.now }))).toThrow();
    expect(sealedUpgrade.active).toBe(false);
    expect(JSON.stringify(sealedValues())).toBe(values);
    expect(readUpload(imageId).equals(legacyFile)).toBe(true);
    expect(auditCount()).toBe(before);
    expect(pendingMigration()).toEqual({ values: 2, files: 1, keysCreated: 0 });
    // With the flag off again, an ordinary update of an append-only row is refused as before.
    const image = sqlite().prepare("select rowid as pk from interview_images where id = ?").get(imageId) as { pk: number };
    expect(() => sqlite().prepare("update interview_images set caption_sealed = caption_sealed where rowid = ?").run(image.pk)).toThrow(
      /immutable/,
    );
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("rotating the master key", () => {
  it("rewraps every live data key with a new master key, audited once; every value still opens and none is rewritten", async () => {
    const s = await seedSmall();
    const { n } = s;
    // An erased interview (its key destroyed) and a legacy value (moved under its key first).
    const c = seedInterview(n.ctxs.jo, interviewInput(n.kyiv, { codeName: "Elm", notes: "Gone soon." }));
    await eraseSourceData({
      ctx: n.ctxs.ed,
      input: { interviewId: c, reason: "source_request", confirmCodeName: "Elm", understood: true, password: n.ed.password },
    });
    const enrolment = await startMfaEnrolment({ ctx: n.ctxs.ed, accountLabel: "ed" });
    enrolMfa({
      ctx: n.ctxs.ed,
      input: { pending: enrolment.pending, code: totpCode(enrolment.secretGroups.replace(/\s+/g, ""), n.clock.now()) },
    });
    sqlite()
      .prepare("update interviews set notes_sealed = ? where id = ?")
      .run(sealLegacy(NOTES_B, notesContext(s.b)), s.b);

    const oldSecrets = readSecrets();
    const oldMaster = decodeMasterKey(oldSecrets.dataKey);
    const rowsBefore = keyRows();
    const live = rowsBefore.filter((r) => r.wrapped_key !== null);
    expect(live.map((r) => r.scope).sort()).toEqual(["instance", "interview", "interview"]); // A, B and the instance key
    expect(rowsBefore.filter((r) => r.destroyed_at !== null)).toHaveLength(1);
    const seen = readThroughServices(n, s);
    const valuesBefore = sealedValues();
    const start = auditCount();
    n.clock.advance(60_000);

    const result = rotateMasterKey(makeCtx(null, { now: n.clock.now }));
    const newSecrets = readSecrets();
    const newMaster = decodeMasterKey(newSecrets.dataKey);
    expect(newSecrets.dataKey).not.toBe(oldSecrets.dataKey);
    expect(newSecrets.authSecret).toBe(oldSecrets.authSecret);
    expect(newSecrets.auditSigningKey).toBe(oldSecrets.auditSigningKey);
    expect(fs.statSync(secretsPath()).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(pendingPath())).toBe(false);
    expect(result).toEqual({
      fromMasterKeyId: masterKeyId(oldMaster),
      toMasterKeyId: masterKeyId(newMaster),
      keysRewrapped: live.length,
      migrated: 1,
      walTruncated: true,
    });

    // Every live key: new wrapping, new kek id, the same data key inside; the old master key unwraps none of them.
    const rowsAfter = keyRows();
    for (const before of rowsBefore) {
      const after = rowsAfter.find((r) => r.id === before.id)!;
      if (before.wrapped_key === null) {
        expect(after).toEqual(before); // a destroyed key stays destroyed, untouched
        continue;
      }
      expect(after.kek_id).toBe(masterKeyId(newMaster));
      expect(after.wrapped_key).not.toBe(before.wrapped_key);
      expect(after.rewrapped_at).toBe(n.clock.now());
      expect(unwrapKey(newMaster, after.wrapped_key!, after).equals(unwrapKey(oldMaster, before.wrapped_key!, before))).toBe(true);
      expect(() => unwrapKey(oldMaster, after.wrapped_key!, after)).toThrow();
    }

    // No sealed value was rewritten, except the legacy one, which was moved under B's key first.
    const valuesAfter = sealedValues();
    for (const v of valuesBefore) {
      const after = valuesAfter.find((x) => x.key === v.key)!;
      if (v.value.startsWith("v1:")) expect(sealedKeyId(after.value)).toBe(keyOf(s.b)!.id);
      else expect(after.value, v.key).toBe(v.value);
    }
    forgetUnwrappedKeys();
    expect(readThroughServices(n, s)).toEqual(seen);
    expect(getInterview({ ctx: n.ctxs.jo, interviewId: c }).interview.notes).toBe(ERASED_TEXT);

    // (Reading through the services above audited the vault view and the image download.)
    expect(
      auditSince(start)
        .filter((e) => e.action.startsWith("keys."))
        .map((e) => [e.action, e.data]),
    ).toEqual([
      ["keys.values_migrated", { values: 1, files: 0, keysCreated: 0 }],
      [
        "keys.master_rotated",
        { fromMasterKeyId: masterKeyId(oldMaster), toMasterKeyId: masterKeyId(newMaster), keysRewrapped: live.length },
      ],
    ]);
    expect(verifyStoredChain()).toMatchObject({ intact: true });
    expect(keyStatus()).toMatchObject({
      masterKeyId: masterKeyId(newMaster),
      storedMasterKeyId: masterKeyId(newMaster),
      fromEnvironment: false,
      interviewKeys: 2,
      destroyedKeys: 1,
      instanceKey: true,
      pending: { values: 0, files: 0, keysCreated: 0 },
    });
  });

  it("leaves no data key wrapped by the old master key in the database files (database, -wal, -shm)", async () => {
    const { n } = await seedSmall();
    const wrappedBefore = keyRows()
      .map((r) => r.wrapped_key)
      .filter((w): w is string => w !== null);
    expect(wrappedBefore.length).toBeGreaterThanOrEqual(2);
    const where = (w: string) =>
      databaseBytes()
        .filter((f) => f.bytes.includes(Buffer.from(w, "latin1")))
        .map((f) => f.name);
    // Before the rotation they are on disk, of course (so the search below can find them).
    for (const w of wrappedBefore) expect(where(w).length).toBeGreaterThan(0);

    const oldMaster = masterOnDisk();
    rotateMasterKey(makeCtx(null, { now: n.clock.now }));
    // Whoever held the old master key (the reason to rotate it at once, SECURITY.md) must find nothing in DATA_DIR
    // that it unwraps: a stale copy of the data_keys page in the WAL or the database file still opens with it.
    for (const w of wrappedBefore) {
      const row = keyRows().find((r) => r.wrapped_key !== null && unwrapsWith(oldMaster, w, r))!;
      expect(row, "each old wrapping belongs to a live key").toBeDefined();
      expect(where(w), `data key ${row.id}, wrapped by the old master key, is still on disk`).toEqual([]);
    }
  });

  it("keeps working in a process that cached the old key while another process (keys rotate) replaced it", async () => {
    const s = await seedSmall();
    const { n } = s;
    const seen = readThroughServices(n, s); // this process now holds the old master key and the unwrapped data keys
    const oldMaster = masterOnDisk();
    const live = keyRows().filter((r) => r.wrapped_key !== null).length;
    expect(live).toBe(2);
    const start = auditCount();

    const run = await runCli(["keys", "rotate"], { dataDir: data.dir });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const newMaster = masterOnDisk();
    expect(masterKeyId(newMaster)).not.toBe(masterKeyId(oldMaster));
    expect(run.stdout).toContain(
      `Master key replaced: ${masterKeyId(oldMaster)} → ${masterKeyId(newMaster)}; ${live} data key(s) rewrapped`,
    );
    expect(run.stdout).not.toContain(readSecrets().dataKey);
    expect(keyRows().every((r) => r.kek_id === masterKeyId(newMaster))).toBe(true);

    // Reads in this process: the stored wrapping changed, so the keys are unwrapped again, with the new master key.
    expect(readThroughServices(n, s)).toEqual(seen);
    // Writes in this process: new values under the existing key, and a new interview's key wrapped by the new master.
    addComment({ ctx: n.ctxs.ed, input: { interviewId: s.a, body: "Written after the rotation." } });
    expect(getInterview({ ctx: n.ctxs.jo, interviewId: s.a }).comments.map((c) => c.body)).toContain("Written after the rotation.");
    const c = seedInterview(n.ctxs.jo, interviewInput(n.kyiv, { codeName: "Elm", notes: "A new interview." }));
    const keyC = keyOf(c)!;
    expect(keyC.kek_id).toBe(masterKeyId(newMaster));
    expect(unwrapKey(newMaster, keyC.wrapped_key!, keyC)).toHaveLength(32);
    expect(() => unwrapKey(oldMaster, keyC.wrapped_key!, keyC)).toThrow();
    forgetUnwrappedKeys();
    expect(getInterview({ ctx: n.ctxs.jo, interviewId: c }).interview.notes).toBe("A new interview.");

    expect(auditSince(start).map((e) => e.action)).toEqual(
      expect.arrayContaining(["keys.master_rotated", "interview.comment_added", "interview.created"]),
    );
    expect(auditSince(start).filter((e) => e.action === "keys.master_rotated")).toHaveLength(1);
    expect(verifyStoredChain()).toMatchObject({ intact: true });
  });

  it("is refused when the master key comes from SOURCEKEEPER_DATA_KEY, in process and from the command line, changing nothing", async () => {
    const s = await seedSmall();
    const secrets = fs.readFileSync(secretsPath(), "utf8");
    process.env.SOURCEKEEPER_DATA_KEY = readSecrets().dataKey;
    forgetCachedSecrets();
    const rows = keyRows();
    const count = auditCount();

    expect(() => rotateMasterKey(makeCtx(null, { now: s.n.clock.now }))).toThrow(/SOURCEKEEPER_DATA_KEY/);
    const run = await runCli(["keys", "rotate"], { dataDir: data.dir });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/SOURCEKEEPER_DATA_KEY/);
    const status = await runCli(["keys", "status"], { dataDir: data.dir });
    expect(status.stdout).toContain("(from SOURCEKEEPER_DATA_KEY)");

    expect(keyRows()).toEqual(rows);
    expect(fs.readFileSync(secretsPath(), "utf8")).toBe(secrets);
    expect(fs.existsSync(pendingPath())).toBe(false);
    expect(auditCount()).toBe(count);
  });

  it("a rotation stopped between its commit and the rename is finished by finishPendingMasterRotation()", async () => {
    const s = await seedSmall();
    const { n } = s;
    const seen = readThroughServices(n, s);
    const oldText = fs.readFileSync(secretsPath(), "utf8");
    rotateMasterKey(makeCtx(null, { now: n.clock.now }));
    const newText = fs.readFileSync(secretsPath(), "utf8");
    const newId = masterKeyId(masterOnDisk());

    // The crash: the database names the new key, which still waits in secrets.json.next; secrets.json is the old one.
    fs.writeFileSync(pendingPath(), newText, { mode: 0o600 });
    fs.writeFileSync(secretsPath(), oldText, { mode: 0o600 });
    forgetCachedSecrets();
    forgetUnwrappedKeys();
    expect(keyStatus()).toMatchObject({ storedMasterKeyId: newId });
    expect(keyStatus().masterKeyId).not.toBe(newId);
    // In that moment values still open (the pending file is tried).
    expect(readThroughServices(n, s)).toEqual(seen);

    expect(finishPendingMasterRotation()).toBe(true);
    expect(fs.readFileSync(secretsPath(), "utf8")).toBe(newText);
    expect(fs.existsSync(pendingPath())).toBe(false);
    expect(finishPendingMasterRotation()).toBe(false);
    forgetCachedSecrets();
    forgetUnwrappedKeys();
    expect(keyStatus()).toMatchObject({ masterKeyId: newId, storedMasterKeyId: newId });
    expect(readThroughServices(n, s)).toEqual(seen);
    expect(verifyStoredChain()).toMatchObject({ intact: true });

    // A pending file from a rotation that never committed is not promoted, and blocks the next rotation.
    const stray = { ...readSecrets(), dataKey: randomBytes(32).toString("base64") };
    fs.writeFileSync(pendingPath(), JSON.stringify(stray), { mode: 0o600 });
    const rows = keyRows();
    const count = auditCount();
    expect(finishPendingMasterRotation()).toBe(false);
    expect(fs.readFileSync(secretsPath(), "utf8")).toBe(newText);
    expect(() => rotateMasterKey(makeCtx(null, { now: n.clock.now }))).toThrow(/did not finish/);
    expect(keyRows()).toEqual(rows);
    expect(auditCount()).toBe(count);
    expect(masterKeyId(currentMasterKey())).toBe(newId);
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("npm run cli -- keys", () => {
  it("status prints fingerprints and counts; migrate has nothing to do on a fresh instance; misuse exits 2", async () => {
    const fresh = await runCli(["keys", "migrate"], { dataDir: data.dir });
    expect([fresh.code, fresh.stderr]).toEqual([0, ""]);
    expect(fresh.stdout).toBe("Nothing to migrate: every value and file is sealed with a data key.\n");
    expect(auditCount()).toBe(0);
    const freshStatus = await runCli(["keys", "status"], { dataDir: data.dir });
    expect(freshStatus.code).toBe(0);
    const freshId = masterKeyId(masterOnDisk());
    expect(freshStatus.stdout).toContain(`Master key ${freshId} (secrets.json); data keys wrapped with (none yet).`);
    expect(freshStatus.stdout).toContain("0 interview key(s), 0 destroyed by erasure, instance key not created yet.");

    const s = await seedSmall();
    const c = seedInterview(s.n.ctxs.jo, interviewInput(s.n.kyiv, { codeName: "Elm", notes: "Gone soon." }));
    await eraseSourceData({
      ctx: s.n.ctxs.ed,
      input: { interviewId: c, reason: "safety", confirmCodeName: "Elm", understood: true, password: s.n.ed.password },
    });
    instanceDataKey();
    const commentRow = sqlite().prepare("select rowid as pk from interview_comments where interview_id = ?").get(s.a) as { pk: number };
    const comment = sealedValues().find((v) => v.table === "interview_comments" && v.pk === commentRow.pk)!;
    sqlite()
      .prepare("update interview_comments set body_sealed = ? where rowid = ?")
      .run(sealLegacy(open(comment.value, comment.context), comment.context), comment.pk);

    const status = await runCli(["keys", "status"], { dataDir: data.dir });
    expect([status.code, status.stderr]).toEqual([0, ""]);
    const id = masterKeyId(masterOnDisk());
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(status.stdout).toBe(
      `Master key ${id} (secrets.json); data keys wrapped with ${id}.\n` +
        "  2 interview key(s), 1 destroyed by erasure, instance key present.\n" +
        "  Not yet under data keys: 1 value(s), 0 file(s), 0 interview(s) without a key.\n",
    );
    expect(status.stdout).not.toContain(readSecrets().dataKey);

    const count = auditCount();
    const migrate = await runCli(["keys", "migrate"], { dataDir: data.dir });
    expect([migrate.code, migrate.stderr]).toEqual([0, ""]);
    expect(migrate.stdout).toBe(
      "Sealed 1 value(s) and 0 file(s) again under data keys; created 0 interview key(s). Recorded in the audit log.\n",
    );
    expect(auditSince(count).map((e) => [e.action, e.data])).toEqual([["keys.values_migrated", { values: 1, files: 0, keysCreated: 0 }]]);
    const after = sealedValues().find((v) => v.key === comment.key)!;
    expect(sealedKeyId(after.value)).toBe(keyOf(s.a)!.id);
    expect(open(after.value, after.context)).toBe("Ask him about the second camp.");

    for (const args of [["keys"], ["keys", "bogus"], ["keys", "status", "extra"], ["keys", "rotate", "--now"]]) {
      const misuse = await runCli(args, { dataDir: data.dir });
      expect(misuse.code, args.join(" ")).toBe(2);
      expect(misuse.stderr, args.join(" ")).toContain("npm run cli -- keys status");
      expect(misuse.stdout).toBe("");
    }
    expect(masterKeyId(masterOnDisk())).toBe(id); // nothing was rotated by the misuse
    expect(auditCount()).toBe(count + 1);
  });
});
