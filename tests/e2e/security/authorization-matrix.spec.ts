import { randomInt } from "node:crypto";
import { expect, test } from "@playwright/test";
import { attachUpload } from "@/lib/consent/attach-upload";
import { recordConsent } from "@/lib/consent/record-consent";
import { BUILTIN_SCRIPT_ID } from "@/lib/consent/scripts";
import { attachImage } from "@/lib/review/images";
import { getDocumentReview } from "@/lib/review/view";
import { addPastedDocument } from "@/lib/review/documents";
import { saveVault } from "@/lib/review/vault";
import { consentInput } from "../../support/consent-input";
import {
  ACTION_SPECS,
  EXPECTED,
  freshInterview,
  plainJpeg,
  prepareTicket,
  PRINCIPALS,
  seedWorld,
  type Outcome,
  type Principal,
  type Rule,
  type ServerCalls,
  type World,
} from "../fixtures/action-catalog";
import { actionIds, callAction, httpRequest, sessionToken, type ActionAnswer, type Caller, type HttpAnswer } from "../fixtures/http";
import { ctxOf, uniqueSuffix, type SeededUser } from "../fixtures/seed";
import { pages, routeHandlers, serverActions } from "../fixtures/surface";

/**
 * The authorization matrix (issue 10): every page, server action and route handler × every principal (role ×
 * owner / collaborator / same desk / other desk, and nobody signed in), each compared with its documented outcome
 * (EXPECTED in fixtures/action-catalog.ts; SECURITY.md, "Who may do what", in words). A new page, action or handler that is
 * not listed here fails the first test. Refusals of a record the caller may not see must be indistinguishable from
 * the answer for a record that does not exist.
 */

// ------------------------------------------------------------------------------------------------------------------
// Pages and route handlers: what they need, and the rule they follow.

interface Records {
  interviewId: string;
  recordId: string;
  documentId: string;
  versionId: string;
  imageId: string;
  uploadId: string;
  userId: string;
}

/** A page's rule; `edit` pages (forms that change the interview) are for the owner and collaborators only. */
const PAGE_RULES: Record<string, { rule: Rule | "admin-page" | "editor-page" | "closed" | "sign-in-page"; path: (r: Records) => string }> = {
  "/": { rule: "signed-in", path: () => "/" },
  "/account/password": { rule: "signed-in", path: () => "/account/password" },
  "/account/security": { rule: "signed-in", path: () => "/account/security" },
  "/admin/settings": { rule: "admin-page", path: () => "/admin/settings" },
  "/admin/users": { rule: "admin-page", path: () => "/admin/users" },
  "/admin/users/[id]": { rule: "admin-page", path: (r) => `/admin/users/${r.userId}` },
  "/audit": { rule: "editor-page", path: () => "/audit" },
  "/consent-scripts": { rule: "signed-in", path: () => "/consent-scripts" },
  "/consent-scripts/[scriptId]": { rule: "signed-in", path: () => `/consent-scripts/${BUILTIN_SCRIPT_ID}` },
  "/consent-scripts/[scriptId]/sheet": { rule: "signed-in", path: () => `/consent-scripts/${BUILTIN_SCRIPT_ID}/sheet` },
  "/consent-scripts/new": { rule: "editor-page", path: () => "/consent-scripts/new" },
  "/exports": { rule: "signed-in", path: () => "/exports" },
  "/interviews": { rule: "signed-in", path: () => "/interviews" },
  "/interviews/new": { rule: "signed-in", path: () => "/interviews/new" },
  "/interviews/[id]": { rule: "interview:read", path: (r) => `/interviews/${r.interviewId}` },
  "/interviews/[id]/activity": { rule: "interview:read", path: (r) => `/interviews/${r.interviewId}/activity` },
  "/interviews/[id]/consent/[recordId]": { rule: "interview:read", path: (r) => `/interviews/${r.interviewId}/consent/${r.recordId}` },
  "/interviews/[id]/consent/new": { rule: "interview:edit", path: (r) => `/interviews/${r.interviewId}/consent/new` },
  "/interviews/[id]/edit": { rule: "interview:edit", path: (r) => `/interviews/${r.interviewId}/edit` },
  // Erasure: editors and administrators of the interview's desk only; for everyone else the page does not exist.
  "/interviews/[id]/erase": { rule: "desk-editor", path: (r) => `/interviews/${r.interviewId}/erase` },
  // Desk editors see the page, saying the identifiers are for the owner and collaborators; never a value (checked below).
  "/interviews/[id]/identifiers": { rule: "interview:read", path: (r) => `/interviews/${r.interviewId}/identifiers` },
  "/interviews/[id]/publication": { rule: "interview:read", path: (r) => `/interviews/${r.interviewId}/publication` },
  "/interviews/[id]/review": { rule: "interview:read", path: (r) => `/interviews/${r.interviewId}/review` },
  "/interviews/[id]/review/[docId]": { rule: "interview:read", path: (r) => `/interviews/${r.interviewId}/review/${r.documentId}` },
  "/setup": { rule: "closed", path: () => "/setup" },
  "/sign-in": { rule: "sign-in-page", path: () => "/sign-in" },
  "/takedowns": { rule: "editor-page", path: () => "/takedowns" },
};

