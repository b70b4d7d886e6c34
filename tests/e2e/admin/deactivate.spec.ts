import { expect, test } from "@playwright/test";
import { seedDesk, seedUser } from "../fixtures/seed";
import { signInAndWait } from "../fixtures/pages";

test("a deactivated user's open session stops working on the next request", async ({ browser }) => {
  const desk = seedDesk();
  const admin = await seedUser("admin", { deskIds: [desk.id] });
  const journalist = await seedUser("journalist", { deskIds: [desk.id] });

  const journalistPage = await (await browser.newContext()).newPage();
  await signInAndWait(journalistPage, journalist.email, journalist.password);

  const adminPage = await (await browser.newContext()).newPage();
  await signInAndWait(adminPage, admin.email, admin.password);
  await adminPage.goto(`/admin/users/${journalist.id}`);
  await adminPage.getByRole("button", { name: "Deactivate account" }).click();
  await expect(adminPage.getByRole("button", { name: "Reactivate account" })).toBeVisible();

  await journalistPage.reload();
  await expect(journalistPage).toHaveURL(/\/sign-in/);
  // And signing in again is refused.
  await journalistPage.getByLabel("E-mail").fill(journalist.email);
  await journalistPage.getByLabel("Password").fill(journalist.password);
  await journalistPage.getByRole("button", { name: "Sign in" }).click();
  await expect(journalistPage.getByTestId("form-error")).toBeVisible();
});
