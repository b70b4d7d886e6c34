import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { canonicalJson } from "./canonical";

/**
 * Signed checkpoints of the audit chain, pure and without I/O (issue 7; after Certificate Transparency's signed
 * tree heads and CloudTrail's digest files). Shared by the server, `npm run cli -- audit verify` and the offline
 * export verifier, so all three read the same bytes the same way.
 *
 * A checkpoint signs the canonical JSON of
 *   { format, number, seq, count, headHash, time, keyId, prevSignature }
 * with Ed25519. `count` is the number of entries 1..seq (always equal to seq: entries have no gaps);
 * `prevSignature` is the previous checkpoint's signature ("" for the first), chaining the checkpoints.
 * A key rotation signs { format, previousKeyId, keyId, publicKey, time } with the previous key.
 */
export const CHECKPOINT_FORMAT = "sourcekeeper-audit-checkpoint/v1";
export const ROTATION_FORMAT = "sourcekeeper-audit-key-rotation/v1";

export interface Checkpoint {
  number: number;
  seq: number;
  count: number;
  headHash: string;
  time: number;
  keyId: string;
  prevSignature: string;
  signature: string;
}

export interface AuditKey {
  keyId: string;
  /** SPKI PEM. */
  publicKey: string;
  createdAt: number;
  previousKeyId: string | null;
  rotationSignature: string | null;
}

/** A key's id: the first 32 hex characters of the SHA-256 of its raw 32-byte public key. */
export function keyIdOf(publicKey: KeyObject | string): string {
  const key = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
  const raw = Buffer.from(key.export({ format: "jwk" }).x as string, "base64url");
  return createHash("sha256").update(raw).digest("hex").slice(0, 32);
}

/** The fingerprint people compare by eye: the key id in groups of four. */
export function fingerprintOf(keyId: string): string {
  return keyId.match(/.{1,4}/g)!.join(" ");
}

export function publicKeyPem(privateKeyPem: string): string {
  return createPublicKey(createPrivateKey(privateKeyPem)).export({ format: "pem", type: "spki" }).toString();
}

export function checkpointStatement(c: Omit<Checkpoint, "signature">): string {
  return canonicalJson({
    format: CHECKPOINT_FORMAT,
    number: c.number,
    seq: c.seq,
    count: c.count,
    headHash: c.headHash,
    time: c.time,
    keyId: c.keyId,
    prevSignature: c.prevSignature,
  });
}

export function signCheckpoint(privateKey: KeyObject | string, c: Omit<Checkpoint, "signature">): Checkpoint {
  const key = typeof privateKey === "string" ? createPrivateKey(privateKey) : privateKey;
  return { ...c, signature: sign(null, Buffer.from(checkpointStatement(c), "utf8"), key).toString("base64") };
}

function verifySignature(publicKey: string, statement: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(statement, "utf8"), createPublicKey(publicKey), Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}

export function rotationStatement(k: Pick<AuditKey, "previousKeyId" | "keyId" | "publicKey" | "createdAt">): string {
  return canonicalJson({
    format: ROTATION_FORMAT,
    previousKeyId: k.previousKeyId,
    keyId: k.keyId,
    publicKey: k.publicKey,
    time: k.createdAt,
  });
}

export function signRotation(
  previousPrivateKey: KeyObject | string,
  k: Pick<AuditKey, "previousKeyId" | "keyId" | "publicKey" | "createdAt">,
): string {
  const key = typeof previousPrivateKey === "string" ? createPrivateKey(previousPrivateKey) : previousPrivateKey;
  return sign(null, Buffer.from(rotationStatement(k), "utf8"), key).toString("base64");
}

export type KeyChainVerdict = { ok: true; keys: Map<string, AuditKey> } | { ok: false; problem: string };

/**
 * Checks the key history: the first key is the trust anchor (or must equal `trustedKey` when one is given), and
 * every later key is introduced by a rotation statement signed by the key before it.
 */
