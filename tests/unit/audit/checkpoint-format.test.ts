import { createHash, createPrivateKey, createPublicKey, verify, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  CHECKPOINT_FORMAT,
  checkpointStatement,
  fingerprintOf,
  keyIdOf,
  publicKeyPem,
  ROTATION_FORMAT,
  rotationStatement,
  signCheckpoint,
  signRotation,
  verifyCheckpoints,
  verifyKeyChain,
  type AuditKey,
  type Checkpoint,
} from "@/lib/audit/checkpoint-format";

/**
 * Ed25519 keys from fixed 32-byte seeds, so every signature below is the same on every run (Ed25519 signing is
 * deterministic). Seed A is RFC 8032's test vector 1, whose public key is known.
 */
const RFC8032_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

interface TestKey {
  privateKey: KeyObject;
  privatePem: string;
  publicKey: string;
  keyId: string;
}

function keyFromSeed(seedHex: string): TestKey {
  const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), Buffer.from(seedHex, "hex")]);
  const privateKey = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  const privatePem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
  const publicKey = publicKeyPem(privatePem);
  return { privateKey, privatePem, publicKey, keyId: keyIdOf(publicKey) };
}

const A = keyFromSeed(RFC8032_SEED);
const B = keyFromSeed("11".repeat(32));
const C = keyFromSeed("22".repeat(32));

const T = Date.UTC(2030, 0, 15, 9, 0, 0);
const DAY = 86_400_000;
const hashOf = (seq: number) => createHash("sha256").update(`entry ${seq}`).digest("hex");

function anchor(k: TestKey, createdAt = T): AuditKey {
  return { keyId: k.keyId, publicKey: k.publicKey, createdAt, previousKeyId: null, rotationSignature: null };
}

/** The key `to` introduced by a rotation statement signed by `signer` (normally the previous key `from`). */
function rotated(from: TestKey, to: TestKey, createdAt: number, signer: TestKey = from): AuditKey {
  const record = { previousKeyId: from.keyId, keyId: to.keyId, publicKey: to.publicKey, createdAt };
  return { ...record, rotationSignature: signRotation(signer.privateKey, record) };
}

const keyMap = (...keys: AuditKey[]) => new Map(keys.map((k) => [k.keyId, k]));

/** Signs checkpoints in order, each carrying the previous signature; `signers[i]` signs checkpoint i + 1. */
function chain(seqs: number[], signers: TestKey[] = seqs.map(() => A)): Checkpoint[] {
  const out: Checkpoint[] = [];
  for (const [i, seq] of seqs.entries()) {
    const key = signers[i]!;
    out.push(
      signCheckpoint(key.privateKey, {
        number: i + 1,
        seq,
        count: seq,
        headHash: hashOf(seq),
        time: T + i * DAY,
        keyId: key.keyId,
        prevSignature: out.at(-1)?.signature ?? "",
      }),
    );
  }
  return out;
}

/** hashAt for a log in which every entry is intact. */
const intact = (seq: number) => hashOf(seq);

function signatureValid(publicKey: string, c: Checkpoint): boolean {
  const { signature, ...unsigned } = c;
  return verify(null, Buffer.from(checkpointStatement(unsigned), "utf8"), createPublicKey(publicKey), Buffer.from(signature, "base64"));
}

describe("keyIdOf and fingerprintOf", () => {
  it("is the first 32 hex characters of the SHA-256 of the raw public key (RFC 8032 test vector 1)", () => {
    expect(createPublicKey(A.publicKey).export({ format: "jwk" }).x).toBe(Buffer.from(RFC8032_PUBLIC, "hex").toString("base64url"));
    expect(keyIdOf(A.publicKey)).toBe(createHash("sha256").update(Buffer.from(RFC8032_PUBLIC, "hex")).digest("hex").slice(0, 32));
    expect(keyIdOf(A.publicKey)).toBe("21fe31dfa154a261626bf854046fd227");
  });

  it("is stable: the same for the PEM, the KeyObject and the public key derived again from the private key", () => {
    const id = keyIdOf(A.publicKey);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(keyIdOf(createPublicKey(A.publicKey))).toBe(id);
    expect(keyIdOf(createPublicKey(A.privateKey))).toBe(id);
    expect(keyIdOf(publicKeyPem(A.privatePem))).toBe(id);
    expect(keyIdOf(A.publicKey)).toBe(id);
  });

  it("differs between keys and is always 32 lowercase hex characters", () => {
    const ids = [A, B, C].map((k) => keyIdOf(k.publicKey));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(3);
  });

  it("publicKeyPem gives the SPKI PEM of the private key's public half", () => {
    expect(A.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n?$/);
    expect(A.publicKey.trim()).toBe(
      "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PUBLIC KEY-----",
    );
  });

  it("fingerprintOf groups the key id by four", () => {
    expect(fingerprintOf("21fe31dfa154a261626bf854046fd227")).toBe("21fe 31df a154 a261 626b f854 046f d227");
    expect(fingerprintOf(A.keyId).replaceAll(" ", "")).toBe(A.keyId);
  });
});

