import { createHash } from "node:crypto";
import { SCRIPT_SECTIONS, type ConsentScriptContent, type ScriptText } from "./script-types";

/**
 * Fingerprints of consent-script text (issue 4). A version's hash is stored with it and printed on the consent
 * sheet, so a paper sheet or an old consent record can be matched to the exact words the source heard.
 *
 * Canonical form (format v1):
 * - every string has its line endings made "\n" (CRLF and lone CR both become LF) and is Unicode NFC-normalised,
 *   so the same visible text hashes the same whichever editor, browser or operating system produced it;
 * - nothing else is changed: no trimming, no whitespace folding, no case folding. Any other edit changes the hash;
 * - one language = JSON.stringify([FORMAT, title, [section, text], …]) with the sections in SCRIPT_SECTIONS order;
 *   JSON escaping keeps the fields unambiguous (no text can imitate a separator). Keys outside SCRIPT_SECTIONS are
 *   not part of the script and are ignored;
 * - a whole version = JSON.stringify([FORMAT, [code, languageHash], …]) with languages sorted by code (plain code
 *   unit order, not locale order), so the order in which languages were added does not matter.
 * The result is the lowercase hex SHA-256 of the UTF-8 bytes.
 */
const TEXT_FORMAT = "sourcekeeper/consent-script-text/v1";
const VERSION_FORMAT = "sourcekeeper/consent-script-version/v1";

function sha256Hex(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("hex");
}

/** Line endings to "\n", then NFC. Exported for tests and for anything that must compare texts the same way. */
export function canonicalScriptString(s: string): string {
  return s.replace(/\r\n?/g, "\n").normalize("NFC");
}

/** SHA-256 (hex) of one language's title and text. Throws if a section is missing or not a string. */
export function scriptTextHash(text: ScriptText, title: string): string {
  const parts: unknown[] = [TEXT_FORMAT, canonicalScriptString(title)];
  for (const section of SCRIPT_SECTIONS) {
    const value: unknown = text[section];
    if (typeof value !== "string") throw new TypeError(`Consent script text has no “${section}” section.`);
    parts.push([section, canonicalScriptString(value)]);
  }
  return sha256Hex(JSON.stringify(parts));
}

/**
 * SHA-256 (hex) of a whole version: every language's text and title, languages sorted by code. A language without
 * a title hashes as if its title were empty.
 */
export function scriptVersionHash(content: ConsentScriptContent): string {
  const codes = Object.keys(content.texts).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (codes.length === 0) throw new TypeError("Consent script has no text in any language.");
  const parts: unknown[] = [VERSION_FORMAT];
  for (const code of codes) {
    const text = content.texts[code];
    if (!text) throw new TypeError(`Consent script has no text for “${code}”.`);
    parts.push([code, scriptTextHash(text, content.title[code] ?? "")]);
  }
  return sha256Hex(JSON.stringify(parts));
}
