import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations, signInAndWait } from "../fixtures/pages";
import { seedDesk, seedUser, uniqueSuffix } from "../fixtures/seed";

test("an editor writes a new consent script version from the built-in one; reviewers see what changed; it is printable", async ({
  page,
}) => {
  const desk = seedDesk();
  const editor = await seedUser("editor", { deskIds: [desk.id] });
  const label = `E2E ${uniqueSuffix()}`;

  await signInAndWait(page, editor.email, editor.password);
  await page.goto("/consent-scripts");
  await page.getByRole("link", { name: "Write a new version" }).click();
  await expect(page.getByRole("heading", { name: "New consent script version" })).toBeVisible();
  const form = page.getByRole("form", { name: "New consent script version" });

  // Nothing typed yet: the label and the change note are required, and the message sits on the field.
  await form.getByRole("button", { name: "Save as a new version" }).click();
  await expect(form.getByLabel("Version label")).toHaveAttribute("aria-invalid", "true");

  await form.getByLabel("Version label").fill(label);
  await form.getByLabel(/What changed from/).fill("Risks: say we will tell the source of any new risk.");
  const korean = form.locator("fieldset[lang=ko]");
  const risksKo = korean.getByLabel("본인과 가족에게 닥칠 수 있는 위험");
  await risksKo.fill(`${await risksKo.inputValue()}\n\n인터뷰 전에 새로운 위험을 알게 되면 알려 드리겠습니다.`);
  // A South Korean loanword gets a gentle hint with a plainer word; it does not block saving.
  await expect(form.getByTestId("loanword-hint")).toContainText("면담");
  await risksKo.fill((await risksKo.inputValue()).replace("인터뷰 전에", "내보내기 전에"));
  await expect(form.getByTestId("loanword-hint")).toHaveCount(0);
  const risksEn = form.locator("fieldset").first().getByLabel("Risks to you and your family");
  await risksEn.fill(`${await risksEn.inputValue()}\n\nIf we learn of a new risk before publication, we will tell you.`);
  await expectNoSeriousA11yViolations(page);
  await form.getByRole("button", { name: "Save as a new version" }).click();

  await expect(page.getByRole("heading", { name: `Consent script ${label}` })).toBeVisible();
  await expect(page.getByText("2 sections changed (marked below)")).toBeVisible();
  await expect(page.locator("section[lang=en] h3").filter({ hasText: "changed" })).toHaveText(/Risks to you and your family/);
  await expect(page.locator("section[lang=ko]")).toContainText("내보내기 전에 새로운 위험을 알게 되면 알려 드리겠습니다.");
  const fingerprint = (await page.locator("dd.mono").textContent())!.trim();
  expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);

  // The list shows it first; its printed sheet carries the same fingerprint.
  await page.goto("/consent-scripts");
  await expect(page.getByRole("row").nth(1)).toContainText(label);
  await page.getByRole("row").nth(1).getByRole("link", { name: "Consent sheet" }).click();
  await expect(page.locator("article[lang=ko]")).toContainText(fingerprint);

  // Saving the same text again under another label is refused: versions must differ.
  await page.goto("/consent-scripts");
  await page.getByRole("row").nth(1).getByRole("link", { name: label }).click();
  await page.getByRole("link", { name: "Write a new version from this one" }).click();
  await form.getByLabel("Version label").fill(`${label} again`);
  await form.getByLabel(/What changed from/).fill("Nothing, by mistake.");
  await form.getByRole("button", { name: "Save as a new version" }).click();
  await expect(page.getByTestId("form-error")).toContainText(`identical to version “${label}”`);
});

test("a journalist can read scripts but not write versions; an administrator sets the reconfirmation window", async ({ page, browser }) => {
  const desk = seedDesk();
  const journalist = await seedUser("journalist", { deskIds: [desk.id] });
  await signInAndWait(page, journalist.email, journalist.password);
  await page.goto("/consent-scripts");
  await expect(page.getByRole("link", { name: "Write a new version" })).toHaveCount(0);
  const response = await page.goto("/consent-scripts/new");
  expect(response?.status()).toBe(404);
  expect((await page.goto("/admin/settings"))?.status()).toBe(404);

  // The administrator in a browser of their own (clearing cookies here would race the journalist's in-flight
  // requests, whose responses refresh the session cookie).
  const admin = await seedUser("admin", { deskIds: [desk.id] });
  const adminPage = await (await browser.newContext()).newPage();
  await signInAndWait(adminPage, admin.email, admin.password);
  await adminPage.getByRole("link", { name: "Settings" }).click();
  const field = adminPage.getByLabel("Days a consent reconfirmation stays valid");
  const current = await field.inputValue();
  await field.fill("0");
  await adminPage.getByRole("button", { name: "Save settings" }).click();
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(adminPage.getByText("At least 1 day.")).toBeVisible();
  await field.fill(current);
  await adminPage.getByRole("button", { name: "Save settings" }).click();
  await expect(adminPage.getByRole("status")).toHaveText("Nothing changed.");
  await expectNoSeriousA11yViolations(adminPage);
});
