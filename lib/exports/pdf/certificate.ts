import {
  ANONYMITY_LABELS,
  CHANNEL_LABELS,
  FACE_LABELS,
  INFORMATION_ITEMS,
  INFORMATION_LABELS,
  MEDIA_LABELS,
  METHOD_LABELS,
  NAME_LABELS,
  PERMITTED_USE_LABELS,
  PERMITTED_USES,
  PRESENCE_LABELS,
  VOICE_LABELS,
} from "@/lib/consent/constants";
import { CONSENT_STATE_LABELS } from "@/lib/consent/state-machine";
import { PRIVATE_FIELDS, type PrivateField } from "@/lib/consent/terms";
import { SOURCE_TYPE_LABELS, STATUS_LABELS } from "@/lib/interviews/constants";
import type { ConsentRecordEvent, ConsentRecordJson } from "../consent-record";
import {
  box,
  contentWidth,
  type Doc,
  footer,
  formatBytes,
  formatDate,
  formatInstant,
  GREY,
  heading,
  labelOf,
  labelValue,
  languageName,
  left,
  paragraph,
  renderToBuffer,
  stampPages,
  table,
  applyStyle,
  yesNo,
} from "./render";

/**
 * The consent certificate (issue 8): one consent record as a printable PDF for editors, lawyers and archives. It
 * says everything the JSON export says, in words: the structured terms, the full event history with who recorded
 * each event, the script's fingerprint, the record's fingerprint and how to recompute it, and which free-text
 * answers were left out. A sensitive export adds those answers in a section of their own and is marked as such on
 * every page.
 */
export interface CertificateMeta {
  exportId: string;
  /** ISO 8601. */
  exportedAt: string;
  /** The newsroom user who made the export (display name). */
  exportedBy: string;
  /** A sensitive export: the record carries its free-text answers under `private_fields.values`. */
  sensitive: boolean;
}

export const CERTIFICATE_TITLE = "Consent certificate";
export const SENSITIVE_BANNER = "SENSITIVE — contains free-text answers";

/** English names of the free-text answers, as the consent form asks for them. */
export const PRIVATE_FIELD_LABELS: Record<PrivateField, string> = {
  locationGeneral: "General location",
  arrangedBy: "Who arranged access",
  accessConditions: "Conditions of access",
  presenceNote: "Who was present (note)",
  interpreterAffiliation: "Whom the interpreter works for",
  interpreterLanguage: "Interpreter's language or dialect",
  ageEstablished: "How age was established",
  capacityNote: "Capacity observations",
  sourceQuestions: "The source's questions",
  explainBack: "Explain-back in the source's words",
  outlets: "Outlets agreed",
  leaveOut: "What to leave out",
  sourceRequests: "The source's requests",
  commitments: "What was offered or promised",
  methodReason: "Why consent was not written",
  witness: "Witness",
  guardian: "Guardian or appropriate adult",
  publicInterestJustification: "Public-interest justification",
};

const VULNERABILITY_LABELS: Record<string, string> = { minor: "A minor", in_custody: "In custody", recent_trauma: "Recent trauma" };

const CAPACITY_OBSERVATIONS = [
  ["injury", "injury"],
  ["medication", "medication"],
  ["distress", "acute distress"],
  ["self_harm_risk", "risk of self-harm"],
] as const;

/** "40 minutes", "2 hours 5 minutes", "3 days 4 hours". */
function duration(fromIso: string, toIso: string): string | null {
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  if (!Number.isFinite(ms) || ms < 0) return null;
  const minutes = Math.round(ms / 60_000);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (minutes < 60) return plural(minutes, "minute");
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return [plural(hours, "hour"), minutes % 60 ? plural(minutes % 60, "minute") : ""].filter(Boolean).join(" ");
  const days = Math.floor(hours / 24);
  return [plural(days, "day"), hours % 24 ? plural(hours % 24, "hour") : ""].filter(Boolean).join(" ");
}

const list = (items: string[], none = "None"): string => (items.length ? items.join(", ") : none);
const channelLabel = (channel: string | null): string => (channel ? labelOf(CHANNEL_LABELS, channel) : "—");
const privateLabel = (field: string): string => `${labelOf(PRIVATE_FIELD_LABELS, field)} (${field})`;

