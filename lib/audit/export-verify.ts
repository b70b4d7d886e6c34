import { createHash } from "node:crypto";
import { duplicateNames, looksLikeZip, readZip } from "../zip/read";
import { entryBodyHash, linkHash } from "./canonical";
import { verifyCheckpoints, type Checkpoint } from "./checkpoint-format";
import {
  ENTRIES_FILE,
  EXPORT_FILES,
  EXPORT_FORMAT,
  isStub,
  MANIFEST_FILE,
  manifestSchema,
  parseManifest,
  PUBLIC_KEY_FILE,
  SIGNATURE_FILE,
  checkSignedManifest,
  type ExportLine,
  type ExportManifest,
} from "./export-format";

export interface ExportVerdict {
  ok: boolean;
  /** What failed, precisely (file, line, entry). Empty when ok. */
  problems: string[];
  /** What was established, in plain words. */
  facts: string[];
  /** Things the verifier could not establish (e.g. no independent public key given). */
  warnings: string[];
}

/**
 * Verifies an audit export offline, with no database: the manifest's signature, the key history, every
 * checkpoint signature, the SHA-256 of entries.jsonl, every entry's hash and link from the anchor to the signed
 * head, and — given an older checkpoint held elsewhere — that the log still extends it.
 */
export async function verifyAuditExport(
  file: string,
  options: { publicKey?: string; trustedCheckpoint?: Checkpoint } = {},
): Promise<ExportVerdict> {
  const problems: string[] = [];
  const facts: string[] = [];
  const warnings: string[] = [];
  const done = (): ExportVerdict => ({ ok: problems.length === 0, problems, facts, warnings });

  // Pass 1: the small files.
  const small: Record<string, Buffer[]> = {};
  let names: string[];
  try {
    if (!looksLikeZip(file)) throw new Error("not a zip");
    names = await readZip(
      file,
      (n) => n === MANIFEST_FILE || n === SIGNATURE_FILE || n === PUBLIC_KEY_FILE,
      (n, chunk) => (small[n] ??= []).push(Buffer.from(chunk)),
    );
    if (names.length === 0) throw new Error("empty");
  } catch {
    problems.push("The file is not a readable ZIP archive.");
    return done();
  }
  const unexpected = names.filter((n) => !(EXPORT_FILES as readonly string[]).includes(n));
  if (unexpected.length) problems.push(`The archive holds files that are not part of an export: ${unexpected.slice(0, 5).join(", ")}.`);
  const twice = duplicateNames(names);
  if (twice.length) problems.push(`The archive holds ${twice.join(", ")} more than once.`);
  for (const required of [ENTRIES_FILE, MANIFEST_FILE, SIGNATURE_FILE])
    if (!names.includes(required)) problems.push(`${required} is missing from the archive.`);
  if (problems.length) return done();
  const manifestBytes = Buffer.concat(small[MANIFEST_FILE] ?? []);
  const manifest = parseManifest<ExportManifest>(manifestBytes, manifestSchema);
  if (!manifest) {
    problems.push(`${MANIFEST_FILE} is not a ${EXPORT_FORMAT} manifest.`);
    return done();
  }

  const signed = checkSignedManifest(
    {
      manifestBytes,
      signature: Buffer.concat(small[SIGNATURE_FILE]!).toString("utf8"),
      keys: manifest.keys ?? [],
      signingKeyId: manifest.signingKeyId,
      publicKey: options.publicKey,
      embeddedKey: small[PUBLIC_KEY_FILE] ? Buffer.concat(small[PUBLIC_KEY_FILE]).toString("utf8") : undefined,
    },
    { problems, facts, warnings },
  );
  if (!signed) return done();
  const { keys: chainKeys, currentKey } = signed;

  // Pass 2: entries.jsonl, line by line.
  const { fromSeq, toSeq, anchor } = manifest.chain;
  const checkpointSeqs = new Set(manifest.checkpoints.map((c) => c.seq));
  const trusted = options.trustedCheckpoint;
  if (trusted) checkpointSeqs.add(trusted.seq);
  const hashes = new Map<number, string>();
  if (anchor.seq > 0) hashes.set(anchor.seq, anchor.hash);
  const hasher = createHash("sha256");
  let bytes = 0;
  let lineNo = 0;
  let prev = anchor.hash;
  let expected = fromSeq;
  let selected = 0;
  let firstSelected: string | null = null;
  let lastSelected: string | null = null;
  let broken = false;
  let rest = "";
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const onLine = (text: string) => {
    lineNo += 1;
    if (broken) return;
    const fail = (what: string) => {
      problems.push(`${ENTRIES_FILE} line ${lineNo}${expected ? ` (entry #${expected})` : ""}: ${what}`);
      broken = true;
    };
    let line: ExportLine;
    try {
      line = JSON.parse(text) as ExportLine;
    } catch {
      return fail("not valid JSON.");
    }
    if (!line || typeof line !== "object" || Array.isArray(line) || typeof line.seq !== "number" || typeof line.hash !== "string") {
      return fail("not an entry.");
    }
    if (isStub(line) ? typeof line.bodyHash !== "string" : typeof line.payload !== "string" || typeof line.prevHash !== "string")
      return fail("not an entry.");
    if (line.seq !== expected) return fail(`expected entry #${expected}, found #${line.seq}: entries are missing or out of order.`);
    let bodyHash: string;
    if (isStub(line)) bodyHash = line.bodyHash;
    else {
      if (line.prevHash !== prev) return fail("its previous-hash does not match the entry before it.");
      bodyHash = entryBodyHash(line);
      selected += 1;
      firstSelected ??= line.hash;
      lastSelected = line.hash;
    }
    if (linkHash(prev, bodyHash) !== line.hash)
      return fail(isStub(line) ? "its hash does not link to the entry before it." : "its hash does not match its contents.");
    if (checkpointSeqs.has(line.seq)) hashes.set(line.seq, line.hash);
    prev = line.hash;
    expected += 1;
  };
  try {
    await readZip(
      file,
      (n) => n === ENTRIES_FILE,
      (_n, chunk, final) => {
        hasher.update(chunk);
        bytes += chunk.byteLength;
        const text = rest + decoder.decode(chunk, { stream: !final });
        const lines = text.split("\n");
        rest = lines.pop() ?? "";
        for (const l of lines) onLine(l);
        if (final && rest) onLine(rest);
      },
    );
  } catch {
    problems.push(`${ENTRIES_FILE} could not be read (damaged archive or not UTF-8).`);
    return done();
  }
  const digest = hasher.digest("hex");
  if (manifest.files?.[ENTRIES_FILE]?.sha256 !== digest || manifest.files[ENTRIES_FILE].bytes !== bytes) {
    problems.push(`${ENTRIES_FILE}: its SHA-256 does not match the manifest (the file was changed after export).`);
  }
  if (!broken && expected !== toSeq + 1)
    problems.push(`${ENTRIES_FILE} ends at entry #${expected - 1}; the manifest says #${toSeq}: the export was cut short.`);
  if (
    !broken &&
    (selected !== manifest.selected.count || firstSelected !== manifest.selected.firstHash || lastSelected !== manifest.selected.lastHash)
  ) {
    problems.push("The exported entries do not match the manifest's count or first/last hash.");
  }

  // Checkpoints: signatures, chaining, and the chain passing through each head within the range.
  const inRange = (seq: number) => seq >= anchor.seq && seq <= toSeq;
  const cpProblem = verifyCheckpoints(manifest.checkpoints, chainKeys, (seq) =>
    inRange(seq) ? (hashes.get(seq) ?? (broken ? null : undefined)) : null,
  );
  if (cpProblem) problems.push(`Checkpoint #${cpProblem.number}: ${cpProblem.problem}`);
  const head = manifest.checkpoints.at(-1);
  if (!head || head.seq !== toSeq) problems.push("The export does not end on a signed checkpoint.");
  else if (head.keyId !== currentKey.keyId) problems.push(`Its last checkpoint (#${head.number}) is signed with a replaced key.`);
  else if (!broken && head.headHash !== prev) problems.push(`The last entry is not the head signed by checkpoint #${head.number}.`);
  if (anchor.checkpoint !== null) {
    const a = manifest.checkpoints.find((c) => c.number === anchor.checkpoint);
    if (!a || a.seq !== anchor.seq || a.headHash !== anchor.hash)
      problems.push("The export's starting point is not the checkpoint it names.");
  }
  if (problems.length === 0) {
    facts.push(
      `${(toSeq - fromSeq + 1).toLocaleString("en")} entries (#${fromSeq}–#${toSeq}) link correctly, ${selected.toLocaleString("en")} of them in full.`,
    );
    facts.push(`${manifest.checkpoints.length} signed checkpoints verified; the last (#${head!.number}) signs entry #${head!.seq}.`);
  }

  // A checkpoint held elsewhere: does the log still extend it?
  if (trusted) {
    const same = manifest.checkpoints.find((c) => c.number === trusted.number);
    if (head && trusted.seq > head.seq) {
      warnings.push(
        `Your checkpoint #${trusted.number} is newer than this export (it covers entries up to #${trusted.seq}; the export ends at #${head.seq}): export again to check the log against it.`,
      );
    } else if (inRange(trusted.seq) && !broken) {
      const h = hashes.get(trusted.seq);
      if (h !== trusted.headHash)
        problems.push(
          `Your checkpoint #${trusted.number} signed entry #${trusted.seq} as ${trusted.headHash.slice(0, 12)}…; this export has ${h?.slice(0, 12) ?? "nothing"}…: the log was rewritten.`,
        );
      else
        facts.push(
          `The log extends your checkpoint #${trusted.number}: entry #${trusted.seq} is unchanged and every later entry links to it.`,
        );
    } else if (!same || same.signature !== trusted.signature || same.headHash !== trusted.headHash) {
      problems.push(
        `Your checkpoint #${trusted.number} is not among the instance's checkpoints as exported: the log or its checkpoints were rewritten.`,
      );
    } else {
      facts.push(
        `Your checkpoint #${trusted.number} is in the signed checkpoint chain (entries before #${fromSeq} are outside this export and were checked through the checkpoint chain only).`,
      );
    }
  }
  return done();
}
