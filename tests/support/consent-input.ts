import { INFORMATION_ITEMS } from "@/lib/consent/constants";
import type { ConsentFields } from "@/lib/consent/schema";
import { BUILTIN_SCRIPT_ID } from "@/lib/consent/scripts";
import type { ConsentExportInput } from "@/lib/exports/schema";

/** Valid consent input, free of test-runner imports (the export benchmark uses it too). */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const iso = (ms: number) => new Date(ms).toISOString();

export type ConsentInput = ConsentFields & { certified?: unknown };

/**
 * A complete, valid "given" consent record for a POW in custody (it is just as valid for a defector): nobody else
 * present, private setting, an independent interpreter, every point explained, no identifying choice.
 * `now` is the clock of the ctx that records it; the explanation is 60 and the decision 30 minutes before it.
 */
export function consentInput(interviewId: string, now: number, overrides: Partial<ConsentInput> = {}): ConsentInput {
  return {
    interviewId,
    previousRecordId: "",
    scriptId: BUILTIN_SCRIPT_ID,
    language: "ko",
    explainedAt: iso(now - 60 * MINUTE),
    decidedAt: iso(now - 30 * MINUTE),
    sessions: 1,
    locationGeneral: "Safe location",
    arrangedBy: "Our fixer",
    accessConditions: "No conditions",
    presence: ["none"],
    presenceNote: "",
    privateSetting: true,
    interpreterUsed: true,
    interpreterAffiliation: "Freelance, hired by us",
    interpreterIndependent: true,
    interpreterLanguage: "Korean",
    interpreterConfidentiality: true,
    ageEstablished: "Adult by his own account",
    capacityInjury: false,
    capacityMedication: false,
    capacityDistress: false,
    capacitySelfHarmRisk: false,
    capacityNote: "",
    capacityDecision: "proceed",
    informationGiven: [...INFORMATION_ITEMS],
    sourceQuestions: "",
    explainBack: "He said it will be read everywhere, also at home.",
    anonymityFrom: "dprk_state",
    nameChoice: "pseudonym",
    faceChoice: "not_filmed",
    voiceChoice: "altered",
    media: ["text"],
    outlets: "The Daily Example",
    permittedUses: ["quotes"],
    leaveOut: "",
    inducementsNoneOffered: true,
    sourceRequests: "",
    commitments: "",
    embargoUntil: "",
    expiresOn: "",
    method: "written",
    methodReason: "",
    recordingSha256: "",
    witness: "",
    guardian: "",
    guardianConsent: false,
    childAgreement: false,
    powAcknowledged: true,
    publicInterestJustification: "",
    outcome: "given",
    certified: true,
    ...overrides,
  };
}

/** A complete export form: every record the actor may see, in every format, not sensitive. */
export function exportInput(overrides: Partial<ConsentExportInput> = {}): ConsentExportInput {
  return {
    interviewId: "",
    deskId: "",
    decidedFrom: "",
    decidedTo: "",
    status: "",
    sourceType: "",
    formats: ["pdf", "csv", "json"],
    sensitive: false,
    reason: "",
    password: "",
    ...overrides,
  };
}
