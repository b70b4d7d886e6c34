import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { unzipSync } from "fflate";
import { getDb } from "@/db/client";
import {
  checklistItems,
  consentUploads,
  dataKeys,
  findingApprovals,
  findingDecisions,
  interviewImages,
  priorExposureJustifications,
  reviewFindings,
  reviewScans,
  reviewVersions,
  takedownTasks,
  vaultIdentifiers,
} from "@/db/schema";
import { ERASED_TEXT } from "@/lib/crypto/seal";
import { getPublicationView } from "@/lib/publication/workflow";
import { getSecrets } from "@/lib/secrets";
import { RELIABILITY_DIR, RELIABILITY_PORT } from "../../playwright.config";
import { runCli } from "../../support/cli";
import { consentInput, exportInput, iso, MINUTE, type ConsentInput } from "../../support/consent-input";
import { ACTION_SPECS, type Rule } from "../fixtures/action-catalog";
import {
  describeHits,
  docxWith,
  filesUnder,
  internationalPhone,
  jpegWithCanaries,
  makeCanaries,
  newLog,
  openEverySealedValue,
  patternsOf,
  pdfText,
  searchArtifact,
  searchBytes,
  searchFiles,
  type Canary,
  type CanaryKey,
  type Hit,
  type OpenedValue,
  type SearchLog,
} from "../fixtures/canary-workflows";
import { actionIds, callAction, SESSION_COOKIE, sessionToken, type Caller } from "../fixtures/http";
import { ctxOf, seedDesk, seedUser, uniqueSuffix, type SeededUser } from "../fixtures/seed";
import { startServer, type ServerProcess } from "../fixtures/server-process";

/**
 * The canary check (issue 11). One prisoner-of-war interview gets unique canary strings as its protected
 * identifiers (a Latin real name, a Hangul name, a phone number, a place, a code word, a relative), and the
 * journalist and the desk's editors then take it through every workflow over HTTP, against a real server process,
 * typing the canaries wherever a journalist plausibly would: drafts pasted and uploaded (.txt and .docx), comments,
 * notes, checklist evidence, free-text consent answers, reasons and statements, image metadata and file names.
 * Then every byte the instance wrote or handed out by default is searched for them — the database file, its WAL and
 * shared-memory file (while the server runs, and again after SIGKILL, which leaves the WAL as the crash left it),
 * every upload, the server's log, files changed meanwhile in the run's temporary directory and in the repository
 * (Next's caches), every default export (consent ZIPs with their PDF certificates, CSV and JSON; audit ZIPs; the
 * source's receipts; a backup), the stored images, the redacted texts and the audit pages — as UTF-8, UTF-16, any
 * letter case, NFD, escapes and base64. None may appear. Each hit names the canary, the file (or ZIP entry, or
 * PDF stream or text) and the byte offset.
 *
 * Downloads that exist to show the value to the people allowed to see it (a document version, the identifiers page
 * for the owner, a sensitive export an editor asked for with a reason and their password) are positive controls: the
 * same search must find the canaries there, so a miss elsewhere means something.
 *
 * At the end an editor erases the interview's source data (crypto-shredding). Its files are deleted, its pages and a
 * new sensitive export show "[erased]", and the destroyed key's wrapped form is left in no file. Then, with the
 * instance's own secrets (secrets.json), every sealed value and file in the database is decrypted: the erased
 * interview's come out as "[erased]" and no decrypted byte holds its canaries, while a second interview's canaries,
 * written after the erasure, are found (so the decryption and the search work). Its canaries are searched for in
 * clear everywhere too.
 */

const DATA_DIR = path.join(RELIABILITY_DIR, "canary");
// Seeding and the session tokens talk to this instance's database (db/client reopens when DATA_DIR changes).
process.env.DATA_DIR = DATA_DIR;
const PORT = RELIABILITY_PORT + 1;
const LOG_FILE = path.join(RELIABILITY_DIR, "canary-server.log");
const REPO = path.resolve(__dirname, "../../..");

const INTERVIEW = "app/(app)/interviews/[id]/actions.ts";
const CONSENT = "app/(app)/interviews/[id]/consent/actions.ts";
const PUBLICATION = "app/(app)/interviews/[id]/publication/actions.ts";
const REVIEW = "app/(app)/interviews/[id]/review/actions.ts";
const EXPORTS = "app/(app)/exports/actions.ts";

/**
 * The actions that never see a source's data, by the rule they follow (accounts, administration, consent script
 * texts, signing in and out): every other action must be driven here.
 */
const NO_SOURCE_DATA: ReadonlySet<Rule> = new Set<Rule>(["public", "signed-in", "sign-out", "admin", "consent-script:manage"]);

interface Download {
  status: number;
  bytes: Buffer;
}

