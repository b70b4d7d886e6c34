import fs from "node:fs";
import { generateKeyPairSync, sign } from "node:crypto";
import { strFromU8 } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { entryBodyHash, linkHash, type AuditRow } from "@/lib/audit/canonical";
import { signCheckpoint, type Checkpoint } from "@/lib/audit/checkpoint-format";
import { instanceKey, latestCheckpoint, listCheckpoints, listKeys } from "@/lib/audit/checkpoints";
import { exportAuditLog } from "@/lib/audit/export-audit";
import {
  ENTRIES_FILE,
  isStub,
  MANIFEST_FILE,
  PUBLIC_KEY_FILE,
  SIGNATURE_FILE,
  sha256,
  type ExportManifest,
} from "@/lib/audit/export-format";
import { verifyAuditExport } from "@/lib/audit/export-verify";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { rotateSigningKey } from "@/lib/audit/rotate-key";
import { auditCommand } from "@/lib/cli/audit";
import { approveOverride } from "@/lib/consent/approve-override";
import { reconfirmConsent } from "@/lib/consent/reconfirm-consent";
import { recordConsent } from "@/lib/consent/record-consent";
import { revokeConsent } from "@/lib/consent/revoke-consent";
import { viewConsentRecord } from "@/lib/consent/view-consent-record";
import { withdrawConsent } from "@/lib/consent/withdraw-consent";
import { setItemState } from "@/lib/checklist/set-item-state";
import type { Ctx } from "@/lib/context";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { addComment } from "@/lib/interviews/add-comment";
import { updateInterview } from "@/lib/interviews/update-interview";
import { scanText } from "@/lib/redaction";
import { approveKeptFinding, decideFinding } from "@/lib/review/decide";
import { addPastedDocument } from "@/lib/review/documents";
import { attachImage } from "@/lib/review/images";
import { produceRedactedVersion } from "@/lib/review/redact";
import { saveVault, viewVault } from "@/lib/review/vault";
import { createDesk } from "@/lib/desks/create-desk";
import {
  addEntries,
  appendRawEntries,
  dropCheckpointTriggers,
  fakeIO,
  headSeq,
  readSecretsText,
  rewriteChainFrom,
  setCheckpointInterval,
} from "../support/audit-fixtures";
import {
  checkpointFromCliOutput,
  collector,
  editLines,
  exportToFile,
  newKeyPair,
  openExport,
  rebuildExport,
  type OpenedExport,
  writeText,
} from "../support/audit-export-fixtures";
import {
  canary,
  consentInput,
  HOUR,
  JUSTIFICATION_40,
  plainJpeg,
  reconfirmInput,
  recordCanaries,
  revokeInput,
  withdrawInput,
} from "../support/consent-fixtures";
import { BASIC_VAULT, currentFindings, DRAFT, entries } from "../support/review-fixtures";
import { defectorInput, interviewInput, makeCtx, seedInterview, seedNewsroom, seedUser } from "../support/seed";
import { auditRows, dropAuditTriggers, registerTestDb, sqlite } from "../support/test-db";

// Each describe registers its database: a fresh one per test where exports are written (each writes an audit entry
// and a checkpoint) or the log is tampered with; one per describe where a single export is altered in many ways.

/**
 * Two desks, as in the audit review tests: Kyiv (desk A: Jo, Jay, Eda and Eli the editors, Kim the admin) with
 * the interview "Birch", and Seoul (desk B: Ada the set-up admin, Sun the editor, Seo the journalist) with
 * "Magpie". Both sources gave consent, were viewed, got a vault, a draft and a comment, then withdrew. A
 * checkpoint every 10 entries.
 */
async function seedScenario() {
  const n = await seedNewsroom();
  setCheckpointInterval(n.admin.ctx, 10);
  const seo = await seedUser(n.admin.ctx, "journalist", { deskIds: [n.seoul], name: "Seo Journalist" });
  const sj = n.ctx(seo);
  const { jo, ed, seoulEd } = n.ctxs;
  const birch = seedInterview(jo, interviewInput(n.kyiv));
  const magpie = seedInterview(sj, defectorInput(n.seoul));
  n.clock.advance(HOUR);
  const birchRecord = recordConsent({ ctx: jo, input: consentInput(birch, n.clock.now()) }).recordId;
  const magpieRecord = recordConsent({ ctx: sj, input: consentInput(magpie, n.clock.now()) }).recordId;
  viewConsentRecord({ ctx: ed, interviewId: birch, recordId: birchRecord });
  viewConsentRecord({ ctx: seoulEd, interviewId: magpie, recordId: magpieRecord });
  saveVault({ ctx: jo, input: { interviewId: birch, entries: entries(BASIC_VAULT) } });
  saveVault({ ctx: sj, input: { interviewId: magpie, entries: entries(BASIC_VAULT) } });
  const birchDoc = addPastedDocument({ ctx: jo, input: { interviewId: birch, title: "Draft", kind: "draft", text: DRAFT } }).documentId;
  const magpieDoc = addPastedDocument({ ctx: sj, input: { interviewId: magpie, title: "Draft", kind: "draft", text: DRAFT } }).documentId;
  addComment({ ctx: jo, input: { interviewId: birch, body: "A note on the draft." } });
  addComment({ ctx: sj, input: { interviewId: magpie, body: "A note on the draft." } });
  n.clock.advance(HOUR);
  withdrawConsent({ ctx: jo, input: withdrawInput(birch, birchRecord, n.clock.now()) });
  withdrawConsent({ ctx: sj, input: withdrawInput(magpie, magpieRecord, n.clock.now()) });
  n.clock.advance(HOUR);
  return { n, seo, sj, birch, magpie, birchRecord, magpieRecord, birchDoc, magpieDoc };
}
type Scenario = Awaited<ReturnType<typeof seedScenario>>;

const verify = verifyAuditExport;
const pem = () => instanceKey().publicKey;
const rowsBySeq = () => new Map(auditRows().map((r) => [r.seq, r]));
/** Every audit entry `ctx` may see with these filters (the scenarios hold well under one page of 200). */
function visibleSeqs(ctx: Ctx, filters: Record<string, string> = {}): number[] {
  const page = listAuditEvents({ ctx, input: { ...filters, limit: 200 } });
  expect(page.nextBefore).toBeNull();
  return page.items.map((i) => i.seq).reverse();
}

/* ------------------------------------------------------------------------------------------------------------ */

