import { expect } from "vitest";
import { setItemState } from "@/lib/checklist/set-item-state";
import { reconfirmConsent } from "@/lib/consent/reconfirm-consent";
import { recordConsent } from "@/lib/consent/record-consent";
import type { Ctx } from "@/lib/context";
import { addCollaborator } from "@/lib/interviews/collaborators";
import type { CreateInterviewInput } from "@/lib/interviews/schema";
import { setInterviewStatus } from "@/lib/interviews/set-interview-status";
import { reviewImage } from "@/lib/publication/editor-checks";
import { getPublicationView, signOff, submitForReview } from "@/lib/publication/workflow";
import { decideFinding } from "@/lib/review/decide";
import { addPastedDocument } from "@/lib/review/documents";
import { attachImage } from "@/lib/review/images";
import { saveVault } from "@/lib/review/vault";
import { consentInput, plainJpeg, reconfirmInput, type ConsentInput } from "./consent-fixtures";
import { BASIC_VAULT, currentFindings, DRAFT, entries } from "./review-fixtures";
import { interviewInput, seedInterview, type Newsroom } from "./seed";
import { sqlite } from "./test-db";

/**
 * Helpers for the publication gate's integration tests (issue 9): an interview brought, through the real services,
 * to the point where an editor of its desk may clear it, and small readers of the rows the gate writes.
 */

/** The people of seedNewsroom, by key. */
export type Person = "jo" | "jay" | "ed" | "ed2" | "seoulEd" | "kyivAdmin";

/** A statement long enough for a sign-off (at least 20 characters). */
export const STATEMENT = "Checked every reason on the report; nothing identifies him.";
/** A reason long enough for a captor-presence override (at least 40 characters). */
export const OVERRIDE_REASON = "The guard stood outside the glass door and could not hear a word of it.";
/** A justification long enough for a prior-exposure check (at least 30 characters). */
export const PRIOR_EXPOSURE_REASON = "Shown on state television already; nothing new is added by us.";
/** A takedown note long enough (at least 10 characters). */
export const TAKEDOWN_NOTE = "Article unpublished and the CDN cache purged.";
/** Evidence for checklist items that require it. */
export const EVIDENCE = "Done with the desk; the note is in the shared file.";

/** Consent that lets an image be attached: photographs agreed, the face irreversibly masked. */
export const CONSENT_WITH_STILLS: Partial<ConsentInput> = {
  media: ["text", "stills"],
  faceChoice: "blurred",
  permittedUses: ["quotes", "stills"],
};

export interface PrepareOptions {
  owner?: Person;
  /** Added by the owner as a collaborator. */
  collaborator?: Person;
  /** The editor of the desk who checks the image (not working on the interview). */
  editorA?: Person;
  /** A second editor of the desk, who signs by default. */
  editorB?: Person;
  interview?: Partial<CreateInterviewInput>;
  /** Overrides of the consent recorded; null records none. */
  consent?: Partial<ConsentInput> | null;
  /** Reconfirm consent (default true). */
  reconfirm?: boolean;
  /** Attach an image and have editor A mark it de-identified (default true). */
  image?: boolean;
  /** Submit for review at the end (default true); otherwise it stays "interviewed". */
  submit?: boolean;
}

export interface Clearable {
  interviewId: string;
  interviewInput: CreateInterviewInput;
  /** The consent record ("" when none was recorded). */
  recordId: string;
  documentId: string;
  imageId: string | null;
  /** Every blocking checklist item that applies, all done. */
  blockItems: string[];
  people: { owner: Person; collaborator: Person | null; editorA: Person; editorB: Person };
  ctxs: { owner: Ctx; collaborator: Ctx | null; editorA: Ctx; editorB: Ctx; otherDesk: Ctx; admin: Ctx };
  passwords: { owner: string; editorA: string; editorB: string; otherDesk: string };
}

/**
 * A POW interview of the Kyiv desk that the gate reports clear (no reason but who signs): every applicable
 * blocking checklist item done (with evidence), consent given without captors and reconfirmed a minute ago, the
 * vault registered and a draft scanned with every finding redacted, an image de-identified by editor A, then
 * marked interviewed and submitted for review. Everything goes through the real services (and is audited).
 */