/** "Withdrawn by the source, 2026-11-30 10:00 UTC, recorded 2026-11-30 11:00 UTC by Min-ji Journalist, by phone". */
function describeEvent(e: ConsentRecordEvent): string {
  return (
    `${CONSENT_STATE_LABELS[e.type] ?? e.type}: ${formatInstant(e.occurred_at)}, recorded ${formatInstant(e.recorded_at)} ` +
    `by ${e.recorded_by.name}${e.channel ? `, ${channelLabel(e.channel).toLowerCase()}` : ""}.`
  );
}

/** Groups of eight hex digits, for reading a fingerprint aloud or comparing it by eye. */
const grouped = (hex: string): string => hex.match(/.{1,8}/g)?.join(" ") ?? hex;

/** Renders `record` as a consent certificate. Throws if free-text answers are present but the export is not marked sensitive. */
export function renderCertificate(record: ConsentRecordJson, meta: CertificateMeta): Promise<Buffer> {
  const values = record.private_fields.values ?? {};
  const eventDetails = record.private_fields.event_details ?? {};
  const hasPrivateText = Object.keys(values).length > 0 || Object.keys(eventDetails).length > 0;
  if (hasPrivateText && !meta.sensitive) {
    return Promise.reject(new Error("This record holds free-text answers: only a sensitive export may print them."));
  }
  const exportedAt = Date.parse(meta.exportedAt);
  return renderToBuffer(
    { title: CERTIFICATE_TITLE, lang: "en", creationDate: Number.isNaN(exportedAt) ? undefined : new Date(exportedAt) },
    (doc) => {
      drawCertificate(doc, record, meta);
      const footerText = `${meta.sensitive ? "SENSITIVE · " : ""}${CERTIFICATE_TITLE} · ${record.pii_principal.id} · export ${meta.exportId}`;
      stampPages(doc, (page) => {
        if (meta.sensitive) {
          applyStyle(doc, { size: 9, bold: true });
          const width = doc.widthOfString(SENSITIVE_BANNER);
          doc.text(SENSITIVE_BANNER, left(doc) + (contentWidth(doc) - width) / 2, 24, { lineBreak: false });
        }
        footer(doc, footerText, page);
      });
    },
  );
}

