import { randomInt } from "node:crypto";
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { auditEvents, dataKeys, interviews } from "@/db/schema";
import { recordConsent } from "@/lib/consent/record-consent";
import { uploadPath } from "@/lib/uploads/storage";
import { consentInput } from "../support/consent-input";
import { plainJpeg } from "./fixtures/action-catalog";
import { expectNoSeriousA11yViolations, formError, signInAndWait } from "./fixtures/pages";
import { ctxOf, seedDesk, seedUser, uniqueSuffix } from "./fixtures/seed";

/**
 * Erasure of an interview's source data on request (crypto-shredding), through the browser: a journalist fills an
 * interview with notes, a protected identifier, a comment and a consent record with a signature scan; an editor of
 * the desk erases it (after being refused for an empty form, a wrong code name and a wrong password, which erase
 * nothing); then every page shows "[erased]" where the source data was, none of the original texts is left in any
 * page's HTML, the owner can no longer change anything, the scan answers 410 and the activity lists the erasure.
 */

const WRONG_PASSWORD_MESSAGE = "That password is not correct, or your account is locked for a while after repeated failures.";
const ERASED = "[erased]";

/** Words no page ever contained: each stands for one kind of source data. */
const marker = (kind: string) => `${kind}${uniqueSuffix()}`;

/** Each browser its own client address: the wrong password on purpose must not count against 127.0.0.1's lock. */
const ownAddress = () => ({ "x-forwarded-for": `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` });

/** The page's whole HTML, the React payload in it included (where props such as form values travel). */
const html = (page: Page) => page.content();

/** The value beside a term in a page's fact list (`<dt>term</dt><dd>value</dd>`). */
const fact = (page: Page, term: string) => page.locator("dt", { hasText: new RegExp(`^${term}$`) }).locator("xpath=following-sibling::dd[1]");