const HANDLER_RULES: Record<string, { rule: Rule | "audit-reader"; path: (r: Records, ticket: string) => string }> = {
  "/api/audit/export": { rule: "audit-reader", path: () => "/api/audit/export" },
  "/api/audit/public-key": { rule: "audit-reader", path: () => "/api/audit/public-key" },
  // next-auth's own handler: the session endpoint tells each caller about themselves only (checked below).
  "/api/auth/[...nextauth]": { rule: "public", path: () => "/api/auth/session" },
  "/api/consent-uploads/[uploadId]": { rule: "interview:read", path: (r) => `/api/consent-uploads/${r.uploadId}` },
  "/api/exports/consent/[ticket]": { rule: "own-ticket", path: (_r, ticket) => `/api/exports/consent/${ticket}` },
  "/api/images/[imageId]": { rule: "interview:read", path: (r) => `/api/images/${r.imageId}` },
  "/api/interviews/[id]/documents/[docId]/versions/[versionId]": {
    rule: "interview:read",
    path: (r) => `/api/interviews/${r.interviewId}/documents/${r.documentId}/versions/${r.versionId}`,
  },
};

/** The same path with the record's id replaced by one that never existed. */
function withUnknownId(path: string, r: Records, ticket: string): string {
  const unknown = `missing${uniqueSuffix()}`;
  for (const id of [r.versionId, r.imageId, r.uploadId, r.documentId, r.recordId, ticket, r.interviewId, r.userId])
    if (id && path.includes(id)) return path.replace(id, unknown);
  return path;
}

type PageOutcome = "page" | "not_found" | "sign_in" | "home";

function expectedPage(rule: (typeof PAGE_RULES)[string]["rule"], p: Principal): PageOutcome {
  const role = p.split(":")[0];
  if (rule === "closed") return "not_found";
  if (rule === "sign-in-page") return p === "anonymous" ? "page" : "home";
  if (p === "anonymous") return "sign_in";
  if (rule === "admin-page") return role === "admin" ? "page" : "not_found";
  if (rule === "editor-page") return role === "journalist" ? "not_found" : "page";
  // Pages answer "not found" both for records one may not see and for what one's role may not do.
  return EXPECTED[rule][p] === "allowed" ? "page" : "not_found";
}

function pageOutcome(a: HttpAnswer): string {
  if (a.status === 200) return "page";
  if (a.status === 404) return "not_found";
  const redirect = a.status >= 300 && a.status < 400 && a.location ? new URL(a.location, "http://x").pathname : null;
  if (redirect === "/sign-in") return "sign_in";
  if (redirect === "/") return "home";
  return `HTTP ${a.status}${a.location ? ` → ${a.location}` : ""}`;
}