function drawCertificate(doc: Doc, r: ConsentRecordJson, meta: CertificateMeta): void {
  const id = r.extensions["sourcekeeper:identification"];
  const pow = r.extensions["sourcekeeper:pow_override"];
  const c = r.circumstances;
  const m = r.collection_method;
  const values = r.private_fields.values ?? {};
  const eventDetails = r.private_fields.event_details ?? {};
  const attachmentFiles = r.private_fields.attachment_files ?? {};

  if (meta.sensitive) {
    box(
      doc,
      [
        { text: SENSITIVE_BANNER, size: 14, bold: true, gapAfter: 4 },
        {
          text:
            "This certificate includes the source's free-text answers and the details written for each event. They can name people " +
            "and places. Keep it as securely as the record itself and do not pass it outside the newsroom.",
          size: 10,
        },
      ],
      { lineWidth: 3 },
    );
  }

  paragraph(doc, CERTIFICATE_TITLE, { size: 20, bold: true }, 0);
  paragraph(doc, "A source's informed consent as recorded in Sourcekeeper. The source's real identity is never recorded.", {
    color: GREY,
  });
  doc.y += 4;

  labelValue(doc, "Code name", r.pii_principal.id, { strong: true });
  labelValue(doc, "Consent status", CONSENT_STATE_LABELS[r.consent_status.status] ?? r.consent_status.status, { strong: true });
  labelValue(doc, "Interview", `${r.interview.id} (${labelOf(STATUS_LABELS, r.interview.status)})`);
  labelValue(doc, "Source type", labelOf(SOURCE_TYPE_LABELS, r.pii_principal.source_type));
  labelValue(doc, "Vulnerabilities", list(r.pii_principal.vulnerabilities.map((v) => VULNERABILITY_LABELS[v] ?? v)));
  labelValue(doc, "Record", r.record_id);
  if (r.previous_record_id) labelValue(doc, "Replaces record", r.previous_record_id);
  labelValue(doc, "Record created", `${formatInstant(r.record_created_at)} by ${r.record_creator.name}`);
  labelValue(doc, "Exported", `${formatInstant(meta.exportedAt)} by ${meta.exportedBy} (export ${meta.exportId})`);

  doc.y += 6;
  box(doc, [
    { text: "Record fingerprint (SHA-256)", size: 10, bold: true, gapAfter: 2 },
    { text: r.fingerprint, size: 11, bold: true, gapAfter: 2 },
    { text: `In groups of eight: ${grouped(r.fingerprint)}`, size: 9, color: GREY, gapAfter: 4 },
    {
      text:
        "To check it, take this record from the JSON export, remove its “fingerprint” and “private_fields” members, write the rest " +
        "as canonical JSON (object keys sorted at every level, no whitespace, UTF-8) and compute the SHA-256 of those bytes. " +
        "The result must equal the fingerprint above. Default and sensitive exports of the record have the same fingerprint.",
      size: 9,
    },
  ]);

  heading(doc, "Controller and purpose");
  labelValue(doc, "Outlet", r.controller.name);
  labelValue(doc, "Desk", r.controller.desk);
  labelValue(doc, "Purpose", r.purposes.description);
  labelValue(
    doc,
    "Outlets the source agreed to",
    r.purposes.outlets_agreed ?? (r.purposes.outlets_withheld_reason ? `Withheld: ${r.purposes.outlets_withheld_reason}` : "Not recorded"),
  );

  heading(doc, "Consent script read to the source");
  labelValue(doc, "Script version", `${r.notice.script_label} (${r.notice.script_id})`);
  labelValue(doc, "Language", languageName(r.notice.language));
  labelValue(doc, "Title", r.notice.title);
  labelValue(doc, "Script SHA-256", r.notice.script_sha256, { size: 9 });

  heading(doc, "How consent was obtained");
  labelValue(doc, "Method", labelOf(METHOD_LABELS, m.method));
  if (m.recording_sha256) labelValue(doc, "Recording SHA-256", m.recording_sha256, { size: 9 });
  labelValue(doc, "Explained", formatInstant(m.explained_at));
  const between = duration(m.explained_at, m.decided_at);
  labelValue(doc, "Decided", `${formatInstant(m.decided_at)}${between ? ` (${between} after the explanation)` : ""}`);
  labelValue(doc, "Sessions", String(m.sessions));
  labelValue(doc, "Outcome", m.outcome === "given" ? "Consent given" : m.outcome === "refused" ? "Consent refused" : String(m.outcome), {
    strong: true,
  });

  heading(doc, "Circumstances");
  labelValue(doc, "Present", list(c.presence.map((p) => labelOf(PRESENCE_LABELS, p))));
  labelValue(
    doc,
    "Detaining authority, intelligence or guards present",
    c.detaining_authority_present ? "Yes. Consent obtained in their presence is in doubt (a blocking problem)." : "No",
  );
  labelValue(doc, "Private setting", yesNo(c.private_setting));
  labelValue(
    doc,
    "Interpreter",
    c.interpreter.used
      ? `Used. Independent: ${yesNo(c.interpreter.independent)}. Confidentiality undertaking: ${yesNo(c.interpreter.confidentiality)}.`
      : "None",
  );
  const observed = CAPACITY_OBSERVATIONS.filter(([key]) => c.capacity[key]).map(([, label]) => label);
  labelValue(doc, "Capacity observations", observed.length ? `Observed: ${observed.join(", ")}` : "None observed");
  labelValue(
    doc,
    "Capacity decision",
    c.capacity.decision === "proceed"
      ? "The source could decide (proceed)"
      : c.capacity.decision === "postpone"
        ? "Postpone"
        : c.capacity.decision,
  );
  labelValue(doc, "Inducements", c.inducements_none_offered ? "None offered" : "Something was offered or promised (see the record)");
  labelValue(
    doc,
    "Minor",
    c.minor
      ? `Yes. Guardian's permission: ${yesNo(c.minor.guardian_consent)}. The young person's own agreement: ${yesNo(c.minor.child_agreement)}.`
      : "No",
  );
  if (r.pii_principal.source_type === "pow" || c.pow_acknowledged) {
    labelValue(doc, "Prisoner-of-war protection explained", yesNo(c.pow_acknowledged));
  }

  heading(doc, "Information given before consent", { keepWith: 80 });
  labelValue(doc, "Every point explained", yesNo(c.information_complete), { strong: true });
  const known = new Set<string>(INFORMATION_ITEMS);
  const infoRows = [
    ...INFORMATION_ITEMS.map((item) => ({ cells: [c.information_given.includes(item) ? "Yes" : "No", INFORMATION_LABELS[item]] })),
    ...c.information_given.filter((item) => !known.has(item)).map((item) => ({ cells: ["Yes", item] })),
  ];
  table(
    doc,
    [
      { header: "Explained", width: 70 },
      { header: "Point", width: 425 },
    ],
    infoRows,
  );

  heading(doc, "The source's choices");
  labelValue(doc, "Name", labelOf(NAME_LABELS, id.name));
  labelValue(doc, "Face", labelOf(FACE_LABELS, id.face));
  labelValue(doc, "Voice", labelOf(VOICE_LABELS, id.voice));
  labelValue(doc, "Unidentifiable to", labelOf(ANONYMITY_LABELS, id.anonymity_from));
  labelValue(doc, "Media", list(r.processing.media.map((x) => labelOf(MEDIA_LABELS, x))));
  const uses = r.processing.permitted_uses;
  labelValue(doc, "Uses allowed", list(uses.map((u) => labelOf(PERMITTED_USE_LABELS, u))));
  labelValue(doc, "Uses not allowed", list(PERMITTED_USES.filter((u) => !uses.includes(u)).map((u) => PERMITTED_USE_LABELS[u])));
  labelValue(doc, "Processing (DPV)", list(r.processing.dpv_operations));
  labelValue(doc, "Embargo until", formatDate(r.processing.embargo_until));
  labelValue(doc, "Consent expires on", formatDate(r.processing.expires_on));

  heading(doc, "Prisoner-of-war override");
  labelValue(doc, "Two editors' approval required", yesNo(pow.required));
  labelValue(
    doc,
    "Approvals",
    pow.approvals.length ? pow.approvals.map((a) => `${a.editor.name}, ${formatInstant(a.approved_at)}`).join("\n") : "None",
  );
  labelValue(doc, "Satisfied", pow.required ? yesNo(pow.satisfied) : "Not required");

  heading(doc, "Status and history", { keepWith: 90 });
  const s = r.consent_status;
  labelValue(doc, "Status", `${CONSENT_STATE_LABELS[s.status] ?? s.status} (${s.dpv_status})`, { strong: true });
  labelValue(doc, "Last confirmed", formatInstant(s.last_confirmed_at, "Never"));
  labelValue(
    doc,
    "Reconfirmations",
    `${s.reconfirmations}${s.last_reconfirmed_at ? `, last on ${formatInstant(s.last_reconfirmed_at)}` : ""}`,
  );
  doc.y += 4;
  table(
    doc,
    [
      { header: "Event", width: 85 },
      { header: "Occurred", width: 100 },
      { header: "Recorded", width: 100 },
      { header: "Recorded by", width: 120 },
      { header: "Channel", width: 90 },
    ],
    r.events.map((e) => {
      const notes: string[] = [];
      if (e.content_shown_sha256) notes.push(`Content shown (SHA-256): ${e.content_shown_sha256}`);
      if (e.details_recorded) {
        notes.push(
          eventDetails[e.event_id] !== undefined
            ? "Details written: see the Sensitive section."
            : "Details written (in sensitive exports only).",
        );
      }
      return {
        cells: [
          CONSENT_STATE_LABELS[e.type] ?? e.type,
          formatInstant(e.occurred_at),
          formatInstant(e.recorded_at),
          e.recorded_by.name,
          channelLabel(e.channel),
        ],
        notes,
      };
    }),
  );
  const withdrawals = r.events.filter((e) => e.type === "withdrawn");
  const revocations = r.events.filter((e) => e.type === "revoked");
  labelValue(doc, "Withdrawal", withdrawals.length ? withdrawals.map(describeEvent).join("\n") : "None recorded");
  if (revocations.length) labelValue(doc, "Revocation", revocations.map(describeEvent).join("\n"));
  if (s.status === "expired") {
    labelValue(doc, "Expiry", `Consent expired${r.processing.expires_on ? ` at the end of ${r.processing.expires_on}` : ""}.`);
  }

  heading(doc, "Attachments", { keepWith: 60 });
  if (r.attachments.length === 0) {
    paragraph(doc, "None.");
  } else {
    table(
      doc,
      [
        { header: "Type", width: 90 },
        { header: "Size", width: 110 },
        { header: "Metadata removed", width: 110 },
        { header: "Uploaded", width: 185 },
      ],
      r.attachments.map((a) => ({
        cells: [a.mime, formatBytes(a.bytes), list(a.metadata_removed), `${formatInstant(a.uploaded_at)} by ${a.uploaded_by.name}`],
        notes: [`SHA-256: ${a.sha256}`, ...(attachmentFiles[a.upload_id] ? [`File in this bundle: ${attachmentFiles[a.upload_id]}`] : [])],
      })),
    );
  }

  heading(doc, "Integrity");
  labelValue(doc, "Terms SHA-256", r.terms_sha256, { size: 9 });
  paragraph(
    doc,
    "The terms SHA-256 was stored when the record was made. It covers the script, the language, the terms and the free-text answers, so it " +
      "can only be recomputed from the stored record, not from this export.",
    { size: 9, color: GREY },
  );
  labelValue(doc, "Record fingerprint", r.fingerprint, { size: 9 });
  labelValue(doc, "Schema", `${r.schema_version}; conforms to ${r.conforms_to}`);

  heading(doc, "Free-text answers");
  const withheld = r.private_fields.withheld;
  if (withheld.length === 0) {
    paragraph(doc, "No free-text answers were filled in.");
  } else {
    paragraph(
      doc,
      `These free-text answers were filled in and are withheld from default exports, because they can name people and places: ` +
        `${withheld.map(privateLabel).join("; ")}.`,
    );
    const details = r.events.filter((e) => e.details_recorded).length;
    if (details) paragraph(doc, `The details written for ${details} event${details === 1 ? "" : "s"} are withheld in the same way.`);
  }

  if (meta.sensitive) drawSensitive(doc, r, values, eventDetails);
}

