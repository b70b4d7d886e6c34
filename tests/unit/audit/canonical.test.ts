import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, computeEntryHash, entryBody, GENESIS_HASH, sha256Hex, type AuditRow } from "@/lib/audit/canonical";

describe("canonicalJson", () => {
  it("gives the same bytes whatever the key insertion order", () => {
    const a = { b: 1, a: 2, c: { z: true, y: null } };
    const b = { c: { y: null, z: true }, a: 2, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":2,"b":1,"c":{"y":null,"z":true}}');
  });

  it.each([
    ["empty object", {}, "{}"],
    ["empty array", [], "[]"],
    ["string", "x", '"x"'],
    ["number", 1.5, "1.5"],
    ["negative zero is written like JSON.stringify", -0, "0"],
    ["boolean", false, "false"],
    ["null", null, "null"],
    ["nested arrays keep their order", [[3, 1], [2]], "[[3,1],[2]]"],
    ["objects inside arrays are sorted", [{ b: 1, a: 0 }, { d: [{ f: 1, e: 2 }] }], '[{"a":0,"b":1},{"d":[{"e":2,"f":1}]}]'],
    ["deep nesting", { x: { y: { z: { b: [1, { d: 1, c: 2 }], a: "" } } } }, '{"x":{"y":{"z":{"a":"","b":[1,{"c":2,"d":1}]}}}}'],
    ["quotes and control characters are escaped", { 'k"\n': "v\t\\" }, '{"k\\"\\n":"v\\t\\\\"}'],
  ])("%s", (_label, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
    // Always valid JSON that round-trips to the same value.
    expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it("drops object keys whose value is undefined", () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ n: { x: undefined } })).toBe('{"n":{}}');
  });

  it("writes undefined array elements as null, like JSON.stringify (never invalid JSON)", () => {
    expect(canonicalJson([1, undefined, 2])).toBe("[1,null,2]");
    expect(() => JSON.parse(canonicalJson({ a: [undefined] }))).not.toThrow();
  });

  it("refuses a top-level undefined instead of returning a non-string", () => {
    expect(() => canonicalJson(undefined)).toThrow();
  });

  it.each([NaN, Infinity, -Infinity])("rejects the non-finite number %s, also when nested", (n) => {
    expect(() => canonicalJson(n)).toThrow(/Non-finite/);
    expect(() => canonicalJson({ a: { b: [n] } })).toThrow(/Non-finite/);
  });

  it("keeps Hangul and other Unicode stable (no escaping, deterministic key order)", () => {
    const value = { 이름: "서울 지국", emoji: "🎉", ключ: "Київ", a: "é" };
    const reordered = { a: "é", ключ: "Київ", emoji: "🎉", 이름: "서울 지국" };
    const expected = '{"a":"é","emoji":"🎉","ключ":"Київ","이름":"서울 지국"}';
    expect(canonicalJson(value)).toBe(expected);
    expect(canonicalJson(reordered)).toBe(expected);
    // Hashing is over UTF-8 bytes of exactly that text.
    expect(sha256Hex(canonicalJson(value))).toBe(createHash("sha256").update(Buffer.from(expected, "utf8")).digest("hex"));
  });

  it("does not normalise Unicode: precomposed and decomposed Hangul are different values", () => {
    const nfc = "한".normalize("NFC");
    const nfd = "한".normalize("NFD");
    expect(nfc).not.toBe(nfd);
    expect(canonicalJson({ s: nfc })).not.toBe(canonicalJson({ s: nfd }));
  });
});

