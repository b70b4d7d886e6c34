import { and, asc, eq, gt, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { consentEvents, consentOverrideApprovals, consentRecords, consentUploads, desks, interviews, users } from "@/db/schema";
import type { Actor } from "../auth/permissions";
import { INFORMATION_ITEMS } from "../consent/constants";
import { eventDetailsContext } from "../consent/internal";
import { privateContext } from "../consent/record-consent";
import { getScriptVersion, type ScriptVersion } from "../consent/scripts";
import type { ConsentState } from "../consent/state-machine";
import { PRIVATE_FIELDS, type ConsentTermsJson, type PrivateField } from "../consent/terms";
import { effectiveStatus, DAY_MS } from "../consent/timing";
import { open, openOptional } from "../crypto/seal";
import { visibleToActor } from "../interviews/access";
import { analyze, identifierRecognizer } from "../redaction";
import type { Identifier } from "../redaction/types";
import { readVault } from "../review/vault";
import {
  CONSENT_RECORD_SCHEMA_VERSION,
  DPV_27560_RECORD,
  DPV_STATUS,
  dpvOperations,
  fingerprintOf,
  iso,
  isoOrNull,
  SYSTEM_USER,
  type ConsentRecordJson,
  type UserRef,
} from "./consent-record";
import type { ConsentExportFilters } from "./schema";

type RecordRow = typeof consentRecords.$inferSelect;
type InterviewRow = typeof interviews.$inferSelect;

/** Where a keyset page ends: the next page starts after this record. */
export interface Cursor {
  createdAt: number;
  id: string;
}

/** SQL: the record's consent is past its agreed expiry date (a whole UTC day), recorded or not. */
function expiredCondition(now: number): SQL {
  const today = new Date(now).toISOString().slice(0, 10);
  const expiresOn = sql`json_extract(${consentRecords.termsJson}, '$.expiresOn')`;
  return sql`(${consentRecords.status} = 'expired' or (${consentRecords.status} in ('given', 'reconfirmed') and ${expiresOn} is not null and ${expiresOn} < ${today}))`;
}

/**
 * The conditions of an export: what the actor may see (their own interviews and those they were added to;
 * editors also their desks) narrowed by the chosen filters. Status means the status that counts now.
 */
export function exportConditions(db: Db, actor: Actor, filters: ConsentExportFilters, now: number): SQL {
  const conditions: SQL[] = [visibleToActor(db, actor)];
  if (filters.interviewId) conditions.push(eq(consentRecords.interviewId, filters.interviewId));
  if (filters.deskId) conditions.push(eq(interviews.deskId, filters.deskId));
  if (filters.sourceType) conditions.push(eq(interviews.sourceType, filters.sourceType as InterviewRow["sourceType"]));
  if (filters.decidedFrom) conditions.push(gte(consentRecords.decidedAt, Date.parse(`${filters.decidedFrom}T00:00:00Z`)));
  if (filters.decidedTo) conditions.push(lt(consentRecords.decidedAt, Date.parse(`${filters.decidedTo}T00:00:00Z`) + DAY_MS));
  if (filters.status) {
    const status = filters.status as ConsentState;
    if (status === "expired") conditions.push(expiredCondition(now));
    else if (status === "given" || status === "reconfirmed")
      conditions.push(sql`(${consentRecords.status} = ${status} and not ${expiredCondition(now)})`);
    else conditions.push(eq(consentRecords.status, status));
  }
  return and(...conditions) as SQL;
}

export function countConsentRecords(db: Db, actor: Actor, filters: ConsentExportFilters, now: number): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(consentRecords)
      .innerJoin(interviews, eq(interviews.id, consentRecords.interviewId))
      .where(exportConditions(db, actor, filters, now))
      .get()?.n ?? 0
  );
}

export interface LoadOptions {
  /** Include the free-text answers, event details and attachment paths (a sensitive export). */
  sensitive: boolean;
  now: number;
}

export interface LoadedRecord {
  json: ConsentRecordJson;
  /** The record's interview (for the receipt and the bundle's attachment files). */
  interview: InterviewRow;
  script: ScriptVersion | null;
}

/**
 * Reads records page by page (keyset on creation time and id, so memory stays flat) and builds each one's
 * exported form. Everything is read from `db`, which for an export is a snapshot (db/snapshot.ts).
 */
export class ConsentRecordReader {
  private readonly userNames = new Map<string, string>();
  private readonly deskNames = new Map<string, string>();
  private readonly scripts = new Map<string, ScriptVersion | null>();

  constructor(
    private readonly db: Db,
    private readonly options: LoadOptions,
  ) {
    for (const u of db.select({ id: users.id, name: users.name }).from(users).all()) this.userNames.set(u.id, u.name);
    for (const d of db.select({ id: desks.id, name: desks.name }).from(desks).all()) this.deskNames.set(d.id, d.name);
  }

