import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { auditCommand } from "@/lib/cli/audit";
import { systemCtx } from "@/lib/context";
import { addComment } from "@/lib/interviews/add-comment";
import { saveVault, viewVault } from "@/lib/review/vault";
import { expectNoSeriousA11yViolations, signInAndWait } from "../fixtures/pages";
import { seedDesk, seedInterview, seedUser, uniqueSuffix } from "../fixtures/seed";

/** A unique code name: letters only (a code name may not hold six digits in a row, which a hex suffix sometimes does). */
const codeNameFor = (bird: string) => `${bird} ${uniqueSuffix().replace(/\d/g, (d) => "abcdefghij"[Number(d)]!)}`;

/** A desk with a journalist and an editor, and an interview the journalist worked on and whose identifiers they viewed. */
async function seedDeskWithInterview(codeName: string) {
  const desk = seedDesk();
  const journalist = await seedUser("journalist", { deskIds: [desk.id] });
  const editor = await seedUser("editor", { deskIds: [desk.id] });
  const ctx = systemCtx({ id: journalist.id, role: "journalist", deskIds: [desk.id] });
  const interviewId = seedInterview(journalist, desk.id, { codeName });
  addComment({ ctx, input: { interviewId, body: "First contact went well." } });
  saveVault({ ctx, input: { interviewId, entries: [{ id: "", category: "place", realName: false, value: "Hoeryong" }] } });
  viewVault({ ctx, interviewId });
  return { desk, journalist, editor, interviewId };
}

/** Presses Tab until a `<summary>` has focus; fails after `max` presses. */
async function tabToSummary(page: Page, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement?.tagName === "SUMMARY")) return;
  }
  throw new Error("No details summary could be reached with the Tab key.");
}

const entriesTable = (page: Page) => page.getByRole("table", { name: /Audit entries/ });

test("an editor filters by interview and by action, reads an entry's details, and sees nothing from another desk", async ({ page }) => {
  const codeName = codeNameFor("Wren");
  const { desk, journalist, editor, interviewId } = await seedDeskWithInterview(codeName);
  // Another desk's interview: never offered, never shown.
  const otherName = codeNameFor("Kestrel");
  const other = await seedDeskWithInterview(otherName);

  await signInAndWait(page, editor.email, editor.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();

  const filters = page.getByRole("form", { name: "Filter audit entries" });
  const interviewSelect = filters.getByLabel("Interview", { exact: true });
  await expect(interviewSelect.locator("option", { hasText: otherName })).toHaveCount(0);
  await expect(filters.getByLabel("Who")).not.toContainText(other.journalist.name);

  // Filter by interview: every entry is about it, shown by code name with a link.
  await interviewSelect.selectOption({ label: `${codeName} — ${desk.name}` });
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`interviewId=${interviewId}`));
  const table = entriesTable(page);
  await expect(table).toBeVisible();
  const rows = table.locator("tbody tr");
  await expect(rows.filter({ hasText: "Interview created" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Comment added" })).toHaveCount(1);
  const rowCount = await rows.count();
  await expect(table.getByRole("link", { name: codeName })).toHaveCount(rowCount);
  await expect(table.getByRole("link", { name: codeName }).first()).toHaveAttribute("href", `/interviews/${interviewId}`);
  await expect(table).not.toContainText(otherName);

  // Then by action, in plain words: who looked at the source's protected identifiers.
  await expect(filters.getByLabel("Interview", { exact: true })).toHaveValue(interviewId);
  await filters.getByLabel("What").selectOption({ label: "Protected identifiers viewed" });
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/action=vault\.viewed/);
  await expect(rows).toHaveCount(1);
  const row = rows.first();
  await expect(row).toContainText("Protected identifiers viewed");
  await expect(row).toContainText(journalist.name);
  await expect(row.getByRole("link", { name: codeName })).toBeVisible();
  const time = row.locator("time");
  await expect(time).toHaveAttribute("title", /UTC$/);
  await expect(time).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);

  // Open the details with the mouse: the recorded fields, the entry number and its hash.
  await row.locator("summary").click();
  const details = row.locator("details");
  await expect(details).toHaveAttribute("open", "");
  await expect(details.locator("dt", { hasText: "identifiers" })).toBeVisible();
  await expect(details).toContainText("vault.viewed");
  await expect(details).toContainText(/[0-9a-f]{64}/);
  await expectNoSeriousA11yViolations(page);

  // Export what is shown, and verify the file offline with the command-line verifier and the instance's public key.
  const download = page.waitForEvent("download");
  await page.getByTestId("audit-export").click();
  const zip = path.join(os.tmpdir(), `audit-export-${uniqueSuffix()}.zip`);
  await (await download).saveAs(zip);
  const keyResponse = await page.request.get("/api/audit/public-key");
  expect(keyResponse.status()).toBe(200);
  const keyFile = `${zip}.pem`;
  fs.writeFileSync(keyFile, await keyResponse.text());
  const out: string[] = [];
  const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), readStdin: async () => "" };
  expect(await auditCommand(["verify-export", zip, "--pubkey", keyFile], io)).toBe(0);
  expect(out.join("")).toMatch(/Verified\.[\s\S]*1 of them in full/);
  // A changed byte is caught, and the verifier says where.
  const bytes = fs.readFileSync(zip);
  const at = Math.floor(bytes.length / 3);
  bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
  fs.writeFileSync(zip, bytes);
  out.length = 0;
  expect(await auditCommand(["verify-export", zip, "--pubkey", keyFile], io)).toBe(1);
  expect(out.join("")).toContain("NOT VERIFIED");

  // An empty result says what to do.
  await filters.getByLabel("Action contains").fill("withdrawn");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByTestId("audit-empty")).toContainText("No entries match these filters.");
  await page.getByRole("link", { name: "Clear the filters." }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(filters.getByLabel("Action contains")).toHaveValue("");
  await expect(entriesTable(page)).toBeVisible();
});

