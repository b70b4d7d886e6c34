/**
 * Identity-redaction scanner: finds what could identify a source in a text.
 *
 *   const findings = scanText(text, { identifiers: [{ value: "Choe Kwang-hyok", category: "name" }] });
 *   const safe = applyRedactions(text, findings, { mode: "label" });
 *
 * Pure TypeScript: no I/O, no framework imports, so the CLI, the web app and tests share it.
 */
import { combinationFinding } from "./combination";
import { analyze, compareFindings } from "./engine";
import { identifierRecognizer } from "./identifiers";
import { GENERIC_RECOGNIZERS } from "./recognizers";
import type { Finding, Recognizer, ScanOptions } from "./types";

export function recognizersFor(options: ScanOptions = {}): Recognizer[] {
  const identifiers = options.identifiers?.filter((i) => i.value.trim().length > 0) ?? [];
  return identifiers.length > 0 ? [...GENERIC_RECOGNIZERS, identifierRecognizer(identifiers)] : [...GENERIC_RECOGNIZERS];
}

/** Scans a text; findings are sorted by position and include a combination-risk finding when one applies. */
export function scanText(text: string, options: ScanOptions = {}): Finding[] {
  const findings = analyze(text, recognizersFor(options), {
    threshold: options.threshold,
    allowList: options.allowList,
  });
  const combination = combinationFinding(findings);
  return combination ? [...findings, combination].sort(compareFindings) : findings;
}

export { applyRedactions, CATEGORY_PRIORITY, redactionLabel, type ApplyOptions, type RedactionMode } from "./apply";
export { DEFAULT_ALLOW_LIST } from "./allow-list";
export { analyze, DEFAULT_THRESHOLD } from "./engine";
export { identifierRecognizer } from "./identifiers";
export { nameVariants, romanizeName, transliterate } from "./variants";
export { phoneticKey } from "./phonetic";
export * from "./types";
