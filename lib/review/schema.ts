import { z } from "zod";
import { IDENTIFIER_CATEGORIES, type IdentifierCategory } from "../redaction/types";

/** Client-safe vocabularies and schemas of the identifier vault and document review (issue 6). */

export const VAULT_CATEGORY_LABELS: Record<IdentifierCategory, string> = {
  name: "Name or spelling of a name",
  place: "Place (hometown, village, workplace)",
  unit: "Military unit",
  date: "Date (birth, capture, event)",
  age: "Age",
  phone: "Phone number",
  handle: "Messenger or social media handle",
  email: "E-mail address",
  gps: "Coordinates",
  id_number: "ID or service number",
  family: "Family member (name or description)",
  feature: "Distinctive feature (scar, tattoo…)",
  codeword: "Nickname or code word",
  broker: "Broker or helper",
  other: "Something else",
};
export const VAULT_CATEGORIES = IDENTIFIER_CATEGORIES;
export const MAX_VAULT_ENTRIES = 100;

export const vaultEntrySchema = z.object({
  /** Empty for a new entry. */
  id: z.string().max(64),
  category: z.enum(IDENTIFIER_CATEGORIES, { message: "Choose what kind of identifier this is." }),
  realName: z.boolean(),
  value: z
    .string()
    .trim()
    .min(2, "Enter at least 2 characters.")
    .max(200, "Use at most 200 characters.")
    .refine((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(v), "Remove control characters."),
});
export type VaultEntryInput = z.input<typeof vaultEntrySchema>;

export const vaultInputSchema = z.object({
  interviewId: z.string().trim().min(1).max(64),
  /** The vault's fingerprint when the form was opened; a save is refused if it changed since. Empty: no check. */
  expectedFingerprint: z.string().max(64).optional(),
  entries: z
    .array(vaultEntrySchema)
    .max(MAX_VAULT_ENTRIES, `At most ${MAX_VAULT_ENTRIES} identifiers per interview.`)
    .superRefine((entries, ctx) => {
      const seen = new Map<string, number>();
      entries.forEach((e, i) => {
        if (e.realName && e.category !== "name") {
          ctx.addIssue({ code: "custom", path: [i, "realName"], message: "Only a name can be marked as the real name." });
        }
        const key = `${e.category}:${e.value.trim().normalize("NFC").toLowerCase()}`;
        if (seen.has(key)) ctx.addIssue({ code: "custom", path: [i, "value"], message: `This repeats entry ${seen.get(key)! + 1}.` });
        else seen.set(key, i);
        if (e.id && entries.findIndex((x) => x.id === e.id) !== i)
          ctx.addIssue({ code: "custom", path: [i, "id"], message: "Duplicate entry." });
      });
    }),
});
export type VaultInput = z.input<typeof vaultInputSchema>;

export const DOCUMENT_KINDS = ["draft", "caption", "transcript", "other"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  draft: "Draft article or script",
  caption: "Caption or on-screen text",
  transcript: "Transcript",
  other: "Other text",
};
export const MAX_PASTED_CHARS = 200_000;

const documentText = z
  .string()
  .max(MAX_PASTED_CHARS, `Use at most ${MAX_PASTED_CHARS.toLocaleString("en")} characters: split longer texts.`)
  .refine((v) => v.trim().length > 0, "Paste the text to check.");

export const addDocumentSchema = z.object({
  interviewId: z.string().trim().min(1).max(64),
  title: z.string().trim().min(1, "Give the document a title (not the source's name).").max(120, "Use at most 120 characters."),
  kind: z.enum(DOCUMENT_KINDS, { message: "Choose what kind of text this is." }),
  text: documentText,
});
export type AddDocumentInput = z.input<typeof addDocumentSchema>;

export const addVersionSchema = z.object({
  interviewId: z.string().trim().min(1).max(64),
  documentId: z.string().trim().min(1).max(64),
  text: documentText,
});
export type AddVersionInput = z.input<typeof addVersionSchema>;

export const DECISIONS = ["redact", "pseudonym", "keep"] as const;
export type Decision = (typeof DECISIONS)[number];
export const DECISION_LABELS: Record<Decision, string> = {
  redact: "Redact",
  pseudonym: "Replace with a pseudonym",
  keep: "Keep, with a justification",
};

export const decisionSchema = z
  .object({
    interviewId: z.string().trim().min(1).max(64),
    documentId: z.string().trim().min(1).max(64),
    findingId: z.string().trim().min(1).max(64),
    decision: z.enum(DECISIONS, { message: "Choose what to do with this finding." }),
    replacement: z.string().trim().max(80, "Use at most 80 characters."),
    justification: z.string().trim().max(1000, "Use at most 1,000 characters."),
    /** Kept because it was published elsewhere before: an editor must justify that on its own (guidance §6.4). */
    priorExposure: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    if (v.decision === "pseudonym" && v.replacement.length === 0) {
      ctx.addIssue({ code: "custom", path: ["replacement"], message: "Enter the pseudonym or wording to use instead." });
    }
    if (v.decision === "keep" && v.justification.length < 15) {
      ctx.addIssue({ code: "custom", path: ["justification"], message: "Explain in a sentence why this can be published as it is." });
    }
  });
export type DecisionInput = z.input<typeof decisionSchema>;

export const findingRefSchema = z.object({
  interviewId: z.string().trim().min(1).max(64),
  documentId: z.string().trim().min(1).max(64),
  findingId: z.string().trim().min(1).max(64),
});

export const documentRefSchema = z.object({
  interviewId: z.string().trim().min(1).max(64),
  documentId: z.string().trim().min(1).max(64),
});

export const CATEGORY_LABELS: Record<string, string> = { ...VAULT_CATEGORY_LABELS, combination: "Details that together identify" };