describe("checkpoint statements and signatures", () => {
  const unsigned = { number: 3, seq: 3000, count: 3000, headHash: hashOf(3000), time: T, keyId: A.keyId, prevSignature: "cHJldg==" };

  it("sign the canonical JSON of every field but the signature, with the format name", () => {
    expect(checkpointStatement(unsigned)).toBe(
      `{"count":3000,"format":"${CHECKPOINT_FORMAT}","headHash":"${hashOf(3000)}","keyId":"${A.keyId}","number":3,"prevSignature":"cHJldg==","seq":3000,"time":${T}}`,
    );
    // Extra properties (such as a signature) never reach the statement.
    expect(checkpointStatement({ ...unsigned, signature: "x" } as Checkpoint)).toBe(checkpointStatement(unsigned));
  });

  it("signCheckpoint keeps the fields and adds an Ed25519 signature (64 bytes, base64) that verifies with the public key", () => {
    const c = signCheckpoint(A.privateKey, unsigned);
    expect(c).toMatchObject(unsigned);
    expect(Buffer.from(c.signature, "base64")).toHaveLength(64);
    expect(signatureValid(A.publicKey, c)).toBe(true);
    expect(signatureValid(B.publicKey, c)).toBe(false);
    // Deterministic (Ed25519), and the PEM string signs like the KeyObject.
    expect(signCheckpoint(A.privatePem, unsigned)).toEqual(c);
  });

  it("a chain of checkpoints signed with a known key verifies", () => {
    const checkpoints = chain([10, 20, 30]);
    expect(checkpoints.map((c) => c.prevSignature)).toEqual(["", checkpoints[0]!.signature, checkpoints[1]!.signature]);
    expect(verifyCheckpoints(checkpoints, keyMap(anchor(A)), intact)).toBeNull();
    expect(verifyCheckpoints([], keyMap(anchor(A)), intact)).toBeNull();
  });

  it("a range that does not start at #1 (an export) verifies from its first checkpoint", () => {
    const checkpoints = chain([10, 20, 30, 40]);
    expect(verifyCheckpoints(checkpoints.slice(1), keyMap(anchor(A)), intact)).toBeNull();
    expect(verifyCheckpoints(checkpoints.slice(2, 3), keyMap(anchor(A)), intact)).toBeNull();
  });

  it("hashAt returning null (outside what the caller knows) skips the head comparison only", () => {
    const checkpoints = chain([10, 20]);
    expect(verifyCheckpoints(checkpoints, keyMap(anchor(A)), () => null)).toBeNull();
    const forged = { ...checkpoints[1]!, signature: checkpoints[0]!.signature };
    expect(verifyCheckpoints([checkpoints[0]!, forged], keyMap(anchor(A)), () => null)).toEqual({
      number: 2,
      problem: "Its signature is not valid.",
    });
  });
});

