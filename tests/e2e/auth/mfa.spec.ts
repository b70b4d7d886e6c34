import { expect, test } from "@playwright/test";
import { timeStep, totpCode } from "@/lib/auth/totp";
import { registerMfa, nextCode } from "../fixtures/mfa";
import { enterCode, expectNoSeriousA11yViolations, formError, signIn } from "../fixtures/pages";
import { seedDesk, seedUser } from "../fixtures/seed";

test("an editor without two-step sign-in is held at enrolment, enrols with the typed key, then signs in with a code", async ({ page }) => {
  const desk = seedDesk();
  const editor = await seedUser("editor", { deskIds: [desk.id], mfa: false });

  // Password only: signed in, but every page leads to enrolment.
  await signIn(page, editor.email, editor.password);
  await expect(page).toHaveURL(/\/account\/security$/);
  for (const path of ["/interviews", "/audit", "/exports"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/account\/security$/);
  }

  // Enrol with the key typed by hand (as an app would compute it).
  const secret = (await page.getByTestId("mfa-secret").innerText()).replace(/\s+/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel("Code from your app").fill("000000");
  await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  await expect(formError(page)).toContainText("That code does not match");
  const now = Date.now();
  await page.getByLabel("Code from your app").fill(totpCode(secret, now));
  await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  const codes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(codes).toHaveCount(10);
  const recovery = await codes.first().innerText();
  const secondRecovery = await codes.nth(1).innerText();
  registerMfa(editor.email, editor.password, secret, timeStep(now));
  await page.getByRole("button", { name: "I have saved my recovery codes" }).click();
  await page.goto("/interviews");
  await expect(page).toHaveURL(/\/interviews$/);

  // Sign out, then sign in: the password leads to the code step; a wrong code is refused.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("E-mail").fill(editor.email);
  await page.getByLabel("Password").fill(editor.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Authentication code")).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  expect(page.url()).not.toContain(encodeURIComponent(editor.email));
  expect(page.url()).not.toContain(editor.email);
  await enterCode(page, "000000");
  await expect(formError(page)).toContainText("That code is not correct");
  await enterCode(page, await nextCode(secret, editor.email));
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.goto("/interviews");
  await expect(page).toHaveURL(/\/interviews$/);

  // A recovery code signs in once.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("E-mail").fill(editor.email);
  await page.getByLabel("Password").fill(editor.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await enterCode(page, recovery);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

  // New recovery codes, with the password and a second factor (here another recovery code, which is used up; a
  // fresh app code would mean waiting for the next 30-second step): ten new ones, shown once, the old ones gone.
  await page.goto("/account/security");
  await expect(page.getByText("You have 9 unused recovery codes.")).toBeVisible();
  const replace = page.getByRole("form", { name: "Get new recovery codes" });
  await replace.getByLabel("Your password").fill(editor.password);
  await replace.getByLabel("Code from your app, or a recovery code").fill(secondRecovery);
  await replace.getByRole("button", { name: "Get new recovery codes" }).click();
  await expect(page.getByText("New recovery codes issued. Your old codes no longer work.")).toBeVisible();
  const fresh = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(fresh).toHaveCount(10);
  expect(await fresh.allTextContents()).not.toContain(secondRecovery);
  await expectNoSeriousA11yViolations(page);
  await page.getByRole("button", { name: "I have saved my recovery codes" }).click();
  await expect(page.getByText("You have 10 unused recovery codes.")).toBeVisible();
});
