import { createHash, type Hash } from "node:crypto";
import { keyIdOf, verifyCheckpoints } from "../audit/checkpoint-format";
import { checkSignedManifest, parseManifest } from "../audit/export-format";
import type { ExportVerdict } from "../audit/export-verify";
import { duplicateNames, looksLikeZip, readZip } from "../zip/read";
import {
  BUNDLE_CSV,
  BUNDLE_JSON,
  BUNDLE_MANIFEST,
  BUNDLE_PUBLIC_KEY,
  BUNDLE_SIGNATURE,
  BUNDLE_SIGNING_FILES,
  CONSENT_EXPORT_FORMAT,
  consentManifestSchema,
  type ConsentExportManifest,
} from "./bundle-format";
import { fingerprintOf, type ConsentRecordJson } from "./consent-record";
import { validateConsentRecord } from "./validate-record";

/** Counts the records of an RFC 4180 CSV as it streams: line breaks outside quotes, minus the header. */
class CsvRowCounter {
  private inQuotes = false;
  private lines = 0;
  private lastWasBreak = true;
  push(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) this.inQuotes = !this.inQuotes;
      else if (c === 10 && !this.inQuotes) {
        this.lines += 1;
        this.lastWasBreak = true;
        continue;
      }
      if (c !== 13) this.lastWasBreak = false;
    }
  }
  get records(): number {
    return Math.max(0, this.lines + (this.lastWasBreak ? 0 : 1) - 1);
  }
}

/**
 * Verifies a consent export bundle offline, with no database: the manifest's shape and signature, the key
 * history (against the key you trust), every file's SHA-256 and size, no file missing, added or doubled, every
 * JSON record against the published schema and its own fingerprint, and the record counts. Each problem names
 * the file (and record) that fails.
 */