describe("a tampered checkpoint fails", () => {
  const fields: [keyof Checkpoint, (c: Checkpoint) => Checkpoint[keyof Checkpoint]][] = [
    ["number", (c) => c.number + 7],
    ["seq", (c) => c.seq + 1],
    ["count", (c) => c.count + 1],
    ["headHash", () => hashOf(999)],
    ["time", (c) => c.time + 1],
    ["keyId", () => B.keyId],
    ["prevSignature", () => chain([5])[0]!.signature],
    ["signature", () => chain([5])[0]!.signature],
  ];
  const cases = (["first", "middle", "last"] as const).flatMap((position) =>
    fields.map(([field, change]) => [position, field, change] as const),
  );

  it.each(cases)("the %s checkpoint with its %s changed", (position, field, change) => {
    const checkpoints = chain([10, 20, 30]);
    const index = { first: 0, middle: 1, last: 2 }[position];
    const original = checkpoints[index]!;
    const tampered = { ...original, [field]: change(original) } as Checkpoint;
    expect(tampered[field]).not.toEqual(original[field]);
    checkpoints[index] = tampered;
    // Both keys are known, so a changed keyId is caught by the signature, not merely as an unknown key.
    const problem = verifyCheckpoints(checkpoints, keyMap(anchor(A), rotated(A, B, T)), intact);
    expect(problem).not.toBeNull();
    // The problem is reported at the tampered checkpoint (its number as it appears in the list).
    expect(problem!.number).toBe(tampered.number);
  });

  it("names the problem: a changed field breaks the signature; a changed prevSignature breaks the chaining", () => {
    const checkpoints = chain([10, 20, 30]);
    const keys = keyMap(anchor(A));
    expect(verifyCheckpoints([checkpoints[0]!, { ...checkpoints[1]!, seq: 21 }, checkpoints[2]!], keys, intact)).toEqual({
      number: 2,
      problem: "Its signature is not valid.",
    });
    expect(verifyCheckpoints([checkpoints[0]!, { ...checkpoints[1]!, prevSignature: "AAAA" }], keys, intact)).toEqual({
      number: 2,
      problem: "It does not carry the previous checkpoint's signature.",
    });
    // The first checkpoint of the whole log carries an empty previous signature.
    expect(verifyCheckpoints([{ ...checkpoints[0]!, prevSignature: "AAAA" }], keys, intact)).toMatchObject({ number: 1 });
  });

  it("a validly signed checkpoint whose count is not its seq fails", () => {
    const c = signCheckpoint(A.privateKey, {
      number: 1,
      seq: 10,
      count: 9,
      headHash: hashOf(10),
      time: T,
      keyId: A.keyId,
      prevSignature: "",
    });
    expect(verifyCheckpoints([c], keyMap(anchor(A)), intact)).toEqual({
      number: 1,
      problem: "Its entry count does not match its position.",
    });
  });

  it("a validly signed checkpoint that goes back in the chain fails", () => {
    const [first] = chain([20]);
    const back = signCheckpoint(A.privateKey, {
      number: 2,
      seq: 10,
      count: 10,
      headHash: hashOf(10),
      time: T,
      keyId: A.keyId,
      prevSignature: first!.signature,
    });
    expect(verifyCheckpoints([first!, back], keyMap(anchor(A)), intact)).toEqual({
      number: 2,
      problem: "It does not move forward in the chain.",
    });
  });

  it("a checkpoint whose entry is missing (cut short) or different (rewritten) fails", () => {
    const checkpoints = chain([10, 20]);
    const keys = keyMap(anchor(A));
    expect(verifyCheckpoints(checkpoints, keys, (seq) => (seq <= 15 ? hashOf(seq) : undefined))).toEqual({
      number: 2,
      problem: "Entry 20, which it signed, is missing: the log was cut short.",
    });
    expect(verifyCheckpoints(checkpoints, keys, (seq) => (seq === 10 ? hashOf(11) : hashOf(seq)))).toEqual({
      number: 1,
      problem: "Entry 10 is not the entry it signed: the log was rewritten.",
    });
  });
});

describe("a missing checkpoint or an unknown key", () => {
  it("a checkpoint missing from the middle of the sequence fails at the next one", () => {
    const [c1, , c3, c4] = chain([10, 20, 30, 40]);
    expect(verifyCheckpoints([c1!, c3!, c4!], keyMap(anchor(A)), intact)).toEqual({ number: 3, problem: "Checkpoint #2 is missing." });
  });

  it("a checkpoint removed and the rest renumbered fails (signatures and chaining no longer match)", () => {
    const [c1, , c3] = chain([10, 20, 30]);
    expect(verifyCheckpoints([c1!, { ...c3!, number: 2 }], keyMap(anchor(A)), intact)).toMatchObject({ number: 2 });
  });

  it("a checkpoint signed by a key that is not among the instance's keys fails", () => {
    const checkpoints = chain([10, 20, 30], [A, A, C]);
    expect(verifyCheckpoints(checkpoints, keyMap(anchor(A)), intact)).toEqual({
      number: 3,
      problem: `It is signed with an unknown key ${C.keyId}.`,
    });
  });

  it("a checkpoint claiming a known key id but signed by another key fails", () => {
    const [c1] = chain([10]);
    const byC = signCheckpoint(C.privateKey, {
      number: 2,
      seq: 20,
      count: 20,
      headHash: hashOf(20),
      time: T,
      keyId: A.keyId,
      prevSignature: c1!.signature,
    });
    expect(verifyCheckpoints([c1!, byC], keyMap(anchor(A)), intact)).toEqual({ number: 2, problem: "Its signature is not valid." });
  });
});

