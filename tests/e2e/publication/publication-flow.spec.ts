import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations, formError, signInAndWait } from "../fixtures/pages";
import { seedDesk, seedPreparedInterview, seedSignOff, seedUser, uniqueSuffix } from "../fixtures/seed";

const HOMETOWN = "Hoeryong";
const DRAFT_TITLE = "Draft for Monday";
const DRAFT = `He grew up in ${HOMETOWN} and still misses the river there.`;
const STATEMENT = "Read every reason on the report; nothing in the draft points to him or his family.";
const WRONG_PASSWORD_MESSAGE = "That password is not correct, or your account is locked for a while after repeated failures.";
const TAKEDOWN_NOTE = "Article unpublished, archive copy removed and the CDN cache purged.";

const publicationStatus = (page: Page) => page.getByTestId("publication-status");
const gateRule = (page: Page, rule: number) => page.getByTestId(`gate-rule-${rule}`);

/** Decides "Redact" on every finding of the document open in `page`, one after the other. */
async function redactEveryFinding(page: Page) {
  const panel = page.getByTestId("finding-panel");
  const marks = page.locator("mark[role=button]");
  await expect(marks.first()).toBeVisible();
  const total = await marks.count();
  for (let n = 0; n < total; n++) {
    await marks.nth(n).click();
    await panel.getByRole("radio", { name: "Redact" }).check();
    await panel.getByRole("button", { name: /^(Save decision|Change decision)$/ }).click();
    await expect(page.locator("ol.finding-list > li").nth(n)).toContainText("Redact");
  }
  await expect(page.getByTestId("review-state")).toContainText("Every finding decided");
}

