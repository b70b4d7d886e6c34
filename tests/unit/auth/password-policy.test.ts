import { describe, expect, it } from "vitest";
import { newPasswordSchema, PASSWORD_MAX, PASSWORD_MIN, passwordWeakness } from "@/lib/auth/password-policy";
import { signInSchema } from "@/lib/auth/schema";

const TOO_COMMON = /too common|too easy/;

/** A long, non-repetitive passphrase of exactly `n` characters. */
function passphrase(n: number): string {
  const words = ["violet", "tractor", "omelette", "harbour", "quiet", "lantern", "mosaic", "juniper", "겨울", "바다"];
  let s = "";
  for (let i = 0; s.length < n; i++) s += `${words[i % words.length]}${i} `;
  return s.slice(0, n);
}

describe("password policy: length", () => {
  it("minimum is 12 characters", () => {
    expect(PASSWORD_MIN).toBe(12);
    expect(passwordWeakness("violet-tra1")).toMatch(/at least 12/); // 11
    expect(passwordWeakness("violet-trac1")).toBeNull(); // 12
  });

  it.each([0, 1, 11])("a %i-character password is too short", (n) => {
    expect(passwordWeakness(passphrase(n))).toMatch(/at least 12/);
  });

  it.each([12, 64, 128])("a %i-character passphrase is accepted", (n) => {
    const p = passphrase(n);
    expect(p).toHaveLength(n);
    expect(passwordWeakness(p)).toBeNull();
    expect(newPasswordSchema.safeParse(p).success).toBe(true);
  });

  it("no maximum below 128 characters; anything up to PASSWORD_MAX is accepted", () => {
    expect(PASSWORD_MAX).toBeGreaterThanOrEqual(128);
    expect(passwordWeakness(passphrase(PASSWORD_MAX))).toBeNull();
    expect(passwordWeakness(passphrase(PASSWORD_MAX + 1))).toMatch(/at most/);
  });

  it("a 128-character password can also be used to sign in", () => {
    expect(signInSchema.safeParse({ email: "a@example.org", password: passphrase(128) }).success).toBe(true);
  });
});

describe("password policy: common and guessable passwords", () => {
  it.each([
    "Password2024!",
    "password1234",
    "PASSWORD1234",
    "qwerty123456",
    "qwerty123456789",
    "Qwertyuiop123",
    "123456password",
    "!!Letmein2024",
    "Welcome2024!!",
    "iloveyou1234",
    "Sourcekeeper2024",
    "Seoul1234567!",
    "correcthorsebatterystaple",
    "passwordpassword",
    "123456789abc",
    "P@ssw0rd20242024",
  ])("rejects the common password or stem %s", (p) => {
    expect(passwordWeakness(p)).toMatch(TOO_COMMON);
    expect(newPasswordSchema.safeParse(p).success).toBe(false);
  });

  it.each(["aaaaaaaaaaaa", "############", "ZZZZZZZZZZZZZZZZZZZZ", "            "])("rejects the repeated character %j", (p) => {
    expect(passwordWeakness(p)).toMatch(TOO_COMMON);
  });

  it.each(["193847561023", "000000000000", "12345678901234567890"])("rejects digits only (%s)", (p) => {
    expect(passwordWeakness(p)).toMatch(TOO_COMMON);
  });

  it.each(["abababababab", "xyzxyzxyzxyz", "aabbaabbaabb"])("rejects too few different characters (%s)", (p) => {
    expect(passwordWeakness(p)).toMatch(/different characters/);
  });
});

describe("password policy: good passphrases", () => {
  it.each([
    "violet tractor omelette 42",
    "correct horse battery stapler",
    "ruhig-Kaffee-Fenster-9",
    "서울의 밤하늘은 맑다 2024",
    "Київ вечірній дощ 17",
    "my dog eats 3 clementines",
    "passwordless-login-is-nice", // contains a common word but is not one
  ])("accepts %s", (p) => {
    expect(passwordWeakness(p)).toBeNull();
    expect(newPasswordSchema.safeParse(p).success).toBe(true);
  });

  it("the schema reports the policy's message", () => {
    const result = newPasswordSchema.safeParse("short");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(passwordWeakness("short"));
  });
});
