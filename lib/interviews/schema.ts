import { z } from "zod";
import { INTERPRETER_ARRANGEMENTS, INTERVIEW_STATUSES, SETTINGS, SOURCE_TYPES } from "./constants";

/** Client-safe schemas for interview forms and services. */
const id = z.string().trim().min(1, "Missing id.").max(64);
const shortText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${label}.`)
    .max(max, `Use at most ${max} characters.`);

const isoDate = z
  .string()
  .trim()
  .refine((v) => v === "" || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), "Enter a date like 2026-12-01.");

export const interviewFieldsSchema = z
  .object({
    codeName: shortText("a code name", 60).refine((v) => !/[@\d]{6,}/.test(v), "A code name must not look like a phone number or address."),
    sourceType: z.enum(SOURCE_TYPES, { message: "Choose the kind of source." }),
    minor: z.boolean(),
    inCustody: z.boolean(),
    recentTrauma: z.boolean(),
    custodyHolder: z.string().trim().max(120, "Use at most 120 characters."),
    outlet: shortText("the outlet", 120),
    deskId: id.or(z.literal("")).refine((v) => v !== "", "Choose a desk."),
    plannedDate: isoDate,
    setting: z.enum(SETTINGS, { message: "Choose where the interview takes place." }),
    sourceLanguage: shortText("the source's language", 40),
    interviewLanguage: shortText("the interview language", 40),
    interpreter: z.enum(INTERPRETER_ARRANGEMENTS, { message: "Choose the interpreter arrangement." }),
    notes: z.string().max(5000, "Use at most 5,000 characters."),
  })
  .transform((v) => ({ ...v, inCustody: v.inCustody || v.sourceType === "pow" }))
  .superRefine((v, ctx) => {
    if (v.inCustody && !v.custodyHolder) {
      ctx.addIssue({ code: "custom", path: ["custodyHolder"], message: "Say who holds the source in custody (for example “Ukrainian authorities”)." });
    }
  });

export const createInterviewSchema = interviewFieldsSchema;
export type CreateInterviewInput = z.input<typeof createInterviewSchema>;

export const updateInterviewSchema = z.object({ interviewId: id, fields: interviewFieldsSchema });
export type UpdateInterviewInput = z.input<typeof updateInterviewSchema>;

export const interviewIdSchema = z.object({ interviewId: id });

export const setStatusSchema = z.object({ interviewId: id, status: z.enum(INTERVIEW_STATUSES, { message: "Unknown status." }) });

export const collaboratorSchema = z.object({ interviewId: id, userId: z.string().trim().min(1, "Choose a colleague.").max(64) });

export const commentSchema = z.object({
  interviewId: id,
  body: z.string().trim().min(1, "Write a comment.").max(4000, "Use at most 4,000 characters."),
});
export type CommentInput = z.input<typeof commentSchema>;

export const listInterviewsSchema = z.object({
  q: z.string().trim().max(60).optional().catch(undefined),
  status: z.enum(INTERVIEW_STATUSES).optional().catch(undefined),
  sourceType: z.enum(SOURCE_TYPES).optional().catch(undefined),
  deskId: z.string().max(64).optional().catch(undefined),
  ownerId: z.string().max(64).optional().catch(undefined),
  archived: z.enum(["only", "include"]).optional().catch(undefined),
});
export type ListInterviewsFilter = z.input<typeof listInterviewsSchema>;

export const ERASURE_REASONS = ["source_request", "safety", "retention_ended", "other"] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];
export const ERASURE_REASON_LABELS: Record<ErasureReason, string> = {
  source_request: "The source (or their representative) asked for it",
  safety: "Keeping it puts the source or their family at risk",
  retention_ended: "The newsroom's retention period has ended",
  other: "Another reason recorded by the newsroom",
};

/** Erasure (crypto-shredding) of an interview's source data: lib/interviews/erase-source-data.ts. */
export const eraseSourceDataSchema = z.object({
  interviewId: id,
  reason: z.enum(ERASURE_REASONS, { message: "Choose why the source data is being erased." }),
  confirmCodeName: z.string().trim().min(1, "Type the interview's code name to confirm.").max(60, "Use at most 60 characters."),
  understood: z.boolean({ message: "Confirm that you understand the erasure cannot be undone." }).refine((v) => v, "Confirm that you understand the erasure cannot be undone."),
  password: z.string().min(1, "Enter your password.").max(1024, "Use at most 1024 characters."),
});
export type EraseSourceDataInput = z.input<typeof eraseSourceDataSchema>;
