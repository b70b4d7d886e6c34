import { fingerprintOf, type ConsentRecordJson } from "@/lib/exports/consent-record";

/** A complete, valid exported consent record (a POW, Korean script, reconfirmed) for unit tests of the renderers. */
export function sampleConsentRecord(overrides: Partial<ConsentRecordJson> = {}): ConsentRecordJson {
  const journalist = { user_id: "u-journalist", name: "Min-ji Journalist" };
  const base: Omit<ConsentRecordJson, "fingerprint"> = {
    schema_version: "sourcekeeper-consent-record/1",
    conforms_to: "https://w3id.org/dpv/schema/iso-27560#record",
    record_id: "6f1c2a9e-0b7d-4c55-9a51-2f0f5d1e7a10",
    previous_record_id: null,
    record_created_at: "2026-11-20T09:30:00.000Z",
    record_creator: journalist,
    pii_principal: { id: "은하수 Galaxy", id_type: "code_name", source_type: "pow", vulnerabilities: ["in_custody"] },
    controller: { name: "The Daily Example", desk: "Korea desk" },
    interview: { id: "1d0e7c7b-3a0f-4b8e-8f4a-7f2b9c3d4e5f", code_name: "은하수 Galaxy", status: "in_review" },
    purposes: {
      description: "Publication of the interview by The Daily Example in the media and for the uses the source agreed to.",
      outlets_agreed: "The Daily Example (print and web), Korean service",
      outlets_withheld_reason: null,
    },
    processing: {
      media: ["text", "audio"],
      permitted_uses: ["quotes", "audio", "translation"],
      dpv_operations: ["dpv:Disseminate", "dpv:Transform"],
      embargo_until: "2026-12-01",
      expires_on: "2027-11-20",
    },
    notice: {
      script_id: "builtin-2026-11",
      script_label: "2026-11 (built in)",
      script_sha256: "a".repeat(64),
      language: "ko",
      title: "면담과 보도에 대한 동의",
    },
    collection_method: {
      method: "recorded_verbal",
      dpv_consent_type: "dpv:ExplicitlyExpressedConsent",
      recording_sha256: "b".repeat(64),
      explained_at: "2026-11-20T08:00:00.000Z",
      decided_at: "2026-11-20T08:40:00.000Z",
      sessions: 2,
      outcome: "given",
    },
    consent_status: {
      status: "reconfirmed",
      dpv_status: "dpv:RenewedConsentGiven",
      last_confirmed_at: "2026-11-24T10:00:00.000Z",
      last_reconfirmed_at: "2026-11-24T10:00:00.000Z",
      reconfirmations: 1,
    },
    events: [
      {
        event_id: "e1",
        type: "given",
        dpv_status: "dpv:ConsentGiven",
        occurred_at: "2026-11-20T08:40:00.000Z",
        recorded_at: "2026-11-20T09:30:00.000Z",
        recorded_by: journalist,
        channel: null,
        content_shown_sha256: null,
        details_recorded: false,
      },
      {
        event_id: "e2",
        type: "reconfirmed",
        dpv_status: "dpv:RenewedConsentGiven",
        occurred_at: "2026-11-24T10:00:00.000Z",
        recorded_at: "2026-11-24T10:05:00.000Z",
        recorded_by: journalist,
        channel: "in_person",
        content_shown_sha256: "c".repeat(64),
        details_recorded: true,
      },
    ],
    circumstances: {
      presence: ["none"],
      detaining_authority_present: false,
      private_setting: true,
      interpreter: { used: true, independent: true, confidentiality: true },
      capacity: { injury: false, medication: false, distress: false, self_harm_risk: false, decision: "proceed" },
      information_given: ["purpose", "outlets"],
      information_complete: true,
      inducements_none_offered: true,
      minor: null,
      pow_acknowledged: true,
    },
    extensions: {
      "sourcekeeper:identification": { name: "pseudonym", face: "not_filmed", voice: "altered", anonymity_from: "dprk_state" },
      "sourcekeeper:pow_override": { required: false, approvals: [], satisfied: true },
    },
    attachments: [
      {
        upload_id: "up1",
        mime: "image/jpeg",
        bytes: 20480,
        sha256: "d".repeat(64),
        metadata_removed: ["EXIF", "GPS"],
        uploaded_at: "2026-11-20T09:40:00.000Z",
        uploaded_by: journalist,
      },
    ],
    terms_sha256: "e".repeat(64),
    private_fields: { withheld: ["locationGeneral", "explainBack"] },
    ...overrides,
  };
  return { ...base, fingerprint: fingerprintOf(base) } as ConsentRecordJson;
}
