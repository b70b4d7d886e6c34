import { describe, expect, it } from "vitest";
import { createConsentScript } from "@/lib/consent/create-script";
import { DEFAULT_CONSENT_SCRIPT } from "@/lib/consent/default-script";
import { getScriptDetail, listScripts } from "@/lib/consent/list-scripts";
import { scriptVersionHash } from "@/lib/consent/script-hash";
import { inputFromContent, type ConsentScriptInput } from "@/lib/consent/script-types";
import { BUILTIN_SCRIPT_ID } from "@/lib/consent/scripts";
import { ForbiddenError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { makeCtx, seedNewsroom } from "../support/seed";
import { auditCount, auditSince, forceAuditInsertFailure, registerTestDb, sqlite } from "../support/test-db";

registerTestDb("each");

/** A new version: the default text with a changed risks section in both languages. */
function newVersion(overrides: Partial<ConsentScriptInput> = {}): ConsentScriptInput {
  const languages = inputFromContent(DEFAULT_CONSENT_SCRIPT);
  languages[0]!.texts.risks += "\n\nWe will tell you if we learn of any new risk before publication.";
  languages[1]!.texts.risks += "\n\n내보내기 전에 새로운 위험을 알게 되면 알려 드리겠습니다.";
  return { label: "2027-01", notes: "Risks: we promise to tell of new risks.", basedOn: BUILTIN_SCRIPT_ID, languages, ...overrides };
}

const scriptRows = () => sqlite().prepare("select * from consent_scripts").all() as Record<string, unknown>[];

describe("consent script versions", () => {
  it("lets an editor create a version whose stored hash is the hash of exactly the submitted text, audited once", async () => {
    const n = await seedNewsroom();
    const before = auditCount();
    const input = newVersion();
    const { scriptId, hash } = createConsentScript({ ctx: n.ctx(n.ed), input });
    const stored = listScripts({ ctx: n.ctx(n.jo) }).find((s) => s.id === scriptId)!;
    expect(stored.hash).toBe(hash);
    expect(scriptVersionHash(stored.content)).toBe(hash);
    expect(stored.content.texts.ko!.risks).toBe(input.languages[1]!.texts.risks);
    expect(stored.languages).toEqual(["en", "ko"]);
    // Newest first, the built-in last.
    expect(listScripts({ ctx: n.ctx(n.jo) }).map((s) => s.id)).toEqual([scriptId, BUILTIN_SCRIPT_ID]);
    const audit = auditSince(before);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "consentscript.created", targetId: scriptId, actorId: n.ed.id });
    expect(audit[0]!.data).toEqual({ scriptId, label: "2027-01", languages: ["en", "ko"], hash, basedOn: BUILTIN_SCRIPT_ID });
  });

  it("shows reviewers what changed from the base version", async () => {
    const n = await seedNewsroom();
    const extra = { code: "ru", title: "Согласие", texts: { ...DEFAULT_CONSENT_SCRIPT.texts.en! } };
    const { scriptId } = createConsentScript({ ctx: n.ctx(n.ed), input: newVersion({ languages: [...newVersion().languages, extra] }) });
    const detail = getScriptDetail({ ctx: n.ctx(n.jo), scriptId })!;
    expect(detail.base).toEqual({ id: BUILTIN_SCRIPT_ID, label: expect.any(String) });
    expect(detail.changed.en).toEqual(["risks"]);
    expect(detail.changed.ko).toEqual(["risks"]);
    expect(detail.changed.ru).toContain("title");
    expect(detail.creatorName).toBe("Eda Editor");
  });

  it("refuses journalists, anonymous callers, a reused label and a text identical to an existing version, writing nothing", async () => {
    const n = await seedNewsroom();
    expect(() => createConsentScript({ ctx: n.ctx(n.jo), input: newVersion() })).toThrow(ForbiddenError);
    expect(() => createConsentScript({ ctx: makeCtx(null), input: newVersion() })).toThrow(UnauthenticatedError);
    createConsentScript({ ctx: n.ctx(n.ed), input: newVersion() });
    const before = auditCount();
    const sameLabel = (() => {
      try {
        createConsentScript({ ctx: n.ctx(n.ed2), input: newVersion({ label: "2027-01" }) });
      } catch (e) {
        return e;
      }
    })();
    expect(sameLabel).toBeInstanceOf(ValidationError);
    expect((sameLabel as ValidationError).fieldErrors).toHaveProperty("label");
    expect(() => createConsentScript({ ctx: n.ctx(n.ed2), input: newVersion({ label: "2027-02" }) })).toThrow(
      /identical to version “2027-01”/,
    );
    // The built-in text, unchanged, is identical to the built-in version.
    const builtinCopy = { ...newVersion({ label: "copy" }), languages: inputFromContent(DEFAULT_CONSENT_SCRIPT) };
    expect(() => createConsentScript({ ctx: n.ctx(n.ed2), input: builtinCopy })).toThrow(ValidationError);
    expect(() => createConsentScript({ ctx: n.ctx(n.ed2), input: newVersion({ label: "2027-03", basedOn: "no-such-version" }) })).toThrow(
      ValidationError,
    );
    expect(scriptRows()).toHaveLength(1);
    expect(auditCount()).toBe(before);
  });

  it("puts a message on the exact field of bad input", async () => {
    const n = await seedNewsroom();
    const input = newVersion();
    input.languages[1]!.texts.purpose = "짧다";
    try {
      createConsentScript({ ctx: n.ctx(n.ed), input: { ...input, label: "<b>" } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect(Object.keys((e as ValidationError).fieldErrors)).toEqual(expect.arrayContaining(["label", "languages.1.texts.purpose"]));
    }
    for (const bad of [
      null,
      42,
      "x",
      { languages: "en" },
      { ...input, languages: [{ code: "en" }] },
      { ...input, __proto__: { label: "x" } },
    ]) {
      expect(() => createConsentScript({ ctx: n.ctx(n.ed), input: bad })).toThrow(ValidationError);
    }
    expect(scriptRows()).toHaveLength(0);
  });

  it("can never be edited or deleted once stored, and a failed audit write leaves no version behind", async () => {
    const n = await seedNewsroom();
    const restore = forceAuditInsertFailure();
    expect(() => createConsentScript({ ctx: n.ctx(n.ed), input: newVersion() })).toThrow();
    restore();
    expect(scriptRows()).toHaveLength(0);
    const { scriptId } = createConsentScript({ ctx: n.ctx(n.ed), input: newVersion() });
    expect(() => sqlite().prepare("update consent_scripts set content_json = '{}' where id = ?").run(scriptId)).toThrow(/immutable/);
    expect(() => sqlite().prepare("update consent_scripts set based_on = null where id = ?").run(scriptId)).toThrow(/immutable/);
    expect(() => sqlite().prepare("delete from consent_scripts where id = ?").run(scriptId)).toThrow(/never deleted/);
  });
});
