import { createHash, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { strToU8, zipSync, type Zippable } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { keyIdOf, signCheckpoint, type AuditKey } from "@/lib/audit/checkpoint-format";
import { BUNDLE_CSV, BUNDLE_JSON, CONSENT_EXPORT_FORMAT, certificatePath, type ConsentExportManifest } from "@/lib/exports/bundle-format";
import { fingerprintOf } from "@/lib/exports/consent-record";
import { CSV_BOM, csvHeaderLine, csvRecordLine } from "@/lib/exports/csv";
import { verifyConsentExport } from "@/lib/exports/verify-bundle";
import { sampleConsentRecord } from "@/tests/support/consent-export-fixtures";

/**
 * The consent bundle verifier on bundles built here, without a database: manifest hashing and signature, and each
 * way a bundle can be tampered with (a changed, missing, extra or doubled file, an edited record, a wrong key).
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sourcekeeper-bundle-unit-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function newKey() {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
  return { privateKey, pem, keyId: keyIdOf(pem) };
}
const instance = newKey();
const stranger = newKey();

const sha = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

interface Parts {
  files: Record<string, Uint8Array>;
  manifest: ConsentExportManifest;
  manifestText: string;
  signer: KeyObject;
}

/** A valid bundle of two records (JSON, CSV and two stand-in PDFs), signed by the instance key. */
function parts(): Parts {
  const a = sampleConsentRecord();
  const b = sampleConsentRecord({ record_id: "0b1c2a9e-0b7d-4c55-9a51-2f0f5d1e7a11" });
  const records = [a, b];
  const files: Record<string, Uint8Array> = {
    [BUNDLE_JSON]: strToU8(`[\n${records.map((r) => JSON.stringify(r)).join(",\n")}\n]\n`),
    [BUNDLE_CSV]: strToU8(CSV_BOM + csvHeaderLine() + records.map(csvRecordLine).join("")),
    [certificatePath(a.record_id)]: strToU8("%PDF-1.7 stand-in A"),
    [certificatePath(b.record_id)]: strToU8("%PDF-1.7 stand-in B"),
  };
  const key: AuditKey = { keyId: instance.keyId, publicKey: instance.pem, createdAt: 1, previousKeyId: null, rotationSignature: null };
  const auditHead = signCheckpoint(instance.privateKey, {
    number: 3,
    seq: 120,
    count: 120,
    headHash: "f".repeat(64),
    time: 2,
    keyId: instance.keyId,
    prevSignature: "c".repeat(88),
  });
  const manifest: ConsentExportManifest = {
    format: CONSENT_EXPORT_FORMAT,
    exportId: "e-1",
    exportedAt: "2026-11-27T07:00:00.000Z",
    exportedBy: { userId: "u-1", name: "Eddie Editor", role: "editor" },
    filters: { deskId: "d-1" },
    formats: ["csv", "json", "pdf"],
    sensitive: false,
    records: { count: 2 },
    auditHead,
    files: Object.fromEntries(Object.entries(files).map(([n, bytes]) => [n, { sha256: sha(bytes), bytes: bytes.byteLength }])),
    keys: [key],
    signingKeyId: instance.keyId,
  };
  return { files, manifest, manifestText: `${JSON.stringify(manifest, null, 2)}\n`, signer: instance.privateKey };
}

let counter = 0;
/** Writes the bundle: the files, manifest.json, its signature (by `signer`) and the instance public key. */
function write(p: Parts, extra: { entries?: [string, Uint8Array][]; omit?: string[]; signText?: string } = {}): string {
  const zippable: Zippable = {};
  const all: [string, Uint8Array][] = [
    ...Object.entries(p.files),
    ["manifest.json", strToU8(p.manifestText)],
    ["manifest.sig", strToU8(`${sign(null, Buffer.from(extra.signText ?? p.manifestText), p.signer).toString("base64")}\n`)],
    ["public-key.pem", strToU8(instance.pem)],
  ];
  for (const [name, bytes] of all) if (!extra.omit?.includes(name)) zippable[name] = bytes;
  for (const [name, bytes] of extra.entries ?? []) zippable[name] = bytes;
  const zip = zipSync(zippable);
  counter += 1;
  const file = path.join(dir, `bundle-${counter}.zip`);
  fs.writeFileSync(file, zip);
  return file;
}

const verify = (file: string, publicKey: string | undefined = instance.pem) => verifyConsentExport(file, { publicKey });

describe("a good bundle", () => {
  it("verifies: signature through the key given, every file's hash, records against schema and fingerprints, counts", async () => {
    const verdict = await verify(write(parts()));
    expect(verdict.problems).toEqual([]);
    expect(verdict.ok).toBe(true);
    expect(verdict.facts.join("\n")).toMatch(/signed by key/);
    expect(verdict.facts.join("\n")).toMatch(/All 4 files match/);
    expect(verdict.facts.join("\n")).toMatch(/2 JSON records follow the published schema/);
    expect(verdict.warnings).toEqual([]);
  });

  it("without --pubkey uses the key inside and warns that this proves integrity, not origin", async () => {
    const verdict = await verifyConsentExport(write(parts()), {});
    expect(verdict.ok).toBe(true);
    expect(verdict.warnings.join(" ")).toMatch(/proves integrity but not origin/);
  });
});

describe("a tampered bundle names the file that fails", () => {
  it("a changed file: its hash no longer matches", async () => {
    const p = parts();
    const csv = Buffer.from(p.files[BUNDLE_CSV]!);
    csv[csv.length - 5] = csv[csv.length - 5]! ^ 1;
    p.files[BUNDLE_CSV] = csv;
    const verdict = await verify(write(p));
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toContain(`${BUNDLE_CSV}: its SHA-256 does not match the manifest (the file was changed after export).`);
  });

  it("a missing file", async () => {
    const p = parts();
    const gone = certificatePath(sampleConsentRecord().record_id);
    const verdict = await verify(write(p, { omit: [gone] }));
    expect(verdict.problems).toContain(`${gone} is listed in the manifest but missing from the archive.`);
  });

  it("an extra file", async () => {
    const verdict = await verify(write(parts(), { entries: [["certificates/extra.pdf", strToU8("%PDF fake")]] }));
    expect(verdict.problems).toContain("certificates/extra.pdf is in the archive but not in the manifest: it was added after export.");
  });

  it("no manifest, or no signature", async () => {
    expect((await verify(write(parts(), { omit: ["manifest.json"] }))).problems).toContain("manifest.json is missing from the archive.");
    expect((await verify(write(parts(), { omit: ["manifest.sig"] }))).problems).toContain("manifest.sig is missing from the archive.");
  });

  it("an edited manifest: the signature fails", async () => {
    const p = parts();
    const original = p.manifestText;
    const verdict = await verify(write({ ...p, manifestText: original.replace('"count": 2', '"count": 3') }, { signText: original }));
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toContain(
      "manifest.sig: the manifest's signature is not valid (the manifest was changed, or signed with another key).",
    );
  });

  it("an edited record with its hash fixed in the manifest: the signature fails, and the fingerprint too", async () => {
    const p = parts();
    const records = JSON.parse(Buffer.from(p.files[BUNDLE_JSON]!).toString("utf8")) as ReturnType<typeof sampleConsentRecord>[];
    records[1]!.extensions["sourcekeeper:identification"].name = "real";
    const bytes = strToU8(`[\n${records.map((r) => JSON.stringify(r)).join(",\n")}\n]\n`);
    p.files[BUNDLE_JSON] = bytes;
    p.manifest.files[BUNDLE_JSON] = { sha256: sha(bytes), bytes: bytes.byteLength };
    const unsigned = `${JSON.stringify(p.manifest, null, 2)}\n`;
    const verdict = await verify(write({ ...p, manifestText: unsigned, signer: stranger.privateKey }));
    expect(verdict.ok).toBe(false);
    expect(verdict.problems.join(" ")).toMatch(/signature is not valid/);
    expect(verdict.problems.join(" ")).toMatch(
      new RegExp(`${BUNDLE_JSON.replace(".", "\\.")} line 3 \\(record ${records[1]!.record_id}\\): its fingerprint`),
    );
  });

  it("a record that breaks the schema is named by its line", async () => {
    const p = parts();
    const bad = { ...sampleConsentRecord(), real_name: "Kim" };
    const bytes = strToU8(`[\n${JSON.stringify(bad)}\n]\n`);
    p.files[BUNDLE_JSON] = bytes;
    p.manifest.files[BUNDLE_JSON] = { sha256: sha(bytes), bytes: bytes.byteLength };
    const verdict = await verify(write({ ...p, manifestText: `${JSON.stringify(p.manifest, null, 2)}\n` }));
    expect(verdict.problems.join(" ")).toMatch(/consent-records\.json line 2: does not follow the schema/);
    expect(verdict.problems.join(" ")).toMatch(/holds 1 records; the manifest says 2/);
  });

  it("a manifest signed by another key than the one the verifier trusts", async () => {
    const verdict = await verify(write(parts()), stranger.pem);
    expect(verdict.ok).toBe(false);
    expect(verdict.problems.join(" ")).toMatch(/^Key history:/);
  });

  it("an audit head whose checkpoint signature is forged", async () => {
    const p = parts();
    p.manifest.auditHead = { ...p.manifest.auditHead, headHash: "e".repeat(64) };
    const verdict = await verify(write({ ...p, manifestText: `${JSON.stringify(p.manifest, null, 2)}\n` }));
    expect(verdict.problems.join(" ")).toMatch(/audit head the manifest names \(checkpoint #3\): Its signature is not valid/);
  });

  it("a fingerprint that does not match its record", async () => {
    const p = parts();
    const r = sampleConsentRecord();
    const forged = { ...r, fingerprint: fingerprintOf({ ...r, record_id: "other" }) };
    const bytes = strToU8(`[\n${JSON.stringify(forged)},\n${JSON.stringify(sampleConsentRecord({ record_id: "x2" }))}\n]\n`);
    p.files[BUNDLE_JSON] = bytes;
    p.manifest.files[BUNDLE_JSON] = { sha256: sha(bytes), bytes: bytes.byteLength };
    const verdict = await verify(write({ ...p, manifestText: `${JSON.stringify(p.manifest, null, 2)}\n` }));
    expect(verdict.problems).toContain(`${BUNDLE_JSON} line 2 (record ${r.record_id}): its fingerprint does not match its content.`);
  });

  it("a file that is not a ZIP, and a damaged archive", async () => {
    const text = path.join(dir, "not-a-zip.zip");
    fs.writeFileSync(text, "hello");
    expect((await verify(text)).problems).toEqual(["The file is not a ZIP archive."]);
    const good = fs.readFileSync(write(parts()));
    const cut = path.join(dir, "cut.zip");
    fs.writeFileSync(cut, good.subarray(0, Math.floor(good.length / 2)));
    expect((await verify(cut)).ok).toBe(false);
  });
});