const HANDLER_STATUS: Record<Outcome, number> = { allowed: 200, not_found: 404, forbidden: 403, unauthenticated: 401 };

function expectedHandlerStatus(rule: (typeof HANDLER_RULES)[string]["rule"], p: Principal): number {
  if (rule === "audit-reader") return p === "anonymous" ? 401 : p.startsWith("journalist") ? 403 : 200;
  return HANDLER_STATUS[EXPECTED[rule][p]];
}

/** A page's HTML without what differs between any two renders (nonces, build ids) or names the requested id. */
function normalizedPage(body: string, ids: string[]): string {
  let out = body.replace(/nonce="[^"]*"/g, 'nonce=""').replace(/\\?"nonce\\?":\\?"[^"\\]*\\?"/g, '"nonce":""');
  for (const id of ids) out = out.split(id).join("ID");
  return out;
}

// ------------------------------------------------------------------------------------------------------------------
// Server actions

const ACTION_IDS = actionIds();
function actionIdOf(key: string): string {
  const id = ACTION_IDS.get(key);
  if (!id) throw new Error(`${key} is not in the build's action manifest (rebuild with npm run test:e2e)`);
  return id;
}

/** The outcome of an action call, with "refused by a business rule" counted as having passed authorization. */
function actionOutcome(answer: ActionAnswer): Outcome | string {
  if (answer.actionRedirect) return "allowed";
  if (answer.error || !answer.result) return `error (${answer.error ?? `HTTP ${answer.status}`})`;
  const result = answer.result;
  if (result.ok) return "allowed";
  if (result.code === "internal") return `error (internal: ${result.message})`;
  if (result.code === "not_found" || result.message === "Interview not found.") return "not_found";
  if (result.code === "forbidden" || result.code === "unauthenticated") return result.code;
  return "allowed";
}

const describeAnswer = (a: ActionAnswer) => (a.result ? JSON.stringify(a.result).slice(0, 240) : (a.error ?? `HTTP ${a.status}`));

/** Each principal with its session and an address of its own (wrong passwords here must not lock out 127.0.0.1). */
async function callers(w: World): Promise<Map<Principal, Caller>> {
  const map = new Map<Principal, Caller>();
  const net = `10.${randomInt(256)}.${randomInt(256)}`;
  for (const [i, p] of PRINCIPALS.entries())
    map.set(p, { token: p === "anonymous" ? null : await sessionToken(w.users[p].id), address: `${net}.${i + 1}` });
  return map;
}

const userOf = (w: World, p: Principal): SeededUser | null => (p === "anonymous" ? null : w.users[p]);

function serverCalls(baseURL: string): ServerCalls {
  return {
    call: async (key, caller, args) => callAction(baseURL, { token: await sessionToken(caller.id) }, actionIdOf(key), args),
  };
}

/** Records on desk A for the pages and handlers: an interview with consent, a signature scan, a draft and an image. */
async function seedRecords(w: World): Promise<Records> {
  const ctx = ctxOf(w.users["journalist:owner"], [w.deskA]);
  const interviewId = freshInterview(w);
  const { recordId } = recordConsent({ ctx, input: consentInput(interviewId, ctx.now()) });
  const { uploadId } = await attachUpload({ ctx, interviewId, recordId, bytes: await plainJpeg() });
  const { documentId } = addPastedDocument({ ctx, input: { interviewId, title: "Draft", kind: "draft", text: "He spoke for an hour about the front." } });
  const versionId = getDocumentReview({ ctx, interviewId, documentId }).versions[0]!.id;
  const { imageId } = await attachImage({ ctx, interviewId, caption: "The river at dusk", bytes: await plainJpeg() });
  saveVault({ ctx, input: { interviewId, entries: [{ id: "", category: "name", realName: false, value: VAULT_CANARY }] } });
  return { interviewId, recordId, documentId, versionId, imageId, uploadId, userId: w.spare.id };
}

