import { canonicalJson, sha256Hex } from "../audit/canonical";
import type { ConsentState } from "../consent/state-machine";
import type { ConsentTermsJson, PrivateField } from "../consent/terms";
import type { SourceType } from "../interviews/constants";

/**
 * One consent record as Sourcekeeper exports it (issue 8): the neutral form that the JSON export writes as is and
 * the CSV rows and PDF certificates are rendered from, so every format says the same thing.
 *
 * Its structure follows the consent record of ISO/IEC TS 27560:2023 as the W3C Data Privacy Vocabularies and
 * Controls Community Group's guide "Consent Records and Receipts as per ISO/IEC TS 27560:2023 using DPV" lays it
 * out: a schema version and record id, the PII principal (here: the interview's code name — the source's real
 * identity is never recorded anywhere in Sourcekeeper), the controller (the outlet), purposes and processing,
 * the notice (the consent script version and its SHA-256), how consent was collected, the record's state and an
 * `events` history, with what has no place in the standard (identification choices, the prisoner-of-war rules)
 * as named extensions. The JSON Schema is lib/exports/consent-record.schema.json.
 *
 * What a default export never holds: the free-text answers (they can name people and places: the general location,
 * who arranged access, the witness, what to leave out…) and the details of each event (a withdrawal's own words).
 * Their field names are listed under `private_fields.withheld`; a sensitive export (an editor, a typed reason and
 * a fresh password) adds their values under `private_fields.values`.
 */
export const CONSENT_RECORD_SCHEMA_VERSION = "sourcekeeper-consent-record/1";
export const DPV_27560_RECORD = "https://w3id.org/dpv/schema/iso-27560#record";

/** A newsroom user as named in exports: their display name (never an e-mail). `user_id` null = the instance itself. */
export interface UserRef {
  user_id: string | null;
  name: string;
}
export const SYSTEM_USER: UserRef = { user_id: null, name: "Sourcekeeper (automatic)" };

/** DPV consent status concepts for each of Sourcekeeper's states. */
export const DPV_STATUS: Record<ConsentState, string> = {
  requested: "dpv:ConsentRequested",
  given: "dpv:ConsentGiven",
  refused: "dpv:ConsentRefused",
  reconfirmed: "dpv:RenewedConsentGiven",
  withdrawn: "dpv:ConsentWithdrawn",
  revoked: "dpv:ConsentRevoked",
  expired: "dpv:ConsentExpired",
};

export interface ConsentRecordEvent {
  event_id: string;
  type: ConsentState;
  dpv_status: string;
  /** When it happened (ISO 8601, UTC) and when it was written down in Sourcekeeper. */
  occurred_at: string;
  recorded_at: string;
  recorded_by: UserRef;
  channel: string | null;
  /** For a reconfirmation: the SHA-256 of the draft or clip shown to the source, when given. */
  content_shown_sha256: string | null;
  /** Whether free-text details were written for this event (their text is only in sensitive exports). */
  details_recorded: boolean;
}

export interface ConsentRecordAttachment {
  upload_id: string;
  mime: string;
  bytes: number;
  /** SHA-256 of the stored file (after its metadata was removed). */
  sha256: string;
  metadata_removed: string[];
  uploaded_at: string;
  uploaded_by: UserRef;
}

