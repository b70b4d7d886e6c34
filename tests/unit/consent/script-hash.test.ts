import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONSENT_SCRIPT } from "@/lib/consent/default-script";
import { canonicalScriptString, scriptTextHash, scriptVersionHash } from "@/lib/consent/script-hash";
import { SCRIPT_SECTIONS, type ConsentScriptContent, type ScriptText } from "@/lib/consent/script-types";

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const HEX64 = /^[0-9a-f]{64}$/;

/** A tiny fixture: each section's text is its key followed by a Korean word, so NFC/NFD matters. */
const tiny = (): ScriptText => Object.fromEntries(SCRIPT_SECTIONS.map((s) => [s, `${s} 본문.`])) as ScriptText;
const mapText = (t: ScriptText, f: (s: string) => string): ScriptText =>
  Object.fromEntries(SCRIPT_SECTIONS.map((s) => [s, f(t[s])])) as ScriptText;

/** A fixture with several paragraphs, a decomposable Latin letter and Hangul. */
const multi = (): ScriptText =>
  Object.fromEntries(SCRIPT_SECTIONS.map((s, i) => [s, `Café ${i}, first paragraph.\n\n두 번째 문단 ${s}.\nLine two.`])) as ScriptText;

describe("scriptTextHash", () => {
  it("matches a known answer for a tiny fixture", () => {
    expect(scriptTextHash(tiny(), "Tiny")).toBe("b904d524efe2e985ddf54b9c3058d6fb3bc4d844ad6697d0af1523cd76f7be67");
  });

  it("is the SHA-256 of the documented canonical form (format v1, sections in SCRIPT_SECTIONS order)", () => {
    const canonical = JSON.stringify(["sourcekeeper/consent-script-text/v1", "Tiny", ...SCRIPT_SECTIONS.map((s) => [s, `${s} 본문.`])]);
    expect(scriptTextHash(tiny(), "Tiny")).toBe(sha256(canonical));
  });

  it("does not depend on the order of the object's keys", () => {
    const reversed = Object.fromEntries([...SCRIPT_SECTIONS].reverse().map((s) => [s, `${s} 본문.`])) as ScriptText;
    expect(scriptTextHash(reversed, "Tiny")).toBe(scriptTextHash(tiny(), "Tiny"));
  });

  it("treats CRLF and lone CR line endings as LF, in the text and in the title", () => {
    const lf = multi();
    expect(
      scriptTextHash(
        mapText(lf, (s) => s.replace(/\n/g, "\r\n")),
        "A\r\ntitle",
      ),
    ).toBe(scriptTextHash(lf, "A\ntitle"));
    expect(
      scriptTextHash(
        mapText(lf, (s) => s.replace(/\n/g, "\r")),
        "A\rtitle",
      ),
    ).toBe(scriptTextHash(lf, "A\ntitle"));
  });

  it("treats NFD (decomposed Hangul and accents) as NFC", () => {
    const nfc = multi();
    const nfd = mapText(nfc, (s) => s.normalize("NFD"));
    // The fixture really is different as bytes before normalisation.
    expect(nfd.who_we_are).not.toBe(nfc.who_we_are);
    expect(scriptTextHash(nfd, "제목 Café".normalize("NFD"))).toBe(scriptTextHash(nfc, "제목 Café".normalize("NFC")));
    const ko = DEFAULT_CONSENT_SCRIPT.texts.ko as ScriptText;
    expect(
      scriptTextHash(
        mapText(ko, (s) => s.normalize("NFD")),
        "t",
      ),
    ).toBe(scriptTextHash(ko, "t"));
  });

  it("exposes the same normalisation for anyone comparing texts", () => {
    expect(canonicalScriptString("a\r\nb\rc\n한".normalize("NFD"))).toBe("a\nb\nc\n한");
  });

  for (const section of SCRIPT_SECTIONS) {
    it(`changes when one character of ${section} changes, is added or is removed`, () => {
      const base = scriptTextHash(multi(), "T");
      const changed = multi();
      changed[section] = changed[section].replace("first", "firsT");
      const added = multi();
      added[section] = `${added[section]}!`;
      const removed = multi();
      removed[section] = removed[section].slice(1);
      for (const t of [changed, added, removed]) expect(scriptTextHash(t, "T")).not.toBe(base);
    });
  }

  it("changes when the title changes, and does not fold whitespace, case or paragraph breaks", () => {
    const base = scriptTextHash(multi(), "Title");
    expect(scriptTextHash(multi(), "Titlf")).not.toBe(base);
    expect(scriptTextHash(multi(), "title")).not.toBe(base);
    expect(scriptTextHash(multi(), "Title ")).not.toBe(base);
    expect(
      scriptTextHash(
        mapText(multi(), (s) => s.replace("\n\n", "\n")),
        "Title",
      ),
    ).not.toBe(base);
    expect(
      scriptTextHash(
        mapText(multi(), (s) => s.replace("두 번째", "두번째")),
        "Title",
      ),
    ).not.toBe(base);
  });

  it("keeps section boundaries: moving text between sections or swapping sections changes the hash", () => {
    const base = tiny();
    const moved = tiny();
    moved.who_we_are = `${base.who_we_are}x`;
    moved.purpose = base.purpose;
    const moved2 = tiny();
    moved2.purpose = `x${base.purpose}`;
    expect(scriptTextHash(moved, "T")).not.toBe(scriptTextHash(moved2, "T"));
    const swapped = tiny();
    swapped.who_we_are = base.purpose;
    swapped.purpose = base.who_we_are;
    expect(scriptTextHash(swapped, "T")).not.toBe(scriptTextHash(base, "T"));
    // The title cannot be confused with a section's text either.
    const shifted = tiny();
    shifted.who_we_are = `T${base.who_we_are}`;
    expect(scriptTextHash(shifted, "")).not.toBe(scriptTextHash(base, "T"));
  });

  it("refuses a text with a missing section instead of hashing undefined", () => {
    const { risks: _risks, ...partial } = tiny();
    expect(() => scriptTextHash(partial as ScriptText, "T")).toThrow(/risks/);
  });
});