export async function prepareClearable(n: Newsroom, options: PrepareOptions = {}): Promise<Clearable> {
  const people = {
    owner: options.owner ?? "jo",
    collaborator: options.collaborator ?? null,
    editorA: options.editorA ?? "ed",
    editorB: options.editorB ?? "ed2",
  };
  const ctx = (p: Person) => n.ctxs[p];
  const owner = ctx(people.owner);
  const editorA = ctx(people.editorA);
  const input = interviewInput(n.kyiv, options.interview);
  const interviewId = seedInterview(owner, input);
  if (people.collaborator) addCollaborator({ ctx: owner, input: { interviewId, userId: n[people.collaborator].id } });
  n.clock.advance(60_000);

  // Consent, given half an hour ago, then reconfirmed against the final content five minutes ago.
  let recordId = "";
  if (options.consent !== null) {
    const input = consentInput(interviewId, n.clock.now(), { ...CONSENT_WITH_STILLS, ...options.consent });
    ({ recordId } = recordConsent({ ctx: owner, input }));
    if (options.reconfirm ?? true) reconfirmConsent({ ctx: owner, input: reconfirmInput(interviewId, recordId, n.clock.now()) });
  }

  // The vault and a draft: every finding redacted.
  saveVault({ ctx: owner, input: { interviewId, entries: entries(BASIC_VAULT) } });
  const { documentId } = addPastedDocument({ ctx: owner, input: { interviewId, title: "Draft for Monday", kind: "draft", text: DRAFT } });
  for (const f of currentFindings(documentId))
    decideFinding({
      ctx: owner,
      input: { interviewId, documentId, findingId: f.id, decision: "redact", replacement: "", justification: "" },
    });

  // An image, de-identified in the eyes of an editor of the desk who does not work on it.
  let imageId: string | null = null;
  if (options.image ?? true) {
    ({ imageId } = await attachImage({ ctx: owner, interviewId, caption: "Hands on a table", bytes: await plainJpeg() }));
    reviewImage({ ctx: editorA, input: { interviewId, imageId, deidentified: true, priorExposure: false, justification: "" } });
  }

  // Every applicable blocking checklist item done.
  const blockItems = blockingItems(interviewId);
  expect(blockItems.length).toBeGreaterThan(5);
  for (const itemId of blockItems) setItemState({ ctx: owner, input: { interviewId, itemId, state: "done", evidence: EVIDENCE } });

  setInterviewStatus({ ctx: owner, input: { interviewId, status: "interviewed" } });
  if (options.submit ?? true) submitForReview({ ctx: owner, input: { interviewId } });
  n.clock.advance(60_000);

  const password = (p: Person) => n[p].password;
  return {
    interviewId,
    interviewInput: input,
    recordId,
    documentId,
    imageId,
    blockItems,
    people,
    ctxs: {
      owner,
      collaborator: people.collaborator ? ctx(people.collaborator) : null,
      editorA,
      editorB: ctx(people.editorB),
      otherDesk: ctx("seoulEd"),
      admin: n.ctx(n.admin),
    },
    passwords: {
      owner: password(people.owner),
      editorA: password(people.editorA),
      editorB: password(people.editorB),
      otherDesk: n.seoulEd.password,
    },
  };
}

/** The applicable blocking checklist items of an interview. */
export function blockingItems(interviewId: string): string[] {
  return (
    sqlite()
      .prepare("select item_id from checklist_items where interview_id = ? and applicable = 1 and gate = 'block' order by rowid")
      .all(interviewId) as { item_id: string }[]
  ).map((r) => r.item_id);
}

/** Reads the gate report as `ctx` and signs it with that report's hash. */
export function signOffAs(ctx: Ctx, password: string, interviewId: string, statement = STATEMENT) {
  const { report } = getPublicationView({ ctx, interviewId });
  return signOff({ ctx, input: { interviewId, gateHash: report.hash, statement, password } });
}

/** When the source last reconfirmed a consent record. */
export const lastReconfirmedAt = (recordId: string) =>
  (
    sqlite().prepare("select max(occurred_at) as t from consent_events where record_id = ? and type = 'reconfirmed'").get(recordId) as {
      t: number | null;
    }
  ).t;

/** The gate's reason codes as `ctx` sees them. */
export const reasonCodes = (ctx: Ctx, interviewId: string) => getPublicationView({ ctx, interviewId }).report.reasons.map((r) => r.code);

export interface InterviewStatusRow {
  status: string;
  status_reason: string | null;
}
export const interviewRow = (interviewId: string) =>
  sqlite().prepare("select status, status_reason from interviews where id = ?").get(interviewId) as InterviewStatusRow;

export interface SignoffRow {
  id: string;
  interview_id: string;
  editor_id: string;
  statement_sealed: string;
  gate_hash: string;
  basis_json: string;
  signed_at: number;
}
export const signoffRows = (interviewId: string) =>
  sqlite().prepare("select * from publication_signoffs where interview_id = ? order by rowid").all(interviewId) as SignoffRow[];

export interface TakedownRow {
  id: string;
  interview_id: string;
  desk_id: string;
  consent_record_id: string;
  cause: string;
  created_at: number;
  due_at: number;
  resolved_at: number | null;
  resolved_by: string | null;
  resolution: string | null;
  note_sealed: string | null;
}
export const takedownRows = (interviewId: string) =>
  sqlite().prepare("select * from takedown_tasks where interview_id = ? order by rowid").all(interviewId) as TakedownRow[];

export const PUBLICATION_TABLES = [
  "interviews",
  "publication_signoffs",
  "publication_records",
  "gate_overrides",
  "image_reviews",
  "prior_exposure_justifications",
  "takedown_tasks",
  "audit_events",
] as const;

/** Every row of the gate's tables, the interviews and the audit log, to prove a refusal changed nothing. */
export function publicationSnapshot(): Record<string, unknown[]> {
  return Object.fromEntries(PUBLICATION_TABLES.map((t) => [t, sqlite().prepare(`select * from ${t} order by rowid`).all()]));
}
