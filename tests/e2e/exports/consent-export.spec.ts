import { createHash } from "node:crypto";
import fs from "node:fs";
import { expect, test, type Download, type Page } from "@playwright/test";
import { strFromU8, unzipSync, zipSync, type Unzipped } from "fflate";
import { instanceKey } from "@/lib/audit/checkpoints";
import { exportCommand } from "@/lib/cli/export";
import type { CliIO } from "@/lib/cli/io";
import { recordConsent } from "@/lib/consent/record-consent";
import { BUNDLE_CSV, BUNDLE_JSON, BUNDLE_MANIFEST, certificatePath, type ConsentExportManifest } from "@/lib/exports/bundle-format";
import type { ConsentRecordJson } from "@/lib/exports/consent-record";
import { csvHeaderLine } from "@/lib/exports/csv";
import { consentInput } from "../../support/consent-input";
import { extractPdfText } from "../../support/pdf-text";
import { formError, expectNoSeriousA11yViolations, signInAndWait } from "../fixtures/pages";
import { ctxOf, seedDesk, seedInterview, seedUser, uniqueSuffix, type SeededUser } from "../fixtures/seed";

/** A free-text answer of every seeded record (consentInput's explain-back): only a sensitive export may hold it. */
const EXPLAIN_BACK = consentInput("", Date.now()).explainBack;
const RECEIPT_CONTACT = "Through the interpreter who was present";
const SENSITIVE_REASON = "Ombudsman complaint about this interview asks for the full consent record";

/**
 * A desk whose journalist has a prisoner-of-war interview with a recorded consent (the built-in script read in
 * Korean), seeded through the real services as that journalist.
 */
async function seedConsentedInterview(bird: string) {
  const desk = seedDesk();
  const journalist = await seedUser("journalist", { deskIds: [desk.id] });
  const codeName = `${bird} ${uniqueSuffix()}`;
  const interviewId = seedInterview(journalist, desk.id, { codeName, pow: true });
  const ctx = ctxOf(journalist, [desk.id]);
  const { recordId } = recordConsent({ ctx, input: consentInput(interviewId, ctx.now()) });
  return { desk, journalist, codeName, interviewId, recordId };
}

/** The command-line verifier, run in-process as `npm run cli -- export verify FILE --pubkey KEY` would. */
async function verifyWithCli(zip: string, keyFile: string): Promise<{ code: number; output: string }> {
  const out: string[] = [];
  const io: CliIO = { stdout: (t) => out.push(t), stderr: (t) => out.push(t), readStdin: async () => "" };
  const code = await exportCommand(["verify", zip, "--pubkey", keyFile], io);
  return { code, output: out.join("") };
}

/** Saves a download in the test's output folder and returns its path and bytes. */
async function save(download: Download, name: string): Promise<{ file: string; bytes: Buffer }> {
  const file = test.info().outputPath(name);
  await download.saveAs(file);
  return { file, bytes: fs.readFileSync(file) };
}

/** Flips one byte inside the compressed data of `entry` (found by its local file header), in a copy of the archive. */
function flipByteInside(zip: Buffer, entry: string): Buffer {
  const copy = Buffer.from(zip);
  const signature = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
  const name = Buffer.from(entry, "utf8");
  for (let at = copy.indexOf(signature); at >= 0; at = copy.indexOf(signature, at + 4)) {
    const nameLength = copy.readUInt16LE(at + 26);
    const extraLength = copy.readUInt16LE(at + 28);
    if (!copy.subarray(at + 30, at + 30 + nameLength).equals(name)) continue;
    const target = at + 30 + nameLength + extraLength + 4;
    copy.writeUInt8(copy.readUInt8(target) ^ 0xff, target);
    return copy;
  }
  throw new Error(`${entry} is not in the archive.`);
}

const exportForm = (page: Page) => page.getByTestId("export-form");
const sensitiveBox = (page: Page) => page.getByLabel("Include the free-text answers, event details and signature scans");
const recentRows = (page: Page) => page.getByTestId("recent-exports").locator("tbody tr");

