import { z } from "zod";

/** Client-safe schemas for checklist actions. */
const id = z.string().trim().min(1).max(64);
const itemId = z.string().regex(/^[a-z0-9-]{1,64}$/, "Unknown checklist item.");

export const setItemStateSchema = z.discriminatedUnion("state", [
  z.object({ interviewId: id, itemId, state: z.literal("open") }),
  z.object({
    interviewId: id,
    itemId,
    state: z.literal("done"),
    evidence: z.string().trim().max(2000, "Use at most 2,000 characters."),
  }),
  z.object({
    interviewId: id,
    itemId,
    state: z.literal("not_applicable"),
    reason: z.string().trim().min(10, "Explain in a sentence why this does not apply.").max(2000, "Use at most 2,000 characters."),
  }),
]);
export type SetItemStateInput = z.input<typeof setItemStateSchema>;

export const decideNaSchema = z.object({ interviewId: id, itemId, decision: z.enum(["approved", "refused"]) });
export type DecideNaInput = z.input<typeof decideNaSchema>;

export const upgradeGuidanceSchema = z.object({ interviewId: id });
