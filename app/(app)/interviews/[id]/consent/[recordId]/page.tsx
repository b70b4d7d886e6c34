import type { Metadata } from "next";
import { FactList } from "@/app/_components/fact-list";
import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { orNotFound } from "@/app/_components/or-not-found";
import { pageCtx, requireUser } from "@/lib/auth/session";
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
  type Channel,
} from "@/lib/consent/constants";
import { getScript } from "@/lib/consent/list-scripts";
import { CONSENT_STATE_LABELS, isActive, isFinal } from "@/lib/consent/state-machine";
import type { ConsentTermsJson } from "@/lib/consent/terms";
import { viewConsentRecord } from "@/lib/consent/view-consent-record";
import { receiptReference } from "@/lib/exports/issue-receipt";
import { canEdit } from "@/lib/interviews/access";
import { ReconfirmConsent, WithdrawConsent } from "../consent-event-forms";
import { EditorConsentActions } from "./editor-actions";
import { ReceiptForm } from "./receipt-form";
import { UploadForm } from "./upload-form";

export const metadata: Metadata = { title: "Consent record" };

const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ") + " UTC";
const yes = (b: boolean) => (b ? "Yes" : "No");

export default async function ConsentRecordPage({ params }: { params: Promise<{ id: string; recordId: string }> }) {
  const user = await requireUser();
  const { id, recordId } = await params;
  const ctx = pageCtx(user);
  const view = orNotFound(() => viewConsentRecord({ ctx, interviewId: id, recordId }));
  const { interview, access, record, privateText: p, events, uploads } = view;
  const t = JSON.parse(record.termsJson) as ConsentTermsJson;
  const script = getScript({ ctx, scriptId: record.scriptId });
  const editable = canEdit(access);
  const facts: [string, React.ReactNode][] = [
    ["Script", script ? `${script.label} (read in ${record.language})` : record.scriptId],
    [
      "Script fingerprint (SHA-256)",
      <span key="h" className="mono">
        {record.scriptHash}
      </span>,
    ],
    [
      "Record fingerprint (SHA-256)",
      <span key="t" className="mono">
        {record.termsHash}
      </span>,
    ],
    ["Explained / decided", `${when(record.explainedAt)} → ${when(record.decidedAt)}, ${t.sessions} session(s)`],
    ["General location", p.locationGeneral || "—"],
    ["Access arranged by / conditions", `${p.arrangedBy || "—"} / ${p.accessConditions || "—"}`],
    ["Present", `${t.presence.map((x) => PRESENCE_LABELS[x]).join(", ")}${p.presenceNote ? ` (${p.presenceNote})` : ""}`],
    ["Private setting", yes(t.privateSetting)],
    [
      "Interpreter",
      t.interpreter.used
        ? `${p.interpreterAffiliation}; independent: ${yes(t.interpreter.independent)}; ${p.interpreterLanguage ?? (t.interpreter as { language?: string }).language ?? ""}; confidentiality: ${yes(t.interpreter.confidentiality)}`
        : "None",
    ],
    ["Capacity", `${t.capacity.decision === "proceed" ? "Could decide" : "Postpone"}${p.capacityNote ? ` — ${p.capacityNote}` : ""}`],
    ["Age established by", p.ageEstablished || "—"],
    ["Explained", INFORMATION_ITEMS.map((i) => `${t.informationGiven.includes(i) ? "✓" : "✗"} ${INFORMATION_LABELS[i]}`).join("; ")],
    ["Source's questions", p.sourceQuestions || "—"],
    ["Explain-back", p.explainBack || "—"],
    ["Unidentifiable to", ANONYMITY_LABELS[t.anonymityFrom]],
    ["Name / face / voice", `${NAME_LABELS[t.choices.name]} / ${FACE_LABELS[t.choices.face]} / ${VOICE_LABELS[t.choices.voice]}`],
    ["Media", t.choices.media.map((m) => MEDIA_LABELS[m]).join(", ") || "—"],
    ["Outlets", p.outlets || "—"],
    ["Uses", PERMITTED_USES.map((u) => `${PERMITTED_USE_LABELS[u]}: ${yes(t.permittedUses.includes(u))}`).join("; ")],
    ["Leave out", p.leaveOut || "—"],
    ["Inducements", t.inducementsNoneOffered ? "None offered" : p.commitments],
    ["Source's requests", p.sourceRequests || "—"],
    [
      "Method",
      `${METHOD_LABELS[t.method]}${p.methodReason ? ` — ${p.methodReason}` : ""}${t.recordingSha256 ? ` (recording SHA-256 ${t.recordingSha256})` : ""}${p.witness ? `; witness: ${p.witness}` : ""}`,
    ],
    ["Embargo / expiry", `${t.embargoUntil ?? "none"} / ${t.expiresOn ?? "none"}`],
  ];
  if (interview.sourceType === "pow") facts.push(["Prisoner-of-war protection explained", yes(t.powAcknowledged)]);
  if (p.publicInterestJustification) facts.push(["Public-interest justification", p.publicInterestJustification]);
  if (interview.minor)
    facts.push([
      "Minor",
      `${p.guardian}; guardian agreed: ${yes(t.minor.guardianConsent)}; young person agreed: ${yes(t.minor.childAgreement)}`,
    ]);

  return (
    <>
      <p>
        <Link href={`/interviews/${interview.id}`}>← {interview.codeName}</Link>
      </p>
      <h1>Consent record: {interview.codeName}</h1>
      <p>
        Status: <strong data-testid="record-status">{CONSENT_STATE_LABELS[record.status]}</strong>
        {record.previousRecordId ? (
          <>
            {" "}
            · replaces <Link href={`/interviews/${interview.id}/consent/${record.previousRecordId}`}>an earlier record</Link>
          </>
        ) : null}
      </p>
      {record.status === "withdrawn" ? <p className="notice error">The source withdrew consent. This cannot be undone.</p> : null}
      {record.status === "expired" ? (
        <p className="notice error">
          Consent expired{t.expiresOn ? ` at the end of ${t.expiresOn}, the date the source agreed to` : ""}. Using this interview needs a
          new consent record.
        </p>
      ) : null}
      {record.captorPresent ? (
        <p className="notice error">Blocking: captors or their services were present when consent was given.</p>
      ) : null}
      <p className="muted small">Viewing this record is written to the audit log.</p>

      <section className="card" aria-labelledby="history">
        <h2 id="history" style={{ marginTop: 0 }}>
          History
        </h2>
        <ol>
          {events.map((e) => (
            <li key={e.id}>
              <strong>{CONSENT_STATE_LABELS[e.type]}</strong> {when(e.occurredAt)}
              {e.channel ? ` · ${CHANNEL_LABELS[e.channel as Channel] ?? e.channel}` : ""}
              {e.details ? (
                <div className="small" style={{ whiteSpace: "pre-wrap" }}>
                  {e.details}
                </div>
              ) : null}
              {e.contentShownSha256 ? <div className="mono small">content shown: {e.contentShownSha256}</div> : null}
            </li>
          ))}
        </ol>
      </section>

      <section className="card" aria-labelledby="terms">
        <h2 id="terms" style={{ marginTop: 0 }}>
          What was recorded
        </h2>
        <FactList facts={facts} />
        <p style={{ marginTop: "1rem" }}>
          <Link href={`/consent-scripts/${record.scriptId}/sheet?lang=${record.language}`}>Print the consent sheet for this script</Link>
        </p>
      </section>

      <section className="card" aria-labelledby="files">
        <h2 id="files" style={{ marginTop: 0 }}>
          Signature scans
        </h2>
        {uploads.length === 0 ? (
          <p className="muted">None attached. A written consent can be scanned and attached here; verbal consent needs none.</p>
        ) : null}
        <ul>
          {uploads.map((u) => (
            <li key={u.id}>
              <a href={`/api/consent-uploads/${u.id}`}>Download scan of {when(u.uploadedAt)}</a>{" "}
              <span className="muted small">
                {u.mime}, {Math.ceil(u.size / 1024)} KB, SHA-256 <span className="mono">{u.sha256.slice(0, 16)}…</span>
                {u.metadataRemoved.length ? `; removed: ${u.metadataRemoved.join(", ")}` : ""}
              </span>
            </li>
          ))}
        </ul>
        {editable && interview.archivedAt === null ? <UploadForm interviewId={interview.id} recordId={record.id} /> : null}
      </section>

      <section className="card" aria-labelledby="proof">
        <h2 id="proof" style={{ marginTop: 0 }}>
          Proof and the source&apos;s copy
        </h2>
        <p>
          Receipt reference: <strong className="mono">{receiptReference(record.id)}</strong>{" "}
          <span className="muted small">
            (printed on the source&apos;s receipt instead of any name; a source who withdraws can quote it)
          </span>
        </p>
        {record.status === "given" || record.status === "reconfirmed" ? (
          <ReceiptForm interviewId={interview.id} recordId={record.id} outlet={interview.outlet} />
        ) : (
          <p className="muted">A receipt can be issued while consent stands (given or reconfirmed).</p>
        )}
        <p style={{ marginTop: "1rem" }}>
          <Link href={`/exports?interview=${interview.id}`}>Export this interview&apos;s consent records</Link> as signed PDF certificates,
          CSV and JSON.
        </p>
      </section>

      {!isFinal(record.status) ? (
        <section className="card" aria-labelledby="actions">
          <h2 id="actions" style={{ marginTop: 0 }}>
            Reconfirm or withdraw
          </h2>
          {isActive(record.status) && editable && interview.archivedAt === null ? (
            <ReconfirmConsent interviewId={interview.id} recordId={record.id} />
          ) : null}
          <div style={{ marginTop: "1rem" }}>
            <WithdrawConsent interviewId={interview.id} recordId={record.id} />
          </div>
        </section>
      ) : null}
      {can(user.actor, "consent:revoke") ? (
        <EditorConsentActions
          interviewId={interview.id}
          recordId={record.id}
          canRevoke={!isFinal(record.status)}
          canApprove={record.needsOverride && record.recordedBy !== user.id}
        />
      ) : null}
    </>
  );
}