/** The free-text answers and event details of a sensitive export, in a marked section of their own. */
function drawSensitive(
  doc: Doc,
  r: ConsentRecordJson,
  values: Partial<Record<PrivateField, string>>,
  eventDetails: Record<string, string>,
): void {
  heading(doc, `Sensitive: free-text answers`, { keepWith: 80 });
  box(doc, [
    {
      text: "SENSITIVE. The text below is the source's and the newsroom's own words, exported at an editor's request with a stated reason.",
      size: 10,
      bold: true,
    },
  ]);
  const known = new Set<string>(PRIVATE_FIELDS);
  const fields = [...PRIVATE_FIELDS.filter((f) => values[f] !== undefined), ...Object.keys(values).filter((f) => !known.has(f))];
  if (fields.length === 0) paragraph(doc, "No free-text answers in this export.");
  for (const field of fields) {
    labelValue(doc, privateLabel(field), (values as Record<string, string>)[field] || "—");
  }
  const withDetails = r.events.filter((e) => eventDetails[e.event_id] !== undefined);
  if (withDetails.length) {
    heading(doc, "Sensitive: event details", { size: 11, rule: false, keepWith: 60 });
    for (const e of withDetails) {
      labelValue(doc, `${CONSENT_STATE_LABELS[e.type] ?? e.type}, ${formatInstant(e.occurred_at)}`, eventDetails[e.event_id] || "—");
    }
  }
}
