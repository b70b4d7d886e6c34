import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations, signInAndWait } from "../fixtures/pages";
import { seedDesk, seedInterview, seedUser, uniqueSuffix } from "../fixtures/seed";

test("record POW consent with certification, print the sheet, reconfirm, then withdraw from the interview page", async ({ page }) => {
  const desk = seedDesk();
  const journalist = await seedUser("journalist", { deskIds: [desk.id] });
  const codeName = `Heron ${uniqueSuffix()}`;
  const interviewId = seedInterview(journalist, desk.id, { codeName: codeName, pow: true });

  await signInAndWait(page, journalist.email, journalist.password);
  await page.goto(`/interviews/${interviewId}`);
  await page.getByRole("link", { name: "Record consent" }).click();
  await expect(page.getByRole("heading", { name: `Record consent: ${codeName}` })).toBeVisible();

  const form = page.getByRole("form", { name: "Record consent" });
  // Submitting empty shows the problems on their fields and saves nothing.
  await form.getByRole("button", { name: "Review before saving" }).click();
  await expect(form.getByText("Say who else was present, or “Nobody else”.")).toBeVisible();
  await expect(form.getByText("Consent is only informed when every point was explained.", { exact: false })).toBeVisible();

  await form.getByLabel("General location").fill("Safe location");
  await form.getByLabel("Nobody else", { exact: true }).check();
  await form.getByLabel("The setting was private (nobody else within hearing)").check();
  await form.getByLabel("Whom the interpreter works for").fill("Freelance, hired by the outlet");
  await form.getByLabel("Language or dialect used").fill("Korean (northern usage)");
  await form.getByLabel("Independent of the detaining authority and of intelligence services").check();
  const explained = form.getByRole("group", { name: "Tick each point that was explained" }).getByRole("checkbox");
  for (const box of await explained.all()) await box.check();
  await form
    .getByLabel("Explain-back: the key points in the source's own words")
    .fill("It will be in a newspaper abroad; my face and name will not be shown.");
  await form.getByRole("group", { name: "Media agreed" }).getByLabel("Text").check();
  await form.getByLabel("I explained this, and the newsroom will keep the source unidentifiable regardless").check();
  await form.getByLabel("Why not written").fill("A signed form would itself identify him.");
  await form.getByLabel("Witness (newsroom staff or role)").fill("Desk producer");
  await form.getByRole("button", { name: "Review before saving" }).click();

  // The certification step.
  const confirm = page.getByRole("form", { name: "Confirm the consent record" });
  await expect(confirm.getByRole("heading", { name: "Summary to confirm" })).toBeVisible();
  await expect(confirm.getByRole("button", { name: "Save consent record" })).toBeDisabled();
  await confirm.getByLabel(/I certify that this summary is accurate/).check();
  await confirm.getByRole("button", { name: "Save consent record" }).click();

  await expect(page.getByTestId("record-status")).toHaveText("Given");
  await expectNoSeriousA11yViolations(page);

  // Print the consent sheet: both languages, version and fingerprint; the buttons do not print.
  await page.getByRole("link", { name: "Print the consent sheet for this script" }).click();
  await expect(page.getByRole("article")).toHaveCount(2);
  await expect(page.locator("article[lang=ko]")).toContainText("SHA-256");
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await page.emulateMedia({ media: "screen" });
  await page.goBack();

  // Reconfirm.
  const reconfirm = page.getByRole("form", { name: "Record reconfirmation" });
  await reconfirm.getByLabel("What was re-explained or shown").fill("Read the final text to him in Korean; no changes asked.");
  await reconfirm.getByRole("button", { name: "Record reconfirmation" }).click();
  await expect(page.getByTestId("record-status")).toHaveText("Reconfirmed");

  // Withdraw from the interview page: one clear action.
  await page.goto(`/interviews/${interviewId}`);
  await page.getByRole("button", { name: "Record withdrawal of consent" }).click();
  const withdraw = page.getByRole("form", { name: "Record withdrawal" });
  await withdraw.getByLabel("Who received it").fill("The reporter, by phone");
  await withdraw.getByRole("button", { name: "Record withdrawal" }).click();
  await expect(page.getByTestId("consent-withdrawn-banner")).toBeVisible();
  await expect(page.getByTestId("consent-status")).toHaveText("Withdrawn by the source");
  await expect(page.getByRole("button", { name: "Record withdrawal of consent" })).toHaveCount(0);

  // Everywhere: the list and the home page show it too.
  await page.goto("/interviews");
  await expect(page.getByRole("row").filter({ hasText: codeName })).toContainText("Withdrawn by the source");
  await page.goto("/");
  await expect(page.getByRole("listitem").filter({ hasText: codeName })).toContainText("consent withdrawn");
});