describe("a good export verifies", () => {
  const data = registerTestDb("each");
  it("an administrator's export without filters: every entry in full, from the genesis to the signed head", async () => {
    const s = await seedScenario();
    const { file, result } = await exportToFile(data.dir, s.n.admin.ctx);
    const head = headSeq();
    const x = openExport(file);
    // The file holds exactly the stored rows, in full, and ends on the export's own entry and checkpoint.
    expect(x.full).toEqual(auditRows());
    expect(x.stubs).toEqual([]);
    expect(result).toEqual({ exportId: x.manifest.exportId, selected: head, entries: head });
    expect(x.manifest.chain).toEqual({ fromSeq: 1, toSeq: head, anchor: { seq: 0, hash: "0".repeat(64), checkpoint: null } });
    expect(x.manifest.checkpoints).toEqual(listCheckpoints());
    expect(x.publicKey).toBe(pem());

    const checkpoints = listCheckpoints();
    const verdict = await verify(file, { publicKey: pem() });
    expect(verdict).toEqual({
      ok: true,
      problems: [],
      facts: [
        `Manifest signed by key ${instanceKey().keyId} (trusted through the key you gave, ${instanceKey().keyId}).`,
        `${head} entries (#1–#${head}) link correctly, ${head} of them in full.`,
        `${checkpoints.length} signed checkpoints verified; the last (#${checkpoints.at(-1)!.number}) signs entry #${head}.`,
      ],
      warnings: [],
    });
    expect(checkpoints.length).toBeGreaterThanOrEqual(3);
  });

  it("an editor's export with an interview filter: the interview's entries in full, anchored at the checkpoint before the first", async () => {
    const s = await seedScenario();
    const { ed } = s.n.ctxs;
    const expected = visibleSeqs(ed, { interviewId: s.birch });
    const { file, result } = await exportToFile(data.dir, ed, { interviewId: s.birch });
    const x = openExport(file);
    const head = headSeq();
    expect(x.full.map((r) => r.seq)).toEqual(expected);
    expect(result).toMatchObject({ selected: expected.length });
    const rows = rowsBySeq();
    for (const r of x.full) expect(r).toEqual(rows.get(r.seq));
    for (const st of x.stubs) expect(st).toEqual({ seq: st.seq, bodyHash: entryBodyHash(rows.get(st.seq)!), hash: rows.get(st.seq)!.hash });
    // The range starts right after the last checkpoint before the first selected entry.
    const anchor = listCheckpoints()
      .filter((c) => c.seq < expected[0]!)
      .at(-1)!;
    expect(anchor).toBeDefined();
    expect(x.manifest.chain).toEqual({
      fromSeq: anchor.seq + 1,
      toSeq: head,
      anchor: { seq: anchor.seq, hash: anchor.headHash, checkpoint: anchor.number },
    });
    expect(x.lines.map((l) => l.seq)).toEqual(Array.from({ length: head - anchor.seq }, (_, i) => anchor.seq + 1 + i));
    expect(x.manifest.filters).toEqual({ interviewId: s.birch });
    expect(x.manifest.exportedBy).toEqual({ userId: s.n.ed.id, name: "Eda Editor", role: "editor" });

    const verdict = await verify(file, { publicKey: pem() });
    expect(verdict.problems).toEqual([]);
    expect(verdict.ok).toBe(true);
    expect(verdict.facts).toContain(
      `${head - anchor.seq} entries (#${anchor.seq + 1}–#${head}) link correctly, ${expected.length} of them in full.`,
    );
    expect(verdict.facts).toContain(
      `${listCheckpoints().length} signed checkpoints verified; the last (#${latestCheckpoint()!.number}) signs entry #${head}.`,
    );
  });

  it("without --pubkey it verifies with the key inside the export, and warns that this proves integrity but not origin", async () => {
    const s = await seedScenario();
    const { file } = await exportToFile(data.dir, s.n.admin.ctx);
    const verdict = await verify(file);
    expect(verdict.ok).toBe(true);
    expect(verdict.warnings).toEqual([
      "No public key was given (--pubkey): the key shipped inside the export was used, which proves integrity but not origin.",
    ]);
    expect(verdict.facts[0]).toBe(`Manifest signed by key ${instanceKey().keyId}.`);
  });

  it("with another Ed25519 key the export is not verified: the key is not among the instance's keys", async () => {
    const s = await seedScenario();
    const { file } = await exportToFile(data.dir, s.n.admin.ctx);
    const verdict = await verify(file, { publicKey: newKeyPair().publicKey });
    expect(verdict).toEqual({
      ok: false,
      problems: ["Key history: The given public key is not among the instance's keys."],
      facts: [],
      warnings: [],
    });
  });

  it("with a --pubkey that is not a PEM key, a verdict, not an exception", async () => {
    const s = await seedScenario();
    const { file } = await exportToFile(data.dir, s.n.admin.ctx);
    for (const bad of ["not a key", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", newKeyPair().privateKey.slice(0, 40)]) {
      const verdict = await verify(file, { publicKey: bad });
      expect(verdict.ok, bad).toBe(false);
      expect(verdict.problems, bad).toEqual(["Key history: The given public key is not a valid Ed25519 public key (PEM)."]);
    }
    // An RSA key is a valid PEM, but not an Ed25519 key of this instance.
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ format: "pem", type: "spki" }).toString();
    const verdict = await verify(file, { publicKey: rsa });
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toHaveLength(1);
    expect(verdict.problems[0]).toMatch(/^Key history: /);
  });

  it("an export that selects nothing (another desk's interview) still proves the signed head", async () => {
    const s = await seedScenario();
    const { file, result } = await exportToFile(data.dir, s.n.ctxs.ed, { interviewId: s.magpie });
    const x = openExport(file);
    expect(result.selected).toBe(0);
    expect(x.lines).toEqual([]);
    expect(x.manifest.chain.toSeq).toBe(headSeq());
    expect(x.manifest.selected).toEqual({ count: 0, firstSeq: null, lastSeq: null, firstHash: null, lastHash: null });
    const verdict = await verify(file, { publicKey: pem() });
    expect(verdict.problems).toEqual([]);
    expect(verdict.ok).toBe(true);
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("an altered, truncated or reordered export is not verified, and the verifier says where", () => {
  // One export, altered in many ways: nothing here writes to the database.
  const data = registerTestDb("file");
  let baseFile = "";
  let baseExport: OpenedExport;
  /** An editor's export without filters: full rows for desk A, stubs for desk B's entries. */
  beforeAll(async () => {
    const s = await seedScenario();
    baseFile = (await exportToFile(data.dir, s.n.ctxs.ed)).file;
    baseExport = openExport(baseFile);
    expect(baseExport.full.length).toBeGreaterThan(5);
    expect(baseExport.stubs.length).toBeGreaterThan(5);
    expect(baseExport.manifest.chain.fromSeq).toBe(1);
  });
  const base = async () => ({ file: baseFile, x: baseExport });
  const SHA_PROBLEM = "entries.jsonl: its SHA-256 does not match the manifest (the file was changed after export).";
  const SIGNATURE_PROBLEM = "manifest.sig: the manifest's signature is not valid (the manifest was changed, or signed with another key).";
  const check = async (file: string) => {
    const verdict = await verify(file, { publicKey: pem() });
    expect(verdict.ok).toBe(false);
    return verdict;
  };

  it("the unaltered base verifies", async () => {
    const { file } = await base();
    expect(await verify(file, { publicKey: pem() })).toMatchObject({ ok: true, problems: [] });
  });

  it("one character of a full entry's payload changed (manifest untouched): that line and entry do not match their contents", async () => {
    const { file, x } = await base();
    const index = x.lines.findIndex((l) => !isStub(l) && /[0-9a-f]/.test(l.payload));
    const line = x.lines[index] as AuditRow;
    const at = line.payload.search(/[0-9a-f]/);
    const payload = `${line.payload.slice(0, at)}${line.payload[at] === "a" ? "b" : "a"}${line.payload.slice(at + 1)}`;
    const altered = editLines(file, (lines) => {
      const changed = lines.map((l, i) => (i === index ? JSON.stringify({ ...line, payload }) : l));
      // Exactly one character differs from the exported file.
      expect(changed[index]!.length).toBe(lines[index]!.length);
      expect([...changed[index]!].filter((c, i) => c !== lines[index]![i])).toHaveLength(1);
      return changed;
    });
    const verdict = await check(altered);
    expect(verdict.problems).toEqual([
      `entries.jsonl line ${index + 1} (entry #${line.seq}): its hash does not match its contents.`,
      SHA_PROBLEM,
    ]);
  });

  it("a full entry whose hash is recomputed to match its new contents breaks the link of the next entry", async () => {
    const { file, x } = await base();
    const index = x.lines.findIndex((l, i) => !isStub(l) && i > 3 && i < x.lines.length - 2);
    const line = x.lines[index] as AuditRow;
    const changed = { ...line, occurredAt: line.occurredAt + 1 };
    const forged = { ...changed, hash: linkHash(changed.prevHash, entryBodyHash(changed)) };
    const altered = editLines(file, (lines) => lines.map((l, i) => (i === index ? JSON.stringify(forged) : l)));
    const next = x.lines[index + 1]!;
    const verdict = await check(altered);
    expect(verdict.problems[0]).toBe(
      `entries.jsonl line ${index + 2} (entry #${next.seq}): ${isStub(next) ? "its hash does not link to the entry before it." : "its previous-hash does not match the entry before it."}`,
    );
    expect(verdict.problems).toContain(SHA_PROBLEM);
  });

  it("a stub's body hash changed: the stub does not link to the entry before it", async () => {
    const { file, x } = await base();
    const index = x.lines.findIndex(isStub);
    const stub = x.lines[index]!;
    const altered = editLines(file, (lines) =>
      lines.map((l, i) => (i === index ? l.replace(/"bodyHash":"(.)/, (_m, c: string) => `"bodyHash":"${c === "0" ? "1" : "0"}`) : l)),
    );
    const verdict = await check(altered);
    expect(verdict.problems).toEqual([
      `entries.jsonl line ${index + 1} (entry #${stub.seq}): its hash does not link to the entry before it.`,
      SHA_PROBLEM,
    ]);
  });

  it("a selected entry hidden behind its stub: the count and first/last hashes no longer match the signed manifest", async () => {
    const { file, x } = await base();
    const index = x.lines.findIndex((l, i) => !isStub(l) && i > 0);
    const row = x.lines[index] as AuditRow;
    const altered = editLines(file, (lines) =>
      lines.map((l, i) => (i === index ? JSON.stringify({ seq: row.seq, bodyHash: entryBodyHash(row), hash: row.hash }) : l)),
    );
    const verdict = await check(altered);
    expect(verdict.problems).toEqual([SHA_PROBLEM, "The exported entries do not match the manifest's count or first/last hash."]);
  });

  it("the manifest altered (the selected count): its signature is invalid", async () => {
    const { file, x } = await base();
    const manifest: ExportManifest = { ...x.manifest, selected: { ...x.manifest.selected, count: x.manifest.selected.count + 1 } };
    const altered = rebuildExport(file, { [MANIFEST_FILE]: `${JSON.stringify(manifest, null, 2)}\n` });
    const verdict = await check(altered);
    expect(verdict.problems).toEqual([SIGNATURE_PROBLEM, "The exported entries do not match the manifest's count or first/last hash."]);
    // A change that affects nothing else (one space, the exporter's name) is caught by the signature alone.
    for (const text of [`${x.manifestText} `, x.manifestText.replace('"Eda Editor"', '"Eve Editor"')]) {
      expect((await check(rebuildExport(file, { [MANIFEST_FILE]: text }))).problems).toEqual([SIGNATURE_PROBLEM]);
    }
  });

  it("manifest.sig altered, or replaced by a valid signature from another key: invalid", async () => {
    const { file, x } = await base();
    const sig = Buffer.from(x.signature.trim(), "base64");
    sig[10] = sig[10]! ^ 0x01;
    const other = sign(null, Buffer.from(x.manifestText, "utf8"), newKeyPair().privateKey).toString("base64");
    for (const replacement of [`${sig.toString("base64")}\n`, `${other}\n`, "", "not base64 at all"]) {
      expect((await check(rebuildExport(file, { [SIGNATURE_FILE]: replacement }))).problems, replacement).toEqual([SIGNATURE_PROBLEM]);
    }
  });

  it("two lines swapped (reordered): entries are missing or out of order", async () => {
    const { file, x } = await base();
    const i = 5;
    const altered = editLines(file, (lines) => [...lines.slice(0, i), lines[i + 1]!, lines[i]!, ...lines.slice(i + 2)]);
    const verdict = await check(altered);
    const seq = x.lines[i]!.seq;
    expect(verdict.problems).toEqual([
      `entries.jsonl line ${i + 1} (entry #${seq}): expected entry #${seq}, found #${seq + 1}: entries are missing or out of order.`,
      SHA_PROBLEM,
    ]);
  });

  it("the last lines dropped (truncated): the export was cut short, and the signed head is missing", async () => {
    const { file, x } = await base();
    const head = x.manifest.chain.toSeq;
    const last = x.manifest.checkpoints.at(-1)!;
    const altered = editLines(file, (lines) => lines.slice(0, -3));
    const verdict = await check(altered);
    expect(verdict.problems).toEqual(
      expect.arrayContaining([
        SHA_PROBLEM,
        `entries.jsonl ends at entry #${head - 3}; the manifest says #${head}: the export was cut short.`,
        `Checkpoint #${last.number}: Entry ${head}, which it signed, is missing: the log was cut short.`,
        `The last entry is not the head signed by checkpoint #${last.number}.`,
      ]),
    );
    // Every line dropped: still a verdict that names the cut.
    const empty = await check(editLines(file, () => []));
    expect(empty.problems).toContain(`entries.jsonl ends at entry #0; the manifest says #${head}: the export was cut short.`);
  });

  it("a line dropped in the middle: entries are missing", async () => {
    const { file, x } = await base();
    const i = Math.floor(x.lines.length / 2);
    const seq = x.lines[i]!.seq;
    const verdict = await check(editLines(file, (lines) => lines.filter((_l, j) => j !== i)));
    expect(verdict.problems).toEqual([
      `entries.jsonl line ${i + 1} (entry #${seq}): expected entry #${seq}, found #${seq + 1}: entries are missing or out of order.`,
      SHA_PROBLEM,
    ]);
  });

  it("a line that is not JSON: named by its number", async () => {
    const { file, x } = await base();
    const verdict = await check(editLines(file, (lines) => lines.map((l, i) => (i === 2 ? l.slice(0, -1) : l))));
    expect(verdict.problems).toEqual([`entries.jsonl line 3 (entry #${x.lines[2]!.seq}): not valid JSON.`, SHA_PROBLEM]);
  });

  it("entries.jsonl, manifest.json or manifest.sig removed from the archive: says which is missing", async () => {
    const { file } = await base();
    for (const name of [ENTRIES_FILE, MANIFEST_FILE, SIGNATURE_FILE]) {
      const verdict = await check(rebuildExport(file, { [name]: null }));
      expect(verdict.problems, name).toEqual([`${name} is missing from the archive.`]);
    }
    expect((await check(rebuildExport(file, { [ENTRIES_FILE]: null, [MANIFEST_FILE]: null }))).problems).toEqual([
      "entries.jsonl is missing from the archive.",
      "manifest.json is missing from the archive.",
    ]);
    // public-key.pem is a convenience: without it, --pubkey is needed.
    const noKey = rebuildExport(file, { [PUBLIC_KEY_FILE]: null });
    expect(await verify(noKey, { publicKey: pem() })).toMatchObject({ ok: true, problems: [] });
    expect((await verify(noKey)).problems).toEqual(["No public key: pass --pubkey."]);
  });

  it("public-key.pem replaced by another key: without --pubkey the key history refuses it", async () => {
    const { file } = await base();
    const verdict = await verify(rebuildExport(file, { [PUBLIC_KEY_FILE]: newKeyPair().publicKey }));
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual(["Key history: The given public key is not among the instance's keys."]);
  });

  // Regression (found in review, fixed; was lib/audit/export-verify.ts:66-79): fflate's streaming Unzip skips bytes until it finds a local file header,
  // so a file that is not a ZIP at all (or an empty one) never throws: the verifier reports three files "missing
  // from the archive" instead of "not a readable ZIP archive". Fix: when readZip saw no entry at all (names.size
  // === 0), or the file does not start with "PK\x03\x04", report "The file is not a readable ZIP archive."
  it("a file that is not a ZIP, or an empty file: not a readable ZIP archive", async () => {
    const notZip = writeText(data.dir, "not.zip", "This is a plain text file, not an export.\n".repeat(20));
    expect((await check(notZip)).problems).toEqual(["The file is not a readable ZIP archive."]);
    const empty = writeText(data.dir, "empty.zip", "");
    expect((await check(empty)).problems).toEqual(["The file is not a readable ZIP archive."]);
  });

  it("a ZIP cut short, or with bytes flipped in the middle: a verdict, not an exception", async () => {
    const { file } = await base();
    const bytes = fs.readFileSync(file);
    // Cuts inside the compressed files (a cut inside the trailing central directory alone leaves the four files
    // complete, and the streaming verifier does not read the directory).
    for (const cut of [0.1, 0.25, 0.5, 0.75]) {
      const part = writeText(data.dir, "cut.zip", "");
      fs.writeFileSync(part, bytes.subarray(0, Math.floor(bytes.length * cut)));
      expect((await check(part)).problems.length, `cut at ${cut}`).toBeGreaterThan(0);
    }
    const flipped = Buffer.from(bytes);
    for (let i = Math.floor(bytes.length / 3); i < Math.floor(bytes.length / 3) + 8; i++) flipped[i] = flipped[i]! ^ 0xff;
    const damaged = writeText(data.dir, "damaged.zip", "");
    fs.writeFileSync(damaged, flipped);
    expect((await check(damaged)).problems.length).toBeGreaterThan(0);
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("an editor's export holds only what the editor may see", () => {
  const data = registerTestDb("each");

  /** What would reveal desk B (Seoul): its interview, its people, its desk, its consent record and document. */
  const deskBMarks = (s: Scenario) => ({
    "Magpie's interview id": s.magpie,
    "Magpie's consent record id": s.magpieRecord,
    "Magpie's document id": s.magpieDoc,
    "Seo (desk B journalist)": s.seo.id,
    "Sun (desk B editor)": s.n.seoulEd.id,
    "the Seoul desk id": s.n.seoul,
  });

  /** The raw text of every file of the archive, unzipped. */
  const rawText = (file: string) =>
    Object.values(openExport(file).files)
      .map((b) => strFromU8(b))
      .join("\n");

  async function checkScope(s: Scenario, ctx: Ctx, filters: Record<string, string>) {
    const before = visibleSeqs(ctx, filters);
    const { file } = await exportToFile(data.dir, ctx, filters);
    // The export's own entry is by the editor: it is in their scope when no filter excludes it.
    const expected = visibleSeqs(ctx, filters);
    expect(expected.slice(0, before.length)).toEqual(before);
    const x = openExport(file);
    expect(x.full.map((r) => r.seq)).toEqual(expected);
    const rows = rowsBySeq();
    for (const r of x.full) expect(r).toEqual(rows.get(r.seq));
    // Every other entry of the range is a stub: three fields, nothing more.
    const fullSeqs = new Set(expected);
    for (const line of x.lines) {
      if (fullSeqs.has(line.seq)) continue;
      expect(Object.keys(line).sort(), `entry ${line.seq}`).toEqual(["bodyHash", "hash", "seq"]);
    }
    const raw = rawText(file);
    for (const [what, id] of Object.entries(deskBMarks(s))) expect(raw.includes(id), `${what} in the export`).toBe(false);
    expect((await verify(file, { publicKey: pem() })).problems).toEqual([]);
    return x;
  }

  it("no filter: desk A's entries in full, desk B's only as stubs; nothing of desk B's interview or people in the file", async () => {
    const s = await seedScenario();
    const x = await checkScope(s, s.n.ctxs.ed, {});
    // Desk B's entries are in the range, as stubs (the chain is complete).
    const deskB = auditRows().filter((r) => r.targetId === s.magpie);
    expect(deskB.length).toBeGreaterThan(5);
    for (const r of deskB) expect(x.stubs.map((st) => st.seq)).toContain(r.seq);
    // And the admin sees them in full.
    const { file } = await exportToFile(data.dir, s.n.admin.ctx);
    expect(rawText(file)).toContain(s.magpie);
  });

  it("with the interview filter: only that interview's entries in full", async () => {
    const s = await seedScenario();
    const x = await checkScope(s, s.n.ctxs.ed, { interviewId: s.birch });
    expect(new Set(x.full.map((r) => r.targetId))).toEqual(new Set([s.birch]));
  });

  it("with an action filter, and desk B's editor the other way round", async () => {
    const s = await seedScenario();
    await checkScope(s, s.n.ctxs.ed, { action: "consent.*" });
    const { file } = await exportToFile(data.dir, s.n.ctxs.seoulEd, { interviewId: s.magpie });
    const x = openExport(file);
    expect(x.full.map((r) => r.seq)).toEqual(visibleSeqs(s.n.ctxs.seoulEd, { interviewId: s.magpie }));
    expect(rawText(file).includes(s.birch)).toBe(false);
  });

  it("another desk's interview, or its people as actor, select nothing; a journalist may not export at all", async () => {
    const s = await seedScenario();
    for (const filters of [{ interviewId: s.magpie }, { actorId: s.seo.id }] as Record<string, string>[]) {
      const { file, result } = await exportToFile(data.dir, s.n.ctxs.ed, filters);
      expect(result.selected, JSON.stringify(filters)).toBe(0);
      const raw = rawText(file);
      // The filter values the editor typed are in the manifest (they chose them); nothing else of desk B is.
      const { ["Magpie's interview id"]: _m, ["Seo (desk B journalist)"]: _s, ...rest } = deskBMarks(s);
      for (const [what, id] of Object.entries(rest)) expect(raw.includes(id), what).toBe(false);
      expect(openExport(file).manifest.filters).toEqual(filters);
    }
    const rows = auditRows().length;
    const checkpoints = listCheckpoints().length;
    const sink = collector();
    await expect(exportAuditLog({ ctx: s.n.ctxs.jo, input: {}, out: sink.out })).rejects.toThrow(ForbiddenError);
    await expect(exportAuditLog({ ctx: s.n.ctxs.ed, input: { from: "2030-13-01" }, out: sink.out })).rejects.toThrow(ValidationError);
    expect(sink.bytes().length).toBe(0);
    expect(auditRows()).toHaveLength(rows);
    expect(listCheckpoints()).toHaveLength(checkpoints);
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("consistency with a checkpoint held outside Sourcekeeper (--trusted-checkpoint)", () => {
  const data = registerTestDb("each");

  /** `audit checkpoint`, as an administrator runs it to keep the printed JSON somewhere else. */
  async function takeCheckpoint(): Promise<Checkpoint> {
    const { io, stdout } = fakeIO();
    expect(await auditCommand(["checkpoint"], io)).toBe(0);
    return checkpointFromCliOutput(stdout());
  }
  const rewritten = (c: Checkpoint) =>
    new RegExp(
      `^Your checkpoint #${c.number} signed entry #${c.seq} as ${c.headHash.slice(0, 12)}…; this export has [0-9a-f]{12}…: the log was rewritten\\.$`,
    );

  it("a checkpoint taken earlier: the export extends it", async () => {
    const s = await seedScenario();
    const held = await takeCheckpoint();
    expect(held).toEqual(latestCheckpoint());
    expect(held.seq).toBe(headSeq());
    addComment({ ctx: s.n.ctxs.jo, input: { interviewId: s.birch, body: "Later." } });
    addEntries(s.n.admin.ctx, 12);
    const { file } = await exportToFile(data.dir, s.n.admin.ctx);
    const verdict = await verify(file, { publicKey: pem(), trustedCheckpoint: held });
    expect(verdict.problems).toEqual([]);
    expect(verdict.ok).toBe(true);
    expect(verdict.facts.at(-1)).toBe(
      `The log extends your checkpoint #${held.number}: entry #${held.seq} is unchanged and every later entry links to it.`,
    );
    // The head itself, held as a checkpoint, also matches.
    expect((await verify(file, { publicKey: pem(), trustedCheckpoint: latestCheckpoint()! })).ok).toBe(true);
    // A forged checkpoint (another head hash at the same place) does not.
    const forged = { ...held, headHash: held.headHash.replace(/^./, (c) => (c === "0" ? "1" : "0")) };
    const bad = await verify(file, { publicKey: pem(), trustedCheckpoint: forged });
    expect(bad.ok).toBe(false);
    expect(bad.problems).toHaveLength(1);
    expect(bad.problems[0]).toMatch(rewritten(forged));
  });

  it("an old entry rewritten and every later hash recomputed: the instance's own checkpoints catch it, and so does the held one", async () => {
    const s = await seedScenario();
    const held = await takeCheckpoint();
    addEntries(s.n.admin.ctx, 12);
    const target = auditRows().find((r) => r.action === "consent.viewed" && r.targetId === s.birch)!;
    dropAuditTriggers();
    rewriteChainFrom(target.seq, (r) => ({ ...r, actorId: s.n.jo.id }));
    const { file } = await exportToFile(data.dir, s.n.admin.ctx);
    const own = await verify(file, { publicKey: pem() });
    expect(own.ok).toBe(false);
    const firstAfter = listCheckpoints().find((c) => c.seq >= target.seq)!;
    expect(own.problems).toEqual([
      `Checkpoint #${firstAfter.number}: Entry ${firstAfter.seq} is not the entry it signed: the log was rewritten.`,
    ]);
    const withHeld = await verify(file, { publicKey: pem(), trustedCheckpoint: held });
    expect(withHeld.problems).toContainEqual(expect.stringMatching(rewritten(held)));
  });

  it("a rewrite with the instance's checkpoints erased and the head re-signed verifies on its own, but not against the held checkpoint", async () => {
    const s = await seedScenario();
    const held = await takeCheckpoint();
    addEntries(s.n.admin.ctx, 12);
    const target = auditRows().find((r) => r.action === "consent.viewed" && r.targetId === s.birch)!;
    expect(target.seq).toBeLessThan(held.seq);
    // Someone with DATA_DIR (the database and the signing key): rewrite, recompute, erase the signed checkpoints.
    dropAuditTriggers();
    dropCheckpointTriggers();
    rewriteChainFrom(target.seq, (r) => ({ ...r, actorId: s.n.jo.id }));
    sqlite().exec("delete from audit_checkpoints");
    // …and sign the rewritten head with the instance key (`audit checkpoint`; see also the export bug below).
    await takeCheckpoint();
    const { file } = await exportToFile(data.dir, s.n.admin.ctx);
    const x = openExport(file);
    expect(x.manifest.checkpoints.map((c) => c.number)).toEqual([1, 2]);
    // Internally consistent: the export alone cannot tell.
    expect(await verify(file, { publicKey: pem() })).toMatchObject({ ok: true, problems: [] });
    // The checkpoint held elsewhere can.
    const verdict = await verify(file, { publicKey: pem(), trustedCheckpoint: held });
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual([expect.stringMatching(rewritten(held))]);
  });

  /**
   * An interview created after several checkpoints: its filtered export starts after a checkpoint later than the
   * one held, so the held checkpoint is checked through the signed checkpoint chain.
   */
  async function lateInterview() {
    const s = await seedScenario();
    const held = await takeCheckpoint();
    addEntries(s.n.admin.ctx, 25);
    const larch = seedInterview(s.n.ctxs.jo, interviewInput(s.n.kyiv, { codeName: "Larch" }));
    addComment({ ctx: s.n.ctxs.jo, input: { interviewId: larch, body: "First note." } });
    addEntries(s.n.admin.ctx, 5);
    addComment({ ctx: s.n.ctxs.jo, input: { interviewId: larch, body: "Second note." } });
    const { file } = await exportToFile(data.dir, s.n.ctxs.ed, { interviewId: larch });
    const x = openExport(file);
    expect(x.manifest.chain.anchor.checkpoint).toBeGreaterThan(held.number + 1);
    expect(x.manifest.chain.fromSeq).toBeGreaterThan(held.seq);
    return { s, held, file, x };
  }

  it("a held checkpoint older than the export's start: verified through the checkpoint chain, and the fact says so", async () => {
    const { held, file, x } = await lateInterview();
    const verdict = await verify(file, { publicKey: pem(), trustedCheckpoint: held });
    expect(verdict.problems).toEqual([]);
    expect(verdict.ok).toBe(true);
    expect(verdict.facts.at(-1)).toBe(
      `Your checkpoint #${held.number} is in the signed checkpoint chain (entries before #${x.manifest.chain.fromSeq} are outside this export and were checked through the checkpoint chain only).`,
    );
  });

  it("a forged held checkpoint older than the export's start fails", async () => {
    const { held, file } = await lateInterview();
    const forgeries: Checkpoint[] = [
      { ...held, headHash: held.headHash.replace(/^./, (c) => (c === "0" ? "1" : "0")) },
      { ...held, signature: Buffer.from(held.signature, "base64").reverse().toString("base64") },
      { ...held, number: held.number + 100 },
    ];
    for (const forged of forgeries) {
      const verdict = await verify(file, { publicKey: pem(), trustedCheckpoint: forged });
      expect(verdict.ok).toBe(false);
      expect(verdict.problems).toEqual([
        `Your checkpoint #${forged.number} is not among the instance's checkpoints as exported: the log or its checkpoints were rewritten.`,
      ]);
    }
  });

  it("a rewrite before the export's start, with the checkpoints re-signed, is caught through the held checkpoint", async () => {
    const { s, held } = await lateInterview();
    const larch = auditRows().find((r) => r.action === "interview.created" && r.seq > held.seq)!.targetId!;
    const target = auditRows().find((r) => r.action === "consent.viewed" && r.targetId === s.birch)!;
    dropAuditTriggers();
    dropCheckpointTriggers();
    rewriteChainFrom(target.seq, (r) => ({ ...r, actorId: s.n.jo.id }));
    sqlite().exec("delete from audit_checkpoints");
    // Re-sign checkpoints every 10 entries with the instance key, as an attacker with DATA_DIR would.
    for (let seq = 10; seq <= headSeq(); seq += 10) {
      const hash = (sqlite().prepare("select hash from audit_events where seq = ?").get(seq) as { hash: string }).hash;
      const last = latestCheckpoint();
      const c = signCheckpoint(instanceKey().privateKey, {
        number: (last?.number ?? 0) + 1,
        seq,
        count: seq,
        headHash: hash,
        time: s.n.clock.now(),
        keyId: instanceKey().keyId,
        prevSignature: last?.signature ?? "",
      });
      sqlite()
        .prepare(
          "insert into audit_checkpoints (number, seq, head_hash, created_at, key_id, prev_signature, signature) values (?, ?, ?, ?, ?, ?, ?)",
        )
        .run(c.number, c.seq, c.headHash, c.time, c.keyId, c.prevSignature, c.signature);
    }
    const { file } = await exportToFile(data.dir, s.n.ctxs.ed, { interviewId: larch });
    expect(await verify(file, { publicKey: pem() })).toMatchObject({ ok: true, problems: [] });
    const verdict = await verify(file, { publicKey: pem(), trustedCheckpoint: held });
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual([
      `Your checkpoint #${held.number} is not among the instance's checkpoints as exported: the log or its checkpoints were rewritten.`,
    ]);
  });

  // Regression (found in review, fixed; was lib/audit/export-verify.ts:224-228): a held checkpoint NEWER than the export (taken after the export was
  // made) is not in the export's checkpoints, and the verifier then claims "the log or its checkpoints were
  // rewritten" — a false accusation for an untouched log. It should say the checkpoint is later than the export's
  // last (#n, entry #s) and cannot be checked against it (and compare it when it is the same number).
  it("a held checkpoint newer than the export is not reported as a rewrite", async () => {
    const s = await seedScenario();
    const { file, result } = await exportToFile(data.dir, s.n.admin.ctx);
    expect(result.selected).toBeGreaterThan(0);
    addEntries(s.n.admin.ctx, 3);
    const newer = await takeCheckpoint();
    const verdict = await verify(file, { publicKey: pem(), trustedCheckpoint: newer });
    expect(verdict.problems.join(" ")).not.toMatch(/rewritten/);
    expect([...verdict.problems, ...verdict.warnings].join(" ")).toMatch(/later|newer|after/);
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("a key rotation in the middle of the exported range", () => {
  const data = registerTestDb("each");

  async function rotatedScenario() {
    const s = await seedScenario();
    const first = { publicKey: pem(), keyId: instanceKey().keyId, privateKey: JSON.parse(readSecretsText()).auditSigningKey as string };
    s.n.clock.advance(HOUR);
    const { fromKeyId, toKeyId } = rotateSigningKey(makeCtx(null, { now: s.n.clock.now }));
    expect(fromKeyId).toBe(first.keyId);
    const second = { publicKey: pem(), keyId: toKeyId };
    expect(second.keyId).not.toBe(first.keyId);
    addComment({ ctx: s.n.ctxs.jo, input: { interviewId: s.birch, body: "After the rotation." } });
    addEntries(s.n.admin.ctx, 12);
    const larch = seedInterview(s.n.ctxs.jo, interviewInput(s.n.kyiv, { codeName: "Larch" }));
    addComment({ ctx: s.n.ctxs.jo, input: { interviewId: larch, body: "A note." } });
    return { s, first, second, larch };
  }

  it("an export spanning both keys verifies with --pubkey of the first key and of the second", async () => {
    const { s, first, second } = await rotatedScenario();
    const { file } = await exportToFile(data.dir, s.n.admin.ctx);
    const x = openExport(file);
    expect(x.manifest.keys).toEqual(listKeys());
    expect(x.manifest.keys.map((k) => k.keyId)).toEqual([first.keyId, second.keyId]);
    expect(new Set(x.manifest.checkpoints.map((c) => c.keyId))).toEqual(new Set([first.keyId, second.keyId]));
    expect(x.manifest.signingKeyId).toBe(second.keyId);
    expect(x.publicKey).toBe(second.publicKey);
    for (const key of [first, second]) {
      const verdict = await verify(file, { publicKey: key.publicKey });
      expect(verdict.problems, key.keyId).toEqual([]);
      expect(verdict.ok).toBe(true);
      expect(verdict.facts[0]).toBe(`Manifest signed by key ${second.keyId} (trusted through the key you gave, ${key.keyId}).`);
    }
    // The rotation itself is an entry of the exported chain.
    expect(x.full.filter((r) => r.action === "audit.key_rotated")).toHaveLength(1);
    expect((await verify(file, { publicKey: newKeyPair().publicKey })).ok).toBe(false);
  });

  it("an editor's filtered export anchored after the rotation still verifies with the first key (through the key history)", async () => {
    const { s, first, larch } = await rotatedScenario();
    const { file } = await exportToFile(data.dir, s.n.ctxs.ed, { interviewId: larch });
    const x = openExport(file);
    const rotation = auditRows().find((r) => r.action === "audit.key_rotated")!;
    expect(x.full.map((r) => r.action)).toEqual(["interview.created", "interview.comment_added"]);
    expect(x.manifest.chain.anchor.seq).toBeGreaterThanOrEqual(rotation.seq);
    expect(await verify(file, { publicKey: first.publicKey })).toMatchObject({ ok: true, problems: [] });
  });

  // Regression (found in review, fixed; was lib/audit/export-verify.ts:104-110, and verifyCheckpoints in lib/audit/checkpoint-format.ts): the manifest and
  // the checkpoints may be signed by ANY key of the history, including one that was retired. Rotating is how a
  // leaked key is replaced, yet whoever holds the retired key can rewrite the log, re-sign every checkpoint after
  // the change and the manifest with the retired key, keep the genuine key history (first → second), and the
  // export verifies with --pubkey of the NEW key. The manifest and the last checkpoint must be signed by the last
  // key of the history (the writer always does so), and a retired key must not sign checkpoints after its
  // rotation.
  it("an export forged with the retired key does not verify with --pubkey of the new key", async () => {
    const { s, first, second } = await rotatedScenario();
    const { file } = await exportToFile(data.dir, s.n.admin.ctx);
    const x = openExport(file);
    expect(x.stubs).toEqual([]);
    // Rewrite an entry from before the rotation: who viewed Birch's consent record.
    const index = x.full.findIndex((r) => r.action === "consent.viewed" && r.targetId === s.birch);
    const rows = x.full.map((r) => ({ ...r }));
    let prev = index === 0 ? "0".repeat(64) : rows[index - 1]!.hash;
    for (const row of rows.slice(index)) {
      if (row.seq === rows[index]!.seq) row.actorId = s.n.jo.id;
      row.prevHash = prev;
      row.hash = linkHash(prev, entryBodyHash(row));
      prev = row.hash;
    }
    const hashAt = new Map(rows.map((r) => [r.seq, r.hash]));
    const checkpoints: Checkpoint[] = [];
    for (const c of x.manifest.checkpoints) {
      const previous = checkpoints.at(-1);
      if (c.seq < rows[index]!.seq) checkpoints.push(c);
      else {
        const { signature: _s, ...unsigned } = c;
        checkpoints.push(
          signCheckpoint(first.privateKey, {
            ...unsigned,
            headHash: hashAt.get(c.seq)!,
            keyId: first.keyId,
            prevSignature: previous?.signature ?? "",
          }),
        );
      }
    }
    const entriesText = `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`;
    const manifest: ExportManifest = {
      ...x.manifest,
      selected: { ...x.manifest.selected, lastHash: rows.at(-1)!.hash },
      files: { [ENTRIES_FILE]: { sha256: sha256(entriesText), bytes: Buffer.byteLength(entriesText) } },
      checkpoints,
      signingKeyId: first.keyId,
    };
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
    const forged = rebuildExport(file, {
      [ENTRIES_FILE]: entriesText,
      [MANIFEST_FILE]: manifestText,
      [SIGNATURE_FILE]: `${sign(null, Buffer.from(manifestText, "utf8"), first.privateKey).toString("base64")}\n`,
      [PUBLIC_KEY_FILE]: first.publicKey,
    });
    // The key history in the export itself says the first key was replaced: even someone who trusts only the
    // first key is told that a replaced key signed this export…
    expect(await verify(forged, { publicKey: first.publicKey })).toMatchObject({ ok: false });
    // …and the key that replaced it does not vouch for it.
    const verdict = await verify(forged, { publicKey: second.publicKey });
    expect(verdict.ok).toBe(false);
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("the export is audited, and ends on a checkpoint that covers its own entry", () => {
  const data = registerTestDb("each");

  it("audit.exported with the export id and the filter names (never their values); the manifest's last checkpoint signs it", async () => {
    const s = await seedScenario();
    const filters = { interviewId: s.birch, action: "consent.*", from: "2030-01-15" };
    const { file, result } = await exportToFile(data.dir, s.n.admin.ctx, filters);
    const entry = auditRows().at(-1)!;
    expect(entry).toMatchObject({
      actorId: s.n.admin.id,
      action: "audit.exported",
      targetType: "audit",
      targetId: null,
      occurredAt: s.n.clock.now(),
    });
    expect(JSON.parse(entry.payload)).toEqual({ exportId: result.exportId, filters: ["action", "from", "interviewId"] });
    for (const value of Object.values(filters)) expect(entry.payload).not.toContain(value);

    const x = openExport(file);
    expect(x.manifest.exportId).toBe(result.exportId);
    expect(x.manifest.filters).toEqual(filters);
    expect(x.manifest.exportedBy).toEqual({ userId: s.n.admin.id, name: "Ada Admin", role: "admin" });
    const head = latestCheckpoint()!;
    expect(head).toMatchObject({ seq: entry.seq, headHash: entry.hash });
    expect(x.manifest.checkpoints.at(-1)).toEqual(head);
    expect(x.manifest.chain.toSeq).toBe(entry.seq);
    // The filters exclude the export's own entry: it is the last line, as a stub.
    expect(x.lines.at(-1)).toEqual({ seq: entry.seq, bodyHash: entryBodyHash(entry), hash: entry.hash });
    expect((await verify(file, { publicKey: pem() })).ok).toBe(true);
  });

  it("without filters the export's own entry is its last full line; a second export covers the first one's entry", async () => {
    const s = await seedScenario();
    const one = await exportToFile(data.dir, s.n.admin.ctx);
    const firstEntry = auditRows().at(-1)!;
    expect(openExport(one.file).full.at(-1)).toEqual(firstEntry);
    expect(JSON.parse(firstEntry.payload)).toEqual({ exportId: one.result.exportId, filters: [] });
    const two = await exportToFile(data.dir, s.n.admin.ctx);
    const x = openExport(two.file);
    expect(x.full.slice(-2)).toEqual(auditRows().slice(-2));
    expect(x.full.at(-2)).toEqual(firstEntry);
    expect(x.manifest.checkpoints.slice(-2).map((c) => c.seq)).toEqual([firstEntry.seq, firstEntry.seq + 1]);
    expect((await verify(two.file, { publicKey: pem() })).ok).toBe(true);
    expect(two.result.exportId).not.toBe(one.result.exportId);
  });

  // Regression (found in review, fixed; was lib/audit/export.ts:49): the export appends its entry, and appendAuditEvent signs a checkpoint itself when
  // that entry makes one due (every N entries); writeCheckpoint then finds the head already checkpointed and returns
  // null, and the non-null assertion `writeCheckpoint(tx, ctx.now())!` lets `head.seq` throw a TypeError. With the
  // default interval, one export in every 1,000 entries fails this way. Fix: `writeCheckpoint(tx, now) ??
  // latestCheckpoint(tx)!` (the head is then checkpointed either way).
  it("an export whose own entry is the one that makes a checkpoint due still completes", async () => {
    const s = await seedScenario();
    const last = latestCheckpoint()!;
    // The next entry (the export's) will be the 10th since the last checkpoint.
    addEntries(s.n.admin.ctx, last.seq + 9 - headSeq());
    expect(headSeq()).toBe(last.seq + 9);
    expect(latestCheckpoint()).toEqual(last);
    const { file } = await exportToFile(data.dir, s.n.admin.ctx);
    expect(latestCheckpoint()!.seq).toBe(last.seq + 10);
    expect((await verify(file, { publicKey: pem() })).ok).toBe(true);
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("npm run cli -- audit verify-export FILE [--pubkey KEY] [--trusted-checkpoint FILE]", () => {
  // Verification only reads files: one export for the whole describe.
  const data = registerTestDb("file");
  let file = "";
  let keyFile = "";
  let checkpointFile = "";
  let held: Checkpoint;
  let tampered = "";
  let tamperedLine = "";

  beforeAll(async () => {
    const s = await seedScenario();
    const { io, stdout } = fakeIO();
    expect(await auditCommand(["checkpoint"], io)).toBe(0);
    held = checkpointFromCliOutput(stdout());
    checkpointFile = writeText(data.dir, "checkpoint.json", `${JSON.stringify(held)}\n`);
    addEntries(s.n.admin.ctx, 3);
    file = (await exportToFile(data.dir, s.n.admin.ctx)).file;
    keyFile = writeText(data.dir, "instance.pem", pem());
    const x = openExport(file);
    const i = 7;
    const row = x.lines[i] as AuditRow;
    tampered = editLines(file, (lines) =>
      lines.map((l, j) => (j === i ? JSON.stringify({ ...row, occurredAt: row.occurredAt + 1000 }) : l)),
    );
    tamperedLine = `- entries.jsonl line ${i + 1} (entry #${row.seq}): its hash does not match its contents.`;
  });

  const run = async (...args: string[]) => {
    const { io, stdout, stderr } = fakeIO();
    const code = await auditCommand(["verify-export", ...args], io);
    return { code, stdout: stdout(), stderr: stderr() };
  };

  it("a good file with --pubkey: exit 0, Verified. and the facts", async () => {
    const r = await run(file, "--pubkey", keyFile);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Verified\.\n- Manifest signed by key [0-9a-f]{32} \(trusted through the key you gave, [0-9a-f]{32}\)\.\n- \d+ entries \(#1–#\d+\) link correctly/,
    );
    expect((await run(`--pubkey=${keyFile}`, file)).code).toBe(0);
  });

  it("without --pubkey: exit 0 with a warning on stderr", async () => {
    const r = await run(file);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Verified\./);
    expect(r.stderr).toBe(
      "Warning: No public key was given (--pubkey): the key shipped inside the export was used, which proves integrity but not origin.\n",
    );
  });

  it("a tampered file: exit 1, NOT VERIFIED and the precise problem", async () => {
    const r = await run(tampered, "--pubkey", keyFile);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `NOT VERIFIED.\n${tamperedLine}\n- entries.jsonl: its SHA-256 does not match the manifest (the file was changed after export).\n`,
    );
    const wrongKey = writeText(data.dir, "other.pem", newKeyPair().publicKey);
    expect(await run(file, "--pubkey", wrongKey)).toMatchObject({
      code: 1,
      stderr: "NOT VERIFIED.\n- Key history: The given public key is not among the instance's keys.\n",
    });
  });

  it("--trusted-checkpoint with the JSON `audit checkpoint` printed: exit 0 and the fact; a forged one: exit 1", async () => {
    const r = await run(file, "--pubkey", keyFile, "--trusted-checkpoint", checkpointFile);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `- The log extends your checkpoint #${held.number}: entry #${held.seq} is unchanged and every later entry links to it.\n`,
    );
    const forged = writeText(data.dir, "forged.json", JSON.stringify({ ...held, headHash: "f".repeat(64) }));
    const bad = await run(file, "--pubkey", keyFile, "--trusted-checkpoint", forged);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("the log was rewritten.");
  });

  it("bad usage, a missing file, an unreadable key or checkpoint: exit 2 with a message, nothing verified", async () => {
    const missing = `${data.dir}/no-such-file.zip`;
    const cases: [string[], RegExp][] = [
      [[], /Usage:/],
      [[file, file], /Usage:/],
      [[file, "--bogus"], /Unknown option --bogus\./],
      [[file, "--pubkey"], /Option --pubkey needs a value\./],
      [[file, "--pubkey", "--trusted-checkpoint", checkpointFile], /Option --pubkey needs a value\./],
      [[missing], /^No such file: .*no-such-file\.zip\n$/],
      [[file, "--pubkey", missing], /^Cannot read the public key file .*no-such-file\.zip\.\n$/],
      [
        [file, "--trusted-checkpoint", missing],
        /no-such-file\.zip is not a checkpoint \(JSON as printed by `npm run cli -- audit checkpoint`\)\.\n$/,
      ],
      [[file, "--trusted-checkpoint", writeText(data.dir, "text.json", "Signed checkpoint #3 at entry 30")], /is not a checkpoint/],
      [[file, "--trusted-checkpoint", data.dir], /is not a checkpoint/],
    ];
    for (const [args, message] of cases) {
      const r = await run(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(message);
      expect(r.stdout, args.join(" ")).toBe("");
    }
    const { io, stderr } = fakeIO();
    expect(await auditCommand([], io)).toBe(2);
    expect(stderr()).toContain("verify-export FILE.zip");
  });

  // Regression (found in review, fixed; was lib/cli/audit.ts:99-107): the --trusted-checkpoint file is only JSON.parse'd, never checked to be a
  // checkpoint. A file holding `null` is silently ignored (exit 0, "Verified.", although the user asked for the
  // comparison), and `{}` or `[]` give "Your checkpoint #undefined …: the log … rewritten" (exit 1). Fix: validate
  // the shape (number, seq, count, 64-hex headHash, time, keyId, prevSignature, signature) and exit 2 otherwise.
  it("a --trusted-checkpoint file with JSON that is not a checkpoint: exit 2", async () => {
    for (const json of ["null", "{}", "[]", "42", JSON.stringify({ number: held.number })]) {
      const r = await run(file, "--pubkey", keyFile, "--trusted-checkpoint", writeText(data.dir, "not-checkpoint.json", json));
      expect(r.code, json).toBe(2);
      expect(r.stderr, json).toMatch(/is not a checkpoint/);
    }
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("exports contain no source identities", () => {
  const data = registerTestDb("each");

  it("canaries typed into every free-text field through the real workflows appear nowhere in the export, and the scanner finds no identity", async () => {
    const n = await seedNewsroom();
    const { jo, ed } = n.ctxs;
    const canaries: string[] = [];
    /** A canary for a field, remembered for the search at the end. */
    const c = (field: string, rest = "") => {
      canaries.push(canary(field));
      return rest ? `${canary(field)} ${rest}` : canary(field);
    };
    // Interviews: the code name, who holds the source, the outlet, the notes.
    const birch = seedInterview(
      jo,
      interviewInput(n.kyiv, {
        codeName: c("codeName"),
        custodyHolder: c("custodyHolder", "battalion"),
        notes: c("notes", "met at the gate"),
      }),
    );
    updateInterview({
      ctx: jo,
      input: {
        interviewId: birch,
        fields: interviewInput(n.kyiv, {
          codeName: c("codeNameTwo"),
          custodyHolder: c("custodyHolderTwo", "unit"),
          notes: c("notesTwo", "second meeting"),
        }),
      },
    });
    const aspen = seedInterview(
      jo,
      interviewInput(n.kyiv, { codeName: c("aspenCodeName"), notes: c("aspenNotes", "lives near the river") }),
    );
    n.clock.advance(HOUR);
    const now = () => n.clock.now();
    // Consent: every private free-text answer, the reconfirmation, the withdrawal, an override and a revocation.
    const answers = recordCanaries();
    canaries.push(...Object.values(answers).map((v) => v.split(" ")[0]!));
    const recordId = recordConsent({ ctx: jo, input: consentInput(birch, now(), { ...answers }) }).recordId;
    reconfirmConsent({ ctx: jo, input: reconfirmInput(birch, recordId, now(), { reexplained: c("reexplained", "read the draft aloud") }) });
    viewConsentRecord({ ctx: ed, interviewId: birch, recordId });
    withdrawConsent({
      ctx: ed,
      input: withdrawInput(birch, recordId, now(), {
        receivedBy: c("receivedBy", "night desk"),
        sourceWords: c("sourceWords", "take it all down"),
      }),
    });
    const overrideId = recordConsent({
      ctx: jo,
      input: consentInput(aspen, now(), { voiceChoice: "real", publicInterestJustification: `${c("publicInterest")} ${JUSTIFICATION_40}` }),
    }).recordId;
    approveOverride({ ctx: ed, input: { interviewId: aspen, recordId: overrideId } });
    revokeConsent({ ctx: ed, input: revokeInput(aspen, overrideId, c("revokeReason", "a guard stood by the door")) });
    // The checklist's evidence, and a comment.
    setItemState({
      ctx: jo,
      input: { interviewId: birch, itemId: "private-setting", state: "done", evidence: c("evidence", "guards waited outside") },
    });
    addComment({ ctx: jo, input: { interviewId: birch, body: c("comment", "call him back on Tuesday") } });
    // The vault, a document with the identifiers in it, decisions with a pseudonym and a justification.
    const realName = `${c("vaultName")} Choe Kwang-hyok`;
    const place = c("vaultPlace");
    const code = c("vaultCode");
    saveVault({
      ctx: jo,
      input: {
        interviewId: birch,
        entries: entries([
          { category: "name", value: realName, realName: true },
          { category: "place", value: place },
          { category: "codeword", value: code },
        ]),
      },
    });
    viewVault({ ctx: jo, interviewId: birch });
    const text = `Our source ${realName} comes from ${place} and was called ${code} by his unit. ${c("pasted", "He is 24.")}`;
    const { documentId } = addPastedDocument({ ctx: jo, input: { interviewId: birch, title: c("title", "draft"), kind: "draft", text } });
    const findings = currentFindings(documentId);
    const at = (part: string) => findings.find((f) => text.slice(f.start, f.end) === part)!;
    const decide = (findingId: string, decision: string, extra: { replacement?: string; justification?: string } = {}) =>
      decideFinding({
        ctx: jo,
        input: {
          interviewId: birch,
          documentId,
          findingId,
          decision,
          replacement: extra.replacement ?? "",
          justification: extra.justification ?? "",
        },
      });
    decide(at(realName).id, "pseudonym", { replacement: c("pseudonym") });
    decide(at(code).id, "keep", { justification: c("keepReason", "is already public, he insists on it") });
    expect(at(place)).toBeDefined();
    for (const f of findings) if (f.id !== at(realName).id && f.id !== at(code).id) decide(f.id, "redact");
    approveKeptFinding({ ctx: ed, input: { interviewId: birch, documentId, findingId: at(code).id } });
    produceRedactedVersion({ ctx: jo, input: { interviewId: birch, documentId } });
    await attachImage({ ctx: jo, interviewId: birch, caption: c("caption", "the fence at dawn"), bytes: await plainJpeg() });
    // Staff: a desk name typed by an administrator.
    createDesk({ ctx: n.admin.ctx, input: { name: c("deskName", "bureau") } });
    expect(new Set(canaries).size).toBe(canaries.length);

    const { file } = await exportToFile(data.dir, n.admin.ctx);
    const x = openExport(file);
    expect(x.full.length).toBe(headSeq());
    const raw = Object.values(x.files)
      .map((b) => strFromU8(b))
      .join("\n");
    // (a) Not one canary, nor the real name or place behind them.
    for (const canaryText of [...canaries, "Choe Kwang-hyok", "Kwang-hyok"]) expect(raw.includes(canaryText), canaryText).toBe(false);
    // Also with the row payloads decoded (JSON escapes could hide a string from a raw search).
    const decoded = x.full.map((r) => JSON.stringify(JSON.parse(r.payload))).join("\n");
    for (const canaryText of canaries) expect(decoded.includes(canaryText), canaryText).toBe(false);

    // (b) The redaction scanner's generic detectors (no registered identifiers) over entries.jsonl and manifest.json.
    // First blanked out: the random machine tokens, because the detectors read a run of digits inside them as a
    // phone number (seen: "00853528" inside a 64-hex hash) — so the result would depend on the random ids:
    //  - the PEM public keys of the manifest, and base64 signatures (checkpoints, manifest keys);
    //  - UUIDs (row, user, desk, interview, export ids);
    //  - hex runs of 16+ characters (64-hex hashes, 32-hex key ids);
    //  - millisecond timestamps (13 digits).
    // What is left is deterministic for this workflow: field and action names, enum values, counts, sequence
    // numbers, the exporter's name and role, the filters. Identity categories are never dropped.
    const blank = (t: string) =>
      t
        .replace(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g, "PEM")
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "UUID")
        .replace(/[0-9a-f]{16,}/g, "HEX")
        .replace(/[A-Za-z0-9+/]{40,}={0,2}/g, "BASE64")
        .replace(/\b\d{13}\b/g, "TIME");
    const IDENTITY = new Set(["name", "phone", "email", "place", "gps", "handle"]);
    const identities = (t: string) =>
      scanText(t)
        .filter((f) => IDENTITY.has(f.category))
        .map((f) => `${f.category} (${f.recognizer}): "${t.slice(f.start, f.end)}"`);
    for (const [name, t] of [
      [ENTRIES_FILE, x.entriesText],
      [MANIFEST_FILE, x.manifestText],
    ] as const) {
      const scanned = blank(t);
      // Nothing random is left to make the result depend on the run.
      expect(scanned, name).not.toMatch(/[0-9a-f]{12,}|[A-Za-z0-9+/]{40,}/);
      expect(identities(scanned), name).toEqual([]);
    }
    // The control: the same detectors do find identities when a row carries them, escaped as the export escapes.
    const leaked = {
      ...x.full.at(-1)!,
      payload: JSON.stringify({
        note: "Choe Kwang-hyok from Hoeryong, +82 10-2345-6789, kwang.choe@example.com or @kwanghyok_k, at 42.1234, 129.5678.",
      }),
    };
    const control = new Set(scanText(blank(`${x.entriesText}${JSON.stringify(leaked)}\n`)).map((f) => f.category));
    for (const category of IDENTITY) expect(control.has(category as never), category).toBe(true);
  });
});

/* ------------------------------------------------------------------------------------------------------------ */

describe("streaming", () => {
  const data = registerTestDb("each");

  it("to a slow Writable (1 KB buffer, every write completed later) the export waits for drain and is still valid", async () => {
    const s = await seedScenario();
    // Three read chunks of 5,000 entries: the exporter must wait for the slow consumer between them.
    appendRawEntries(12_000, s.n.clock.now());
    addComment({ ctx: s.n.ctxs.jo, input: { interviewId: s.birch, body: "After many entries." } });
    const sink = collector({ highWaterMark: 1024, slow: true });
    const progress: [number, number][] = [];
    const result = await exportAuditLog({ ctx: s.n.admin.ctx, input: {}, out: sink.out, onProgress: (d, t) => progress.push([d, t]) });
    await new Promise<void>((resolve) => sink.out.end(resolve));
    expect(sink.drains()).toBeGreaterThan(0);
    expect(sink.chunks()).toBeGreaterThan(10);
    // Back-pressure honoured: the queue never held much more than one read chunk (had the exporter written on
    // regardless, the slow consumer would have queued the whole file).
    expect(sink.maxBuffered()).toBeLessThan(sink.bytes().length / 2);
    const file = writeText(data.dir, "slow.zip", "");
    fs.writeFileSync(file, sink.bytes());
    expect(result.entries).toBe(headSeq());
    expect(openExport(file).full).toEqual(auditRows());
    expect(await verify(file, { publicKey: pem() })).toMatchObject({ ok: true, problems: [] });
    // Progress: increasing, ending at the total.
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.map(([d]) => d)).toEqual([...progress.map(([d]) => d)].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual([headSeq(), headSeq()]);
  });

  it("a log of more than two read chunks (5,000 entries each): selected entries across the chunk boundaries are exact", async () => {
    const s = await seedScenario();
    const { jo } = s.n.ctxs;
    const larch = seedInterview(jo, interviewInput(s.n.kyiv, { codeName: "Larch" }));
    appendRawEntries(4990, s.n.clock.now());
    // Comments on Larch on both sides of the first chunk boundary (the range starts right after a checkpoint).
    for (let i = 0; i < 20; i++) addComment({ ctx: jo, input: { interviewId: larch, body: `Note ${i}.` } });
    appendRawEntries(5200, s.n.clock.now());
    addComment({ ctx: jo, input: { interviewId: larch, body: "Last note." } });
    const { file, result } = await exportToFile(data.dir, s.n.ctxs.ed, { interviewId: larch });
    const x = openExport(file);
    const expected = auditRows()
      .filter((r) => r.targetId === larch)
      .map((r) => r.seq);
    expect(expected).toHaveLength(22);
    expect(x.full.map((r) => r.seq)).toEqual(expected);
    expect(result).toMatchObject({ selected: 22, entries: headSeq() - x.manifest.chain.anchor.seq });
    expect(result.entries).toBeGreaterThan(10_000);
    const seqs = x.lines.map((l) => l.seq);
    expect(seqs[0]).toBe(x.manifest.chain.fromSeq);
    expect(seqs.every((seq, i) => seq === seqs[0]! + i)).toBe(true);
    expect(await verify(file, { publicKey: pem() })).toMatchObject({ ok: true, problems: [] });
  });
});