describe("scriptVersionHash", () => {
  const content = (): ConsentScriptContent => ({
    title: { en: "Tiny", ko: "작은 것" },
    texts: { en: tiny(), ko: mapText(tiny(), (s) => `${s} 한국어`) },
  });

  it("matches a known answer, built from the per-language hashes sorted by language code", () => {
    const c = content();
    const expected = sha256(
      JSON.stringify([
        "sourcekeeper/consent-script-version/v1",
        ["en", scriptTextHash(c.texts.en as ScriptText, "Tiny")],
        ["ko", scriptTextHash(c.texts.ko as ScriptText, "작은 것")],
      ]),
    );
    expect(scriptVersionHash(c)).toBe(expected);
    expect(scriptVersionHash({ title: { en: "Tiny", ko: "작은" }, texts: { en: tiny(), ko: tiny() } })).toBe(
      "12d60555ee23c5f80f04c8470c53eaecab4866a4924693642caa754e40b76aa3",
    );
  });

  it("does not depend on the order in which languages or titles were added", () => {
    const c = content();
    const reordered: ConsentScriptContent = {
      title: { ko: c.title.ko as string, en: c.title.en as string },
      texts: { ko: c.texts.ko as ScriptText, en: c.texts.en as ScriptText },
    };
    expect(Object.keys(reordered.texts)).toEqual(["ko", "en"]);
    expect(scriptVersionHash(reordered)).toBe(scriptVersionHash(c));
    const three = (order: string[]): ConsentScriptContent => {
      const all: Record<string, ScriptText> = { en: tiny(), ko: tiny(), ru: mapText(tiny(), (s) => `${s} ru`) };
      return { title: { en: "a", ko: "b", ru: "c" }, texts: Object.fromEntries(order.map((l) => [l, all[l] as ScriptText])) };
    };
    expect(scriptVersionHash(three(["ru", "en", "ko"]))).toBe(scriptVersionHash(three(["en", "ko", "ru"])));
    expect(scriptVersionHash(three(["ko", "ru", "en"]))).toBe(scriptVersionHash(three(["en", "ko", "ru"])));
  });

  it("changes with one character in any language, with a title, an added language or a renamed language", () => {
    const base = scriptVersionHash(content());
    const koChanged = content();
    (koChanged.texts.ko as ScriptText).risks += ".";
    expect(scriptVersionHash(koChanged)).not.toBe(base);
    const titleChanged = content();
    titleChanged.title.en = "Tiny!";
    expect(scriptVersionHash(titleChanged)).not.toBe(base);
    const added = content();
    added.texts.ru = tiny();
    expect(scriptVersionHash(added)).not.toBe(base);
    const renamed = content();
    renamed.texts = { en: renamed.texts.en as ScriptText, "ko-KP": renamed.texts.ko as ScriptText };
    renamed.title = { en: "Tiny", "ko-KP": "작은 것" };
    expect(scriptVersionHash(renamed)).not.toBe(base);
  });

  it("ties each title to its language: swapping the titles changes the hash", () => {
    const c = content();
    const swapped = content();
    swapped.title = { en: c.title.ko as string, ko: c.title.en as string };
    expect(scriptVersionHash(swapped)).not.toBe(scriptVersionHash(c));
  });

  it("hashes the default script the same after a CRLF and NFD round trip (e.g. through a Windows editor)", () => {
    const d = DEFAULT_CONSENT_SCRIPT;
    const mangled: ConsentScriptContent = {
      title: Object.fromEntries(Object.entries(d.title).map(([l, t]) => [l, t.normalize("NFD")])),
      texts: Object.fromEntries(Object.entries(d.texts).map(([l, t]) => [l, mapText(t, (s) => s.replace(/\n/g, "\r\n").normalize("NFD"))])),
    };
    expect(scriptVersionHash(d)).toMatch(HEX64);
    expect(scriptVersionHash(mangled)).toBe(scriptVersionHash(d));
  });

  it("pins the released 2026-11 default script: editing its text needs a new version label", () => {
    // If this fails, the built-in script's words changed. Consent records and printed sheets cite this hash, so
    // give the changed script a new label (and built-in id) instead of editing 2026-11 in place.
    expect(scriptVersionHash(DEFAULT_CONSENT_SCRIPT)).toBe("57d66dea9ac46e2d69115e756b6c5666fe89e6e2e4946ab68a8ab0eb4d3ced42");
  });

  it("refuses a version with no language", () => {
    expect(() => scriptVersionHash({ title: {}, texts: {} })).toThrow();
  });
});
