import { describe, expect, it } from "vitest";
import { cyrillicNameRecognizer } from "@/lib/redaction/recognizers/cyrillic-names";
import { matches } from "./_helpers";

const r = cyrillicNameRecognizer;

describe("Korean names in Cyrillic", () => {
  it.each([
    ["Ukrainian intake form", "«Чхве Кван Хьок»", "Чхве Кван Хьок"],
    ["Russian Цой for 최", "Цой Гван Хёк", "Цой Гван Хёк"],
    ["Russian Ли", "Ли Чхун Хва", "Ли Чхун Хва"],
    ["Ukrainian Лі with ґ", "Лі Йонґ Мі", "Лі Йонґ Мі"],
    ["short surname О with two syllables", "они писали «О Сон Мин»", "О Сон Мин"],
    ["Ukrainian Кім", "пан Кім Йонґ Мі", "Кім Йонґ Мі"],
    ["joined given name", "Пак Мёнъиль", "Пак Мёнъиль"],
  ])("finds %s", (_label, text, expected) => {
    expect(matches(r, text)).toContain(expected);
  });

  it("finds several names in a list", () => {
    const text = "1. Ким Чхоль Су, 1999 г.р.\n2. Пак Мён Иль, 2003 г.р.\n3. Ли Гван Ён, 2004 г.р.";
    expect(matches(r, text)).toEqual(["Ким Чхоль Су", "Пак Мён Иль", "Ли Гван Ён"]);
  });

  it.each([
    ["preposition О before a word", "О, нет. Пакет документів."],
    ["ordinary Russian sentence", "Со Всеми договорились. Про оружие спросите."],
  ])("does not flag %s", (_label, text) => {
    expect(matches(r, text)).toEqual([]);
  });
});