describe("key rotation", () => {
  const rotation = rotated(A, B, T + 5 * DAY);

  it("the rotation statement is the canonical JSON of the new key and its predecessor, signed by the old key", () => {
    expect(rotationStatement(rotation)).toBe(
      `{"format":"${ROTATION_FORMAT}","keyId":"${B.keyId}","previousKeyId":"${A.keyId}","publicKey":${JSON.stringify(B.publicKey)},"time":${T + 5 * DAY}}`,
    );
    const signature = Buffer.from(rotation.rotationSignature!, "base64");
    expect(verify(null, Buffer.from(rotationStatement(rotation)), createPublicKey(A.publicKey), signature)).toBe(true);
    expect(verify(null, Buffer.from(rotationStatement(rotation)), createPublicKey(B.publicKey), signature)).toBe(false);
  });

  it("a key chain with a rotation signed by the old key verifies, and checkpoints of both keys verify", () => {
    const verdict = verifyKeyChain([anchor(A), rotation]);
    expect(verdict.ok).toBe(true);
    if (!verdict.ok) return;
    expect([...verdict.keys.keys()]).toEqual([A.keyId, B.keyId]);
    const checkpoints = chain([10, 20, 30, 40], [A, A, B, B]);
    expect(verifyCheckpoints(checkpoints, verdict.keys, intact)).toBeNull();
    // A verifier that knows only the first key does not accept the new key's checkpoints.
    expect(verifyCheckpoints(checkpoints, keyMap(anchor(A)), intact)).toMatchObject({
      number: 3,
      problem: expect.stringMatching(/unknown key/),
    });
  });

  it("three keys in a row verify", () => {
    expect(verifyKeyChain([anchor(A), rotation, rotated(B, C, T + 9 * DAY)]).ok).toBe(true);
  });

  it("a rotation signed by the wrong key fails", () => {
    expect(verifyKeyChain([anchor(A), rotated(A, B, T, C)])).toEqual({
      ok: false,
      problem: `The rotation to key ${B.keyId} is not signed by key ${A.keyId}.`,
    });
    // The new key vouching for itself is not enough either.
    expect(verifyKeyChain([anchor(A), rotated(A, B, T, B)])).toMatchObject({ ok: false });
  });

  it("a rotation whose statement was changed after signing fails", () => {
    expect(verifyKeyChain([anchor(A), { ...rotation, createdAt: rotation.createdAt + 1 }])).toMatchObject({ ok: false });
    expect(verifyKeyChain([anchor(A), { ...rotation, publicKey: C.publicKey, keyId: C.keyId }])).toMatchObject({ ok: false });
  });

  it("a later key without a rotation statement, or naming another predecessor, fails", () => {
    expect(verifyKeyChain([anchor(A), { ...rotation, rotationSignature: null }])).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/not introduced/),
    });
    expect(verifyKeyChain([anchor(A), anchor(B)])).toMatchObject({ ok: false, problem: expect.stringMatching(/not introduced/) });
    expect(verifyKeyChain([anchor(A), rotation, rotated(A, C, T + 9 * DAY)])).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/not introduced/),
    });
  });

  it("keys out of order fail", () => {
    expect(verifyKeyChain([rotation, anchor(A)])).toEqual({ ok: false, problem: "The first key claims a predecessor." });
    const third = rotated(B, C, T + 9 * DAY);
    expect(verifyKeyChain([anchor(A), third, rotation])).toMatchObject({ ok: false });
  });

  it("a trusted key must be the first key or one the chain rotated to", () => {
    const keys = [anchor(A), rotation];
    expect(verifyKeyChain(keys, A.publicKey).ok).toBe(true);
    expect(verifyKeyChain(keys, B.publicKey).ok).toBe(true);
    expect(verifyKeyChain(keys, C.publicKey)).toEqual({ ok: false, problem: "The given public key is not among the instance's keys." });
    expect(verifyKeyChain([anchor(A)], C.publicKey)).toMatchObject({ ok: false });
  });

  it("a key whose id does not match its public key, an invalid public key, or no key at all fails", () => {
    expect(verifyKeyChain([{ ...anchor(A), keyId: B.keyId }])).toEqual({
      ok: false,
      problem: `Key ${B.keyId} does not match its public key.`,
    });
    expect(verifyKeyChain([{ ...anchor(A), publicKey: "not a key" }])).toEqual({
      ok: false,
      problem: "Key 1 is not a valid Ed25519 public key.",
    });
    expect(verifyKeyChain([])).toEqual({ ok: false, problem: "No signing key is recorded." });
  });

  // Regression (found in review, fixed): keyIdOf(trustedKey) is called outside the try, so a bad --pubkey file makes
  // `audit verify-export` crash instead of reporting the problem.
  it("a trusted key that is not a valid public key fails with a verdict, not an exception", () => {
    expect(() => verifyKeyChain([anchor(A)], "not a key")).not.toThrow();
    expect(verifyKeyChain([anchor(A)], "not a key")).toMatchObject({ ok: false });
  });

  // Regression (found in review, fixed): after a rotation, the retired key can still sign checkpoints that verify. Rotation is
  // how a leaked key is replaced; a checkpoint by a retired key after one by its successor must not verify.
  it("a checkpoint signed by the old key after one signed by its successor fails", () => {
    const verdict = verifyKeyChain([anchor(A), rotation]);
    expect(verdict.ok).toBe(true);
    if (!verdict.ok) return;
    const checkpoints = chain([10, 20, 30], [A, B, A]);
    expect(verifyCheckpoints(checkpoints, verdict.keys, intact)).toMatchObject({ number: 3 });
  });
});