async function expectNoHorizontalScroll(page: Page) {
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

test("an editor of the desk erases an interview's source data: refused until code name and password are right; then every page shows [erased], the owner can change nothing, the scan is gone (410)", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const desk = seedDesk();
  const journalist = await seedUser("journalist", { deskIds: [desk.id] });
  const editor = await seedUser("editor", { deskIds: [desk.id] });
  const codeName = `Heron ${uniqueSuffix()}`;
  // The distinctive word of each text: a page could show a text cut up or escaped, never without its word.
  const words = { notes: marker("Notes"), identifier: marker("Ident"), comment: marker("Comment"), consent: marker("Consent") };
  const notes = `Met through the pastor; ${words.notes} knows the route.`;
  const identifier = `Ri ${words.identifier}`;
  const comment = `The fixer vouches for him; ${words.comment} must stay out.`;

  // --- the journalist: an interview with notes, an identifier, a comment, a consent record and its scan ----------
  const journalistContext = await browser.newContext({ extraHTTPHeaders: ownAddress() });
  const page = await journalistContext.newPage();
  await signInAndWait(page, journalist.email, journalist.password);
  await page.goto("/interviews/new");
  const newForm = page.getByRole("form", { name: "New interview" });
  await newForm.getByLabel("Code name of the source").fill(codeName);
  await newForm.getByLabel("Kind of source").selectOption("defector");
  await newForm.getByLabel("In custody", { exact: true }).uncheck();
  await newForm.getByLabel("Setting").selectOption("safe_location");
  await newForm.getByLabel("Outlet").fill("Example Daily");
  await newForm.getByLabel("Notes").fill(notes);
  await newForm.getByRole("button", { name: "Create interview and checklist" }).click();
  await expect(page.getByRole("heading", { name: codeName, level: 1 })).toBeVisible();
  const interviewId = /\/interviews\/([^/?#]+)$/.exec(new URL(page.url()).pathname)![1]!;
  const interviewUrl = `/interviews/${interviewId}`;
  // A journalist never sees the way to erase.
  await expect(page.getByRole("link", { name: "Erase source data" })).toHaveCount(0);

  await page.getByTestId("review-panel").getByRole("link", { name: "Protected identifiers" }).click();
  const vault = page.getByRole("form", { name: "Protected identifiers" });
  await vault.getByLabel("Value").fill(identifier);
  await vault.getByRole("button", { name: "Save identifiers" }).click();
  await expect(page.getByRole("status")).toContainText("Saved: 1 added");

  await page.goto(interviewUrl);
  const commentForm = page.getByRole("form", { name: "Add a comment" });
  await commentForm.getByLabel("Comment").fill(comment);
  await commentForm.getByRole("button", { name: "Add comment" }).click();
  await expect(page.getByRole("heading", { name: "Comments (1)" })).toBeVisible();

  // The consent form is long and has its own tests: the record comes from the service, the scan through the page.
  const { recordId } = recordConsent({
    ctx: ctxOf(journalist, [desk.id]),
    input: consentInput(interviewId, Date.now(), { locationGeneral: `Near ${words.consent}`, explainBack: `He said ${words.consent} will read it.` }),
  });
  const consentUrl = `${interviewUrl}/consent/${recordId}`;
  await page.goto(consentUrl);
  const upload = page.getByRole("form", { name: "Attach a signature scan" });
  await upload.getByLabel(/^Signature scan/).setInputFiles({ name: "signature.jpg", mimeType: "image/jpeg", buffer: await plainJpeg() });
  await upload.getByRole("button", { name: "Attach scan" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Attached." })).toBeVisible();
  await page.reload();
  const scanLink = page.getByRole("link", { name: /^Download scan of / });
  const scanUrl = (await scanLink.getAttribute("href"))!;
  expect(scanUrl).toMatch(/^\/api\/consent-uploads\/[^/]+$/);
  const uploadId = scanUrl.split("/").pop()!;
  const scanBefore = await page.request.get(scanUrl);
  expect(scanBefore.status()).toBe(200);
  expect([...(await scanBefore.body()).subarray(0, 2)]).toEqual([0xff, 0xd8]);

  // Positive controls: each original is on the page that will later show "[erased]" instead.
  await page.goto(interviewUrl);
  await expect(page.getByTestId("erased-banner")).toHaveCount(0);
  await expect(fact(page, "Notes")).toHaveText(notes);
  expect(await html(page)).toContain(comment);
  // …and the owner's controls that the erasure must take away are there.
  await expect(page.getByRole("link", { name: "Edit details" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Status", level: 2 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Mark done" }).first()).toBeVisible();
  await page.goto(`${interviewUrl}/identifiers`);
  await expect(page.getByRole("form", { name: "Protected identifiers" }).getByLabel("Value")).toHaveValue(identifier);
  await page.goto(consentUrl);
  await expect(fact(page, "General location")).toHaveText(`Near ${words.consent}`);
  await expect(page.getByRole("form", { name: "Record reconfirmation" })).toBeVisible();
  // The erase page does not exist for the owner.
  expect((await page.goto(`${interviewUrl}/erase`))?.status()).toBe(404);

  // The owner has the edit form open in another tab while the editor erases.
  const staleEdit = await journalistContext.newPage();
  await staleEdit.goto(`${interviewUrl}/edit`);
  const editForm = staleEdit.getByRole("form", { name: "Edit interview" });
  await expect(editForm.getByLabel("Notes")).toHaveValue(notes);

  // --- the editor: follows the link, is refused three times, then erases --------------------------------------
  const editorContext = await browser.newContext({ extraHTTPHeaders: ownAddress() });
  const editorPage = await editorContext.newPage();
  await signInAndWait(editorPage, editor.email, editor.password);
  await editorPage.goto(interviewUrl);
  await expect(editorPage.getByRole("heading", { name: codeName, level: 1 })).toBeVisible();
  await editorPage.getByRole("link", { name: "Erase source data" }).click();
  await expect(editorPage).toHaveURL(new RegExp(`${interviewUrl}/erase$`));
  await expect(editorPage.getByRole("heading", { name: "Erase source data", level: 1 })).toBeVisible();
  await expectNoSeriousA11yViolations(editorPage);

  const erase = editorPage.getByRole("form", { name: "Erase source data" });
  const reason = erase.getByLabel("Why is the source data being erased?");
  const typedCodeName = erase.getByLabel(`Type the interview's code name (${codeName}) to confirm`);
  const understood = erase.getByLabel(/^I understand that this cannot be undone/);
  const password = erase.getByLabel("Your password, to confirm");
  const submit = erase.getByRole("button", { name: "Erase the source data for good" });
  await expect(reason).toHaveValue("source_request");

  const notErased = async (label: string) => {
    const row = getDb().select({ erasedAt: interviews.erasedAt, archivedAt: interviews.archivedAt }).from(interviews).where(eq(interviews.id, interviewId)).get();
    expect(row, label).toEqual({ erasedAt: null, archivedAt: null });
    const key = getDb().select({ wrapped: dataKeys.wrappedKey, destroyedAt: dataKeys.destroyedAt }).from(dataKeys).where(eq(dataKeys.interviewId, interviewId)).get();
    expect(key?.wrapped, `${label}: the data key is still there`).toBeTruthy();
    expect(key?.destroyedAt, label).toBeNull();
    expect((await page.request.get(scanUrl)).status(), `${label}: the scan still downloads`).toBe(200);
  };

  // 1. Empty: every missing answer on its own field.
  await submit.click();
  await expect(typedCodeName).toHaveAttribute("aria-invalid", "true");
  await expect(typedCodeName).toHaveAccessibleDescription("Type the interview's code name to confirm.");
  await expect(understood).toHaveAttribute("aria-invalid", "true");
  await expect(understood).toHaveAccessibleDescription("Confirm that you understand the erasure cannot be undone.");
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(password).toHaveAccessibleDescription("Enter your password.");
  await expect(reason).not.toHaveAttribute("aria-invalid", "true");
  await expectNoSeriousA11yViolations(editorPage);
  // On a phone the form fits the width, errors and all.
  await editorPage.setViewportSize({ width: 390, height: 844 });
  await expectNoHorizontalScroll(editorPage);
  await expectNoSeriousA11yViolations(editorPage);
  await editorPage.setViewportSize({ width: 1280, height: 720 });
  await notErased("after an empty form");

  // 2. A wrong code name (with the right password): refused on the code name, nothing else blamed.
  await typedCodeName.fill(`${codeName}x`);
  await understood.check();
  await password.fill(editor.password);
  await submit.click();
  await expect(typedCodeName).toHaveAccessibleDescription("Type the interview's code name exactly as shown.");
  await expect(typedCodeName).toHaveAttribute("aria-invalid", "true");
  await expect(formError(editorPage)).toHaveText("The code name does not match.");
  await expect(password).not.toHaveAttribute("aria-invalid", "true");
  await expect(understood).not.toHaveAttribute("aria-invalid", "true");
  await notErased("after a wrong code name");

  // 3. The right code name and a wrong password: refused on the password.
  await typedCodeName.fill(codeName);
  await password.fill(`${editor.password} typo`);
  await submit.click();
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(password).toHaveAccessibleDescription(WRONG_PASSWORD_MESSAGE);
  await expect(formError(editorPage)).toHaveText(WRONG_PASSWORD_MESSAGE);
  await expect(typedCodeName).not.toHaveAttribute("aria-invalid", "true");
  await notErased("after a wrong password");

  // 4. Everything right: erased; back on the interview page, with the banner.
  await reason.selectOption("safety");
  await password.fill(editor.password);
  await submit.click();
  await expect(editorPage).toHaveURL(new RegExp(`${interviewUrl}\\?erased=1$`));
  const banner = editorPage.getByTestId("erased-banner");
  await expect(banner).toBeVisible();
  await expect(banner).toContainText("Source data erased");
  // Soft: a wrong name here must not hide what the rest of the test checks.
  await expect.soft(banner).toContainText(`by ${editor.name} (keeping it puts the source or their family at risk)`);
  await expect(editorPage.getByRole("link", { name: "Erase source data" })).toHaveCount(0);
  await expect(editorPage.locator(".badge", { hasText: "Archived" })).toBeVisible();
  await expectNoSeriousA11yViolations(editorPage);

  const erasedRow = getDb().select({ erasedAt: interviews.erasedAt, erasedBy: interviews.erasedBy, reason: interviews.erasureReason }).from(interviews).where(eq(interviews.id, interviewId)).get();
  expect(erasedRow?.erasedAt).toEqual(expect.any(Number));
  expect(erasedRow).toMatchObject({ erasedBy: editor.id, reason: "safety" });
  const key = getDb().select({ wrapped: dataKeys.wrappedKey, destroyedAt: dataKeys.destroyedAt }).from(dataKeys).where(eq(dataKeys.interviewId, interviewId)).get();
  expect(key).toEqual({ wrapped: null, destroyedAt: expect.any(Number) });
  const erasures = getDb()
    .select({ seq: auditEvents.seq })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "interview.source_data_erased"), eq(auditEvents.targetId, interviewId)))
    .all();
  expect(erasures).toHaveLength(1);
  expect(fs.existsSync(uploadPath(uploadId)), "the scan's file is deleted").toBe(false);
  // The erase page is gone with the data: a second erasure cannot be started.
  expect((await editorPage.goto(`${interviewUrl}/erase`))?.status()).toBe(404);

  // --- every page: "[erased]" where the source data was, none of the originals anywhere ------------------------
  const expectNoOriginals = async (p: Page, label: string) => {
    const content = await html(p);
    for (const word of Object.values(words)) expect(content.includes(word), `${label} still holds ${word}`).toBe(false);
  };

  for (const [who, p] of [
    ["editor", editorPage],
    ["owner", page],
  ] as const) {
    await p.goto(interviewUrl);
    await expect(p.getByTestId("erased-banner")).toBeVisible();
    await expect(fact(p, "Notes")).toHaveText(ERASED);
    const comments = p.locator("section", { has: p.getByRole("heading", { name: "Comments (1)", level: 2 }) });
    await expect(comments.getByRole("listitem")).toHaveCount(1);
    await expect(comments.getByRole("listitem").locator("p")).toHaveText(ERASED);
    await expectNoOriginals(p, `the interview page (${who})`);

    await p.goto(consentUrl);
    await expect(p.getByRole("heading", { name: `Consent record: ${codeName}` })).toBeVisible();
    await expect(fact(p, "General location")).toHaveText(ERASED);
    await expect(fact(p, "Explain-back")).toHaveText(ERASED);
    await expectNoOriginals(p, `the consent page (${who})`);
  }

  // The owner reads the identifiers (read-only now) as "[erased]", and can change nothing any more. (Soft, like the
  // banner's name: the rest of the test still runs when this page is wrong.)
  await page.goto(`${interviewUrl}/identifiers`);
  const readOnlyVault = page.getByRole("form", { name: "Protected identifiers" });
  await expect.soft(readOnlyVault.getByLabel("Value")).toHaveValue(ERASED);
  await expect.soft(readOnlyVault.getByLabel("Value")).toBeDisabled();
  await expect(readOnlyVault.getByRole("button", { name: "Save identifiers" })).toHaveCount(0);
  await expectNoOriginals(page, "the identifiers page (owner)");

  await page.goto(interviewUrl);
  await expect(page.getByRole("link", { name: "Edit details" })).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Add a comment" })).toHaveCount(0);
  await expect(page.getByTestId("review-panel").getByRole("link", { name: "Protected identifiers" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Status", level: 2 })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Mark done" })).toHaveCount(0);
  // The form left open before the erasure is refused with a message that says why; nothing is stored.
  await editForm.getByLabel("Notes").fill("Met at the station.");
  await editForm.getByRole("button", { name: "Save changes" }).click();
  await expect(formError(staleEdit)).toHaveText("This interview's source data was erased: it can no longer be changed.");
  await expect(staleEdit).toHaveURL(new RegExp(`${interviewUrl}/edit$`));
  await page.reload();
  await expect(fact(page, "Notes")).toHaveText(ERASED);
  const edit = await page.goto(`${interviewUrl}/edit`);
  expect(edit?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found", level: 1 })).toBeVisible();
  await page.goto(consentUrl);
  await expect(page.getByRole("form", { name: "Attach a signature scan" })).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Record reconfirmation" })).toHaveCount(0);

  // The scan's link remains (the record says a scan was attached), but the file is gone: 410, with the reason.
  await expect(page.getByRole("link", { name: /^Download scan of / })).toHaveAttribute("href", scanUrl);
  for (const p of [page, editorPage]) {
    const gone = await p.request.get(scanUrl);
    expect(gone.status()).toBe(410);
    expect(await gone.text()).toContain("erased");
  }

  // The activity lists the erasure, by the editor.
  await editorPage.goto(`${interviewUrl}/activity`);
  const entry = editorPage.getByRole("row").filter({ hasText: "Source data erased" });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText(editor.name);
  await expectNoOriginals(editorPage, "the activity page");

  await journalistContext.close();
  await editorContext.close();
});
