import { and, eq } from "drizzle-orm";
import { checklistItems, interviews } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { ConflictError } from "../errors";
import { loadInterviewForActor } from "../interviews/access";
import { profileOf } from "../interviews/profile";
import { parseInput } from "../validation";
import { applicableItems, itemFingerprint } from "./applicable";
import { CURRENT_GUIDANCE } from "./items";
import { upgradeGuidanceSchema } from "./schema";
import type { GuidanceVersion } from "./types";

/**
 * Moves an interview's checklist to the current guidance version. Items whose text did not change keep their
 * state; changed items start again as open; new items are added; items gone from the guidance are set aside.
 */
export function upgradeGuidance({ ctx, input, target = CURRENT_GUIDANCE }: { ctx: Ctx; input: unknown; target?: GuidanceVersion }): {
  kept: number;
  reset: string[];
  added: string[];
  removed: string[];
} {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const { interviewId } = parseInput(upgradeGuidanceSchema, input);
  return withTransaction((tx) => {
    const { interview } = loadInterviewForActor(tx, actor, interviewId, "edit");
    if (interview.guidanceVersion === target.version) throw new ConflictError("This checklist already follows the current guidance.");
    const now = ctx.now();
    const rows = new Map(tx.select().from(checklistItems).where(eq(checklistItems.interviewId, interview.id)).all().map((r) => [r.itemId, r] as const));
    const wanted = applicableItems(target, profileOf(interview));
    const result = { kept: 0, reset: [] as string[], added: [] as string[], removed: [] as string[] };
    const stamp = { updatedAt: now, updatedBy: actor.id };

    for (const { item, gate } of wanted) {
      const fingerprint = itemFingerprint(item);
      const row = rows.get(item.id);
      const where = and(eq(checklistItems.interviewId, interview.id), eq(checklistItems.itemId, item.id));
      if (!row) {
        tx.insert(checklistItems).values({ interviewId: interview.id, itemId: item.id, gate, fingerprint, ...stamp }).run();
        result.added.push(item.id);
      } else if (row.fingerprint === fingerprint && row.applicable) {
        if (row.gate !== gate) tx.update(checklistItems).set({ gate, ...stamp }).where(where).run();
        result.kept += 1;
      } else {
        tx.update(checklistItems)
          .set({
            applicable: true,
            gate,
            fingerprint,
            state: "open",
            evidenceSealed: null,
            naReasonSealed: null,
            naApproval: "none",
            naRequestedBy: null,
            naDecidedBy: null,
            naDecidedAt: null,
            ...stamp,
          })
          .where(where)
          .run();
        result.reset.push(item.id);
      }
      rows.delete(item.id);
    }
    for (const row of rows.values()) {
      if (!row.applicable) continue;
      tx.update(checklistItems)
        .set({ applicable: false, ...stamp })
        .where(and(eq(checklistItems.interviewId, interview.id), eq(checklistItems.itemId, row.itemId)))
        .run();
      result.removed.push(row.itemId);
    }
    tx.update(interviews).set({ guidanceVersion: target.version, updatedAt: now }).where(eq(interviews.id, interview.id)).run();
    appendAuditEvent(tx, ctx, {
      action: "checklist.guidance_upgraded",
      targetId: interview.id,
      payload: { from: interview.guidanceVersion, to: target.version, ...result },
    });
    return result;
  });
}
