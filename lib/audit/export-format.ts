import { createHash, createPublicKey, verify } from "node:crypto";
import { z } from "zod";
import type { AuditRow } from "./canonical";
import { keyIdOf, verifyKeyChain, type AuditKey, type Checkpoint } from "./checkpoint-format";

/**
 * The audit export format (issue 7), shared by the writer and the offline verifier.
 *
 * One ZIP file holding:
 * - `entries.jsonl` — one JSON object per line, ascending seq, contiguous from `chain.fromSeq` to `chain.toSeq`
 *   (the head signed by the export's last checkpoint). Entries that match the export's filters (and that the
 *   exporter may see) are complete rows; every other entry is a stub `{seq, bodyHash, hash}`: enough to check
 *   its link in the chain (hash = SHA-256(prevHash ‖ bodyHash)) without revealing it.
 * - `manifest.json` — what was exported, by whom, the range, counts, first/last hash of the selected entries,
 *   the SHA-256 of `entries.jsonl`, every checkpoint and key of the instance.
 * - `manifest.sig` — Ed25519 signature (base64) of the exact bytes of manifest.json with the instance key.
 * - `public-key.pem` — the key that signed it (a verifier should get the key independently: `--pubkey`).
 */
export const EXPORT_FORMAT = "sourcekeeper-audit-export/v1";
export const ENTRIES_FILE = "entries.jsonl";
export const MANIFEST_FILE = "manifest.json";
export const SIGNATURE_FILE = "manifest.sig";
export const PUBLIC_KEY_FILE = "public-key.pem";

export interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  exportId: string;
  exportedAt: number;
  exportedBy: { userId: string; name: string; role: string };
  filters: Record<string, string>;
  /** The contiguous stretch of the chain in entries.jsonl: starts after `anchor` (a checkpoint, or the genesis). */
  chain: { fromSeq: number; toSeq: number; anchor: { seq: number; hash: string; checkpoint: number | null } };
  selected: { count: number; firstSeq: number | null; lastSeq: number | null; firstHash: string | null; lastHash: string | null };
  files: Record<string, { sha256: string; bytes: number }>;
  checkpoints: Checkpoint[];
  keys: AuditKey[];
  signingKeyId: string;
}

/** A selected entry: the stored row, exactly. */
export type FullLine = AuditRow;
export interface StubLine {
  seq: number;
  bodyHash: string;
  hash: string;
}
export type ExportLine = FullLine | StubLine;

export const isStub = (line: ExportLine): line is StubLine => "bodyHash" in line;

export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function verifyManifestSignature(manifestBytes: Uint8Array, signatureBase64: string, publicKeyPem: string): boolean {
  try {
    return verify(null, manifestBytes, createPublicKey(publicKeyPem), Buffer.from(signatureBase64.trim(), "base64"));
  } catch {
    return false;
  }
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
export const checkpointSchema = z.object({
  number: z.number().int().min(1),
  seq: z.number().int().min(1),
  count: z.number().int().min(1),
  headHash: hex64,
  time: z.number().int(),
  keyId: z.string().regex(/^[0-9a-f]{32}$/),
  prevSignature: z.string().max(200),
  signature: z.string().min(1).max(200),
});

/** The manifest's structure, checked before anything in it is trusted (a verdict, never an exception). */
export const manifestSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  exportId: z.string(),
  exportedAt: z.number(),
  exportedBy: z.object({ userId: z.string(), name: z.string(), role: z.string() }),
  filters: z.record(z.string(), z.string()),
  chain: z.object({
    fromSeq: z.number().int().min(1),
    toSeq: z.number().int().min(0),
    anchor: z.object({ seq: z.number().int().min(0), hash: hex64, checkpoint: z.number().int().nullable() }),
  }),
  selected: z.object({
    count: z.number().int().min(0),
    firstSeq: z.number().int().nullable(),
    lastSeq: z.number().int().nullable(),
    firstHash: hex64.nullable(),
    lastHash: hex64.nullable(),
  }),
  files: z.record(z.string(), z.object({ sha256: hex64, bytes: z.number().int().min(0) })),
  checkpoints: z.array(checkpointSchema),
  keys: z.array(
    z.object({
      keyId: z.string(),
      publicKey: z.string(),
      createdAt: z.number(),
      previousKeyId: z.string().nullable(),
      rotationSignature: z.string().nullable(),
    }),
  ),
  signingKeyId: z.string(),
});

/** The only files an export may hold (anything else could be what a reader opens instead of what was checked). */
export const EXPORT_FILES = [ENTRIES_FILE, MANIFEST_FILE, SIGNATURE_FILE, PUBLIC_KEY_FILE] as const;

/** What a verifier found so far: problems fail it; facts and warnings are told. */
export interface VerdictNotes {
  problems: string[];
  facts: string[];
  warnings: string[];
}

/**
 * Checks a signed manifest (audit and consent exports alike): the key history from the key the verifier trusts
 * (given with --pubkey, else the one shipped in the archive — weaker, and said so), then the signature by the
 * current key (the last in the history: a retired key, perhaps leaked, cannot speak for the instance any more).
 * Returns the verified key history, or null when it cannot be trusted at all (the problem is noted).
 */
export function checkSignedManifest(
  input: { manifestBytes: Uint8Array; signature: string; keys: AuditKey[]; signingKeyId: string; publicKey?: string; embeddedKey?: string },
  notes: VerdictNotes,
): { keys: Map<string, AuditKey>; currentKey: AuditKey } | null {
  if (!input.publicKey)
    notes.warnings.push(
      "No public key was given (--pubkey): the key shipped inside the export was used, which proves integrity but not origin.",
    );
  const trustedKey = input.publicKey ?? input.embeddedKey;
  if (!trustedKey) {
    notes.problems.push("No public key: pass --pubkey.");
    return null;
  }
  const chain = verifyKeyChain(input.keys, trustedKey);
  if (!chain.ok) {
    notes.problems.push(`Key history: ${chain.problem}`);
    return null;
  }
  const currentKey = [...chain.keys.values()].at(-1)!;
  const signer = chain.keys.get(input.signingKeyId);
  if (!signer) notes.problems.push(`The manifest names a signing key (${input.signingKeyId}) that is not in the key history.`);
  else if (signer.keyId !== currentKey.keyId)
    notes.problems.push(`The manifest is signed with key ${signer.keyId}, which had been replaced by ${currentKey.keyId}.`);
  else if (!verifyManifestSignature(input.manifestBytes, input.signature, signer.publicKey))
    notes.problems.push(`${SIGNATURE_FILE}: the manifest's signature is not valid (the manifest was changed, or signed with another key).`);
  else
    notes.facts.push(
      `Manifest signed by key ${signer.keyId}${input.publicKey ? ` (trusted through the key you gave, ${keyIdOf(input.publicKey)})` : ""}.`,
    );
  return { keys: chain.keys, currentKey };
}

/** Parses a manifest's bytes against its schema: the manifest, or null when it is not JSON of that shape. */
export function parseManifest<T>(bytes: Uint8Array, schema: z.ZodType): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(bytes).toString("utf8")));
    return parsed.success ? (parsed.data as T) : null;
  } catch {
    return null;
  }
}
