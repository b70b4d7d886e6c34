/**
 * Phone numbers: international (+850 North Korea, +86 China, +82 South Korea, +7 Russia, +380 Ukraine, any
 * other country code) and the local mobile formats of those countries. Timestamps, money and dates never match:
 * digits must be grouped the way phone numbers are and add up to a plausible length.
 */
import { patternRecognizer } from "../recognizer";

const digitCount = (s: string) => s.replace(/\D/g, "").length;
const plausible = (min: number, max: number) => (m: RegExpExecArray) => {
  const n = digitCount(m[0]);
  return n >= min && n <= max;
};

const NOT_BEFORE = String.raw`(?<![\p{L}\p{N}+.,:/-])`;
const NOT_AFTER = String.raw`(?![\p{N}]|[.,:/-]\p{N}|%)`;

export const phoneRecognizer = patternRecognizer({
  name: "phone",
  category: "phone",
  context: [
    "phone",
    "tel",
    "mobile",
    "cell",
    "call",
    "number",
    "contact",
    "whatsapp",
    "signal",
    "номер",
    "телефон",
    "тел",
    "мобільн",
    "전화",
    "번호",
    "핸드폰",
    "휴대폰",
    "연락처",
  ],
  patterns: [
    {
      // +850 192 334 0821, +86 186 4320 7715, +82 10-6621-0448, +7 (912) 345-67-89, 0086 186…
      regex: new RegExp(String.raw`${NOT_BEFORE}(?:\+|00)(?:850|86|82|7|380|\d{1,3})(?:[\s.\-]?\(?\d{1,4}\)?){2,5}${NOT_AFTER}`, "gu"),
      score: 0.85,
      explanation: "international phone number",
      validate: plausible(8, 15),
    },
    {
      // South Korean mobile 010-1234-5678
      regex: new RegExp(String.raw`${NOT_BEFORE}01[016789][\s.\-]?\d{3,4}[\s.\-]?\d{4}${NOT_AFTER}`, "gu"),
      score: 0.75,
      explanation: "South Korean mobile number",
    },
    {
      // Chinese mobile 186 4320 7715 / 18643207715
      regex: new RegExp(String.raw`${NOT_BEFORE}1[3-9]\d[\s.\-]?\d{4}[\s.\-]?\d{4}${NOT_AFTER}`, "gu"),
      score: 0.6,
      explanation: "Chinese mobile number",
    },
    {
      // Russian 8 912 345-67-89, Ukrainian 067 412 88 90
      regex: new RegExp(
        String.raw`${NOT_BEFORE}(?:8[\s.\-]?\(?9\d{2}\)?|0\d{2}|\(0\d{2}\))[\s.\-]?\d{3}[\s.\-]?\d{2}[\s.\-]?\d{2}${NOT_AFTER}`,
        "gu",
      ),
      score: 0.55,
      explanation: "Russian or Ukrainian phone number",
      validate: plausible(10, 11),
    },
    {
      // Any other grouped local number: weak unless a context word is near.
      regex: new RegExp(String.raw`${NOT_BEFORE}\d{2,4}[\s.\-]\d{3,4}[\s.\-]\d{3,4}${NOT_AFTER}`, "gu"),
      score: 0.3,
      explanation: "grouped digits shaped like a phone number",
      validate: plausible(8, 12),
    },
  ],
});
