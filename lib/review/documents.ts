import { randomUUID } from "node:crypto";
import { desc, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import type { Db } from "@/db/client";
import { reviewDocuments, reviewFindings, reviewVersions } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { open, seal } from "../crypto/seal";
import { interviewDataKey } from "@/lib/crypto/data-keys";
import { ValidationError } from "../errors";
import { loadInterviewForActor, type InterviewRow } from "../interviews/access";
import { parseInput } from "../validation";
import { extractDocumentText, UnsupportedDocument } from "./extract-text";
import {
  currentBasis,
  currentDecisions,
  latestScan,
  latestVersion,
  loadDocument,
  staleReasons,
  textContext,
  titleContext,
} from "./internal";
import { findingForState, reviewState, type ReviewState } from "./rules";
import { addDocumentSchema, addVersionSchema, DOCUMENT_KINDS, type DocumentKind } from "./schema";
import { decisionsToCarry, scanVersionInTx } from "./scan";

type Format = "paste" | "txt" | "md" | "docx";

/** Line endings to "\n" and Unicode NFC, so offsets and the scanner see the text the way it will be published. */
export const normalizeDocumentText = (text: string) => text.replace(/\r\n?/g, "\n").normalize("NFC");

export function insertVersion(
  tx: Db,
  interviewId: string,
  documentId: string,
  v: {
    number: number;
    origin: "pasted" | "uploaded" | "redacted";
    format: Format;
    parentVersionId?: string | null;
    text: string;
    by: string;
    at: number;
  },
) {
  const id = randomUUID();
  tx.insert(reviewVersions)
    .values({
      id,
      documentId,
      number: v.number,
      origin: v.origin,
      format: v.format,
      parentVersionId: v.parentVersionId ?? null,
      textSealed: seal(v.text, textContext(id), interviewDataKey(interviewId, v.at)),
      chars: v.text.length,
      createdBy: v.by,
      createdAt: v.at,
    })
    .run();
  return tx.select().from(reviewVersions).where(eq(reviewVersions.id, id)).get()!;
}

/** Creates a document with its first version and scans it at once, in one transaction with its audit entries. */
function createDocument(
  ctx: Ctx & { actor: NonNullable<Ctx["actor"]> },
  interview: InterviewRow,
  tx: Db,
  input: { title: string; kind: DocumentKind; text: string; format: Format },
) {
  const now = ctx.now();
  const documentId = randomUUID();
  tx.insert(reviewDocuments)
    .values({
      id: documentId,
      interviewId: interview.id,
      kind: input.kind,
      titleSealed: seal(input.title, titleContext(documentId), interviewDataKey(interview.id, now)),
      createdBy: ctx.actor.id,
      createdAt: now,
    })
    .run();
  const text = normalizeDocumentText(input.text);
  const version = insertVersion(tx, interview.id, documentId, {
    number: 1,
    origin: input.format === "paste" ? "pasted" : "uploaded",
    format: input.format,
    text,
    by: ctx.actor.id,
    at: now,
  });
  appendAuditEvent(tx, ctx, {
    action: "review.document_added",
    targetId: interview.id,
    payload: { documentId, versionId: version.id, kind: input.kind, format: input.format, chars: text.length },
  });
  const scan = scanVersionInTx(tx, ctx, interview, version);
  return { documentId, versionId: version.id, findings: scan.findings };
}

/** Adds a pasted text for review (owner and collaborators); it is scanned straight away. */
export function addPastedDocument({ ctx, input }: { ctx: Ctx; input: unknown }): { documentId: string; findings: number } {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const data = parseInput(addDocumentSchema, input);
  return withTransaction((tx) => {
    const { interview } = loadInterviewForActor(tx, actor, data.interviewId, "edit");
    return createDocument({ ...ctx, actor }, interview, tx, { title: data.title, kind: data.kind, text: data.text, format: "paste" });
  });
}

/**
 * Word extraction can take a second and hundreds of megabytes for a dense file (limits in extract-text.ts): run
 * one at a time so a few simultaneous uploads cannot exhaust the server's memory.
 */
let extractionQueue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  const run = extractionQueue.then(task, task);
  extractionQueue = run.catch(() => undefined);
  return run;
}

