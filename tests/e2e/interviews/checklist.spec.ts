import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations, signInAndWait } from "../fixtures/pages";
import { seedDesk, seedUser, uniqueSuffix } from "../fixtures/seed";

async function blockingOpen(page: Page): Promise<number> {
  const text = (await page.getByTestId("readiness").textContent()) ?? "";
  const match = /(\d+) blocking items? open/.exec(text);
  return match ? Number(match[1]) : 0;
}

test("a POW interview gets POW blocking items; an N/A request is approved by an editor in another browser", async ({ page, browser }) => {
  const desk = seedDesk();
  const journalist = await seedUser("journalist", { deskIds: [desk.id] });
  const editor = await seedUser("editor", { deskIds: [desk.id] });
  const codeName = `Magpie ${uniqueSuffix()}`;

  await signInAndWait(page, journalist.email, journalist.password);
  await page.getByRole("link", { name: "Interviews", exact: true }).click();
  await page.getByRole("link", { name: "Prepare your first interview" }).click();
  await expect(page.getByRole("heading", { name: "New interview" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  const form = page.getByRole("form", { name: "New interview" });
  await form.getByRole("button", { name: "Create interview and checklist" }).click();
  await expect(form.getByText("Enter a code name.")).toBeVisible();

  await form.getByLabel("Code name of the source").fill(codeName);
  await form.getByLabel("Kind of source").selectOption("pow");
  await form.getByLabel("Who holds the source in custody").fill("Detaining authorities");
  await form.getByLabel("Outlet").fill("Example Daily");
  await form.getByLabel("Interpreter").selectOption("detaining_authority");
  await form.getByRole("button", { name: "Create interview and checklist" }).click();

  await expect(page.getByRole("heading", { name: codeName, level: 1 })).toBeVisible();
  const blocking = page.locator("section", { has: page.getByRole("heading", { name: /Blocking items still open/ }) });
  for (const id of ["private-setting", "dignity-check", "independent-interpreter", "rights-explained"]) {
    await expect(blocking.locator(`[data-item="${id}"]`)).toBeVisible();
  }
  await expect(page.locator('[data-item="minor-safeguards"]')).toHaveCount(0);
  const before = await blockingOpen(page);
  expect(before).toBeGreaterThan(5);

  // Complete one blocking item with evidence.
  const capacity = page.locator('[data-item="capacity-check"]');
  await capacity.getByRole("button", { name: "Mark done" }).click();
  await capacity.getByLabel("Evidence note").fill("Checked with the medical officer's note; no medication today.");
  await capacity.getByRole("button", { name: "Save as done" }).click();
  await expect(page.locator('[data-item="capacity-check"] [data-testid="item-state"]')).toHaveText("Done");
  await expect.poll(() => blockingOpen(page)).toBe(before - 1);

  // Ask for a blocking item to be treated as not applicable: it still counts as open.
  const privateSetting = page.locator('[data-item="private-setting"]');
  await privateSetting.getByRole("button", { name: "Not applicable…" }).click();
  await privateSetting
    .getByLabel("Why it does not apply")
    .fill("The interview is a written exchange through the ICRC; no room, no guards.");
  await privateSetting.getByRole("button", { name: "Ask for approval" }).click();
  await expect(page.locator('[data-item="private-setting"] [data-testid="item-state"]')).toContainText("waiting for an editor's approval");
  await expect(page.locator('[data-item="private-setting"]').getByRole("button", { name: "Approve not applicable" })).toHaveCount(0);
  expect(await blockingOpen(page)).toBe(before - 1);

  // The editor, in another browser context, approves it from the home page.
  const editorPage = await (await browser.newContext()).newPage();
  await signInAndWait(editorPage, editor.email, editor.password);
  await editorPage.getByRole("link", { name: new RegExp(`${codeName}: `) }).click();
  const item = editorPage.locator('[data-item="private-setting"]');
  await item.getByRole("button", { name: "Approve not applicable" }).click();
  await expect(editorPage.locator('[data-item="private-setting"] [data-testid="item-state"]')).toContainText("approved");
  await expectNoSeriousA11yViolations(editorPage);
  // The editor reads but cannot change the checklist.
  await expect(editorPage.getByRole("button", { name: "Mark done" })).toHaveCount(0);

  await page.reload();
  await expect.poll(() => blockingOpen(page)).toBe(before - 2);
  await expectNoSeriousA11yViolations(page);
});
