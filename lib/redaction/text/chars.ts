/**
 * Fast character classes. A lazily filled table over the Basic Multilingual Plane answers "is this a letter (or
 * combining mark)?" without running a Unicode regex per character: ASCII, Latin, Cyrillic, Hangul and CJK are
 * answered by range checks, anything else once by `\p{L}|\p{M}` and then from the table.
 */
const UNKNOWN = 0;
const LETTER = 1;
const OTHER = 2;
const table = new Uint8Array(0x10000);
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;

export function isLetterCode(code: number): boolean {
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
  if (code >= 0xac00 && code <= 0xd7a3) return true;
  if (code >= 0x0400 && code <= 0x04ff) return true;
  if (code > 0xffff) return false;
  let v = table[code]!;
  if (v === UNKNOWN) {
    v = LETTER_OR_MARK.test(String.fromCharCode(code)) ? LETTER : OTHER;
    table[code] = v;
  }
  return v === LETTER;
}

export function isDigitCode(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** True when position `index` starts a word: the previous character is not a letter, digit or underscore. */
export function atWordStart(text: string, index: number): boolean {
  if (index === 0) return true;
  const code = text.charCodeAt(index - 1);
  return !(isLetterCode(code) || isDigitCode(code) || code === 0x5f);
}

/** True when position `index` ends a word: the next character is not a letter, digit or underscore. */
export function atWordEnd(text: string, index: number): boolean {
  if (index >= text.length) return true;
  const code = text.charCodeAt(index);
  return !(isLetterCode(code) || isDigitCode(code) || code === 0x5f);
}