export interface ConsentRecordJson {
  schema_version: typeof CONSENT_RECORD_SCHEMA_VERSION;
  conforms_to: typeof DPV_27560_RECORD;
  record_id: string;
  /** A change of scope is a new record pointing to the one it replaces. */
  previous_record_id: string | null;
  record_created_at: string;
  record_creator: UserRef;
  pii_principal: {
    /** The code name: a pseudonym chosen by the newsroom. */
    id: string;
    id_type: "code_name";
    source_type: SourceType;
    /** Circumstances that make the source vulnerable (as DPV's vulnerable data subject): "minor", "in_custody", "recent_trauma". */
    vulnerabilities: string[];
  };
  controller: { name: string; desk: string };
  interview: { id: string; code_name: string; status: string };
  purposes: {
    description: string;
    /** The outlets the source agreed to, as written; null when withheld. */
    outlets_agreed: string | null;
    outlets_withheld_reason: string | null;
  };
  processing: {
    media: string[];
    permitted_uses: string[];
    /** DPV processing concepts implied by the permitted uses. */
    dpv_operations: string[];
    embargo_until: string | null;
    expires_on: string | null;
  };
  /** The script version read to the source, its title in the language used, and its SHA-256. */
  notice: { script_id: string; script_label: string; script_sha256: string; language: string; title: string };
  collection_method: {
    method: ConsentTermsJson["method"];
    dpv_consent_type: "dpv:ExplicitlyExpressedConsent";
    /** For recorded verbal consent: the recording's SHA-256 (the recording itself stays with the newsroom). */
    recording_sha256: string | null;
    explained_at: string;
    decided_at: string;
    sessions: number;
    outcome: ConsentTermsJson["outcome"];
  };
  consent_status: {
    /** The status that counts: "expired" once the agreed expiry date has passed, even before it was recorded. */
    status: ConsentState;
    dpv_status: string;
    last_confirmed_at: string | null;
    last_reconfirmed_at: string | null;
    reconfirmations: number;
  };
  events: ConsentRecordEvent[];
  circumstances: {
    presence: string[];
    /** Detaining-authority, intelligence or guard presence while consent was obtained. */
    detaining_authority_present: boolean;
    private_setting: boolean;
    interpreter: { used: boolean; independent: boolean; confidentiality: boolean };
    capacity: {
      injury: boolean;
      medication: boolean;
      distress: boolean;
      self_harm_risk: boolean;
      decision: ConsentTermsJson["capacity"]["decision"];
    };
    information_given: string[];
    information_complete: boolean;
    inducements_none_offered: boolean;
    minor: { guardian_consent: boolean; child_agreement: boolean } | null;
    pow_acknowledged: boolean;
  };
  extensions: {
    "sourcekeeper:identification": {
      name: ConsentTermsJson["choices"]["name"];
      face: ConsentTermsJson["choices"]["face"];
      voice: ConsentTermsJson["choices"]["voice"];
      anonymity_from: ConsentTermsJson["anonymityFrom"];
    };
    "sourcekeeper:pow_override": {
      /** A prisoner of war's identifying choices need two editors' approval of a public-interest justification. */
      required: boolean;
      approvals: { editor: UserRef; approved_at: string }[];
      satisfied: boolean;
    };
  };
  attachments: ConsentRecordAttachment[];
  /** SHA-256 Sourcekeeper stored when the record was made: over the script, language, terms and free-text answers. */
  terms_sha256: string;
  /**
   * SHA-256 of this object's canonical JSON (keys sorted, no whitespace) without `fingerprint` and `private_fields`:
   * the same in default and sensitive exports, recomputable by anyone who holds the JSON.
   */
  fingerprint: string;
  private_fields: {
    /** Free-text fields that were filled in but are not in this export. */
    withheld: PrivateField[];
    /** Sensitive exports only: the free-text answers, and each event's details by event id. */
    values?: Partial<Record<PrivateField, string>>;
    event_details?: Record<string, string>;
    /** Sensitive exports only: where each attachment is in the bundle. */
    attachment_files?: Record<string, string>;
  };
}

/** The part of a record its fingerprint covers. */
export function fingerprintOf(record: Omit<ConsentRecordJson, "fingerprint"> | ConsentRecordJson): string {
  const { private_fields: _private, ...rest } = record as ConsentRecordJson;
  const { fingerprint: _fingerprint, ...covered } = rest as Partial<ConsentRecordJson>;
  return sha256Hex(canonicalJson(covered));
}

/** Milliseconds → ISO 8601 in UTC. */
export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : iso(ms));

/** DPV processing operations each permitted use implies (publication itself is always dissemination). */
export function dpvOperations(uses: readonly string[]): string[] {
  const ops = new Set(["dpv:Disseminate"]);
  if (uses.includes("archive")) ops.add("dpv:Store");
  if (uses.includes("translation")) ops.add("dpv:Transform");
  if (uses.includes("syndication")) ops.add("dpv:Share");
  if (uses.includes("reuse")) ops.add("dpv:Use");
  return [...ops];
}
