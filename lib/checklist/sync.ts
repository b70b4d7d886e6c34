import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { checklistItems } from "@/db/schema";
import type { SourceProfile } from "../interviews/constants";
import { applicableItems } from "./applicable";
import type { GuidanceVersion } from "./types";

const RESET = {
  state: "open",
  evidenceSealed: null,
  naReasonSealed: null,
  naApproval: "none",
  naRequestedBy: null,
  naDecidedBy: null,
  naDecidedAt: null,
} as const;

export interface SyncResult {
  added: string[];
  removed: string[];
  restored: string[];
}

/**
 * Makes an interview's checklist rows match the items that apply to its source at a guidance version.
 * New items are added open; items that no longer apply are set aside (`applicable = 0`) with their state, and
 * come back with it if they apply again. Runs inside the caller's transaction; the caller audits the result.
 */
export function syncChecklist(
  tx: Db,
  { interviewId, profile, version, now, actorId }: { interviewId: string; profile: SourceProfile; version: GuidanceVersion; now: number; actorId: string },
): SyncResult {
  const desired = new Map(applicableItems(version, profile).map((r) => [r.item.id, r] as const));
  const rows = tx.select().from(checklistItems).where(eq(checklistItems.interviewId, interviewId)).all();
  const byId = new Map(rows.map((r) => [r.itemId, r] as const));
  const result: SyncResult = { added: [], removed: [], restored: [] };

  for (const [itemId, { gate, fingerprint }] of desired) {
    const row = byId.get(itemId);
    const where = and(eq(checklistItems.interviewId, interviewId), eq(checklistItems.itemId, itemId));
    if (!row) {
      tx.insert(checklistItems).values({ interviewId, itemId, gate, fingerprint, updatedAt: now, updatedBy: actorId }).run();
      result.added.push(itemId);
    } else if (row.fingerprint !== fingerprint) {
      // Set aside under older wording (a guidance upgrade skips rows that do not apply): its state was given
      // against a requirement that has since changed, so it comes back open, as upgradeGuidance resets changed items.
      tx.update(checklistItems)
        .set({ ...RESET, applicable: true, gate, fingerprint, updatedAt: now, updatedBy: actorId })
        .where(where)
        .run();
      if (!row.applicable) result.restored.push(itemId);
    } else if (!row.applicable || row.gate !== gate) {
      tx.update(checklistItems).set({ applicable: true, gate, updatedAt: now, updatedBy: actorId }).where(where).run();
      if (!row.applicable) result.restored.push(itemId);
    }
  }
  for (const row of rows) {
    if (row.applicable && !desired.has(row.itemId)) {
      tx.update(checklistItems)
        .set({ applicable: false, updatedAt: now, updatedBy: actorId })
        .where(and(eq(checklistItems.interviewId, interviewId), eq(checklistItems.itemId, row.itemId)))
        .run();
      result.removed.push(row.itemId);
    }
  }
  return result;
}