/** A protected identifier: only the owner and collaborators may ever see it, on the identifiers page alone. */
const VAULT_CANARY = `Canary${uniqueSuffix()}`;
const VAULT_READERS: readonly Principal[] = ["journalist:owner", "journalist:collaborator"];

// ------------------------------------------------------------------------------------------------------------------

test("the matrix lists every page, server action and route handler, and nothing that does not exist", () => {
  const listedPages = Object.keys(PAGE_RULES).sort();
  expect(pages().map((p) => p.route)).toEqual(listedPages);
  expect(routeHandlers().map((h) => h.route)).toEqual(Object.keys(HANDLER_RULES).sort());
  const listedActions = ACTION_SPECS.map((s) => s.key).sort();
  expect(serverActions()).toEqual(listedActions);
  // …and the build serves exactly those actions (no stray "use server" module).
  expect([...ACTION_IDS.keys()].sort()).toEqual(listedActions);
});

test("every server action, called by every principal, answers as documented; refusals look like a missing record", async ({ baseURL }) => {
  test.setTimeout(300_000);
  const w = await seedWorld();
  const tokens = await callers(w);
  const server = serverCalls(baseURL!);
  const failures: string[] = [];
  let calls = 0;
  // Signing out ends every principal's session: last.
  const specs = [...ACTION_SPECS].sort((a, b) => Number(a.rule === "sign-out") - Number(b.rule === "sign-out"));
  for (const spec of specs) {
    const id = actionIdOf(spec.key);
    const target = await spec.prepare(w, server);
    const expected = EXPECTED[spec.rule];
    // Everyone who must be refused goes first, while the records are as the action needs them: a missing check
    // would show as a change made by the wrong person, not be hidden behind "already done". Everyone allowed then
    // gets records of their own, so each allowed call must really go through.
    const order = [...PRINCIPALS].sort((a, b) => Number(expected[a] === "allowed") - Number(expected[b] === "allowed"));
    let pristine = true;
    for (const p of order) {
      const records = expected[p] === "allowed" && !pristine ? await spec.prepare(w, server) : target;
      if (expected[p] === "allowed") pristine = false;
      const args = await spec.args(records, userOf(w, p), w);
      const answer = await callAction(baseURL!, tokens.get(p)!, id, args);
      calls++;
      const outcome = actionOutcome(answer);
      if (outcome !== expected[p]) failures.push(`${spec.key} as ${p}: expected ${expected[p]}, got ${outcome}: ${describeAnswer(answer)}`);
      if (outcome === "allowed") {
        const succeeded = answer.actionRedirect !== null || answer.result?.ok === true;
        if (succeeded !== (spec.firstAllowed === "ok")) failures.push(`${spec.key} as ${p}: expected ${spec.firstAllowed}, got ${describeAnswer(answer)}`);
      }
      if (outcome === "not_found" && spec.withUnknownRecord) {
        const unknown = await callAction(baseURL!, tokens.get(p)!, id, spec.withUnknownRecord(args));
        calls++;
        const same = JSON.stringify(unknown.result) === JSON.stringify(answer.result);
        if (!same) failures.push(`${spec.key} as ${p}: "not found" differs from a nonexistent record: ${describeAnswer(answer)} vs ${describeAnswer(unknown)}`);
      }
    }
  }
  console.log(`authorization matrix: ${specs.length} server actions × ${PRINCIPALS.length} principals, ${calls} calls`);
  expect(failures).toEqual([]);
});

