import { createHash } from "node:crypto";
import type { SourceProfile } from "../interviews/constants";
import { CURRENT_GUIDANCE } from "./items";
import { PHASES, type ChecklistItemDef, type Gate, type GuidanceVersion } from "./types";

/**
 * Which checklist items apply to a source, the registry of guidance versions, and item fingerprints.
 * Pure functions; server-only because of node:crypto (use items.ts / readiness.ts on the client).
 */

/** One item as it applies to one source: its definition, its gate for that source, and its fingerprint. */
export interface ApplicableItem {
  item: ChecklistItemDef;
  gate: Gate;
  fingerprint: string;
}

/** Every guidance version ever published, by version string. Old versions stay here forever. */
export const CHECKLIST_VERSIONS: Readonly<Record<string, GuidanceVersion>> = Object.freeze({
  [CURRENT_GUIDANCE.version]: CURRENT_GUIDANCE,
});

export function isKnownGuidanceVersion(version: string): boolean {
  return Object.hasOwn(CHECKLIST_VERSIONS, version);
}

/** The guidance version an interview was created with. Throws on an unknown version (a data error). */
export function getGuidanceVersion(version: string): GuidanceVersion {
  if (!isKnownGuidanceVersion(version)) throw new Error(`Unknown checklist guidance version: ${JSON.stringify(version)}`);
  return CHECKLIST_VERSIONS[version]!;
}

/**
 * SHA-256 (hex) over what a journalist reads and must do: id, phase, title, requirement, why, sources (in order)
 * and evidenceRequired. Applicability and gate are functions and are not part of it: they are resolved again
 * for each interview when it syncs or upgrades.
 */
export function itemFingerprint(item: ChecklistItemDef): string {
  const canonical = JSON.stringify([item.id, item.phase, item.title, item.requirement, item.why, [...item.sources], item.evidenceRequired]);
  return createHash("sha256").update(canonical, "utf8").digest("hex");
}

/** The items of `version` that apply to `profile`, with their resolved gate, in phase order (table order within a phase). */
export function applicableItems(version: GuidanceVersion, profile: SourceProfile): ApplicableItem[] {
  return version.items
    .map((item, index) => ({ item, index }))
    .filter(({ item }) => item.appliesTo(profile))
    .sort((a, b) => PHASES.indexOf(a.item.phase) - PHASES.indexOf(b.item.phase) || a.index - b.index)
    .map(({ item }) => ({ item, gate: item.gate(profile), fingerprint: itemFingerprint(item) }));
}

/** How the items of two versions relate, by id: for the one-click upgrade that keeps unchanged items' state. */
export interface VersionDiff {
  /** Same id, same fingerprint. */
  unchanged: string[];
  /** Same id, different text, sources or evidence rule. */
  changed: string[];
  /** Only in `to`. */
  added: string[];
  /** Only in `from`. */
  removed: string[];
}

export function diffVersions(from: GuidanceVersion, to: GuidanceVersion): VersionDiff {
  const before = new Map(from.items.map((i) => [i.id, itemFingerprint(i)]));
  const after = new Map(to.items.map((i) => [i.id, itemFingerprint(i)]));
  const diff: VersionDiff = { unchanged: [], changed: [], added: [], removed: [] };
  for (const [id, fp] of after) {
    const old = before.get(id);
    if (old === undefined) diff.added.push(id);
    else if (old === fp) diff.unchanged.push(id);
    else diff.changed.push(id);
  }
  for (const id of before.keys()) if (!after.has(id)) diff.removed.push(id);
  return diff;
}
