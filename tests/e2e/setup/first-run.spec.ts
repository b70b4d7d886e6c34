import { expect, test } from "@playwright/test";
import { totpCode } from "@/lib/auth/totp";
import { expectNoSeriousA11yViolations, formError, signInAndWait } from "../fixtures/pages";

/**
 * Runs against its own server on a brand-new database (project "first-run"): the whole journey from an empty
 * instance to a working newsroom, through the UI only.
 */
test("first-run setup, then the admin creates a journalist and an editor who cannot reach user admin", async ({ page, browser }) => {
  // Every page leads to the first-run page while nobody exists.
  await page.goto("/audit");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Sourcekeeper" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // Bad input: the message appears on the field and nothing is created.
  await page.getByLabel("Your name").fill("Ada Admin");
  await page.getByLabel("E-mail").fill("not-an-email");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByLabel("Repeat the password").fill("different");
  await page.getByLabel("Your first desk").fill("Seoul bureau");
  await page.getByRole("button", { name: "Create administrator account" }).click();
  await expect(page.getByText("Enter a valid e-mail address, like name@example.org.")).toBeVisible();
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();
  await expect(page.getByLabel("E-mail")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("E-mail").fill("ada@newsroom.example");
  await page.getByLabel("Password", { exact: true }).fill("harbour lantern orbit 42");
  await page.getByLabel("Repeat the password").fill("harbour lantern orbit 42");
  await page.getByRole("button", { name: "Create administrator account" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  // The first-run page is gone for good.
  const gone = await page.request.get("/setup");
  expect(gone.status()).toBe(404);

  await signInAndWait(page, "ada@newsroom.example", "harbour lantern orbit 42");
  // Administrators must set up two-step sign-in first: every other page leads to enrolment.
  await expect(page).toHaveURL(/\/account\/security$/);
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/account\/security$/);
  await expect(page.getByText("Editors and administrators must use two-step sign-in")).toBeVisible();
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  const secret = (await page.getByTestId("mfa-secret").innerText()).replace(/\s+/g, "");
  await page.getByLabel("Code from your app").fill(totpCode(secret, Date.now()));
  await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  await expect(page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
  await page.getByRole("button", { name: "I have saved my recovery codes" }).click();
  await expect(page).not.toHaveURL(/\/account\/security$/);

  await page.getByRole("link", { name: "Users and desks", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Users and desks", level: 1 })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByLabel("Desk name").fill("Kyiv bureau");
  await page.getByRole("button", { name: "Create desk" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "Kyiv bureau" })).toBeVisible();

  const createUser = page.getByRole("form", { name: "Create a user" });
  for (const person of [
    { name: "Jin Journalist", email: "jin@newsroom.example", role: "Journalist", desk: "Kyiv bureau" },
    { name: "Eun Editor", email: "eun@newsroom.example", role: "Editor", desk: "Seoul bureau" },
  ]) {
    await createUser.getByLabel("Name").fill(person.name);
    await createUser.getByLabel("E-mail").fill(person.email);
    await createUser.getByLabel("Role").selectOption({ label: person.role });
    await createUser.getByLabel("Temporary password").fill("temporary pass for " + person.name);
    await createUser.getByLabel(person.desk).check();
    await createUser.getByRole("button", { name: "Create user" }).click();
    await expect(createUser.getByRole("status")).toContainText(`Account created for ${person.email}`);
  }
  const table = page.getByRole("table");
  await expect(table.getByRole("row").filter({ hasText: "Jin Journalist" })).toContainText("Kyiv bureau");
  await expect(table.getByRole("row").filter({ hasText: "Eun Editor" })).toContainText("Editor");

  // The journalist signs in, must replace the temporary password, and cannot reach user admin.
  const journalist = await (await browser.newContext()).newPage();
  await signInAndWait(journalist, "jin@newsroom.example", "temporary pass for Jin Journalist");
  await journalist.goto("/");
  await expect(journalist).toHaveURL(/\/account\/password$/);
  await journalist.getByLabel("Current password").fill("temporary pass for Jin Journalist");
  await journalist.getByLabel("New password", { exact: true }).fill("my own river stone 2026");
  await journalist.getByLabel("Repeat the new password").fill("my own river stone 2026");
  await journalist.getByRole("button", { name: "Change password" }).click();
  await expect(journalist).toHaveURL(/\/sign-in/);
  await signInAndWait(journalist, "jin@newsroom.example", "my own river stone 2026");
  await expect(journalist.getByRole("link", { name: "Users and desks", exact: true })).toHaveCount(0);
  await expect(journalist.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await journalist.goto("/admin/users");
  await expect(journalist.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(formError(journalist)).toHaveCount(0);
});
