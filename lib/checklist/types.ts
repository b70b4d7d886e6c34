import type { SourceProfile } from "../interviews/constants";

/** Checklist content types. Pure and client-safe: no I/O. */
export const PHASES = ["before_contact", "before_interview", "during", "before_publication", "after_publication"] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_LABELS: Record<Phase, string> = {
  before_contact: "Before contact",
  before_interview: "Before the interview",
  during: "During the interview",
  before_publication: "Before publication",
  after_publication: "After publication",
};

/** `block`: must be done, or approved as not applicable by an editor, before the interview can be cleared. */
export type Gate = "block" | "warn";

export interface ChecklistItemDef {
  /** Stable id (kebab-case slug); never reused for a different requirement. */
  id: string;
  phase: Phase;
  /** The requirement in a few plain words (a heading). */
  title: string;
  /** What to do, in one or two short sentences. */
  requirement: string;
  /** Why it matters, in one or two short sentences. */
  why: string;
  /** Sources by name, e.g. "Geneva Convention III art. 13", "ICRC Commentary 2020 on art. 13", "Dart Center". */
  sources: readonly string[];
  /** Whether the item applies to this source. */
  appliesTo: (profile: SourceProfile) => boolean;
  /** The gate for this source (some items block for prisoners of war and only warn for others). */
  gate: (profile: SourceProfile) => Gate;
  /** Marking it done requires an evidence note (what was done, where it is recorded). */
  evidenceRequired: boolean;
}

export interface GuidanceVersion {
  /** e.g. "2026-11". */
  version: string;
  items: readonly ChecklistItemDef[];
}