describe("sha256Hex and computeEntryHash", () => {
  it("sha256Hex matches a known vector", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("the genesis hash is 64 zeros", () => {
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });

  const row: Omit<AuditRow, "hash"> = {
    seq: 1,
    occurredAt: 1_700_000_000_000,
    actorId: "u1",
    action: "user.created",
    targetType: "user",
    targetId: "u2",
    payload: '{"role":"journalist"}',
    prevHash: GENESIS_HASH,
  };

  it("is SHA-256 over prev hash followed by the SHA-256 of the canonical JSON of the entry", () => {
    const body = canonicalJson({ ...row });
    expect(computeEntryHash(row)).toBe(sha256Hex(row.prevHash + sha256Hex(body)));
    expect(computeEntryHash(row)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("ignores a hash field passed along and property order", () => {
    const withHash = { hash: "f".repeat(64), ...row } as AuditRow;
    expect(computeEntryHash(withHash)).toBe(computeEntryHash(row));
  });

  it.each([
    ["seq", { seq: 2 }],
    ["occurredAt", { occurredAt: row.occurredAt + 1 }],
    ["actorId", { actorId: "u9" }],
    ["actorId null vs the string null", { actorId: "null" }],
    ["action", { action: "user.deactivated" }],
    ["targetType", { targetType: "desk" }],
    ["targetId", { targetId: null }],
    ["payload", { payload: '{"role":"admin"}' }],
    ["payload whitespace", { payload: '{"role": "journalist"}' }],
    ["prevHash", { prevHash: "1".repeat(64) }],
  ] as const)("changes when %s changes", (_label, change) => {
    expect(computeEntryHash({ ...row, ...change })).not.toBe(computeEntryHash(row));
  });

  it("cannot be confused by moving text between adjacent fields", () => {
    const a = computeEntryHash({ ...row, action: "user.created", targetType: "user" });
    const b = computeEntryHash({ ...row, action: "user.createduser", targetType: "" });
    expect(a).not.toBe(b);
  });
});

describe("entryBody: the verifier's fast path writes exactly canonicalJson's bytes", () => {
  const row: Omit<AuditRow, "hash"> = {
    seq: 7,
    occurredAt: 1_700_000_000_123,
    actorId: "0b7f3c1e-5a7d-4c1e-9f3a-2d6e8b9c0a11",
    action: "consent.withdrawn",
    targetType: "consent",
    targetId: "interview-1",
    payload: '{"channel":"phone","from":"given","recordId":"r1"}',
    prevHash: "ab".repeat(32),
  };
  const viaCanonicalJson = (r: Record<string, unknown>) =>
    canonicalJson({
      seq: r.seq,
      occurredAt: r.occurredAt,
      actorId: r.actorId,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      payload: r.payload,
      prevHash: r.prevHash,
    });

  it.each([
    ["a stored row", {}],
    ["null actor and target", { actorId: null, targetId: null }],
    ["quotes, backslashes and control characters in the payload", { payload: '{"a":"x\\"y\n\u0001"}' }],
    ["quotes and control characters in ids (a tampered row)", { actorId: 'u"1\\', targetId: "t\n\t\u0000", action: "a b" }],
    ["Hangul, emoji and a lone surrogate", { targetId: "서울 지국", actorId: "🎉", payload: "\ud800" }],
    ["negative zero, fractions, large and negative numbers", { seq: -0, occurredAt: 1.5e21 }],
    ["negative and fractional", { seq: -3, occurredAt: 0.1 }],
    ["a text where a number belongs (a tampered row)", { occurredAt: "yesterday", seq: "7" }],
    ["a boolean (canonicalJson's own path)", { actorId: true }],
    ["an undefined column is left out (canonicalJson's own path)", { actorId: undefined }],
    ["a nested value (canonicalJson's own path)", { payload: { b: 1, a: [2] } }],
    ["empty strings", { action: "", targetType: "", payload: "" }],
  ] as const)("%s", (_label, change) => {
    const r = { ...row, ...change } as unknown as Omit<AuditRow, "hash">;
    expect(entryBody(r)).toBe(viaCanonicalJson(r));
  });

  it.each([NaN, Infinity, -Infinity])("refuses the non-finite number %s like canonicalJson", (n) => {
    expect(() => entryBody({ ...row, occurredAt: n })).toThrow(/Non-finite/);
  });

  it("computeEntryHash hashes that body", () => {
    expect(computeEntryHash(row)).toBe(sha256Hex(row.prevHash + sha256Hex(viaCanonicalJson(row))));
  });
});
