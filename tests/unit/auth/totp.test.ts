import { describe, expect, it } from "vitest";
import { generateRecoveryCodes, normaliseRecoveryCode, RECOVERY_CODE_COUNT } from "@/lib/auth/recovery-codes";
import { generateTotpSecret, groupSecret, normaliseTotpInput, timeStep, totpCode, totpUri, verifyTotp } from "@/lib/auth/totp";

/** RFC 6238 appendix B: the SHA-1 secret "12345678901234567890" (base32 below), 8 digits there, 6 here (the last 6). */
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const T = 1_111_111_109_000; // RFC vector: 07081804 at T = 1111111109 s

describe("TOTP (RFC 6238)", () => {
  it("matches the RFC 6238 SHA-1 test vectors (last six digits)", () => {
    expect(totpCode(RFC_SECRET, 59_000)).toBe("287082");
    expect(totpCode(RFC_SECRET, T)).toBe("081804");
    expect(totpCode(RFC_SECRET, 1_234_567_890_000)).toBe("005924");
  });

  it("accepts the current step and one step either side, and returns the step the code belongs to", () => {
    const step = timeStep(T);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, T), T, 0)).toBe(step);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, T - 30_000), T, 0)).toBe(step - 1);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, T + 30_000), T, 0)).toBe(step + 1);
  });

  it("refuses codes two steps away", () => {
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, T - 60_000), T, 0)).toBeNull();
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, T + 60_000), T, 0)).toBeNull();
  });

  it("replay: a code for a step at or before the last used one is refused", () => {
    const code = totpCode(RFC_SECRET, T);
    const step = verifyTotp(RFC_SECRET, code, T, 0)!;
    expect(verifyTotp(RFC_SECRET, code, T, step)).toBeNull();
    expect(verifyTotp(RFC_SECRET, code, T + 10_000, step)).toBeNull();
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, T - 30_000), T, step)).toBeNull();
    // The next step's code still works.
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, T + 30_000), T + 30_000, step)).toBe(step + 1);
  });

  it.each(["", "12345", "1234567", "abcdef", "12 34 5x", "１２３４５６"])("refuses malformed input %j", (code) => {
    expect(verifyTotp(RFC_SECRET, code, T, 0)).toBeNull();
  });

  it("accepts spaces inside the code", () => {
    const code = totpCode(RFC_SECRET, T);
    expect(normaliseTotpInput(`${code.slice(0, 3)} ${code.slice(3)}`)).toBe(code);
  });

  it("generates 160-bit base32 secrets, grouped by four for typing, and an otpauth URI with issuer and label", () => {
    const a = generateTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(generateTotpSecret()).not.toBe(a);
    expect(groupSecret(a).split(" ")).toHaveLength(8);
    expect(groupSecret(a).replace(/ /g, "")).toBe(a);
    const uri = totpUri(a, "ed@newsroom.example");
    expect(uri).toMatch(/^otpauth:\/\/totp\/Sourcekeeper:ed%40newsroom\.example\?/);
    expect(uri).toContain(`secret=${a}`);
    expect(uri).toContain("period=30");
    expect(uri).toContain("digits=6");
  });
});

describe("recovery codes", () => {
  it("ten distinct codes like xxxxx-xxxxx without look-alike characters", () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^[2-9a-hjkmnp-z]{5}-[2-9a-hjkmnp-z]{5}$/);
  });

  it("normalises case, spaces and dashes; refuses anything else", () => {
    expect(normaliseRecoveryCode(" AB2CD-EF3GH ")).toBe("ab2cdef3gh");
    expect(normaliseRecoveryCode("ab2cd ef3gh")).toBe("ab2cdef3gh");
    expect(normaliseRecoveryCode("ab2cd-ef3g")).toBeNull();
    expect(normaliseRecoveryCode("ab0cd-ef3gh")).toBeNull(); // 0 is not in the alphabet
    expect(normaliseRecoveryCode("123456")).toBeNull();
  });
});
