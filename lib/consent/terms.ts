import type { ConsentFields } from "./schema";

/** The free-text answers of a consent record: encrypted at rest, never in the audit log or exports by default. */
export const PRIVATE_FIELDS = [
  "locationGeneral",
  "arrangedBy",
  "accessConditions",
  "presenceNote",
  "interpreterAffiliation",
  // A dialect can point to a source's home region: free text, so encrypted like the rest.
  "interpreterLanguage",
  "ageEstablished",
  "capacityNote",
  "sourceQuestions",
  "explainBack",
  "outlets",
  "leaveOut",
  "sourceRequests",
  "commitments",
  "methodReason",
  "witness",
  "guardian",
  "publicInterestJustification",
] as const;
export type PrivateField = (typeof PRIVATE_FIELDS)[number];

type Parsed = Omit<ConsentFields, "sessions"> & { sessions: number };

/** Splits parsed answers into structured terms (choices, yes/no answers) and private free text. */
export function splitTerms(data: Parsed) {
  const privateText = Object.fromEntries(PRIVATE_FIELDS.map((f) => [f, data[f]])) as Record<PrivateField, string>;
  const terms = {
    sessions: data.sessions,
    presence: data.presence,
    privateSetting: data.privateSetting,
    interpreter: {
      used: data.interpreterUsed,
      independent: data.interpreterIndependent,
      confidentiality: data.interpreterConfidentiality,
    },
    capacity: {
      injury: data.capacityInjury,
      medication: data.capacityMedication,
      distress: data.capacityDistress,
      selfHarmRisk: data.capacitySelfHarmRisk,
      decision: data.capacityDecision,
    },
    informationGiven: data.informationGiven,
    anonymityFrom: data.anonymityFrom,
    choices: { name: data.nameChoice, face: data.faceChoice, voice: data.voiceChoice, media: data.media },
    permittedUses: data.permittedUses,
    inducementsNoneOffered: data.inducementsNoneOffered,
    embargoUntil: data.embargoUntil || null,
    expiresOn: data.expiresOn || null,
    method: data.method,
    recordingSha256: data.method === "recorded_verbal" ? data.recordingSha256 : null,
    minor: { guardianConsent: data.guardianConsent, childAgreement: data.childAgreement },
    powAcknowledged: data.powAcknowledged,
    outcome: data.outcome,
  };
  return { terms, privateText };
}

export type ConsentTermsJson = ReturnType<typeof splitTerms>["terms"];