export async function verifyConsentExport(file: string, options: { publicKey?: string } = {}): Promise<ExportVerdict> {
  const problems: string[] = [];
  const facts: string[] = [];
  const warnings: string[] = [];
  const done = (): ExportVerdict => ({ ok: problems.length === 0, problems, facts, warnings });

  const small: Record<string, Buffer[]> = {};
  let names: string[];
  if (!looksLikeZip(file)) {
    problems.push("The file is not a ZIP archive.");
    return done();
  }
  try {
    names = await readZip(
      file,
      (n) => (BUNDLE_SIGNING_FILES as readonly string[]).includes(n),
      (n, chunk) => (small[n] ??= []).push(Buffer.from(chunk)),
    );
  } catch {
    problems.push("The archive is damaged and cannot be read.");
    return done();
  }
  const twice = duplicateNames(names);
  if (twice.length) problems.push(`The archive holds ${twice.slice(0, 5).join(", ")} more than once.`);
  for (const required of [BUNDLE_MANIFEST, BUNDLE_SIGNATURE])
    if (!names.includes(required)) problems.push(`${required} is missing from the archive.`);
  if (problems.length) return done();

  const manifestBytes = Buffer.concat(small[BUNDLE_MANIFEST] ?? []);
  const manifest = parseManifest<ConsentExportManifest>(manifestBytes, consentManifestSchema);
  if (!manifest) {
    problems.push(`${BUNDLE_MANIFEST} is not a ${CONSENT_EXPORT_FORMAT} manifest.`);
    return done();
  }

  const embedded = small[BUNDLE_PUBLIC_KEY] ? Buffer.concat(small[BUNDLE_PUBLIC_KEY]).toString("utf8") : undefined;
  const signed = checkSignedManifest(
    {
      manifestBytes,
      signature: Buffer.concat(small[BUNDLE_SIGNATURE]!).toString("utf8"),
      keys: manifest.keys,
      signingKeyId: manifest.signingKeyId,
      publicKey: options.publicKey,
      embeddedKey: embedded,
    },
    { problems, facts, warnings },
  );
  if (!signed) return done();
  const { keys: chainKeys, currentKey } = signed;
  const headProblem = verifyCheckpoints([manifest.auditHead], chainKeys, () => null);
  if (headProblem) problems.push(`The audit head the manifest names (checkpoint #${headProblem.number}): ${headProblem.problem}`);
  if (embedded && safeKeyId(embedded) !== currentKey.keyId)
    problems.push(`${BUNDLE_PUBLIC_KEY} is not the key that signed the manifest: it was replaced.`);

  // Every file against the manifest.
  const listed = Object.keys(manifest.files);
  const inArchive = new Set(names);
  for (const name of listed) if (!inArchive.has(name)) problems.push(`${name} is listed in the manifest but missing from the archive.`);
  for (const name of names)
    if (!(BUNDLE_SIGNING_FILES as readonly string[]).includes(name) && !(name in manifest.files))
      problems.push(`${name} is in the archive but not in the manifest: it was added after export.`);

  const hashes = new Map<string, { hash: Hash; bytes: number }>();
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const csv = new CsvRowCounter();
  const csvDecoder = new TextDecoder("utf-8");
  let jsonRest = "";
  let jsonRecords = 0;
  let jsonLine = 0;
  let jsonOpen = false;
  let jsonClosed = false;
  const recordProblems: string[] = [];
  const onJsonLine = (raw: string) => {
    jsonLine += 1;
    const line = raw.endsWith(",") ? raw.slice(0, -1) : raw;
    if (line === "[") return void (jsonOpen = true);
    if (line === "]" || line === "") return void (jsonClosed = line === "]" || jsonClosed);
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      recordProblems.push(`${BUNDLE_JSON} line ${jsonLine}: not valid JSON.`);
      return;
    }
    jsonRecords += 1;
    const verdict = validateConsentRecord(record);
    if (!verdict.ok) {
      recordProblems.push(`${BUNDLE_JSON} line ${jsonLine}: does not follow the schema (${verdict.errors.slice(0, 3).join("; ")}).`);
      return;
    }
    const r = record as ConsentRecordJson;
    if (fingerprintOf(r) !== r.fingerprint)
      recordProblems.push(`${BUNDLE_JSON} line ${jsonLine} (record ${r.record_id}): its fingerprint does not match its content.`);
  };
  try {
    await readZip(
      file,
      (n) => n in manifest.files,
      (name, chunk, final) => {
        let h = hashes.get(name);
        if (!h) hashes.set(name, (h = { hash: createHash("sha256"), bytes: 0 }));
        h.hash.update(chunk);
        h.bytes += chunk.byteLength;
        if (name === BUNDLE_CSV) csv.push(csvDecoder.decode(chunk, { stream: !final }));
        if (name === BUNDLE_JSON) {
          const text = jsonRest + decoder.decode(chunk, { stream: !final });
          const lines = text.split("\n");
          jsonRest = lines.pop() ?? "";
          for (const l of lines) onJsonLine(l);
          if (final && jsonRest) onJsonLine(jsonRest);
        }
      },
    );
  } catch {
    problems.push("The archive is damaged, or a text file in it is not UTF-8.");
    return done();
  }
  let intact = 0;
  for (const [name, expected] of Object.entries(manifest.files)) {
    const got = hashes.get(name);
    if (!got) {
      if (inArchive.has(name) && expected.bytes === 0) intact += 1;
      else if (inArchive.has(name)) problems.push(`${name} could not be read.`);
      continue;
    }
    if (got.hash.digest("hex") !== expected.sha256 || got.bytes !== expected.bytes)
      problems.push(`${name}: its SHA-256 does not match the manifest (the file was changed after export).`);
    else intact += 1;
  }
  if (intact === listed.length && listed.length > 0) facts.push(`All ${listed.length} files match the SHA-256 the manifest gives.`);

  if (manifest.formats.includes("json")) {
    problems.push(...recordProblems.slice(0, 20));
    if (recordProblems.length > 20) problems.push(`… and ${recordProblems.length - 20} more problems in ${BUNDLE_JSON}.`);
    if (inArchive.has(BUNDLE_JSON) && (!jsonOpen || !jsonClosed)) problems.push(`${BUNDLE_JSON} is not a complete JSON array.`);
    if (inArchive.has(BUNDLE_JSON) && jsonRecords !== manifest.records.count)
      problems.push(`${BUNDLE_JSON} holds ${jsonRecords} records; the manifest says ${manifest.records.count}.`);
    else if (recordProblems.length === 0 && inArchive.has(BUNDLE_JSON))
      facts.push(`${jsonRecords} JSON records follow the published schema and match their fingerprints.`);
  }
  if (manifest.formats.includes("csv") && inArchive.has(BUNDLE_CSV) && csv.records !== manifest.records.count)
    problems.push(`${BUNDLE_CSV} holds ${csv.records} rows; the manifest says ${manifest.records.count}.`);
  const pdfs = listed.filter((n) => n.startsWith("certificates/")).length;
  if (manifest.formats.includes("pdf") && pdfs !== manifest.records.count)
    problems.push(`The manifest lists ${pdfs} certificates for ${manifest.records.count} records.`);
  if (problems.length === 0) {
    facts.push(
      `Export ${manifest.exportId} by ${manifest.exportedBy.name} (${manifest.exportedBy.role}) at ${manifest.exportedAt}: ${manifest.records.count} consent record(s)${manifest.sensitive ? ", SENSITIVE" : ""}.`,
    );
    facts.push(`The audit log's head then was entry #${manifest.auditHead.seq}, signed by checkpoint #${manifest.auditHead.number}.`);
  }
  return done();
}

function safeKeyId(pem: string): string | null {
  try {
    return keyIdOf(pem);
  } catch {
    return null;
  }
}
