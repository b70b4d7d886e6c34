import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/db/client";
import { instanceDataKey } from "@/lib/crypto/data-keys";
import { open, openBytes, openOptional, seal as sealWith, sealBytes as sealBytesWith, sealOptional as sealOptionalWith, sealedKeyId } from "@/lib/crypto/seal";
import { sealLegacy, sealLegacyBytes } from "../../support/legacy-seal";

/** Sealed with the instance data key (created in this test's own DATA_DIR). */
const seal = (text: string, context: string) => sealWith(text, context, instanceDataKey());
const sealOptional = (text: string | null | undefined, context: string) => sealOptionalWith(text, context, instanceDataKey());
const sealBytes = (data: Uint8Array, context: string) => sealBytesWith(data, context, instanceDataKey());

/** getSecrets() reads DATA_DIR at call time: point it at a fresh directory so a key is generated there. */
let dir: string;
const previous = process.env.DATA_DIR;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sourcekeeper-seal-"));
  process.env.DATA_DIR = dir;
});
afterAll(() => {
  closeDb();
  if (previous === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = previous;
  fs.rmSync(dir, { recursive: true, force: true });
});

const CTX = "interview:abc:notes";
const PREFIX = /^v2:[0-9a-f-]{36}:/;
const prefixOf = (sealed: string) => sealed.match(PREFIX)![0];
const payloadOf = (sealed: string) => Buffer.from(sealed.replace(PREFIX, ""), "base64");
let prefix = "";
const withPayload = (raw: Buffer) => `${prefix}${raw.toString("base64")}`;

describe("seal / open", () => {
  it.each(["Kim Chol-su, Hyesan", "", "한국어 메모 — with emoji 🕊️", "x".repeat(10_000)])("round-trips %j", (text) => {
    const sealed = seal(text, CTX);
    expect(sealed).toMatch(/^v2:[0-9a-f-]{36}:[A-Za-z0-9+/]+=*$/);
    expect(sealedKeyId(sealed)).toBe(instanceDataKey().id);
    expect(open(sealed, CTX)).toBe(text);
  });

  it("never shows the plaintext and uses a fresh IV each time", () => {
    const a = seal("Mother lives in Hyesan", CTX);
    const b = seal("Mother lives in Hyesan", CTX);
    expect(a).not.toBe(b);
    expect(a).not.toContain("Hyesan");
    expect(payloadOf(a).includes("Hyesan")).toBe(false);
    expect(payloadOf(a).subarray(0, 12).equals(payloadOf(b).subarray(0, 12))).toBe(false);
  });

  it("fails to open under another context (record or field)", () => {
    const sealed = seal("secret", CTX);
    expect(() => open(sealed, "interview:abd:notes")).toThrow();
    expect(() => open(sealed, "interview:abc:evidence")).toThrow();
    expect(() => open(sealed, "")).toThrow();
  });

  it("fails when any byte of IV, tag or body is changed", () => {
    const sealed = seal("secret text", CTX);
    prefix = prefixOf(sealed);
    const raw = payloadOf(sealed);
    for (const index of [0, 11, 12, 27, 28, raw.length - 1]) {
      const tampered = Buffer.from(raw);
      tampered[index] = tampered[index]! ^ 0x01;
      expect(() => open(withPayload(tampered), CTX), `byte ${index}`).toThrow();
    }
  });

  it("fails when the body or the tag is cut short", () => {
    const sealed = seal("secret text", CTX);
    prefix = prefixOf(sealed);
    const raw = payloadOf(sealed);
    expect(() => open(withPayload(raw.subarray(0, raw.length - 1)), CTX)).toThrow();
    expect(() => open(withPayload(raw.subarray(0, 28)), CTX)).toThrow();
    expect(() => open(withPayload(raw.subarray(0, 12)), CTX)).toThrow();
  });

  it("refuses a truncated authentication tag, even one that is a valid prefix", () => {
    // For an empty plaintext the ciphertext is IV ‖ tag. Node's GCM accepts 4-byte tags unless told otherwise,
    // which would make forging a value a 2^32 guess instead of 2^128.
    const sealed = seal("", CTX);
    prefix = prefixOf(sealed);
    const raw = payloadOf(sealed);
    expect(raw).toHaveLength(28);
    expect(open(withPayload(raw), CTX)).toBe("");
    for (const tagBytes of [4, 8, 12, 15]) {
      expect(() => open(withPayload(raw.subarray(0, 12 + tagBytes)), CTX), `${tagBytes}-byte tag`).toThrow();
    }
  });

  it("refuses unknown formats", () => {
    const sealed = seal("secret", CTX);
    expect(() => open(sealed.replace(/^v2:/, "v3:"), CTX)).toThrow(/Unknown ciphertext format/);
    expect(() => open(sealed.replace(/^v2:/, "v1:"), CTX)).toThrow();
    expect(() => open(sealed.replace(/^(v2:[0-9a-f-]{36}):/, "$1;"), CTX)).toThrow(/Unknown ciphertext format/);
    expect(() => open("v2:not-a-key-id:AAAA", CTX)).toThrow(/Unknown ciphertext format/);
    expect(() => open(`v2:${"0".repeat(8)}-0000-0000-0000-${"0".repeat(12)}:AAAA`, CTX)).toThrow(/Unknown data key/);
    expect(() => open("v1:", CTX)).toThrow(/Unknown ciphertext format/);
    expect(() => open("plain text", CTX)).toThrow(/Unknown ciphertext format/);
  });

  it("opens values sealed before data keys (v1, the master key itself) and binds them to their context", () => {
    const legacy = sealLegacy("Mother lives in Hyesan", CTX);
    expect(legacy).toMatch(/^v1:/);
    expect(open(legacy, CTX)).toBe("Mother lives in Hyesan");
    expect(() => open(legacy, "interview:abd:notes")).toThrow();
  });

  it("fails under another instance (another master key, other data keys)", () => {
    const sealed = seal("secret", CTX);
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "sourcekeeper-seal-other-"));
    process.env.DATA_DIR = other;
    try {
      expect(() => open(sealed, CTX)).toThrow(/Unknown data key/);
    } finally {
      closeDb();
      process.env.DATA_DIR = dir;
      fs.rmSync(other, { recursive: true, force: true });
    }
    expect(open(sealed, CTX)).toBe("secret");
  });
});

