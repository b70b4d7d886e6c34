import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { checklistItems } from "@/db/schema";
import { NotFoundError } from "../errors";
import { getGuidanceVersion } from "./applicable";
import type { ChecklistItemDef } from "./types";

export const evidenceContext = (interviewId: string, itemId: string) => `checklist:${interviewId}:${itemId}:evidence`;
export const naReasonContext = (interviewId: string, itemId: string) => `checklist:${interviewId}:${itemId}:na-reason`;

/** Loads one applicable checklist row of an interview with its definition at the interview's guidance version. */
export function loadChecklistItem(tx: Db, interviewId: string, guidanceVersion: string, itemId: string) {
  const row = tx
    .select()
    .from(checklistItems)
    .where(and(eq(checklistItems.interviewId, interviewId), eq(checklistItems.itemId, itemId), eq(checklistItems.applicable, true)))
    .get();
  const def: ChecklistItemDef | undefined = getGuidanceVersion(guidanceVersion).items.find((i) => i.id === itemId);
  if (!row || !def) throw new NotFoundError("Checklist item not found.");
  return { row, def, where: and(eq(checklistItems.interviewId, interviewId), eq(checklistItems.itemId, itemId)) };
}