export function verifyKeyChain(keys: readonly AuditKey[], trustedKey?: string): KeyChainVerdict {
  if (keys.length === 0) return { ok: false, problem: "No signing key is recorded." };
  let trustedId: string | undefined;
  if (trustedKey) {
    try {
      trustedId = keyIdOf(trustedKey);
    } catch {
      return { ok: false, problem: "The given public key is not a valid Ed25519 public key (PEM)." };
    }
  }
  const byId = new Map<string, AuditKey>();
  for (const [i, k] of keys.entries()) {
    let actual: string;
    try {
      actual = keyIdOf(k.publicKey);
    } catch {
      return { ok: false, problem: `Key ${i + 1} is not a valid Ed25519 public key.` };
    }
    if (actual !== k.keyId) return { ok: false, problem: `Key ${k.keyId} does not match its public key.` };
    if (i === 0) {
      if (k.previousKeyId !== null) return { ok: false, problem: "The first key claims a predecessor." };
      if (trustedId && trustedId !== k.keyId) {
        const rotatedTo = keys.some((x) => x.keyId === trustedId);
        if (!rotatedTo) return { ok: false, problem: "The given public key is not among the instance's keys." };
      }
    } else {
      const previous = keys[i - 1]!;
      if (k.previousKeyId !== previous.keyId || !k.rotationSignature)
        return { ok: false, problem: `Key ${k.keyId} was not introduced by the key before it.` };
      if (!verifySignature(previous.publicKey, rotationStatement(k), k.rotationSignature)) {
        return { ok: false, problem: `The rotation to key ${k.keyId} is not signed by key ${previous.keyId}.` };
      }
    }
    byId.set(k.keyId, k);
  }
  return { ok: true, keys: byId };
}

export interface CheckpointProblem {
  number: number;
  problem: string;
}

/**
 * Checks checkpoints in order: numbering, chaining by previous signature, signatures with known keys, seq
 * increasing, count equal to seq, and — through `hashAt` — that the chain passes through each head hash
 * (`hashAt` returns the stored hash at a seq, undefined when the entry is missing, or null when the caller
 * cannot know, e.g. outside an export's range). Returns the first problem, or null.
 */
export function verifyCheckpoints(
  checkpoints: readonly Checkpoint[],
  keys: Map<string, AuditKey>,
  hashAt: (seq: number) => string | null | undefined,
): CheckpointProblem | null {
  let previous: Checkpoint | null = null;
  // Keys in the order of the key history: a checkpoint may not go back to a key its predecessor's key replaced.
  const order = new Map([...keys.keys()].map((id, i) => [id, i]));
  for (const c of checkpoints) {
    const expectedNumber = previous ? previous.number + 1 : c.number;
    if (c.number !== expectedNumber) return { number: c.number, problem: `Checkpoint #${expectedNumber} is missing.` };
    if (c.prevSignature !== (previous?.signature ?? (c.number === 1 ? "" : c.prevSignature))) {
      return { number: c.number, problem: "It does not carry the previous checkpoint's signature." };
    }
    const key = keys.get(c.keyId);
    if (!key) return { number: c.number, problem: `It is signed with an unknown key ${c.keyId}.` };
    if (previous && order.get(c.keyId)! < order.get(previous.keyId)!) {
      return { number: c.number, problem: `It is signed with key ${c.keyId}, which had already been replaced.` };
    }
    const { signature, ...unsigned } = c;
    if (!verifySignature(key.publicKey, checkpointStatement(unsigned), signature))
      return { number: c.number, problem: "Its signature is not valid." };
    if (c.count !== c.seq) return { number: c.number, problem: "Its entry count does not match its position." };
    if (previous && c.seq <= previous.seq) return { number: c.number, problem: "It does not move forward in the chain." };
    const stored = hashAt(c.seq);
    if (stored === undefined) return { number: c.number, problem: `Entry ${c.seq}, which it signed, is missing: the log was cut short.` };
    if (stored !== null && stored !== c.headHash)
      return { number: c.number, problem: `Entry ${c.seq} is not the entry it signed: the log was rewritten.` };
    previous = c;
  }
  return null;
}