test("every page, visited by every principal, answers as documented; another desk's record is a plain 404", async ({ baseURL }) => {
  test.setTimeout(180_000);
  const w = await seedWorld();
  const tokens = await callers(w);
  const r = await seedRecords(w);
  const failures: string[] = [];
  let requests = 0;
  for (const [route, { rule, path }] of Object.entries(PAGE_RULES)) {
    const url = path(r);
    for (const p of PRINCIPALS) {
      const answer = await httpRequest(baseURL!, tokens.get(p)!, url);
      requests++;
      const outcome = pageOutcome(answer);
      const expected = expectedPage(rule, p);
      if (outcome !== expected) failures.push(`${route} (${url}) as ${p}: expected ${expected}, got ${outcome}`);
      const showsIdentifier = answer.body.includes(VAULT_CANARY);
      if (showsIdentifier !== (route === "/interviews/[id]/identifiers" && VAULT_READERS.includes(p)))
        failures.push(`${route} as ${p}: the protected identifier is ${showsIdentifier ? "shown" : "missing"}`);
      const unknownUrl = withUnknownId(url, r, "");
      if (outcome === "not_found" && unknownUrl !== url) {
        const unknown = await httpRequest(baseURL!, tokens.get(p)!, unknownUrl);
        requests++;
        const ids = [url, unknownUrl, ...url.split("/"), ...unknownUrl.split("/")].filter((s) => s.length >= 8);
        if (unknown.status !== answer.status || normalizedPage(unknown.body, ids) !== normalizedPage(answer.body, ids))
          failures.push(`${route} as ${p}: the 404 for a record one may not see differs from the 404 for a nonexistent one`);
      }
    }
  }
  console.log(`authorization matrix: ${Object.keys(PAGE_RULES).length} pages × ${PRINCIPALS.length} principals, ${requests} requests`);
  expect(failures).toEqual([]);
});

test("every route handler, asked by every principal, answers as documented; files of another desk are a plain 404", async ({ baseURL }) => {
  test.setTimeout(180_000);
  const w = await seedWorld();
  const tokens = await callers(w);
  const r = await seedRecords(w);
  const server = serverCalls(baseURL!);
  const failures: string[] = [];
  let requests = 0;
  for (const [route, { rule, path }] of Object.entries(HANDLER_RULES)) {
    // A download ticket works once: everyone refused tries it first, then its owner.
    const ticket = rule === "own-ticket" ? await prepareTicket(w, server) : "";
    const order = [...PRINCIPALS].sort((a, b) => Number(expectedHandlerStatus(rule, a) === 200) - Number(expectedHandlerStatus(rule, b) === 200));
    for (const p of order) {
      const url = path(r, ticket);
      const answer = await httpRequest(baseURL!, tokens.get(p)!, url);
      requests++;
      const expected = expectedHandlerStatus(rule, p);
      if (answer.status !== expected) failures.push(`${route} (${url}) as ${p}: expected ${expected}, got ${answer.status}: ${answer.body.slice(0, 120)}`);
      if (route === "/api/auth/[...nextauth]") {
        const session = JSON.parse(answer.body || "null") as { user?: { id?: string } } | null;
        const expectedId = p === "anonymous" ? undefined : w.users[p].id;
        if (session?.user?.id !== expectedId) failures.push(`${url} as ${p}: the session names ${session?.user?.id ?? "nobody"}`);
        if (/"(email|name|image)"/i.test(answer.body)) failures.push(`${url} as ${p}: the session endpoint tells more than who is asking: ${answer.body}`);
      }
      if (answer.status === 404) {
        const unknownUrl = withUnknownId(url, r, ticket);
        if (unknownUrl === url) continue;
        const unknown = await httpRequest(baseURL!, tokens.get(p)!, unknownUrl);
        requests++;
        if (unknown.status !== 404 || unknown.body !== answer.body)
          failures.push(`${route} as ${p}: 404 differs from a nonexistent record's (${answer.body} vs ${unknown.status} ${unknown.body})`);
      }
    }
  }
  console.log(`authorization matrix: ${Object.keys(HANDLER_RULES).length} route handlers × ${PRINCIPALS.length} principals, ${requests} requests`);
  expect(failures).toEqual([]);
});
