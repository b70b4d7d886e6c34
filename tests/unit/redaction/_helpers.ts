/** Test helpers: run one recognizer through the real engine (context boost, dedupe, threshold, allow list). */
import { analyze } from "@/lib/redaction/engine";
import type { Category, Recognizer } from "@/lib/redaction/types";

export interface Hit {
  text: string;
  category: Category;
}

export function detect(recognizer: Recognizer, text: string, threshold = 0.5): Hit[] {
  return analyze(text, [recognizer], { threshold }).map((f) => ({ text: text.slice(f.start, f.end), category: f.category }));
}

/** The matched strings, in text order. */
export function matches(recognizer: Recognizer, text: string): string[] {
  return detect(recognizer, text).map((h) => h.text);
}