test("a POW interview: the hometown in a draft blocks the gate; redacted, an editor clears it, it is published, the source withdraws and the editor resolves the takedown", async ({
  page,
  browser,
}) => {
  const desk = seedDesk();
  const journalist = await seedUser("journalist", { deskIds: [desk.id] });
  const editor = await seedUser("editor", { deskIds: [desk.id] });
  const codeName = `Kestrel ${uniqueSuffix()}`;
  // Checklist done and consent given and reconfirmed through the services; everything else through the browser.
  const { interviewId } = seedPreparedInterview(journalist, desk.id, { codeName });
  const publicationUrl = `/interviews/${interviewId}/publication`;

  // 1. The journalist registers the source's hometown (the first row, which starts as the real name), then pastes a
  // draft that names it.
  await signInAndWait(page, journalist.email, journalist.password);
  await page.goto(`/interviews/${interviewId}`);
  await page.getByTestId("review-panel").getByRole("link", { name: "Protected identifiers" }).click();
  const vault = page.getByRole("form", { name: "Protected identifiers" });
  await expect(vault.getByLabel("This is the source's real name")).toBeChecked();
  await vault.getByLabel("Kind").selectOption("place");
  await expect(vault.getByLabel("This is the source's real name")).toHaveCount(0);
  await vault.getByLabel("Value").fill(HOMETOWN);
  await vault.getByRole("button", { name: "Save identifiers" }).click();
  await expect(page.getByRole("status")).toContainText("Saved: 1 added");

  await page.goto(`/interviews/${interviewId}/review`);
  const paste = page.getByRole("form", { name: "Paste a document" });
  await paste.getByLabel("Title").fill(DRAFT_TITLE);
  await paste.getByLabel("Text").fill(DRAFT);
  await paste.getByRole("button", { name: "Add and scan" }).click();
  await expect(page.getByRole("heading", { name: DRAFT_TITLE, level: 1 })).toBeVisible();
  await expect(page.locator("mark[role=button]").filter({ hasText: HOMETOWN })).toHaveAccessibleName(/high severity/i);
  const draftUrl = new URL(page.url()).pathname;

  // The gate blocks: rule 3 names the draft, says a high-severity finding is undecided and links to it.
  await page.goto(publicationUrl);
  await expect(page.getByRole("heading", { name: `Publication: ${codeName}`, level: 1 })).toBeVisible();
  await expect(publicationStatus(page)).toHaveText("Interviewed");
  await expect(page.getByTestId("gate-blocked")).toContainText("It cannot be cleared yet: 1 reason.");
  const draftReason = gateRule(page, 3).getByRole("link", {
    name: new RegExp(`^“${DRAFT_TITLE}”: \\d+ high-severity findings? not decided\\.$`),
  });
  await expect(draftReason).toHaveAttribute("href", draftUrl);
  for (const rule of [1, 2, 4, 5]) await expect(gateRule(page, rule)).toContainText("Nothing to fix.");
  await expect(gateRule(page, 6)).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Submit for review" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // 2. The journalist follows the link, redacts, produces the redacted version: its latest version is clean.
  await draftReason.click();
  await expect(page).toHaveURL(new RegExp(`${draftUrl}$`));
  await redactEveryFinding(page);
  await page.getByRole("button", { name: "Produce the redacted version" }).click();
  await expect(page.getByText(/version 2 \(redacted\)/)).toBeVisible();
  await expect(page.getByRole("region", { name: /^Version 2 with 0 findings$/ })).not.toContainText(HOMETOWN);
  await expect(page.getByTestId("review-state")).toContainText("Scanned: nothing found");

  await page.goto(publicationUrl);
  await expect(page.getByTestId("gate-clear")).toBeVisible();
  await expect(gateRule(page, 3)).toContainText("Nothing to fix.");
  await expect(page.getByTestId("gate-report").getByRole("link", { name: new RegExp(DRAFT_TITLE) })).toHaveCount(0);
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(publicationStatus(page)).toHaveText("In review");
  await expect(page.getByText("Next: an editor of the desk reads the report and signs off.")).toBeVisible();
  // A journalist is no editor: no sign-off form for them.
  await expect(page.getByTestId("sign-off-form")).toHaveCount(0);

  // 3. The editor, in another browser, opens it from "Awaiting your review" and signs off.
  const editorContext = await browser.newContext();
  const editorPage = await editorContext.newPage();
  await signInAndWait(editorPage, editor.email, editor.password);
  const awaiting = editorPage.getByTestId("awaiting-review").filter({ hasText: codeName });
  await expect(awaiting).toContainText("Ready for your sign-off");
  await awaiting.getByRole("link", { name: codeName }).click();
  await expect(editorPage).toHaveURL(new RegExp(`${publicationUrl}$`));
  await expect(editorPage.getByTestId("gate-clear")).toBeVisible();
  const gateHash = (await editorPage.getByTestId("gate-hash").textContent())!.trim();
  expect(gateHash).toMatch(/^[0-9a-f]{64}$/);
  const signOffForm = editorPage.getByRole("form", { name: "Clear for publication" });
  await expect(editorPage.getByTestId("sign-off-blocked")).toHaveCount(0);
  await expectNoSeriousA11yViolations(editorPage);

  // A wrong password is refused on its field; nothing is signed.
  await signOffForm.getByLabel("Your statement").fill(STATEMENT);
  const password = signOffForm.getByLabel("Your password, to confirm");
  await password.fill(`${editor.password} typo`);
  await signOffForm.getByRole("button", { name: "Clear for publication" }).click();
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(password).toHaveAccessibleDescription(WRONG_PASSWORD_MESSAGE);
  await expect(publicationStatus(editorPage)).toHaveText("In review");
  await expect(editorPage.getByTestId("publication-history")).toContainText("Sign-offs (0)");

  await password.fill(editor.password);
  await signOffForm.getByRole("button", { name: "Clear for publication" }).click();
  await expect(publicationStatus(editorPage)).toHaveText("Cleared");
  await expect(signOffForm).toHaveCount(0);
  const history = editorPage.getByTestId("publication-history");
  await expect(history).toContainText("Sign-offs (1)");
  const signoff = history.getByRole("listitem").filter({ hasText: editor.name });
  await expect(signoff).toContainText(STATEMENT);
  await expect(signoff.locator("code")).toHaveText(gateHash);

  // 4. The journalist records the publication.
  await page.reload();
  await expect(publicationStatus(page)).toHaveText("Cleared");
  const publish = page.getByRole("form", { name: "Record publication" });
  await expect(publish.getByLabel("Outlet")).toHaveValue("Example Daily");
  const today = await publish.getByLabel("Date published").inputValue();
  expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  const articleUrl = `https://example.org/news/${uniqueSuffix()}`;
  // Nothing chosen under "What was published": refused on the group.
  await publish.getByLabel("URL or reference").fill(articleUrl);
  await publish.getByRole("button", { name: "Record publication" }).click();
  await expect(publish.getByText("Choose what was published: text, audio, video or photographs.")).toBeVisible();
  await publish.getByRole("group", { name: "What was published" }).getByLabel("Text").check();
  await publish.getByRole("button", { name: "Record publication" }).click();
  await expect(publicationStatus(page)).toHaveText("Published");
  const publication = page.getByTestId("publication-history").getByRole("listitem").filter({ hasText: articleUrl });
  await expect(publication).toContainText(`Example Daily, ${today} · Text`);
  await expect(publication).toContainText(`Recorded by ${journalist.name}`);

  // 5. The source withdraws; the journalist records it from the interview page.
  await page.goto(`/interviews/${interviewId}`);
  await page.getByRole("button", { name: "Record withdrawal of consent" }).click();
  const withdraw = page.getByRole("form", { name: "Record withdrawal" });
  await withdraw.getByLabel("Who received it").fill("The reporter, by phone");
  await withdraw.getByRole("button", { name: "Record withdrawal" }).click();
  await expect(page.getByTestId("consent-withdrawn-banner")).toBeVisible();
  await expect(page.getByTestId("publication-panel")).toContainText("Status: Published.");

  // The editor's dashboard (reloaded) shows the takedown; so does the navigation, on every page.
  await editorPage.goto("/");
  const takedowns = editorPage.getByTestId("dashboard-takedowns");
  await expect(takedowns.getByRole("heading", { name: "Takedowns required (1)" })).toBeVisible();
  const task = takedowns.getByTestId("takedown-task");
  await expect(task).toHaveCount(1);
  await expect(task).toContainText(`${codeName}: Consent withdrawn after publication`);
  await expect(task).toContainText(/Due \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(in \d+ hours?\)/);
  const nav = editorPage.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Takedowns: 1 open takedown task" })).toHaveText("Takedowns (1)");
  await expectNoSeriousA11yViolations(editorPage);

  // The editor resolves it: it leaves the open list and the navigation count.
  const resolve = task.getByRole("form", { name: `Resolve the takedown of ${codeName}` });
  await resolve.getByRole("button", { name: "Record as resolved" }).click();
  await expect(resolve.getByText("Say what was done.")).toBeVisible();
  await resolve.getByLabel("Taken down").check();
  await resolve.getByLabel("Note").fill(TAKEDOWN_NOTE);
  await resolve.getByRole("button", { name: "Record as resolved" }).click();
  await expect(takedowns.getByRole("status")).toHaveText(`${codeName}: takedown recorded as “Taken down”.`);
  await expect(takedowns.getByRole("heading", { name: "Takedowns required (0)" })).toBeVisible();
  await expect(takedowns.getByTestId("takedown-task")).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Takedowns", exact: true })).toBeVisible();
  await expect(formError(editorPage)).toHaveCount(0);

  // It is listed as resolved on the takedowns page.
  await nav.getByRole("link", { name: "Takedowns", exact: true }).click();
  await expect(editorPage.getByRole("heading", { name: "Takedowns", level: 1 })).toBeVisible();
  await expect(editorPage.getByRole("heading", { name: "Open (0)" })).toBeVisible();
  const resolved = editorPage.getByTestId("resolved-takedowns").getByRole("row").filter({ hasText: codeName });
  await expect(resolved).toHaveCount(1);
  for (const cell of ["Consent withdrawn after publication", editor.name, "Taken down", TAKEDOWN_NOTE, "In time"])
    await expect(resolved).toContainText(cell);
  await editorContext.close();
});

