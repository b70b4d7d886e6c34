import { z } from "zod";
import {
  ANONYMITY_FROM,
  CHANNELS,
  FACE_CHOICES,
  INFORMATION_ITEMS,
  MEDIA,
  METHODS,
  NAME_CHOICES,
  OUTCOMES,
  PERMITTED_USES,
  PRESENCE,
  VOICE_CHOICES,
} from "./constants";

/** Client-safe schemas for consent records. The same factory validates in the browser and on the server. */
const id = z.string().trim().min(1).max(64);
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max.toLocaleString("en")} characters.`);
const dateTime = z
  .string()
  .trim()
  .refine((v) => !Number.isNaN(Date.parse(v)), "Enter a date and time.");
const optionalDate = z
  .string()
  .trim()
  .refine((v) => v === "" || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))), "Enter a date like 2026-12-01.");

/** What the server knows about the source and the form needs to decide which answers are required. */
export interface ConsentContext {
  pow: boolean;
  minor: boolean;
  inCustody: boolean;
}

export const consentFieldsSchema = z.object({
  interviewId: id,
  previousRecordId: z.string().max(64),
  scriptId: id,
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, "Choose the language the script was read in."),
  explainedAt: dateTime,
  decidedAt: dateTime,
  sessions: z.coerce.number<number>().int("Whole sessions only.").min(1, "At least one session.").max(50),
  locationGeneral: text(120).refine((v) => !/\d+\.\d{3,}/.test(v), "Give a general place (a city or “safe location”), never coordinates."),
  arrangedBy: text(200),
  accessConditions: text(1000),
  presence: z.array(z.enum(PRESENCE)).min(1, "Say who else was present, or “Nobody else”."),
  presenceNote: text(500),
  privateSetting: z.boolean(),
  interpreterUsed: z.boolean(),
  interpreterAffiliation: text(200),
  interpreterIndependent: z.boolean(),
  interpreterLanguage: text(80),
  interpreterConfidentiality: z.boolean(),
  ageEstablished: text(200),
  capacityInjury: z.boolean(),
  capacityMedication: z.boolean(),
  capacityDistress: z.boolean(),
  capacitySelfHarmRisk: z.boolean(),
  capacityNote: text(1000),
  capacityDecision: z.enum(["proceed", "postpone"], { message: "Say whether the source could decide." }),
  informationGiven: z.array(z.enum(INFORMATION_ITEMS)),
  sourceQuestions: text(2000),
  explainBack: text(2000),
  anonymityFrom: z.enum(ANONYMITY_FROM, { message: "Choose whom the source must stay unidentifiable to." }),
  nameChoice: z.enum(NAME_CHOICES),
  faceChoice: z.enum(FACE_CHOICES),
  voiceChoice: z.enum(VOICE_CHOICES),
  media: z.array(z.enum(MEDIA)),
  outlets: text(300),
  permittedUses: z.array(z.enum(PERMITTED_USES)),
  leaveOut: text(2000),
  inducementsNoneOffered: z.boolean(),
  sourceRequests: text(2000),
  commitments: text(2000),
  embargoUntil: optionalDate,
  expiresOn: optionalDate,
  method: z.enum(METHODS, { message: "Choose how consent was given." }),
  methodReason: text(500),
  recordingSha256: z.string().trim().toLowerCase(),
  witness: text(200),
  guardian: text(200),
  guardianConsent: z.boolean(),
  childAgreement: z.boolean(),
  powAcknowledged: z.boolean(),
  publicInterestJustification: text(2000),
  outcome: z.enum(OUTCOMES, { message: "Say what the source decided." }),
});
export type ConsentFields = z.input<typeof consentFieldsSchema>;

/** The POW choices a POW's consent alone cannot allow (GCIII art. 7): they need two editors' approval. */
export function needsPublicInterestOverride(v: Pick<ConsentFields, "nameChoice" | "faceChoice" | "voiceChoice">, pow: boolean): boolean {
  return pow && (v.nameChoice === "real" || v.faceChoice === "shown" || v.voiceChoice === "real");
}

/** The record schema with the rules that depend on the source (POW, minor, custody). */
export function consentRecordSchemaFor(context: ConsentContext) {
  return consentFieldsSchema.superRefine((v, ctx) => {
    const need = (cond: boolean, path: string, message: string) => {
      if (cond) ctx.addIssue({ code: "custom", path: [path], message });
    };
    const given = v.outcome === "given";
    need(Date.parse(v.decidedAt) < Date.parse(v.explainedAt), "decidedAt", "The decision cannot come before the explanation.");
    need(v.presence.includes("none") && v.presence.length > 1, "presence", "“Nobody else” cannot be combined with other people.");
    need(
      given && v.informationGiven.length < INFORMATION_ITEMS.length,
      "informationGiven",
      "Consent is only informed when every point was explained. Tick each one that was.",
    );
    need(given && v.explainBack.length < 10, "explainBack", "Write briefly how the source restated the key points in their own words.");
    need(
      given && v.capacityDecision === "postpone",
      "capacityDecision",
      "Consent cannot be recorded as given when the capacity check said to postpone.",
    );
    need(v.interpreterUsed && !v.interpreterAffiliation, "interpreterAffiliation", "Say whom the interpreter works for.");
    need(v.interpreterUsed && !v.interpreterLanguage, "interpreterLanguage", "Say which language or dialect was used.");
    need(!v.inducementsNoneOffered && !v.commitments, "commitments", "Describe what was offered or promised.");
    need(
      v.method !== "written" && !v.methodReason,
      "methodReason",
      "Say why consent was not written (for example: a signed form would itself be a risk).",
    );
    need(
      v.method === "recorded_verbal" && !/^[0-9a-f]{64}$/.test(v.recordingSha256),
      "recordingSha256",
      "Give the recording's SHA-256 (64 hexadecimal characters), not the recording.",
    );
    need(v.method === "witnessed_verbal" && !v.witness, "witness", "Name the witness (newsroom staff or their role).");
    need(given && v.media.length === 0, "media", "Choose at least one medium the source agreed to.");
    need(!!v.embargoUntil && !!v.expiresOn && v.expiresOn < v.embargoUntil, "expiresOn", "Consent cannot expire before the embargo ends.");
    need(
      !!v.expiresOn && !Number.isNaN(Date.parse(v.decidedAt)) && v.expiresOn < new Date(Date.parse(v.decidedAt)).toISOString().slice(0, 10),
      "expiresOn",
      "Consent cannot expire before it was given.",
    );
    need(context.minor && !v.guardian, "guardian", "Name the guardian or appropriate adult and their relationship.");
    need(
      context.minor && given && !(v.guardianConsent && v.childAgreement),
      "childAgreement",
      "A minor needs both a guardian's permission and their own agreement.",
    );
    need(
      context.pow && given && !v.powAcknowledged,
      "powAcknowledged",
      "Confirm that the newsroom protects a prisoner of war whatever they agree to.",
    );
    need(
      given && needsPublicInterestOverride(v, context.pow) && v.publicInterestJustification.length < 40,
      "publicInterestJustification",
      "A prisoner of war cannot waive protection: explain the public interest (two editors must approve it).",
    );
    need(
      context.inCustody && v.presence.includes("none") && !v.privateSetting,
      "privateSetting",
      "If nobody else was present, the setting was private: tick it.",
    );
  });
}

export const reconfirmSchema = z.object({
  interviewId: id,
  recordId: id,
  occurredAt: dateTime,
  channel: z.enum(CHANNELS, { message: "Choose the channel." }),
  reexplained: text(2000).refine((v) => v.length >= 10, "Say what was re-explained or shown."),
  contentShownSha256: z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => v === "" || /^[0-9a-f]{64}$/.test(v), "A SHA-256 is 64 hexadecimal characters."),
});
export type ReconfirmInput = z.input<typeof reconfirmSchema>;

export const withdrawSchema = z.object({
  interviewId: id,
  recordId: id,
  occurredAt: dateTime,
  channel: z.enum(CHANNELS, { message: "Choose how the withdrawal reached you." }),
  receivedBy: text(200).refine((v) => v.length > 0, "Say who received it."),
  sourceWords: text(2000),
});
export type WithdrawInput = z.input<typeof withdrawSchema>;

export const revokeSchema = z.object({
  interviewId: id,
  recordId: id,
  reason: text(2000).refine((v) => v.length >= 10, "Explain why the newsroom revokes this consent."),
});

export const overrideDecisionSchema = z.object({ interviewId: id, recordId: id });
