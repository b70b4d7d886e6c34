import { expect, test } from "@playwright/test";
import { mfaFor, nextCode } from "../fixtures/mfa";
import { seedUser } from "../fixtures/seed";
import { expectNoSeriousA11yViolations, formError, GENERIC_SIGN_IN_ERROR, signIn } from "../fixtures/pages";

test("a wrong password shows the generic message and the sign-in page passes axe", async ({ page }) => {
  const user = await seedUser("journalist");
  await page.goto("/sign-in");
  await expectNoSeriousA11yViolations(page);
  await signIn(page, user.email, "not the right password");
  await expect(formError(page)).toHaveText(GENERIC_SIGN_IN_ERROR);
  await expect(page).toHaveURL(/\/sign-in/);
  // An unknown address gets exactly the same answer.
  await signIn(page, `nobody-${user.id}@e2e.example.org`, "not the right password");
  await expect(formError(page)).toHaveText(GENERIC_SIGN_IN_ERROR);
});

test("the sixth attempt is refused even with the right password", async ({ page }) => {
  const user = await seedUser("journalist");
  for (let attempt = 1; attempt <= 5; attempt++) {
    await signIn(page, user.email, `wrong password number ${attempt}`);
    await expect(formError(page)).toHaveText(GENERIC_SIGN_IN_ERROR);
  }
  await signIn(page, user.email, user.password);
  await expect(formError(page)).toHaveText(GENERIC_SIGN_IN_ERROR);
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
});

test("keyboard-only sign-in", async ({ page }) => {
  const user = await seedUser("editor");
  await page.goto("/sign-in");
  // Skip link first, then the form's fields in order.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to main content" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("E-mail")).toBeFocused();
  await page.keyboard.type(user.email);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type(user.password);
  await page.keyboard.press("Enter");
  // Editors use two-step sign-in (seeded): the code field takes the focus.
  await expect(page.getByLabel("Authentication code")).toBeFocused();
  await page.keyboard.type(await nextCode(mfaFor(user.email, user.password)!.secret, user.email));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: `Hello, ${user.name}` })).toBeVisible();
});

test("the session cookie lives 8 hours from the last request, and signing out ends it", async ({ page, context }) => {
  const user = await seedUser("journalist");
  await signIn(page, user.email, user.password);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.goto("/account/password");
  const session = (await context.cookies()).find((c) => c.name.endsWith("authjs.session-token"));
  expect(session?.httpOnly).toBe(true);
  const hoursLeft = ((session?.expires ?? 0) * 1000 - Date.now()) / 3_600_000;
  expect(hoursLeft).toBeGreaterThan(7.9);
  expect(hoursLeft).toBeLessThanOrEqual(8.01);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
});
