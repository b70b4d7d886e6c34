import { describe, expect, it } from "vitest";
import { handleRecognizer } from "@/lib/redaction/recognizers/handles";
import { matches } from "./_helpers";

describe("messaging handles", () => {
  it.each([
    ["@handle", "now runs @wonsan_gull, a Telegram channel", "@wonsan_gull"],
    ["WeChat ID", "(WeChat ma_yj_3391)", "ma_yj_3391"],
    ["Telegram with @", "Telegram @yoo_dandong", "@yoo_dandong"],
    ["KakaoTalk ID with colon", "KakaoTalk ID: songchol_95", "songchol_95"],
    ["WeChat is …", "her WeChat is lee_hs88", "lee_hs88"],
    ["WeChat internal ID", "wxid_a8f3k29d01", "wxid_a8f3k29d01"],
    ["handle after a label", "her handle (wonsan_gull)", "wonsan_gull"],
  ])("finds a %s", (_label, text, expected) => {
    expect(matches(handleRecognizer, text)).toContain(expected);
  });

  it("finds several in one text", () => {
    expect(matches(handleRecognizer, "WeChat cho_nainai_hs; admin @svodka_z_47")).toEqual(["cho_nainai_hs", "@svodka_z_47"]);
  });

  it.each([
    ["a platform followed by an ordinary word", "a Telegram channel where mothers ask"],
    ["an e-mail address", "write to kim@example.org"],
  ])("does not flag %s", (_label, text) => {
    expect(matches(handleRecognizer, text)).toEqual([]);
  });
});