test("an editor who owns an interview cannot clear it; after another editor clears it, a new draft version sends it back to review", async ({
  page,
}) => {
  const desk = seedDesk();
  const owner = await seedUser("editor", { deskIds: [desk.id] });
  const colleague = await seedUser("editor", { deskIds: [desk.id] });
  const codeName = `Plover ${uniqueSuffix()}`;
  const { interviewId, documentId } = seedPreparedInterview(owner, desk.id, {
    codeName,
    draft: { title: DRAFT_TITLE, text: "He spoke about the long winters and the food." },
    submit: true,
  });
  const publicationUrl = `/interviews/${interviewId}/publication`;

  // Nothing blocks clearance, but the owner may not sign: the sign-off section says why.
  await signInAndWait(page, owner.email, owner.password);
  await page.goto(publicationUrl);
  await expect(publicationStatus(page)).toHaveText("In review");
  await expect(page.getByTestId("gate-clear")).toBeVisible();
  await expect(gateRule(page, 6)).toContainText("You own this interview: another editor must clear it.");
  const signOffSection = page.getByRole("region", { name: "Editor's sign-off" });
  await expect(signOffSection).toHaveText(/You own this interview: another editor must clear it\./);
  await expect(page.getByTestId("sign-off-form")).toHaveCount(0);
  await expect(page.getByText("Next: an editor of the desk who does not work on this interview signs off.")).toBeVisible();

  // Another editor of the desk clears it.
  await seedSignOff(colleague, desk.id, interviewId, STATEMENT);
  await page.reload();
  await expect(publicationStatus(page)).toHaveText("Cleared");
  await expect(page.getByTestId("status-reason")).toHaveCount(0);
  await expect(page.getByTestId("publication-history").getByRole("listitem").filter({ hasText: colleague.name })).toContainText(STATEMENT);

  // The owner adds a revised text as a new version: the interview is back in review, with the reason.
  await page.goto(`/interviews/${interviewId}/review/${documentId}`);
  await page.getByText("Add a revised text as a new version").click();
  const newVersion = page.getByRole("form", { name: "Add a new version" });
  await newVersion.getByLabel("Revised text").fill("He spoke about the long winters, the food and the songs.");
  await newVersion.getByRole("button", { name: "Add version and scan" }).click();
  await expect(page.getByText(/· version 2 \(pasted\)/)).toBeVisible();

  await page.goto(publicationUrl);
  await expect(publicationStatus(page)).toHaveText("In review");
  await expect(page.getByTestId("status-reason")).toHaveText(
    "Back in review: A draft, caption or transcript changed after clearance. An editor must read the report and clear it again.",
  );
  await expect(page.getByRole("region", { name: "Editor's sign-off" })).toContainText("You own this interview");
  await expectNoSeriousA11yViolations(page);
  await page.goto(`/interviews/${interviewId}`);
  await expect(page.getByTestId("publication-panel").getByTestId("status-reason")).toHaveText(
    "Back in review: A draft, caption or transcript changed after clearance.",
  );
});