test("keyboard only: Tab reaches an entry's details and Enter opens them", async ({ page }) => {
  const codeName = codeNameFor("Plover");
  const { editor, interviewId } = await seedDeskWithInterview(codeName);
  await signInAndWait(page, editor.email, editor.password);
  await page.goto(`/audit?interviewId=${interviewId}&action=interview.*`);
  const table = entriesTable(page);
  await expect(table.locator("tbody tr")).toHaveCount(2);

  await page.getByRole("link", { name: "Clear the filters" }).focus();
  await tabToSummary(page);
  const focused = page.locator("summary:focus");
  await expect(focused).toHaveText(/Details #\d+/);
  await page.keyboard.press("Enter");
  const details = page.locator("details", { has: page.locator("summary:focus") });
  await expect(details).toHaveAttribute("open", "");
  await expect(details.locator("dl")).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(details).not.toHaveAttribute("open", "");
  await expectNoSeriousA11yViolations(page);
});

test.describe("in Seoul's time zone", () => {
  test.use({ timezoneId: "Asia/Seoul", locale: "en-GB" });

  test("the interview's Activity tab shows the owning journalist who looked at the identifiers, in local time", async ({ page }) => {
    const codeName = codeNameFor("Heron");
    const { journalist, interviewId } = await seedDeskWithInterview(codeName);
    await signInAndWait(page, journalist.email, journalist.password);
    await page.goto(`/interviews/${interviewId}`);
    await page.getByRole("link", { name: "Activity", exact: true }).click();
    await expect(page.getByRole("heading", { name: `Activity: ${codeName}` })).toBeVisible();
    const table = page.getByRole("table", { name: `Activity on ${codeName}, newest first` });
    const viewed = table.locator("tbody tr", { hasText: "Protected identifiers viewed" });
    await expect(viewed).toHaveCount(1);
    await expect(viewed).toContainText(journalist.name);
    await expectNoSeriousA11yViolations(page);

    // Local time in the browser (Seoul is UTC+9), UTC on hover.
    const time = viewed.locator("time");
    await expect(time).toContainText("GMT+9");
    const utc = (await time.getAttribute("title"))!;
    const iso = (await time.getAttribute("datetime"))!;
    expect(utc).toBe(`${iso.slice(0, 19).replace("T", " ")} UTC`);

    // A journalist has no audit log of their own.
    await page.goto("/audit");
    await expect(page.getByRole("heading", { name: "Audit log" })).toHaveCount(0);
  });
});

test("invalid filters in a link are explained on their fields, not an error page", async ({ page }) => {
  const { editor } = await seedDeskWithInterview(codeNameFor("Ibis"));
  await signInAndWait(page, editor.email, editor.password);
  await page.goto("/audit?from=2030-02-30&before=abc");
  await expect(page.getByLabel("From (UTC date)")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Enter a date like 2030-01-15.")).toBeVisible();
  await expect(page.getByTestId("filter-error")).toContainText("This page position is not valid");
  await page.getByRole("link", { name: "Show the newest entries." }).click();
  await expect(entriesTable(page)).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // On a phone the page itself does not scroll sideways: only the table does, inside its wrapper.
  await page.setViewportSize({ width: 375, height: 740 });
  await page.locator("tbody summary").first().click();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  const wrap = page.locator(".table-wrap").first();
  expect(await wrap.evaluate((el) => getComputedStyle(el).overflowX)).toBe("auto");
});
