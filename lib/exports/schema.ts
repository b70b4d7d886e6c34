import { z } from "zod";
import { CONSENT_STATES } from "../consent/state-machine";
import { SOURCE_TYPES } from "../interviews/constants";

/** Client-safe: what a consent export may be asked for (issue 8). The same schema checks the form and the server. */
export const EXPORT_FORMATS = ["pdf", "csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_FORMAT_LABELS: Record<ExportFormat, string> = {
  pdf: "PDF certificate for each record",
  csv: "CSV spreadsheet (one row per record)",
  json: "JSON (ISO/IEC TS 27560 structure) with its schema",
};

/** The least a sensitive export's reason must say. */
export const SENSITIVE_REASON_MIN = 15;

const optionalDate = z
  .string()
  .trim()
  .refine((v) => v === "" || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))), "Enter a date like 2026-12-01.");

export const consentExportSchema = z
  .object({
    interviewId: z.string().trim().max(64),
    deskId: z.string().trim().max(64),
    decidedFrom: optionalDate,
    decidedTo: optionalDate,
    status: z.enum(["", ...CONSENT_STATES], { message: "Choose a status from the list." }),
    sourceType: z.enum(["", ...SOURCE_TYPES], { message: "Choose a kind of source from the list." }),
    formats: z.array(z.enum(EXPORT_FORMATS)).min(1, "Choose at least one format."),
    sensitive: z.boolean(),
    reason: z.string().trim().max(500, "Use at most 500 characters."),
    password: z.string().max(1024),
  })
  .superRefine((v, ctx) => {
    if (v.decidedFrom && v.decidedTo && v.decidedTo < v.decidedFrom)
      ctx.addIssue({ code: "custom", path: ["decidedTo"], message: "The end date cannot come before the start date." });
    if (v.sensitive && v.reason.length < SENSITIVE_REASON_MIN)
      ctx.addIssue({
        code: "custom",
        path: ["reason"],
        message: `Say why this export needs the sensitive material (at least ${SENSITIVE_REASON_MIN} characters), e.g. the request it answers.`,
      });
    if (v.sensitive && !v.password) ctx.addIssue({ code: "custom", path: ["password"], message: "Enter your password to confirm." });
  });
export type ConsentExportInput = z.input<typeof consentExportSchema>;
export type ConsentExportRequest = z.output<typeof consentExportSchema>;

/** The filters of a request, without empty values (what the manifest and the audit entry name). */
export type ConsentExportFilters = Partial<
  Record<"interviewId" | "deskId" | "decidedFrom" | "decidedTo" | "status" | "sourceType", string>
>;

export function filtersOf(request: ConsentExportRequest): ConsentExportFilters {
  const filters: ConsentExportFilters = {};
  for (const key of ["interviewId", "deskId", "decidedFrom", "decidedTo", "status", "sourceType"] as const)
    if (request[key]) filters[key] = request[key];
  return filters;
}

export const receiptSchema = z.object({
  interviewId: z.string().trim().min(1).max(64),
  recordId: z.string().trim().min(1).max(64),
  nameOutlet: z.boolean(),
  contact: z
    .string()
    .trim()
    .max(200, "Use at most 200 characters.")
    .refine((v) => !/\d+\.\d{3,}/.test(v), "Never put a location on the receipt."),
});
export type ReceiptInput = z.input<typeof receiptSchema>;
