import { describe, expect, it } from "vitest";
import { placeRecognizer } from "@/lib/redaction/recognizers/places";
import { matches } from "./_helpers";

const r = placeRecognizer;

describe("places", () => {
  it.each([
    ["city", "He is from Hyesan.", "Hyesan"],
    ["McCune–Reischauer with breve and apostrophe", "born in Ch'ŏngjin", "Ch'ŏngjin"],
    ["Revised Romanization", "Cheongjin port", "Cheongjin"],
    ["city with suffix", "Hyesan-si market", "Hyesan-si"],
    ["county with suffix", "Onsong-gun", "Onsong-gun"],
    ["province with direction", "his home province, North Pyongan", "North Pyongan"],
    ["province in MR", "Hamgyŏng-pukto", "Hamgyŏng-pukto"],
    ["Hangul with city suffix", "청진시에서 자랐어요", "청진시"],
    ["Hangul with county suffix", "무산군", "무산군"],
    ["Hangul with particle", "청진에 있는 아버지", "청진"],
    ["Hangul province with suffix", "량강도 혜산시", "량강도"],
    ["South Korean Hangul spelling of a North Korean province", "양강도 출신", "양강도"],
    ["unknown district with suffix", "수남구역에서", "수남구역"],
    ["Russian with case ending", "он из Вонсана", "Вонсана"],
    ["Ukrainian", "Чхонджин", "Чхонджин"],
    ["Kontsevich form not listed", "родом из Танчхона", "Танчхона"],
    ["Chinese border city", "the broker in Yanji", "Yanji"],
    ["Chinese border city in Korean", "연길에 있는", "연길"],
    ["Kursk locality", "captured near Pogrebki", "Pogrebki"],
    ["Pyongyang as a hometown", "I grew up in Pyongyang", "Pyongyang"],
  ])("finds a %s", (_label, text, expected) => {
    expect(matches(r, text)).toContain(expected);
  });

  it("finds several places in one text", () => {
    expect(matches(r, "hometown: Tanchon, South Hamgyong; later Hamhung and Kimchaek.")).toEqual([
      "Tanchon",
      "South Hamgyong",
      "Hamhung",
      "Kimchaek",
    ]);
  });

  it.each([
    ["Pyongyang as the government", "Few expected Pyongyang to answer."],
    ["a general region, Seoul, Kyiv", "officials in Seoul and Kyiv discussed the Kursk region"],
    ["a Hangul common word that is also a place name", "개성이 강한 사람이다"],
    ["English words", "Sunday Morning at the Museum"],
  ])("does not flag %s", (_label, text) => {
    expect(matches(r, text)).toEqual([]);
  });
});
