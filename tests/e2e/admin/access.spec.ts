import { expect, test } from "@playwright/test";
import { seedDesk, seedUser } from "../fixtures/seed";
import { expectNoSeriousA11yViolations, formError, signInAndWait } from "../fixtures/pages";

test("an editor reads the audit log but cannot manage users", async ({ page }) => {
  const editor = await seedUser("editor", { deskIds: [seedDesk().id] });
  await signInAndWait(page, editor.email, editor.password);
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Signed in" }).first()).toBeVisible();
  await expect(page.getByTestId("chain-status")).toContainText(/Verified: [\d,]+ entries, head [0-9a-f]{8}…/);
  await page.getByRole("button", { name: "Verify every entry again" }).click();
  await expect(page.getByTestId("full-verification")).toContainText(
    /Full verification passed: [\d,]+ entries, chain intact, head [0-9a-f]{64}/,
  );
  await expectNoSeriousA11yViolations(page);
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});

test("admin forms show server-side errors on the right field and change nothing", async ({ page }) => {
  const desk = seedDesk();
  const admin = await seedUser("admin", { deskIds: [desk.id] });
  const existing = await seedUser("journalist", { deskIds: [desk.id] });
  await signInAndWait(page, admin.email, admin.password);
  await page.goto("/admin/users");
  const form = page.getByRole("form", { name: "Create a user" });
  await form.getByLabel("Name").fill("Duplicate Person");
  await form.getByLabel("E-mail").fill(existing.email.toUpperCase());
  await form.getByLabel("Temporary password").fill("a perfectly fine passphrase");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByText("Another user already has this e-mail address.").first()).toBeVisible();
  await expect(form.getByLabel("E-mail")).toHaveAttribute("aria-invalid", "true");
  await expect(formError(page)).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "Duplicate Person" })).toHaveCount(0);

  // A weak password is caught in the browser before anything is sent.
  await form.getByLabel("E-mail").fill(`fresh-${existing.id}@e2e.example.org`);
  await form.getByLabel("Temporary password").fill("password1234");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByText("This password is too common or too easy to guess.", { exact: false })).toBeVisible();
});

test("a malformed request to a server action gets a 4xx-style answer, not a crash", async ({ page }) => {
  const admin = await seedUser("admin");
  await signInAndWait(page, admin.email, admin.password);
  const response = await page.request.post("/admin/users", {
    headers: { "Next-Action": "not-a-real-action-id", "Content-Type": "text/plain;charset=UTF-8" },
    data: "{not json",
  });
  expect(response.status()).toBeLessThan(500);
});
