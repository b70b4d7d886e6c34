import { z } from "zod";
import { MEDIA } from "../consent/constants";

/** Client-safe schemas of the publication gate (issue 9): the same ones check the forms and the services. */
const id = z.string().trim().min(1).max(64);
const text = (min: number, max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max.toLocaleString("en")} characters.`)
    .refine((v) => v.length >= min, message);

export const interviewRefSchema = z.object({ interviewId: id });

export const SIGN_OFF_STATEMENT_MIN = 20;
export const signOffSchema = z.object({
  interviewId: id,
  gateHash: z.string().regex(/^[0-9a-f]{64}$/, "Open the gate report again: it is missing."),
  statement: text(
    SIGN_OFF_STATEMENT_MIN,
    1000,
    `In your own words, say what you checked and that you clear it (at least ${SIGN_OFF_STATEMENT_MIN} characters).`,
  ),
  password: z.string().min(1, "Enter your password to confirm.").max(1024),
});
export type SignOffInput = z.input<typeof signOffSchema>;

export const publishSchema = z.object({
  interviewId: id,
  outlet: text(1, 120, "Name the outlet that published it."),
  publishedOn: z
    .string()
    .trim()
    .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)), "Enter the date it was published, like 2026-12-01."),
  reference: text(1, 500, "Give the URL or another reference (print edition and page, broadcast and time)."),
  media: z.array(z.enum(MEDIA)).min(1, "Choose what was published: text, audio, video or photographs."),
});
export type PublishInput = z.input<typeof publishSchema>;

export const captorOverrideSchema = z.object({
  interviewId: id,
  reason: text(40, 2000, "Explain why consent can stand although captors or their services were present (at least 40 characters)."),
});
export type CaptorOverrideInput = z.input<typeof captorOverrideSchema>;

export const approveCaptorOverrideSchema = z.object({ interviewId: id, overrideId: id });

export const imageReviewSchema = z
  .object({
    interviewId: id,
    imageId: id,
    deidentified: z.boolean(),
    priorExposure: z.boolean(),
    justification: z.string().trim().max(2000, "Use at most 2,000 characters."),
  })
  .superRefine((v, ctx) => {
    if (v.priorExposure && v.justification.length < 30)
      ctx.addIssue({
        code: "custom",
        path: ["justification"],
        message: "Earlier publication is not a licence: explain why publishing it again adds no risk (at least 30 characters).",
      });
  });
export type ImageReviewInput = z.input<typeof imageReviewSchema>;

export const priorExposureJustificationSchema = z.object({
  interviewId: id,
  documentId: id,
  findingId: id,
  justification: text(
    30,
    2000,
    "Earlier publication is not a licence: explain why publishing it again adds no risk (at least 30 characters).",
  ),
});

export const TAKEDOWN_RESOLUTIONS = ["taken_down", "amended", "other"] as const;
export const TAKEDOWN_RESOLUTION_LABELS: Record<(typeof TAKEDOWN_RESOLUTIONS)[number], string> = {
  taken_down: "Taken down",
  amended: "Amended (identifying content removed)",
  other: "Other",
};
export const resolveTakedownSchema = z.object({
  taskId: id,
  resolution: z.enum(TAKEDOWN_RESOLUTIONS, { message: "Say what was done." }),
  note: text(10, 2000, "Describe what was done and where (at least 10 characters)."),
});
export type ResolveTakedownInput = z.input<typeof resolveTakedownSchema>;

/** Why the system moved an interview back to review after clearance, in plain words (stored on the interview). */
export const REOPEN_REASONS = {
  document: "A draft, caption or transcript changed after clearance.",
  decision: "A decision on a redaction finding changed after clearance.",
  identifiers: "The protected identifiers changed after clearance.",
  images: "Images changed after clearance.",
  consent: "Consent changed after clearance.",
  checklist: "A checklist item changed after clearance.",
  profile: "The interview's details changed after clearance.",
  gate: "An override or media check changed after clearance.",
} as const;
export type ReopenReason = keyof typeof REOPEN_REASONS;