test("a journalist exports an interview's consent from its panel; the ZIP verifies offline and a changed byte does not", async ({
  page,
}) => {
  const { journalist, codeName, interviewId, recordId } = await seedConsentedInterview("Heron");
  await signInAndWait(page, journalist.email, journalist.password);
  await page.goto(`/interviews/${interviewId}`);
  await page.getByTestId("export-interview-consent").click();

  // The interview is chosen already; desk and kind of source do not apply to one interview; all formats are on.
  await expect(page).toHaveURL(new RegExp(`/exports\\?interview=${interviewId}$`));
  await expect(page.getByRole("heading", { name: "Consent exports", level: 1 })).toBeVisible();
  const form = exportForm(page);
  await expect(form.getByLabel("Interview", { exact: true })).toHaveValue(interviewId);
  await expect(form.getByLabel("Kind of source")).toHaveCount(0);
  await expect(form.getByLabel("Desk", { exact: true })).toHaveCount(0);
  const formats = form.getByRole("group", { name: "Formats" }).getByRole("checkbox");
  await expect(formats).toHaveCount(3);
  for (const box of await formats.all()) await expect(box).toBeChecked();
  // A journalist is never offered the sensitive material.
  await expect(sensitiveBox(page)).toHaveCount(0);
  await expect(page.getByTestId("recent-exports-empty")).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  const downloading = page.waitForEvent("download");
  await form.getByRole("button", { name: "Export", exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^sourcekeeper-consent-[\d-]+\.zip$/);
  const { file: zip, bytes } = await save(download, "consent-export.zip");
  expect(bytes.readUInt32LE(0)).toBe(0x04034b50);

  await expect(page.getByTestId("export-progress")).toBeVisible();
  const done = page.getByTestId("export-done");
  await expect(done).toContainText("Export complete: 1 consent record.");
  const manifestHash = (await done.locator("code").first().textContent())?.trim() ?? "";
  expect(manifestHash).toMatch(/^[0-9a-f]{64}$/);
  // Recent exports lists it without a reload, with the same fingerprint.
  await expect(recentRows(page)).toHaveCount(1);
  const row = recentRows(page).first();
  await expect(row).toContainText(journalist.name);
  await expect(row).toContainText("CSV, JSON, PDF");
  await expect(row).toContainText(manifestHash);
  await expect(row).not.toContainText("(sensitive)");
  await expectNoSeriousA11yViolations(page);

  // The archive: the manifest the page named, one JSON record under the code name, the CSV header, a certificate.
  const files: Unzipped = unzipSync(new Uint8Array(bytes));
  expect(createHash("sha256").update(files[BUNDLE_MANIFEST]!).digest("hex")).toBe(manifestHash);
  const manifest = JSON.parse(strFromU8(files[BUNDLE_MANIFEST]!)) as ConsentExportManifest;
  expect(manifest.sensitive).toBe(false);
  expect(manifest.filters).toEqual({ interviewId });
  const records = JSON.parse(strFromU8(files[BUNDLE_JSON]!)) as ConsentRecordJson[];
  expect(records).toHaveLength(1);
  expect(records[0]!.record_id).toBe(recordId);
  expect(records[0]!.pii_principal.id).toBe(codeName);
  expect(records[0]!.pii_principal.source_type).toBe("pow");
  expect(records[0]!.notice.language).toBe("ko");
  expect(records[0]!.private_fields.values).toBeUndefined();
  // (Buffer keeps the byte-order mark that TextDecoder, and so strFromU8, would drop.)
  const csv = Buffer.from(files[BUNDLE_CSV]!).toString("utf8");
  expect(csv.startsWith(`\uFEFF${csvHeaderLine()}`)).toBe(true);
  expect(csv).toContain(recordId);
  expect(strFromU8(files[certificatePath(recordId)]!.subarray(0, 5))).toBe("%PDF-");
  // A default export leaves the free-text answers out.
  for (const [name, content] of Object.entries(files)) expect(strFromU8(content), name).not.toContain(EXPLAIN_BACK);

  // Offline: the command-line verifier with the instance's public key (the journalist has no audit page to fetch it).
  const keyFile = test.info().outputPath("instance-key.pem");
  fs.writeFileSync(keyFile, instanceKey().publicKey);
  const verified = await verifyWithCli(zip, keyFile);
  expect(verified.output).toContain("Verified.");
  expect(verified.output).toContain("1 JSON records follow the published schema and match their fingerprints.");
  expect(verified.code).toBe(0);

  // One flipped byte inside the JSON's compressed data is caught.
  const flipped = test.info().outputPath("flipped.zip");
  fs.writeFileSync(flipped, flipByteInside(bytes, BUNDLE_JSON));
  const broken = await verifyWithCli(flipped, keyFile);
  expect(broken.output).toContain("NOT VERIFIED");
  expect(broken.code).toBe(1);

  // So is a stored file whose content was changed and re-zipped: the verifier names it.
  const edited = test.info().outputPath("edited.zip");
  const changed = strFromU8(files[BUNDLE_JSON]!).replace(codeName, `${codeName}x`);
  fs.writeFileSync(edited, zipSync({ ...files, [BUNDLE_JSON]: new TextEncoder().encode(changed) }));
  const tampered = await verifyWithCli(edited, keyFile);
  expect(tampered.output).toContain(`${BUNDLE_JSON}: its SHA-256 does not match the manifest`);
  expect(tampered.code).toBe(1);
});

test("the source's receipt is a Korean and English PDF with the chosen contact and no code name", async ({ page }) => {
  const { journalist, codeName, interviewId, recordId } = await seedConsentedInterview("Egret");
  await signInAndWait(page, journalist.email, journalist.password);
  await page.goto(`/interviews/${interviewId}/consent/${recordId}`);
  await expect(page.getByRole("heading", { name: "Proof and the source's copy" })).toBeVisible();
  const reference = (await page.locator("strong.mono", { hasText: /^SK-/ }).textContent())?.trim() ?? "";
  expect(reference).toMatch(/^SK-[0-9A-F]{4}-[0-9A-F]{4}$/);

  const form = page.getByTestId("receipt-form");
  const outletBox = form.getByLabel("Print the outlet's name (Example Daily)");
  await expect(outletBox).not.toBeChecked();
  await form.getByLabel("How to reach us (optional)").fill(RECEIPT_CONTACT);
  const downloading = page.waitForEvent("download");
  await form.getByRole("button", { name: "Download the source's receipt (PDF)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`receipt-${reference}.pdf`);
  const { bytes } = await save(download, "receipt.pdf");
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  await expect(page.getByTestId("receipt-issued")).toContainText(`receipt-${reference}.pdf saved`);
  await expectNoSeriousA11yViolations(page);

  const { text, pages } = await extractPdfText(bytes);
  expect(pages).toHaveLength(1);
  const flat = text.replace(/\s+/g, " ");
  expect(flat).toContain(RECEIPT_CONTACT);
  expect(flat).toContain(reference);
  // Korean: a good run of Hangul syllables, readable through the embedded font's Unicode map.
  expect(text.match(/[\uAC00-\uD7A3]/g)?.length ?? 0).toBeGreaterThan(50);
  // Nothing found on the source may point at them or at the outlet they did not choose to name.
  expect(flat).not.toContain(codeName);
  expect(flat).not.toContain(codeName.split(" ")[1]!);
  expect(flat).not.toContain("Example Daily");
  expect(flat).not.toContain(journalist.name);
});

test("an editor's sensitive export needs a real reason and the right password, and is marked sensitive", async ({ page }) => {
  const { desk, journalist, codeName, recordId } = await seedConsentedInterview("Crane");
  const editor = await seedUser("editor", { deskIds: [desk.id] });
  const downloads: Download[] = [];
  page.on("download", (d) => downloads.push(d));

  await signInAndWait(page, editor.email, editor.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Exports" }).click();
  await expect(page.getByRole("heading", { name: "Consent exports", level: 1 })).toBeVisible();
  const form = exportForm(page);
  await expect(form.getByLabel("Interview", { exact: true })).toHaveValue("");
  await form.getByLabel("Desk", { exact: true }).selectOption({ label: desk.name });
  await form.getByLabel("Kind of source").selectOption("pow");

  // Ticked: a reason and the password are asked for; a short reason is explained on its field.
  await expect(form.getByLabel("Reason for including them")).toHaveCount(0);
  await sensitiveBox(page).check();
  const reason = form.getByLabel("Reason for including them");
  const password = form.getByLabel("Your password, to confirm");
  await reason.fill("court");
  // Submitting explains both problems on their fields, in one go (fields are checked on submit, not on blur, so
  // the click is never lost to a message moving the button).
  await form.getByRole("button", { name: "Export", exact: true }).click();
  await expect(reason).toHaveAttribute("aria-invalid", "true");
  await expect(reason).toHaveAccessibleDescription(/Say why this export needs the sensitive material \(at least 15 characters\)/);
  await expect(password).toHaveAccessibleDescription(/Enter your password to confirm\./);
  await expectNoSeriousA11yViolations(page);

  // A wrong password is refused on its field, before anything is downloaded.
  await reason.fill(SENSITIVE_REASON);
  await password.fill(`${editor.password} but wrong`);
  await form.getByRole("button", { name: "Export", exact: true }).click();
  await expect(password).toHaveAccessibleDescription(/That password is not correct, or your account is locked/);
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(formError(page)).toContainText("That password is not correct");
  await expect(page.getByTestId("export-progress")).toHaveCount(0);
  await expect(page.getByTestId("recent-exports-empty")).toBeVisible();
  expect(downloads).toHaveLength(0);

  // The right password: the download starts and the export is listed as sensitive, with its reason.
  await password.fill(editor.password);
  const downloading = page.waitForEvent("download");
  await form.getByRole("button", { name: "Export", exact: true }).click();
  const { file: zip, bytes } = await save(await downloading, "sensitive-export.zip");
  expect(downloads).toHaveLength(1);
  const done = page.getByTestId("export-done");
  await expect(done).toContainText("Export complete: 1 consent record.");
  const manifestHash = (await done.locator("code").first().textContent())?.trim() ?? "";
  expect(manifestHash).toMatch(/^[0-9a-f]{64}$/);
  await expect(recentRows(page)).toHaveCount(1);
  const row = recentRows(page).first();
  await expect(row).toContainText("(sensitive)");
  await expect(row).toContainText(SENSITIVE_REASON);
  await expect(row).toContainText(editor.name);
  await expect(row).toContainText(manifestHash);

  // The bundle holds the free-text answers, says why, and verifies with the key the audit page offers.
  const files = unzipSync(new Uint8Array(bytes));
  const manifest = JSON.parse(strFromU8(files[BUNDLE_MANIFEST]!)) as ConsentExportManifest;
  expect(manifest.sensitive && manifest.sensitive.reason).toBe(SENSITIVE_REASON);
  expect(manifest.filters).toEqual({ deskId: desk.id, sourceType: "pow" });
  const [record] = JSON.parse(strFromU8(files[BUNDLE_JSON]!)) as ConsentRecordJson[];
  expect(record!.record_id).toBe(recordId);
  expect(record!.pii_principal.id).toBe(codeName);
  expect(record!.private_fields.values?.explainBack).toBe(EXPLAIN_BACK);
  const keyResponse = await page.request.get("/api/audit/public-key");
  expect(keyResponse.status()).toBe(200);
  const keyFile = test.info().outputPath("audit-key.pem");
  fs.writeFileSync(keyFile, await keyResponse.text());
  const verified = await verifyWithCli(zip, keyFile);
  expect(verified.output).toContain("SENSITIVE");
  expect(verified.code).toBe(0);

  // The desk's journalist is offered no sensitive material and does not see the editor's export.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await signInAndWait(page, journalist.email, journalist.password);
  await page.goto("/exports");
  await expect(exportForm(page)).toBeVisible();
  await expect(sensitiveBox(page)).toHaveCount(0);
  await expect(page.getByText("Sensitive material", { exact: true })).toHaveCount(0);
  await expect(page.getByTestId("recent-exports-empty")).toBeVisible();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("with nothing to export the page names the next step; without a consent record the form says so", async ({ page }) => {
    const desk = seedDesk();
    const journalist: SeededUser = await seedUser("journalist", { deskIds: [desk.id] });
    await signInAndWait(page, journalist.email, journalist.password);
    await page.goto("/exports");
    const empty = page.getByTestId("exports-empty");
    await expect(empty).toContainText("There is nothing to export yet");
    await expect(empty.getByRole("link", { name: "Plan an interview" })).toHaveAttribute("href", "/interviews/new");
    await expect(exportForm(page)).toHaveCount(0);
    await expect(page.getByTestId("recent-exports-empty")).toBeVisible();

    // An interview, but no consent recorded for it yet.
    const codeName = `Stork ${uniqueSuffix()}`;
    seedInterview(journalist, desk.id, { codeName });
    await page.reload();
    const form = exportForm(page);
    await expect(form.getByLabel("Interview", { exact: true }).locator("option", { hasText: codeName })).toHaveCount(1);
    // The whole form fits the phone's width: the page never scrolls sideways.
    const overflow = await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectNoSeriousA11yViolations(page);

    const downloads: Download[] = [];
    page.on("download", (d) => downloads.push(d));
    await form.getByRole("button", { name: "Export", exact: true }).click();
    await expect(formError(page)).toContainText("No consent record matches these filters");
    await expect(page.getByTestId("export-progress")).toHaveCount(0);
    expect(downloads).toHaveLength(0);
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  });
});
