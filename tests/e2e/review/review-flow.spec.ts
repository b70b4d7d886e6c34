import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations, signInAndWait } from "../fixtures/pages";
import { seedDesk, seedInterview, seedUser, uniqueSuffix } from "../fixtures/seed";

const DRAFT = "Choi Kwanghyeok told us about life in 회령 before the war. He misses the river.";

/** Presses Tab until a finding in the text has focus (the text is one tab stop); fails after 40 presses. */
async function tabToFindings(page: Page) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement?.matches("mark[role=button]") ?? false)) return;
  }
  throw new Error("The findings could not be reached with the Tab key.");
}

test("register identifiers, scan a draft with a variant spelling and a Hangul hometown, redact one, keep the other, an editor approves, download", async ({
  page,
  browser,
}) => {
  const desk = seedDesk();
  const journalist = await seedUser("journalist", { deskIds: [desk.id] });
  const editor = await seedUser("editor", { deskIds: [desk.id] });
  const codeName = `Larch ${uniqueSuffix()}`;
  const interviewId = seedInterview(journalist, desk.id, { codeName: codeName });

  await signInAndWait(page, journalist.email, journalist.password);
  await page.goto(`/interviews/${interviewId}`);
  await page.getByTestId("review-panel").getByRole("link", { name: "Protected identifiers" }).click();

  // The vault: the first row is the real name; add the hometown.
  const vault = page.getByRole("form", { name: "Protected identifiers" });
  await vault.getByLabel("Value").first().fill("Choe Kwang-hyok");
  await expect(vault.getByLabel("This is the source's real name")).toBeChecked();
  await vault.getByRole("button", { name: "Add an identifier" }).click();
  await vault.getByLabel("Kind").nth(1).selectOption("place");
  await vault.getByLabel("Value").nth(1).fill("Hoeryong");
  await expectNoSeriousA11yViolations(page);
  await vault.getByRole("button", { name: "Save identifiers" }).click();
  await expect(page.getByRole("status")).toContainText("Saved: 2 added");

  // Paste a draft: the name in another romanization, the hometown in Hangul.
  await page.goto(`/interviews/${interviewId}/review`);
  await expect(page.getByText("No documents yet.")).toBeVisible();
  const paste = page.getByRole("form", { name: "Paste a document" });
  await paste.getByLabel("Title").fill("Draft 1");
  await paste.getByLabel("Text").fill(DRAFT);
  await paste.getByRole("button", { name: "Add and scan" }).click();
  await expect(page.getByRole("heading", { name: "Draft 1", level: 1 })).toBeVisible();

  const marks = page.locator("mark[role=button]");
  await expect(marks).toHaveCount(2);
  await expect(marks.nth(0)).toHaveText(/Choi Kwanghyeok/);
  await expect(marks.nth(0)).toHaveAccessibleName(/real name.*high severity/i);
  await expect(page.getByRole("region", { name: "Version 1 with 2 findings" })).toBeVisible();
  await expect(marks.nth(1)).toHaveText(/회령/);
  await expect(page.getByTestId("review-state")).toContainText("2 of 2 findings to decide");
  await expectNoSeriousA11yViolations(page);

  // Keyboard only: reach the findings with Tab, move with the arrow keys, decide with the keyboard.
  await tabToFindings(page);
  const panel = page.getByTestId("finding-panel");
  await expect(panel.getByRole("heading")).toHaveText("The source's real name (registered)");
  await expect(panel.getByRole("radio", { name: /Keep/ })).toBeDisabled();
  await page.keyboard.press("ArrowRight");
  await expect(panel.getByRole("heading")).toHaveText(/Place.*\(registered\)/);
  await page.keyboard.press("ArrowLeft");
  await expect(panel.getByRole("heading")).toHaveText("The source's real name (registered)");
  await panel.getByRole("radio", { name: "Redact" }).focus();
  await page.keyboard.press("Space");
  await expect(panel.getByRole("radio", { name: "Redact" })).toBeChecked();
  await panel.getByRole("button", { name: "Save decision" }).focus();
  await page.keyboard.press("Enter");

  // The panel moves on to the next undecided finding: keep the hometown, with a reason.
  await expect(panel.getByRole("heading")).toHaveText(/Place.*\(registered\)/);
  await panel.getByRole("radio", { name: "Keep, with a justification" }).check();
  await panel.getByLabel("Why it can be published as it is").fill("A city of 150,000 people: naming it does not point to one family.");
  await panel.getByRole("button", { name: "Save decision" }).click();
  await expect(page.getByTestId("review-state")).toContainText("1 kept finding awaiting an editor");

  await page.getByRole("button", { name: "Produce the redacted version" }).click();
  await expect(page.getByText(/version 2 \(redacted\)/)).toBeVisible();
  const textRegion = page.getByRole("region", { name: /^Version 2 with/ });
  await expect(textRegion).toContainText("[NAME] told us about life in 회령");
  await expect(textRegion).not.toContainText("Choi Kwanghyeok");
  await expect(marks).toHaveCount(1);
  await expect(page.getByTestId("review-state")).toContainText("awaiting an editor");

  // An editor of the desk approves keeping the hometown, in another browser.
  const editorPage = await (await browser.newContext()).newPage();
  await signInAndWait(editorPage, editor.email, editor.password);
  await editorPage.goto(page.url());
  await editorPage.locator("mark[role=button]").first().click();
  await editorPage.getByTestId("finding-panel").getByRole("button", { name: "Approve keeping it" }).click();
  await expect(editorPage.getByTestId("current-decision")).toContainText("Approved by");
  await expect(editorPage.getByTestId("review-state")).toContainText("Every finding decided");
  await expectNoSeriousA11yViolations(editorPage);
  await editorPage.context().close();

  // Download the redacted text.
  await page.reload();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download version 2" }).click();
  const text = fs.readFileSync((await (await download).path())!, "utf8");
  expect(text).toBe("[NAME] told us about life in 회령 before the war. He misses the river.");
});