describe("sealOptional / openOptional", () => {
  it("stores empty text as null and round-trips the rest", () => {
    expect(sealOptional("", CTX)).toBeNull();
    expect(sealOptional(null, CTX)).toBeNull();
    expect(sealOptional(undefined, CTX)).toBeNull();
    expect(openOptional(null, CTX)).toBeNull();
    expect(openOptional(sealOptional("note", CTX), CTX)).toBe("note");
  });
});

describe("sealBytes / openBytes", () => {
  it("round-trips binary content and binds it to its context", () => {
    const data = randomBytes(1000);
    const sealed = sealBytes(data, "upload:1");
    expect(openBytes(sealed, "upload:1").equals(data)).toBe(true);
    expect(() => openBytes(sealed, "upload:2")).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[500] = tampered[500]! ^ 0x80;
    expect(() => openBytes(tampered, "upload:1")).toThrow();
    expect(() => openBytes(sealed.subarray(0, 16), "upload:1")).toThrow();
    expect(sealed.subarray(0, 4).toString("latin1")).toBe("SKE2");
  });

  it("opens files sealed before data keys (no header)", () => {
    const data = randomBytes(500);
    const legacy = sealLegacyBytes(data, "upload:9");
    expect(openBytes(legacy, "upload:9").equals(data)).toBe(true);
    expect(() => openBytes(legacy, "upload:8")).toThrow();
  });
});