/** Adds an uploaded .txt, .md or .docx: the text is extracted (checked by content), stored encrypted and scanned. */
export async function addUploadedDocument({
  ctx,
  interviewId,
  title,
  kind,
  fileName,
  bytes,
}: {
  ctx: Ctx;
  interviewId: string;
  title: string;
  kind: string;
  fileName: string;
  bytes: Uint8Array;
}): Promise<{ documentId: string; findings: number; warnings: string[] }> {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  // Validate the form fields with the same schema as a pasted text (the text itself comes from the file).
  const fields = parseInput(addDocumentSchema.omit({ text: true }), { interviewId, title, kind });
  // Authorize before reading the file: a stranger learns nothing, not even whether the file would parse.
  withTransaction((tx) => loadInterviewForActor(tx, actor, fields.interviewId, "edit"));
  let extracted;
  try {
    extracted = await oneAtATime(() => extractDocumentText(bytes, String(fileName).slice(0, 255)));
  } catch (err) {
    if (err instanceof UnsupportedDocument) throw new ValidationError(err.message, { file: err.message });
    throw err;
  }
  if (extracted.text.trim().length === 0) throw new ValidationError("The file contains no text.", { file: "The file contains no text." });
  const result = withTransaction((tx) => {
    const { interview } = loadInterviewForActor(tx, actor, fields.interviewId, "edit");
    return createDocument({ ...ctx, actor }, interview, tx, {
      title: fields.title,
      kind: fields.kind,
      text: extracted.text,
      format: extracted.format,
    });
  });
  return { ...result, warnings: extracted.warnings };
}

/** A revised text of the same document: a new version, scanned at once (decisions do not carry: the text changed). */
export function addDocumentVersion({ ctx, input }: { ctx: Ctx; input: unknown }): { versionId: string; findings: number } {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const data = parseInput(addVersionSchema, input);
  return withTransaction((tx) => {
    const { interview } = loadInterviewForActor(tx, actor, data.interviewId, "edit");
    const doc = loadDocument(tx, interview, data.documentId);
    const previous = latestVersion(tx, doc.id);
    const text = normalizeDocumentText(data.text);
    const now = ctx.now();
    const version = insertVersion(tx, interview.id, doc.id, {
      number: previous.number + 1,
      origin: "pasted",
      format: "paste",
      text,
      by: actor.id,
      at: now,
    });
    appendAuditEvent(tx, ctx, {
      action: "review.version_added",
      targetId: interview.id,
      payload: { documentId: doc.id, versionId: version.id, number: version.number, chars: text.length },
    });
    // Same text as before (e.g. pasted again): keep the decisions made on it.
    const sameText = open(previous.textSealed, textContext(previous.id)) === text;
    const scan = scanVersionInTx(
      tx,
      { ...ctx, actor },
      interview,
      version,
      sameText ? decisionsToCarry(tx, latestScan(tx, previous.id)?.id) : [],
    );
    return { versionId: version.id, findings: scan.findings };
  });
}

export interface DocumentSummary {
  id: string;
  title: string;
  kind: DocumentKind;
  versions: number;
  latestVersionId: string;
  latestOrigin: "pasted" | "uploaded" | "redacted";
  updatedAt: number;
  state: ReviewState;
}

/**
 * The review state of a document's latest version (used by lists and the publication gate). No text is read.
 */
export function documentState(tx: Db, interviewId: string, documentId: string, now: number): { versionId: string; state: ReviewState } {
  const version = latestVersion(tx, documentId);
  const scan = latestScan(tx, version.id);
  const basis = currentBasis(tx, interviewId, now);
  if (!scan) return { versionId: version.id, state: reviewState(null, [], basis.nameAllowed) };
  const findings = tx.select().from(reviewFindings).where(eq(reviewFindings.scanId, scan.id)).all();
  const decisions = currentDecisions(
    tx,
    findings.map((f) => f.id),
  );
  const state = reviewState(
    { stale: staleReasons(scan, basis) },
    findings.map((f) => {
      const d = decisions.get(f.id);
      return findingForState(f, d && { decision: d.decision, approved: !!d.approval });
    }),
    basis.nameAllowed,
  );
  return { versionId: version.id, state };
}

/** The interview's documents with their review state. Titles only; desk editors may list them. */
export function listDocuments({ ctx, interviewId }: { ctx: Ctx; interviewId: string }): DocumentSummary[] {
  assertCan(ctx.actor, "interview:work");
  const db = getDb();
  const { interview } = loadInterviewForActor(db, ctx.actor, String(interviewId).slice(0, 64), "read");
  const docs = db
    .select()
    .from(reviewDocuments)
    .where(eq(reviewDocuments.interviewId, interview.id))
    .orderBy(desc(reviewDocuments.createdAt))
    .all();
  if (docs.length === 0) return [];
  const versions = db
    .select()
    .from(reviewVersions)
    .where(
      inArray(
        reviewVersions.documentId,
        docs.map((d) => d.id),
      ),
    )
    .all();
  return docs.map((d) => {
    const mine = versions.filter((v) => v.documentId === d.id).sort((a, b) => b.number - a.number);
    const latest = mine[0]!;
    return {
      id: d.id,
      title: open(d.titleSealed, titleContext(d.id)),
      kind: DOCUMENT_KINDS.includes(d.kind) ? d.kind : "other",
      versions: mine.length,
      latestVersionId: latest.id,
      latestOrigin: latest.origin,
      updatedAt: latest.createdAt,
      state: documentState(db, interview.id, d.id, ctx.now()).state,
    };
  });
}