async function download(baseURL: string, caller: Caller, urlPath: string): Promise<Download> {
  const response = await fetch(new URL(urlPath, baseURL), {
    headers: caller.token ? { cookie: `${SESSION_COOKIE}=${caller.token}` } : {},
    redirect: "manual",
  });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

const asFile = (bytes: Uint8Array, name: string, type: string) => new File([new Uint8Array(bytes)], name, { type });
function form(fields: Record<string, string | File>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
}

test("canaries typed into every workflow appear nowhere in clear: database, WAL, uploads, logs, exports", async () => {
  test.setTimeout(180_000);
  const t0 = Date.now();
  const timings: string[] = [];
  const lap = (label: string) => timings.push(`${label} ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  fs.mkdirSync(DATA_DIR, { recursive: true, mode: 0o700 });
  // The database (with its migrations) and the instance secrets exist before the server opens them.
  getDb();
  getSecrets();
  const taken = await fetch(`http://127.0.0.1:${PORT}/sign-in`).then(
    () => true,
    () => false,
  );
  expect(taken, `port ${PORT} is already in use: another server would answer instead of this test's`).toBe(false);
  const starting = startServer({ dataDir: DATA_DIR, port: PORT, logFile: LOG_FILE });
  let server: ServerProcess | null = null;
  try {
    // --- people ------------------------------------------------------------------------------------------------
    const desk = seedDesk();
    const owner = await seedUser("journalist", { deskIds: [desk.id] });
    const colleague = await seedUser("journalist", { deskIds: [desk.id] });
    const editor1 = await seedUser("editor", { deskIds: [desk.id] });
    const editor2 = await seedUser("editor", { deskIds: [desk.id] });
    const admin = await seedUser("admin", { deskIds: [desk.id] });
    const callers = new Map<SeededUser, Caller>();
    for (const u of [owner, colleague, editor1, editor2, admin]) callers.set(u, { token: await sessionToken(u.id) });
    server = await starting;
    const baseURL = server.baseURL;
    lap("server up, users seeded");

    const ids = actionIds();
    const specKeys = new Set(ACTION_SPECS.map((s) => s.key));
    const called = new Set<string>();
    /** Calls a server action as `who` through the server; an action the catalog or build does not know fails loudly. */
    async function act<T = unknown>(who: SeededUser, key: string, args: unknown[], expectRefusal = false): Promise<T> {
      const id = ids.get(key);
      if (!id || !specKeys.has(key)) throw new Error(`${key} is not a server action of this build and catalog`);
      const answer = await callAction(baseURL, callers.get(who)!, id, args);
      const result = answer.result;
      if (expectRefusal ? result?.ok !== false || result.code === "internal" : !result?.ok)
        throw new Error(`${key} as ${who.role}: ${answer.error ?? JSON.stringify(result)}`);
      called.add(key);
      return (result?.ok ? result.data : undefined) as T;
    }
    const db = getDb();

    // --- the canaries, registered as the source's protected identifiers -------------------------------------
    const c = makeCanaries();
    const all = Object.values(c);
    const patterns = patternsOf(all);
    const codeName = `Canary ${uniqueSuffix()}`;
    const interviewFields = (notes: string) => ({
      codeName,
      sourceType: "pow",
      minor: false,
      inCustody: true,
      recentTrauma: false,
      custodyHolder: "Detaining authorities",
      outlet: "Example Daily",
      deskId: desk.id,
      plannedDate: "",
      setting: "custodial_facility",
      sourceLanguage: "Korean",
      interviewLanguage: "Korean",
      interpreter: "independent",
      notes,
    });
    const { interviewId } = await act<{ interviewId: string }>(owner, "app/(app)/interviews/actions.ts#createInterviewAction", [
      interviewFields(`Met through a broker who knows ${c.family.value}.`),
    ]);
    await act(owner, `${INTERVIEW}#addCollaboratorAction`, [{ interviewId, userId: colleague.id }]);
    const firstFive = [c.latinName, c.hangulName, c.phone, c.place, c.codeword];
    const entry = (k: Canary, id = "") => ({ id, category: k.category, realName: k.realName, value: k.value });
    /** Which canary each vault row holds, told by its category (the values are sealed; the test never opens them). */
    const vaultKeys = () =>
      new Map<string, CanaryKey>(
        db
          .select({ id: vaultIdentifiers.id, category: vaultIdentifiers.category, realName: vaultIdentifiers.realName })
          .from(vaultIdentifiers)
          .where(eq(vaultIdentifiers.interviewId, interviewId))
          .all()
          .map((r) => [r.id, r.category === "name" ? (r.realName ? "latinName" : "hangulName") : (r.category as CanaryKey)]),
      );
    await act(owner, `${REVIEW}#saveVaultAction`, [{ interviewId, entries: firstFive.map((k) => entry(k)) }]);
    await act(owner, "app/(app)/interviews/actions.ts#updateInterviewAction", [
      { interviewId, fields: interviewFields(`Hometown ${c.place.value}; his cousin answers on ${c.phone.value}.`) },
    ]);
    await act(owner, `${INTERVIEW}#addCommentAction`, [
      { interviewId, body: `The fixer confirmed ${c.hangulName.value} is his name at home; keep ${c.phone.value} out of everything.` },
    ]);
    await act(editor1, `${INTERVIEW}#addCommentAction`, [{ interviewId, body: `Make sure ${c.codeword.value} is not in the headline.` }]);
    await act(owner, `${INTERVIEW}#upgradeGuidanceAction`, [{ interviewId }], true);
    lap("interview, vault, notes, comments");

    // --- the ethics checklist: one blocking item not applicable (an editor approves), the others done ---------
    const blocking = db
      .select({ itemId: checklistItems.itemId })
      .from(checklistItems)
      .where(and(eq(checklistItems.interviewId, interviewId), eq(checklistItems.applicable, true), eq(checklistItems.gate, "block")))
      .all()
      .map((r) => r.itemId);
    const naItem = blocking.find((i) => i !== "final-reconfirmation")!;
    await act(owner, `${INTERVIEW}#setItemStateAction`, [
      { interviewId, itemId: naItem, state: "not_applicable", reason: `Does not apply: ${c.codeword.value} was never filmed.` },
    ]);
    await act(editor1, `${INTERVIEW}#decideNaAction`, [{ interviewId, itemId: naItem, decision: "approved" }]);
    for (const itemId of blocking.filter((i) => i !== naItem))
      await act(owner, `${INTERVIEW}#setItemStateAction`, [
        { interviewId, itemId, state: "done", evidence: `Checked with the fixer; the family in ${c.place.value} knows.` },
      ]);
    lap(`checklist (${blocking.length} blocking items)`);

    // --- consent: a first record (guards present, real name) overridden, approved, then revoked --------------
    const now = Date.now();
    const freeText = (extra: Partial<ConsentInput>): Partial<ConsentInput> => ({
      locationGeneral: `Near ${c.place.value}`,
      arrangedBy: `His cousin ${c.family.value}`,
      sourceQuestions: `He asked whether ${c.hangulName.value} would be printed.`,
      explainBack: `He said people in ${c.place.value} could read it, and his mother too.`,
      capacityNote: `Tired after the transfer from ${c.place.value}.`,
      leaveOut: `His name ${c.latinName.value} (${c.hangulName.value}), the phone ${c.phone.value}, the nickname ${c.codeword.value}.`,
      sourceRequests: `Call his cousin on ${c.phone.value} before publication.`,
      interpreterLanguage: `Korean, the dialect of ${c.place.value}`,
      ...extra,
    });
    const r1 = await act<{ recordId: string }>(owner, `${CONSENT}#recordConsentAction`, [
      consentInput(
        interviewId,
        now,
        freeText({
          presence: ["guards"],
          presenceNote: `A guard who knows ${c.codeword.value} stood at the door.`,
          privateSetting: false,
          nameChoice: "real",
          outlets: `The Daily Example, never shown to ${c.codeword.value} or anyone in ${c.place.value}`,
          publicInterestJustification: `Naming ${c.latinName.value} proves the unit ${c.codeword.value} was sent to the front; this outweighs the risk.`,
        }),
      ),
    ]);
    const { overrideId } = await act<{ overrideId: string }>(editor1, `${PUBLICATION}#requestCaptorOverrideAction`, [
      { interviewId, reason: `The guard stood outside the glass door; ${c.hangulName.value} spoke quietly and could not be heard.` },
    ]);
    await act(editor2, `${PUBLICATION}#approveCaptorOverrideAction`, [{ interviewId, overrideId }]);
    await act(editor1, `${CONSENT}#approveOverrideAction`, [{ interviewId, recordId: r1.recordId }]);
    await act(editor2, `${CONSENT}#approveOverrideAction`, [{ interviewId, recordId: r1.recordId }]);
    await act(editor1, `${CONSENT}#revokeConsentAction`, [
      { interviewId, recordId: r1.recordId, reason: `A guard heard ${c.latinName.value} being named: not free consent.` },
    ]);

    // --- the consent that stands: a pseudonym, text and photographs; reconfirmed; a signature scan ------------
    const r2 = await act<{ recordId: string }>(owner, `${CONSENT}#recordConsentAction`, [
      consentInput(
        interviewId,
        now,
        freeText({
          previousRecordId: r1.recordId,
          media: ["text", "stills"],
          permittedUses: ["quotes", "stills"],
          outlets: "The Daily Example",
        }),
      ),
    ]);
    await act(owner, `${CONSENT}#reconfirmConsentAction`, [
      {
        interviewId,
        recordId: r2.recordId,
        occurredAt: iso(Date.now() - 5 * MINUTE),
        channel: "secure_message",
        reexplained: `Read him the final text, without ${c.latinName.value} and without ${c.place.value}.`,
        contentShownSha256: "",
      },
    ]);
    // The source's receipts (a receipt confirms consent that stands: issued now, before the withdrawal below).
    const receipts: { where: string; bytes: Buffer }[] = [];
    for (const [nameOutlet, contact] of [
      [false, ""],
      [true, "Signal: the newsdesk, +44 7700 900123"],
    ] as const) {
      const receipt = await act<{ base64: string }>(owner, `${EXPORTS}#issueReceiptAction`, [
        { interviewId, recordId: r2.recordId, nameOutlet, contact },
      ]);
      const pdf = Buffer.from(receipt.base64, "base64");
      expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      receipts.push({ where: `receipt (${nameOutlet ? "outlet named, contact" : "default"}).pdf`, bytes: pdf });
    }
    const signature = await jpegWithCanaries(c, 20);
    const signatureRemoved = await act<{ removed: string[] }>(owner, `${CONSENT}#attachUploadAction`, [
      form({ file: asFile(signature, `${c.hangulName.value}-signature.jpg`, "image/jpeg"), interviewId, recordId: r2.recordId }),
    ]);
    lap("consent (2 records, overrides, revocation, reconfirmation, signature)");

    // --- an image for publication, its metadata full of canaries ---------------------------------------------
    const photo = await jpegWithCanaries(c, 200);
    const photoRemoved = await act<{ removed: string[] }>(owner, `${REVIEW}#attachImageAction`, [
      form({
        file: asFile(photo, `${c.latinName.needles[0]}-river.jpg`, "image/jpeg"),
        interviewId,
        caption: `The river near ${c.place.value}`,
      }),
    ]);
    for (const removed of [signatureRemoved.removed, photoRemoved.removed])
      expect(removed).toEqual(expect.arrayContaining(["XMP", "IPTC"]));
    const imageId = db.select({ id: interviewImages.id }).from(interviewImages).where(eq(interviewImages.interviewId, interviewId)).get()!
      .id;
    await act(editor1, `${REVIEW}#reviewImageAction`, [
      { interviewId, imageId, deidentified: true, priorExposure: false, justification: "" },
    ]);

    // --- drafts: pasted, revised, uploaded as .txt and .docx ------------------------------------------------
    const draft = [
      `${c.latinName.value} was captured in the winter, far from ${c.place.value}. At home they call him ${c.codeword.value}.`,
      `${c.hangulName.value}은 "집에 가고 싶다"고 말했다.`,
      `He gave us his cousin's number, ${internationalPhone(c)}, and asked us to call.`,
      `His brother ${c.family.value} still works at the mine.`,
    ].join("\n\n");
    const d1 = await act<{ documentId: string }>(owner, `${REVIEW}#addPastedDocumentAction`, [
      { interviewId, title: "Draft", kind: "draft", text: draft },
    ]);
    await act(owner, `${REVIEW}#addVersionAction`, [
      { interviewId, documentId: d1.documentId, text: `${draft}\n\nHe asked that ${c.latinName.value} never be printed.` },
    ]);
    const transcript = `Q: What is your name?\nA: ${c.latinName.value}. At home, ${c.hangulName.value}.\nQ: Where are you from?\nA: ${c.place.value}. Call ${c.phone.value}.`;
    const d2 = await act<{ documentId: string }>(owner, `${REVIEW}#uploadDocumentAction`, [
      form({
        file: asFile(Buffer.from(transcript, "utf8"), `transcript-${c.latinName.needles[0]}.txt`, "text/plain"),
        interviewId,
        title: "Transcript",
        kind: "transcript",
      }),
    ]);
    const docx = docxWith(
      [
        `${c.codeword.value} (${c.hangulName.value}) served near ${c.place.value}.`,
        `His brother ${c.family.value} never left.`,
        `Reach him on ${c.phone.value}.`,
      ],
      `Notes on ${c.latinName.value}`,
    );
    const d3 = await act<{ documentId: string }>(owner, `${REVIEW}#uploadDocumentAction`, [
      form({
        file: asFile(docx, `${c.hangulName.value}-notes.docx`, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        interviewId,
        title: "Caption notes",
        kind: "caption",
      }),
    ]);
    const documents = [d1.documentId, d2.documentId, d3.documentId];
    // Refused input must leave no trace either: a damaged Word file, a damaged photo, coordinates in a consent answer.
    await act(
      owner,
      `${REVIEW}#uploadDocumentAction`,
      [
        form({
          file: asFile(docx.subarray(0, Math.floor(docx.length * 0.6)), `${c.latinName.needles[0]}.docx`, "application/octet-stream"),
          interviewId,
          title: "Broken",
          kind: "other",
        }),
      ],
      true,
    );
    await act(
      owner,
      `${REVIEW}#attachImageAction`,
      [
        form({
          file: asFile(photo.subarray(0, photo.length - 200), "cut.jpg", "image/jpeg"),
          interviewId,
          caption: `Cut off, ${c.place.value}`,
        }),
      ],
      true,
    );
    await act(
      owner,
      `${CONSENT}#recordConsentAction`,
      [consentInput(interviewId, now, freeText({ locationGeneral: `${c.place.value} 41.80312, 129.77520` }))],
      true,
    );

    // A relative registered afterwards makes every scan stale: each document is scanned again.
    const registered = [...vaultKeys()];
    await act(owner, `${REVIEW}#saveVaultAction`, [
      { interviewId, entries: [...firstFive.map((k) => entry(k, registered.find(([, key]) => key === k.key)![0])), entry(c.family)] },
    ]);
    for (const documentId of documents) await act(owner, `${REVIEW}#scanDocumentAction`, [{ interviewId, documentId }]);
    lap("image, documents, rescans");

    // --- decisions: the real name, the Hangul name, the phone and the relative go; the place and the code word are
    // kept (an editor approves; the code word on the strength of earlier publication, which an editor justifies).
    const keyOf = vaultKeys();
    const settle = async (documentId: string) => {
      const version = db
        .select()
        .from(reviewVersions)
        .where(eq(reviewVersions.documentId, documentId))
        .orderBy(desc(reviewVersions.number))
        .get()!;
      const scan = db
        .select()
        .from(reviewScans)
        .where(eq(reviewScans.versionId, version.id))
        .orderBy(desc(reviewScans.scannedAt), desc(sql`rowid`))
        .get()!;
      const findings = db.select().from(reviewFindings).where(eq(reviewFindings.scanId, scan.id)).all();
      const latest = (findingId: string) =>
        db
          .select()
          .from(findingDecisions)
          .where(eq(findingDecisions.findingId, findingId))
          .orderBy(desc(findingDecisions.decidedAt), desc(sql`rowid`))
          .get();
      for (const f of findings) {
        const ref = { interviewId, documentId, findingId: f.id };
        const key = f.identifierId ? keyOf.get(f.identifierId) : undefined;
        let decision = latest(f.id);
        if (!decision) {
          const input =
            key === "place" && f.keepable
              ? { decision: "keep", replacement: "", justification: `${c.place.value} is a town of 200,000: it does not narrow him down.` }
              : key === "codeword" && f.keepable
                ? {
                    decision: "keep",
                    replacement: "",
                    justification: `State media printed ${c.codeword.value} in 2025 already.`,
                    priorExposure: true,
                  }
                : key === "hangulName"
                  ? { decision: "pseudonym", replacement: "Mr A", justification: "" }
                  : { decision: "redact", replacement: "", justification: "" };
          await act(owner, `${REVIEW}#decideFindingAction`, [{ ...ref, ...input }]);
          decision = latest(f.id)!;
        }
        if (decision.decision !== "keep") continue;
        const approved = db.select().from(findingApprovals).where(eq(findingApprovals.decisionId, decision.id)).get();
        if (f.severity === "high" && !approved) await act(editor1, `${REVIEW}#approveKeptFindingAction`, [ref]);
        const justified = db
          .select()
          .from(priorExposureJustifications)
          .where(eq(priorExposureJustifications.decisionId, decision.id))
          .get();
        if (decision.priorExposure && !justified)
          await act(editor1, `${REVIEW}#justifyPriorExposureAction`, [
            { ...ref, justification: `${c.codeword.value} was on state television in 2025; printing it adds nothing new.` },
          ]);
      }
    };
    for (const documentId of documents) {
      await settle(documentId);
      await act(owner, `${REVIEW}#produceRedactedAction`, [{ interviewId, documentId }]);
      await settle(documentId);
    }
    lap("decisions and redacted versions");

    // --- publication: submitted, signed off by an editor, published; then the source withdraws -------------
    await act(owner, `${INTERVIEW}#setStatusAction`, [{ interviewId, status: "interviewed" }]);
    await act(owner, `${PUBLICATION}#submitForReviewAction`, [{ interviewId }]);
    const { report } = getPublicationView({ ctx: ctxOf(editor2, [desk.id]), interviewId });
    expect(report.reasons.map((r) => r.message)).toEqual([]);
    await act(editor2, `${PUBLICATION}#signOffAction`, [
      {
        interviewId,
        gateHash: report.hash,
        statement: `Checked every reason; ${c.latinName.value} appears nowhere in what we publish.`,
        password: editor2.password,
      },
    ]);
    await act(owner, `${PUBLICATION}#recordPublicationAction`, [
      {
        interviewId,
        outlet: "Example Daily",
        publishedOn: new Date().toISOString().slice(0, 10),
        reference: "https://news.example.org/pow-interview",
        media: ["text", "stills"],
      },
    ]);
    await act(owner, `${CONSENT}#withdrawConsentAction`, [
      {
        interviewId,
        recordId: r2.recordId,
        occurredAt: iso(Date.now() - MINUTE),
        channel: "phone",
        receivedBy: "The desk editor on duty",
        sourceWords: `Take it all down; they questioned my mother in ${c.place.value} about ${c.hangulName.value}.`,
      },
    ]);
    const task = db.select({ id: takedownTasks.id }).from(takedownTasks).where(eq(takedownTasks.interviewId, interviewId)).get()!;
    await act(editor1, "app/(app)/takedowns/actions.ts#resolveTakedownAction", [
      { taskId: task.id, resolution: "taken_down", note: `Unpublished the article and the photo of ${c.place.value}; CDN purged.` },
    ]);
    lap("publication, withdrawal, takedown");

    // --- exports: consent (default, by the owner and by an editor for the desk), receipts, audit, a backup -----
    const artifacts: { where: string; bytes: Buffer }[] = [...receipts];
    const consentExport = async (who: SeededUser, input: ReturnType<typeof exportInput>) => {
      const { ticketId } = await act<{ ticketId: string }>(who, `${EXPORTS}#prepareConsentExportAction`, [input]);
      await act(who, `${EXPORTS}#consentExportProgressAction`, [ticketId]);
      const zip = await download(baseURL, callers.get(who)!, `/api/exports/consent/${ticketId}`);
      expect(zip.status, zip.bytes.toString("utf8").slice(0, 200)).toBe(200);
      return zip.bytes;
    };
    const ownerExport = await consentExport(owner, exportInput({ interviewId }));
    artifacts.push({ where: "consent export (owner, this interview).zip", bytes: ownerExport });
    artifacts.push({
      where: "consent export (editor, the desk).zip",
      bytes: await consentExport(editor1, exportInput({ deskId: desk.id })),
    });
    const sensitiveExport = await consentExport(
      editor1,
      exportInput({
        interviewId,
        sensitive: true,
        reason: "The ombudsman asked for the full record (case 2026-14).",
        password: editor1.password,
      }),
    );
    await act(editor1, "app/(app)/audit/chain-actions.ts#startVerificationAction", []);
    await act(editor1, "app/(app)/audit/chain-actions.ts#verificationProgressAction", []);
    for (const u of [editor1, admin]) {
      const zip = await download(baseURL, callers.get(u)!, "/api/audit/export");
      expect(zip.status).toBe(200);
      artifacts.push({ where: `audit export (${u.role}).zip`, bytes: zip.bytes });
    }
    const backupFile = path.join(RELIABILITY_DIR, `canary-backup-${uniqueSuffix()}.zip`);
    const backup = await runCli(["backup", backupFile], { dataDir: DATA_DIR });
    expect(backup.code, backup.stderr).toBe(0);
    artifacts.push({ where: "backup.zip", bytes: fs.readFileSync(backupFile) });
    fs.rmSync(backupFile);
    lap("consent exports, receipts, audit exports, backup");

    // --- stored images and the texts for publication, as downloaded ----------------------------------------
    const uploadId = db.select({ id: consentUploads.id }).from(consentUploads).where(eq(consentUploads.recordId, r2.recordId)).get()!.id;
    for (const [label, url] of [
      ["image as stored", `/api/images/${imageId}`],
      ["signature scan as stored", `/api/consent-uploads/${uploadId}`],
    ] as const) {
      const file = await download(baseURL, callers.get(owner)!, url);
      expect(file.status).toBe(200);
      artifacts.push({ where: label, bytes: file.bytes });
    }
    const versions = db
      .select({
        id: reviewVersions.id,
        documentId: reviewVersions.documentId,
        number: reviewVersions.number,
        origin: reviewVersions.origin,
      })
      .from(reviewVersions)
      .where(inArray(reviewVersions.documentId, documents))
      .all();
    const versionUrl = (v: (typeof versions)[number]) => `/api/interviews/${interviewId}/documents/${v.documentId}/versions/${v.id}`;
    const redacted: { where: string; bytes: Buffer }[] = [];
    for (const v of versions.filter((x) => x.origin === "redacted")) {
      const file = await download(baseURL, callers.get(owner)!, versionUrl(v));
      expect(file.status).toBe(200);
      redacted.push({ where: `redacted version ${v.number} of ${v.documentId}`, bytes: file.bytes });
    }
    const original = await download(
      baseURL,
      callers.get(owner)!,
      versionUrl(versions.find((v) => v.documentId === d1.documentId && v.number === 1)!),
    );

    // --- the audit and activity pages, and what an editor sees of the identifiers -------------------------
    const pages: { where: string; bytes: Buffer }[] = [];
    for (const [who, url] of [
      [editor1, "/audit"],
      [admin, "/audit"],
      [owner, `/interviews/${interviewId}/activity`],
      [editor1, `/interviews/${interviewId}/activity`],
      [editor1, `/interviews/${interviewId}/identifiers`],
      [owner, "/"],
      [owner, "/interviews"],
      [owner, "/exports"],
    ] as const) {
      const page = await download(baseURL, callers.get(who)!, url);
      expect(page.status, url).toBe(200);
      pages.push({ where: `page ${url} (${who.role})`, bytes: page.bytes });
    }
    const ownersIdentifiers = await download(baseURL, callers.get(owner)!, `/interviews/${interviewId}/identifiers`);
    // Someone looks for the source by name in the search boxes: the query is in the URL (answers echo it; not searched).
    for (const [who, url] of [
      [owner, `/interviews?q=${encodeURIComponent(c.latinName.value)}`],
      [owner, `/interviews?q=${encodeURIComponent(c.hangulName.value)}`],
      [editor1, `/audit?q=${encodeURIComponent(c.hangulName.value)}`],
      [editor1, `/interviews/${interviewId}/activity?q=${encodeURIComponent(c.latinName.value)}`],
    ] as const)
      expect((await download(baseURL, callers.get(who)!, url)).status, url).toBe(200);
    await act(owner, `${INTERVIEW}#removeCollaboratorAction`, [{ interviewId, userId: colleague.id }]);
    await act(owner, `${INTERVIEW}#archiveAction`, [{ interviewId }]);
    lap("downloads and pages");

    // --- erasure on request: an editor of the desk destroys the interview's data key --------------------------
    // Before: with the instance's secrets every value and file of the interview opens and holds the canaries, so
    // what the same decryption shows afterwards is the erasure's doing.
    const interviewKey = () => db.select().from(dataKeys).where(eq(dataKeys.interviewId, interviewId)).get();
    const wrappedKey = interviewKey()?.wrappedKey;
    expect(wrappedKey, "the interview has a live data key").toBeTruthy();
    const beforeErasure = openEverySealedValue();
    expect(beforeErasure.failures, "sealed values or files that do not open with the instance's secrets").toEqual([]);
    const valuesOf = (opened: { values: OpenedValue[] }, id: string) => opened.values.filter((v) => v.interviewId === id);
    const canariesIn = (values: OpenedValue[], where: SearchLog, ps = patterns) =>
      [...new Set(values.flatMap((v) => searchBytes(`decrypted ${v.where}`, Buffer.from(v.text, "utf8"), ps, where)).map((h) => h.canary))].sort();
    expect(canariesIn(valuesOf(beforeErasure, interviewId), newLog()), "before the erasure, its decrypted values hold every canary").toEqual(
      Object.keys(c).sort(),
    );
    expect(beforeErasure.files.filter((f) => f.interviewId === interviewId).map((f) => f.state)).toEqual(["opened", "opened"]);

    const wrappedKeyBytes = Buffer.from(wrappedKey!, "ascii");
    const holdsOldKey = (files: string[]) => files.filter((f) => fs.existsSync(f) && fs.readFileSync(f).includes(wrappedKeyBytes));
    expect(holdsOldKey(filesUnder(DATA_DIR)), "before the erasure the wrapped key is in the database files").not.toEqual([]);

    const erase = (who: SeededUser) => [
      { interviewId, reason: "source_request", confirmCodeName: codeName, understood: true, password: who.password },
    ];
    await act(owner, `${INTERVIEW}#eraseSourceDataAction`, erase(owner), true);
    expect(interviewKey()?.wrappedKey, "a journalist's attempt changed nothing").toBe(wrappedKey);
    const erasure = await act<{ sealedValues: number; files: number; walTruncated: boolean }>(editor1, `${INTERVIEW}#eraseSourceDataAction`, erase(editor1));
    expect(erasure).toEqual({ sealedValues: valuesOf(beforeErasure, interviewId).length, files: 2, walTruncated: true });
    expect(interviewKey()).toMatchObject({ wrappedKey: null, destroyedAt: expect.any(Number) });
    // The destroyed key's wrapped form is in no file of the instance any more (secure_delete, the WAL truncated):
    // with the master key there is nothing left to unwrap.
    expect(holdsOldKey(filesUnder(DATA_DIR)), "files still holding the destroyed data key").toEqual([]);
    for (const url of [`/api/images/${imageId}`, `/api/consent-uploads/${uploadId}`])
      expect((await download(baseURL, callers.get(owner)!, url)).status, url).toBe(410);
    // Every page shows "[erased]" where the source data was (searched below with the rest).
    for (const url of [`/interviews/${interviewId}`, `/interviews/${interviewId}/consent/${r2.recordId}`]) {
      const page = await download(baseURL, callers.get(owner)!, url);
      expect(page.status, url).toBe(200);
      expect(page.bytes.toString("utf8"), url).toContain(ERASED_TEXT);
      pages.push({ where: `page ${url} (owner, after the erasure)`, bytes: page.bytes });
    }
    // The sensitive export that carried every free-text answer now carries none, and no file.
    const erasedExport = await consentExport(
      editor1,
      exportInput({ interviewId, sensitive: true, reason: "The ombudsman asked again (case 2026-14).", password: editor1.password }),
    );
    expect(Object.keys(unzipSync(sensitiveExport)).filter((name) => name.startsWith("attachments/")), "before: the scan is exported").toHaveLength(1);
    expect(Object.keys(unzipSync(erasedExport)).filter((name) => name.startsWith("attachments/")), "after: no file").toEqual([]);
    artifacts.push({ where: "sensitive consent export after the erasure.zip", bytes: erasedExport });
    lap("erasure");

    // --- a second interview, not erased, with canaries of its own: the control for the decryption at the end ----
    // (Written after the erasure emptied the WAL, so the WAL holds pages again when it is searched.)
    const c2 = makeCanaries();
    const { interviewId: secondId } = await act<{ interviewId: string }>(owner, "app/(app)/interviews/actions.ts#createInterviewAction", [
      { ...interviewFields(`Met through a broker who knows ${c2.family.value}.`), codeName: `Canary ${uniqueSuffix()}` },
    ]);
    await act(owner, `${REVIEW}#saveVaultAction`, [{ interviewId: secondId, entries: Object.values(c2).map((k) => entry(k)) }]);
    await act(owner, `${INTERVIEW}#addCommentAction`, [{ interviewId: secondId, body: `Keep ${c2.phone.value} out of everything.` }]);
    const secondRecord = await act<{ recordId: string }>(owner, `${CONSENT}#recordConsentAction`, [
      consentInput(secondId, Date.now(), { locationGeneral: `Near ${c2.place.value}`, leaveOut: `${c2.latinName.value}, ${c2.hangulName.value}, ${c2.codeword.value}` }),
    ]);
    await act(owner, `${CONSENT}#attachUploadAction`, [
      form({ file: asFile(await jpegWithCanaries(c2, 120), "scan.jpg", "image/jpeg"), interviewId: secondId, recordId: secondRecord.recordId }),
    ]);
    const secondUploadId = db.select({ id: consentUploads.id }).from(consentUploads).where(eq(consentUploads.recordId, secondRecord.recordId)).get()!.id;
    const secondScan = await download(baseURL, callers.get(owner)!, `/api/consent-uploads/${secondUploadId}`);
    expect(secondScan.status).toBe(200);
    lap("a second interview");

    // Every action that touches a source's data was driven (a new one fails here until it is added above).
    const missing = ACTION_SPECS.filter((s) => !called.has(s.key) && !NO_SOURCE_DATA.has(s.rule)).map((s) => s.key);
    expect(missing, "server actions this check does not drive yet").toEqual([]);

    // --- the search ---------------------------------------------------------------------------------------
    // Both interviews' canaries: none may appear in clear anywhere (the positive controls below are the first's).
    const searched = [...patterns, ...patternsOf(Object.values(c2), "second interview")];
    // The patterns find each canary however it is stored: every encoding and case, inside other bytes.
    const selfTest = newLog();
    for (const k of all)
      for (const needle of k.needles)
        for (const bytes of [
          Buffer.from(`x${needle.toUpperCase()}y`, "utf8"),
          Buffer.from(`x${needle.toLowerCase()}y`, "utf16le"),
          Buffer.from(`x${needle.normalize("NFD")}y`, "utf8"),
          Buffer.from(JSON.stringify(needle).replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase()}`)),
          Buffer.from(`q=${encodeURIComponent(needle)}&`),
          Buffer.from(`"${Buffer.from(`ab${needle}cd`).toString("base64")}"`),
          Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(needle, "utf8"), Buffer.from([255])]),
        ])
          expect(
            searchBytes("self-test", bytes, patterns, selfTest).map((h) => h.canary),
            `${k.key} in ${bytes.toString("latin1")}`,
          ).toContain(k.key);
    const redactedAway = patternsOf([c.latinName, c.hangulName, c.phone, c.family]);
    const log = newLog();
    const hits: Hit[] = [];
    const dataLabel = (phase: string) => (f: string) => `${phase}: DATA_DIR/${path.relative(DATA_DIR, f)}`;

    // Positive controls first: the same search finds the canaries where they are meant to be.
    const control = newLog();
    const found = (h: Hit[]) => new Set(h.map((x) => x.canary));
    expect([...found(searchBytes("document version 1", original.bytes, patterns, control))].sort()).toEqual(Object.keys(c).sort());
    expect([...found(searchBytes("identifiers page (owner)", ownersIdentifiers.bytes, patterns, control))].sort()).toEqual(
      Object.keys(c).sort(),
    );
    for (const [label, jpeg] of [
      ["signature as uploaded", signature],
      ["photo as uploaded", photo],
    ] as const)
      expect([...found(searchBytes(label, jpeg, patterns, control))].sort(), label).toEqual(Object.keys(c).sort());
    const sensitiveHits = found(await searchArtifact("sensitive consent export", sensitiveExport, patterns, control));
    expect([...sensitiveHits].sort(), "the sensitive export carries the free-text answers").toEqual(
      (["codeword", "family", "hangulName", "latinName", "phone", "place"] as CanaryKey[]).sort(),
    );
    // …and the PDF text extraction and ZIP inflation really read the app's files.
    const codeNameHits = (bytes: Buffer) => bytes.includes(Buffer.from(codeName));
    const ownerBundle = unzipSync(ownerExport);
    const certificate = ownerBundle[`certificates/${r2.recordId}.pdf`];
    expect(certificate, Object.keys(ownerBundle).join(", ")).toBeDefined();
    expect(await pdfText(certificate!)).toContain(codeName);
    expect(Buffer.from(ownerBundle["consent-records.json"]!).toString("utf8")).toContain("The Daily Example");
    const receiptText = await pdfText(receipts[0]!.bytes);
    expect(receiptText.length).toBeGreaterThan(200);
    expect(receiptText).not.toContain(codeName);
    const kept = patternsOf([c.place, c.codeword]);
    expect(
      redacted.filter((r) => searchBytes(r.where, r.bytes, kept, control).length > 0),
      "the redacted versions keep what was kept",
    ).toHaveLength(redacted.length);
    for (const r of redacted) {
      expect(searchBytes(r.where, r.bytes, redactedAway, log), `${r.where} still holds what was redacted`).toEqual([]);
      expect(r.bytes.length).toBeGreaterThan(0);
    }

    // While the server runs: the database, its WAL and shared memory, every upload.
    const wal = path.join(DATA_DIR, "sourcekeeper.db-wal");
    expect(fs.statSync(wal).size, "the WAL holds recent pages").toBeGreaterThan(0);
    const running = filesUnder(DATA_DIR);
    // The erased interview's two files are deleted; the second interview's scan is there.
    expect(running.filter((f) => f.includes(`${path.sep}uploads${path.sep}`)).map((f) => path.basename(f))).toEqual([secondUploadId]);
    const dbAndWal = Buffer.concat([fs.readFileSync(path.join(DATA_DIR, "sourcekeeper.db")), fs.readFileSync(wal)]);
    expect(codeNameHits(dbAndWal), "the code name (a clear field) is found in the database files").toBe(true);
    hits.push(...searchFiles(running, dataLabel("running"), searched, log));
    for (const a of [...artifacts, ...pages]) hits.push(...(await searchArtifact(a.where, a.bytes, searched, log)));
    lap("search while running");

    // Killed without a checkpoint: the WAL stays as the crash left it; then the log is complete too.
    // SIGKILL, so the WAL is left as a crash leaves it.
    await server.kill("SIGKILL");
    expect(fs.statSync(wal).size, "SIGKILL left the WAL").toBeGreaterThan(0);
    const afterKill = filesUnder(DATA_DIR);
    hits.push(...searchFiles(afterKill, dataLabel("after SIGKILL"), searched, log));
    hits.push(...searchFiles([LOG_FILE], () => "server log", searched, log));
    expect(holdsOldKey(afterKill), "files still holding the destroyed data key after SIGKILL").toEqual([]);
    // Anything written in this run's temporary directory meanwhile (the backup's snapshot, other servers' data)…
    const runDir = path.dirname(RELIABILITY_DIR);
    const temporary = filesUnder(runDir, { since: t0, skip: (p) => p === DATA_DIR || p === LOG_FILE });
    hits.push(...searchFiles(temporary, (f) => `run directory: ${path.relative(runDir, f)}`, searched, log));
    // …and elsewhere in the repository (Next's caches, a stray data directory).
    const elsewhere = filesUnder(REPO, { since: t0, skip: (p) => /[\\/](node_modules|\.git)$/.test(p) || p === DATA_DIR });
    hits.push(...searchFiles(elsewhere, (f) => `repository: ${path.relative(REPO, f)}`, searched, log));
    lap("search after SIGKILL");

    // --- with the instance's secrets: every sealed value and file decrypted --------------------------------
    // Someone with the database, the uploads and secrets.json opens everything the app ever sealed. The erased
    // interview's values all come out as "[erased]" and its files are gone; no decrypted value or file of any
    // interview holds its canaries. The second interview's do (so the decryption and the search work).
    const opened = openEverySealedValue();
    expect(opened.failures, "sealed values or files that do not open with the instance's secrets").toEqual([]);
    const erasedValues = valuesOf(opened, interviewId);
    expect(erasedValues).toHaveLength(erasure.sealedValues);
    expect(erasedValues.filter((v) => v.text !== ERASED_TEXT).map((v) => v.where), "values of the erased interview that still open").toEqual([]);
    expect(opened.files.filter((f) => f.interviewId === interviewId).map((f) => f.state)).toEqual(["missing", "missing"]);
    const decrypted = newLog();
    const decryptedHits = [
      ...opened.values.flatMap((v) => searchBytes(`decrypted ${v.where}`, Buffer.from(v.text, "utf8"), patterns, decrypted)),
      ...opened.files.flatMap((f) => (f.bytes ? searchBytes(`decrypted file ${f.where}`, f.bytes, patterns, decrypted) : [])),
    ];
    expect(describeHits(decryptedHits), "the erased interview's canaries, decrypted with the instance's secrets").toEqual([]);
    expect(canariesIn(valuesOf(opened, secondId), control, patternsOf(Object.values(c2))), "the second interview's canaries, decrypted").toEqual(
      Object.keys(c2).sort(),
    );
    const secondFile = opened.files.find((f) => f.id === secondUploadId);
    expect(secondFile?.state).toBe("opened");
    expect(secondFile!.bytes!.equals(secondScan.bytes), "the decrypted scan is the one the server hands out").toBe(true);
    timings.push(
      `decrypted with the instance's secrets: ${opened.values.length} values (${erasedValues.length} of the erased interview, all "${ERASED_TEXT}"), ${opened.files.filter((f) => f.bytes).length} files`,
    );

    timings.push(`files changed during the run: ${temporary.length} in the run directory, ${elsewhere.length} in the repository`);
    printReport(log, control, timings, called.size);
    // A hit is a leak of a source's identity: which canary, where (file, ZIP entry or PDF part), at which byte.
    expect(describeHits(hits), "canaries found in clear text").toEqual([]);
  } finally {
    await starting.then((s) => s.kill("SIGKILL")).catch(() => undefined);
  }
});

function printReport(log: SearchLog, control: SearchLog, timings: string[], actions: number) {
  const top = new Map<string, number>();
  for (const s of log.searched) {
    const file = s.where.split(/[!#]/)[0]!;
    top.set(file, (top.get(file) ?? 0) + s.bytes);
  }
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;
  const total = log.searched.reduce((n, s) => n + s.bytes, 0);
  console.log(
    [
      `canary check: ${actions} server actions driven; searched ${log.searched.length} blobs (${top.size} files and downloads), ${mb(total)}` +
        `; positive controls ${control.hits.length} hits in ${control.searched.length} blobs`,
      ...[...top].map(([file, bytes]) => `  ${file}: ${mb(bytes)}`),
      ...timings.map((t) => `  ${t}`),
    ].join("\n"),
  );
}