  /** The next page of records matching `where`, after `cursor`. */
  page(where: SQL, cursor: Cursor | null, limit: number): LoadedRecord[] {
    const after = cursor
      ? or(
          gt(consentRecords.createdAt, cursor.createdAt),
          and(eq(consentRecords.createdAt, cursor.createdAt), gt(consentRecords.id, cursor.id)),
        )
      : undefined;
    const rows = this.db
      .select({ record: consentRecords, interview: interviews })
      .from(consentRecords)
      .innerJoin(interviews, eq(interviews.id, consentRecords.interviewId))
      .where(after ? and(where, after) : where)
      .orderBy(asc(consentRecords.createdAt), asc(consentRecords.id))
      .limit(limit)
      .all();
    return this.build(rows);
  }

  /** One record by id (the caller has checked access to its interview). */
  one(recordId: string): LoadedRecord | null {
    const rows = this.db
      .select({ record: consentRecords, interview: interviews })
      .from(consentRecords)
      .innerJoin(interviews, eq(interviews.id, consentRecords.interviewId))
      .where(eq(consentRecords.id, recordId))
      .all();
    return this.build(rows)[0] ?? null;
  }

  private build(rows: { record: RecordRow; interview: InterviewRow }[]): LoadedRecord[] {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.record.id);
    const events = groupBy(
      this.db
        .select()
        .from(consentEvents)
        .where(inArray(consentEvents.recordId, ids))
        .orderBy(asc(consentEvents.recordedAt), asc(consentEvents.occurredAt))
        .all(),
      (e) => e.recordId,
    );
    const uploads = groupBy(
      this.db.select().from(consentUploads).where(inArray(consentUploads.recordId, ids)).orderBy(asc(consentUploads.uploadedAt)).all(),
      (u) => u.recordId,
    );
    const approvals = groupBy(
      this.db
        .select()
        .from(consentOverrideApprovals)
        .where(inArray(consentOverrideApprovals.recordId, ids))
        .orderBy(asc(consentOverrideApprovals.approvedAt))
        .all(),
      (a) => a.recordId,
    );
    const vaults = new Map<string, Identifier[]>();
    return rows.map(({ record, interview }) => {
      const script = this.script(record.scriptId);
      let vault = vaults.get(interview.id);
      if (!vault) {
        vault = readVault(this.db, interview.id).map(({ value, category }) => ({ value, category }));
        vaults.set(interview.id, vault);
      }
      const json = this.toJson(
        record,
        interview,
        script,
        events.get(record.id) ?? [],
        uploads.get(record.id) ?? [],
        approvals.get(record.id) ?? [],
        vault,
      );
      return { json, interview, script };
    });
  }

  private script(id: string): ScriptVersion | null {
    if (!this.scripts.has(id)) this.scripts.set(id, getScriptVersion(this.db, id));
    return this.scripts.get(id) ?? null;
  }

  private user(id: string): UserRef {
    const name = this.userNames.get(id);
    return name === undefined ? SYSTEM_USER : { user_id: id, name };
  }

  private toJson(
    record: RecordRow,
    interview: InterviewRow,
    script: ScriptVersion | null,
    events: (typeof consentEvents.$inferSelect)[],
    uploads: (typeof consentUploads.$inferSelect)[],
    approvals: (typeof consentOverrideApprovals.$inferSelect)[],
    vault: Identifier[],
  ): ConsentRecordJson {
    const terms = JSON.parse(record.termsJson) as ConsentTermsJson;
    // An erased interview's free text is gone for good (its data key was destroyed): the record keeps its terms,
    // events and file hashes, and carries no private values or files.
    const erased = interview.erasedAt !== null;
    const privateText = erased ? ({} as Record<PrivateField, string>) : (JSON.parse(open(record.privateSealed, privateContext(record.id))) as Record<PrivateField, string>);
    const filled = PRIVATE_FIELDS.filter((f) => (privateText[f] ?? "").trim() !== "");
    // The agreed outlets are free text too: included (they are the purpose of the consent) unless they contain
    // one of the interview's vault identifiers, which a default export must never carry. Then they are left out of
    // `purposes` in every export, sensitive ones too (which carry them with the other free-text answers, under
    // `private_fields.values`): the fingerprint covers `purposes`, and must be the same in both kinds of export.
    const outlets = (privateText.outlets ?? "").trim();
    const outletsLeak = outlets !== "" && vault.length > 0 && analyze(outlets, [identifierRecognizer(vault)]).length > 0;
    const outletsIncluded = outlets !== "" && !outletsLeak;
    const status = effectiveStatus(record.status, terms.expiresOn, this.options.now);
    const reconfirmations = events.filter((e) => e.type === "reconfirmed");
    const vulnerabilities = [
      ...(interview.minor ? ["minor"] : []),
      ...(interview.inCustody ? ["in_custody"] : []),
      ...(interview.recentTrauma ? ["recent_trauma"] : []),
    ];
    const base: Omit<ConsentRecordJson, "fingerprint" | "private_fields"> = {
      schema_version: CONSENT_RECORD_SCHEMA_VERSION,
      conforms_to: DPV_27560_RECORD,
      record_id: record.id,
      previous_record_id: record.previousRecordId,
      record_created_at: iso(record.createdAt),
      record_creator: this.user(record.recordedBy),
      pii_principal: { id: interview.codeName, id_type: "code_name", source_type: interview.sourceType, vulnerabilities },
      controller: { name: interview.outlet, desk: this.deskNames.get(interview.deskId) ?? "" },
      interview: { id: interview.id, code_name: interview.codeName, status: interview.status },
      purposes: {
        description: `Publication of the interview by ${interview.outlet}, in the media and for the uses the source agreed to.`,
        outlets_agreed: outletsIncluded ? outlets : null,
        outlets_withheld_reason:
          outlets === ""
            ? null
            : outletsIncluded
              ? null
              : "It contains an identifier from the interview's vault; only a sensitive export includes it, with the free-text answers.",
      },
      processing: {
        media: [...terms.choices.media],
        permitted_uses: [...terms.permittedUses],
        dpv_operations: dpvOperations(terms.permittedUses),
        embargo_until: terms.embargoUntil,
        expires_on: terms.expiresOn,
      },
      notice: {
        script_id: record.scriptId,
        script_label: script?.label ?? record.scriptId,
        script_sha256: record.scriptHash,
        language: record.language,
        title: script?.content.title[record.language] ?? script?.content.title.en ?? "",
      },
      collection_method: {
        method: terms.method,
        dpv_consent_type: "dpv:ExplicitlyExpressedConsent",
        recording_sha256: terms.recordingSha256,
        explained_at: iso(record.explainedAt),
        decided_at: iso(record.decidedAt),
        sessions: terms.sessions,
        outcome: terms.outcome,
      },
      consent_status: {
        status,
        dpv_status: DPV_STATUS[status],
        last_confirmed_at: isoOrNull(record.lastConfirmedAt),
        last_reconfirmed_at: isoOrNull(reconfirmations.at(-1)?.occurredAt),
        reconfirmations: reconfirmations.length,
      },
      events: events.map((e) => ({
        event_id: e.id,
        type: e.type,
        dpv_status: DPV_STATUS[e.type],
        occurred_at: iso(e.occurredAt),
        recorded_at: iso(e.recordedAt),
        recorded_by: this.user(e.recordedBy),
        channel: e.channel,
        content_shown_sha256: e.contentShownSha256,
        details_recorded: e.detailsSealed !== null,
      })),
      circumstances: {
        presence: [...terms.presence],
        detaining_authority_present: record.captorPresent,
        private_setting: terms.privateSetting,
        interpreter: {
          used: terms.interpreter.used,
          independent: terms.interpreter.independent,
          confidentiality: terms.interpreter.confidentiality,
        },
        capacity: {
          injury: terms.capacity.injury,
          medication: terms.capacity.medication,
          distress: terms.capacity.distress,
          self_harm_risk: terms.capacity.selfHarmRisk,
          decision: terms.capacity.decision,
        },
        information_given: [...terms.informationGiven],
        information_complete: terms.informationGiven.length >= INFORMATION_COUNT,
        inducements_none_offered: terms.inducementsNoneOffered,
        minor: interview.minor ? { guardian_consent: terms.minor.guardianConsent, child_agreement: terms.minor.childAgreement } : null,
        pow_acknowledged: terms.powAcknowledged,
      },
      extensions: {
        "sourcekeeper:identification": {
          name: terms.choices.name,
          face: terms.choices.face,
          voice: terms.choices.voice,
          anonymity_from: terms.anonymityFrom,
        },
        "sourcekeeper:pow_override": {
          required: record.needsOverride,
          approvals: approvals.map((a) => ({ editor: this.user(a.editorId), approved_at: iso(a.approvedAt) })),
          satisfied: !record.needsOverride || approvals.length >= 2,
        },
      },
      attachments: uploads.map((u) => ({
        upload_id: u.id,
        mime: u.mime,
        bytes: u.size,
        sha256: u.sha256,
        metadata_removed: JSON.parse(u.metadataRemoved) as string[],
        uploaded_at: iso(u.uploadedAt),
        uploaded_by: this.user(u.uploadedBy),
      })),
      terms_sha256: record.termsHash,
    };
    const fingerprint = fingerprintOf(base as ConsentRecordJson);
    const withheld = filled.filter((f) => !(f === "outlets" && outletsIncluded));
    const private_fields: ConsentRecordJson["private_fields"] = this.options.sensitive
      ? {
          withheld: [],
          values: Object.fromEntries(filled.map((f) => [f, privateText[f]])),
          event_details: Object.fromEntries(
            events.flatMap((e) => {
              if (erased) return [];
              const details = openOptional(e.detailsSealed, eventDetailsContext(record.id, e.id));
              return details ? [[e.id, details]] : [];
            }),
          ),
          attachment_files: erased ? {} : Object.fromEntries(uploads.map((u) => [u.id, attachmentPath(record.id, u.id, u.mime)])),
        }
      : { withheld };
    return { ...base, fingerprint, private_fields };
  }
}

const INFORMATION_COUNT = INFORMATION_ITEMS.length;

/** Where a sensitive bundle stores an attachment. */
export function attachmentPath(recordId: string, uploadId: string, mime: string): string {
  const ext = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" }[mime] ?? "bin";
  return `attachments/${recordId}/${uploadId}.${ext}`;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
