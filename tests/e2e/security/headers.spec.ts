import { expect, test, type APIResponse, type Page, type Response } from "@playwright/test";
import { NON_DOCUMENT_CSP } from "@/lib/security/headers";
import { signInAndWait } from "../fixtures/pages";
import { seedDesk, seedPreparedInterview, seedUser, uniqueSuffix } from "../fixtures/seed";

/**
 * The security headers and cookies as a browser receives them from `next start`, and the pages working under the
 * policy: no console message, no CSP violation. The suite runs over plain HTTP; the HTTPS branch (HSTS, Secure
 * cookies) is covered by tests/unit/security/headers.test.ts and tests/integration/proxy-headers.test.ts.
 */

type AnyResponse = Response | APIResponse;

/** Every value of `name` (Playwright joins repeated headers into one value otherwise). */
async function values(response: AnyResponse, name: string): Promise<string[]> {
  return (await response.headersArray()).filter((h) => h.name.toLowerCase() === name).map((h) => h.value);
}

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d): d is [string, ...string[]] => !!d[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

/** The headers every response carries, page or file. */
async function expectCommonHeaders(response: AnyResponse): Promise<void> {
  expect(await values(response, "x-content-type-options")).toEqual(["nosniff"]);
  expect(await values(response, "referrer-policy")).toEqual(["no-referrer"]);
  expect(await values(response, "x-frame-options")).toEqual(["DENY"]);
  const [permissions, ...extra] = await values(response, "permissions-policy");
  expect(extra).toEqual([]);
  for (const feature of ["camera", "microphone", "geolocation"]) expect(permissions).toContain(`${feature}=()`);
  // Plain HTTP: no HSTS (a browser would ignore it anyway).
  expect(await values(response, "strict-transport-security")).toEqual([]);
}

/** A page's policy: returns its nonce after checking every directive that matters. */
async function expectPagePolicy(response: AnyResponse): Promise<string> {
  const policies = await values(response, "content-security-policy");
  expect(policies, "exactly one policy (a second one would also be enforced)").toHaveLength(1);
  const csp = directives(policies[0]!);
  const scriptSrc = csp.get("script-src") ?? [];
  const nonce = scriptSrc.map((s) => /^'nonce-([A-Za-z0-9+/=]+)'$/.exec(s)?.[1]).find(Boolean);
  expect(nonce, "script-src has a nonce").toBeTruthy();
  expect(scriptSrc).toContain("'strict-dynamic'");
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(scriptSrc).not.toContain("'unsafe-eval'");
  expect(csp.get("default-src")).toEqual(["'self'"]);
  expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
  expect(csp.get("object-src")).toEqual(["'none'"]);
  expect(csp.get("base-uri")).toEqual(["'none'"]);
  expect(csp.get("form-action")).toEqual(["'self'"]);
  expect(csp.get("connect-src")).toEqual(["'self'"]);
  expect(csp.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
  expect(csp.has("upgrade-insecure-requests")).toBe(false);
  return nonce!;
}

/** Every script element Next rendered carries this response's nonce. */
function expectScriptsCarryNonce(html: string, nonce: string): void {
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
}

/** Collects console messages, page errors and CSP violation events (through a listener added before any script). */
async function watch(page: Page): Promise<string[]> {
  const problems: string[] = [];
  // Errors, warnings and logs; not Chrome's "verbose" DOM hints (e.g. its autofill advice on password forms).
  page.on("console", (m) => {
    const type: string = m.type(); // Chromium also reports "verbose", which Playwright's type does not list
    if (type !== "verbose" && type !== "debug") problems.push(`console.${type}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.exposeFunction("reportCspViolation", (v: string) => problems.push(`CSP violation: ${v}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as { reportCspViolation: (v: string) => void }).reportCspViolation;
      report(`${e.effectiveDirective} blocked ${e.blockedURI} in ${e.sourceFile || document.URL}:${e.lineNumber}`);
    });
  });
  return problems;
}

/** Opens a page and waits until Next has started in it (its scripts ran under the policy). */
async function visit(page: Page, path: string, status = 200): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(status);
  await expectPagePolicy(response!);
  await expect(page.locator("h1").first()).toBeVisible();
  await page.waitForFunction(() => (window as unknown as { next?: { version?: string } }).next?.version !== undefined);
}

test("/sign-in: every header, a fresh nonce on each request, and Next's scripts carry it", async ({ request }) => {
  await seedUser("journalist"); // so the first-run page does not take over
  const first = await request.get("/sign-in");
  const second = await request.get("/sign-in");
  expect(first.status()).toBe(200);
  await expectCommonHeaders(first);
  const nonce = await expectPagePolicy(first);
  const other = await expectPagePolicy(second);
  expect(other).not.toBe(nonce);
  expect(Buffer.from(nonce, "base64").length).toBeGreaterThanOrEqual(16);
  expectScriptsCarryNonce(await first.text(), nonce);

  // Behind a TLS-terminating proxy (X-Forwarded-Proto: https): HSTS and upgrade-insecure-requests.
  const secure = await request.get("/sign-in", { headers: { "x-forwarded-proto": "https" } });
  expect(await values(secure, "strict-transport-security")).toEqual(["max-age=63072000; includeSubDomains"]);
  expect((await values(secure, "content-security-policy"))[0]).toContain("upgrade-insecure-requests");
});

test("a signed-in page, a server action, route handlers and the session cookie", async ({ page, context, request }) => {
  const desk = seedDesk();
  const editor = await seedUser("editor", { deskIds: [desk.id] });

  // The sign-in server action: its answer is no page, and gets the non-document policy.
  const actionAnswer = page.waitForResponse(
    async (r) => r.request().method() === "POST" && !!(await r.request().headerValue("next-action")),
  );
  await signInAndWait(page, editor.email, editor.password);
  const action = await actionAnswer;
  expect(action.status()).toBe(200);
  expect(await values(action, "content-security-policy")).toEqual([NON_DOCUMENT_CSP]);
  await expectCommonHeaders(action);

  const response = await page.goto("/interviews");
  expect(response?.status()).toBe(200);
  await expectCommonHeaders(response!);
  const nonce = await expectPagePolicy(response!);
  expectScriptsCarryNonce(await response!.text(), nonce);
  const again = await page.reload();
  expect(await expectPagePolicy(again!)).not.toBe(nonce);

  // The session cookie: HttpOnly, SameSite Lax or Strict, and (plain HTTP here) neither Secure nor __Secure-.
  const session = (await context.cookies()).find((c) => c.name.endsWith("authjs.session-token"));
  expect(session?.name).toBe("authjs.session-token");
  expect(session?.httpOnly).toBe(true);
  expect(["Lax", "Strict"]).toContain(session?.sameSite);
  expect(session?.secure).toBe(false);
  const setCookie = (await values(again!, "set-cookie")).flatMap((v) => v.split("\n")).find((c) => c.startsWith("authjs.session-token="));
  expect(setCookie).toMatch(/; HttpOnly(;|$)/i);
  expect(setCookie).toMatch(/; SameSite=(Lax|Strict)(;|$)/i);

  // A route handler as the editor (a file), and without a session: the non-document policy, never a page policy.
  const key = await page.request.get("/api/audit/public-key");
  expect(key.status()).toBe(200);
  expect(await key.text()).toContain("BEGIN PUBLIC KEY");
  const anonymous = await request.get("/api/audit/public-key");
  expect(anonymous.status()).toBe(401);
  for (const answer of [key, anonymous]) {
    await expectCommonHeaders(answer);
    expect(await values(answer, "content-security-policy")).toEqual([NON_DOCUMENT_CSP]);
  }
});

test("the main pages run under the policy: no console message, no CSP violation, downloads work", async ({ page, browser }) => {
  const desk = seedDesk();
  const journalist = await seedUser("journalist", { deskIds: [desk.id] });
  const editor = await seedUser("editor", { deskIds: [desk.id] });
  const { interviewId, recordId, documentId } = seedPreparedInterview(journalist, desk.id, {
    codeName: `Plover ${uniqueSuffix()}`,
    draft: { title: "Draft", text: "He misses the river in Hoeryong." },
  });

  // The editor: start page (with its chart), lists, an interview, exports, the audit log.
  const problems = await watch(page);
  await signInAndWait(page, editor.email, editor.password);
  for (const path of [
    "/",
    "/interviews",
    `/interviews/${interviewId}`,
    `/interviews/${interviewId}/review`,
    `/interviews/${interviewId}/review/${documentId}`,
    `/interviews/${interviewId}/publication`,
    `/interviews/${interviewId}/activity`,
    `/interviews/${interviewId}/consent/${recordId}`,
    "/exports",
    "/audit",
    "/takedowns",
    "/consent-scripts",
    "/account/password",
  ])
    await visit(page, path);
  // The not-found page renders per request too (its scripts need the nonce). The browser logs the 404 itself.
  await visit(page, "/no-such-page", 404);
  expect(problems.splice(0)).toEqual(["console.error: Failed to load resource: the server responded with a status of 404 (Not Found)"]);
  // Client-side navigation (React payloads fetched by Next's router) and a file download through a link.
  await page.goto("/audit");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Interviews" }).click();
  await expect(page.getByRole("heading", { name: "Interviews", level: 1 })).toBeVisible();
  await page.goto("/audit");
  const keyDownload = page.waitForEvent("download");
  await page.getByText("Public key and fingerprint").click();
  await page.getByRole("link", { name: "Download the public key" }).click();
  expect((await keyDownload).suggestedFilename()).toMatch(/^sourcekeeper-audit-.*\.pem$/);

  // The journalist: the forms (validated in the browser), and the source's receipt, a PDF made into a blob: URL and
  // saved through a link.
  const context = await browser.newContext();
  const journalistPage = await context.newPage();
  const journalistProblems = await watch(journalistPage);
  await signInAndWait(journalistPage, journalist.email, journalist.password);
  for (const path of [
    `/interviews/${interviewId}/edit`,
    `/interviews/${interviewId}/identifiers`,
    `/interviews/${interviewId}/consent/new`,
  ])
    await visit(journalistPage, path);
  await visit(journalistPage, "/interviews/new");
  await journalistPage.getByRole("button", { name: "Create interview and checklist" }).click();
  await expect(journalistPage.getByLabel("Code name of the source")).toHaveAttribute("aria-invalid", "true");
  await visit(journalistPage, `/interviews/${interviewId}/consent/${recordId}`);
  const receipt = journalistPage.waitForEvent("download");
  await journalistPage.getByRole("button", { name: "Download the source's receipt (PDF)" }).click();
  expect((await receipt).suggestedFilename()).toMatch(/^receipt-SK-.*\.pdf$/);
  await expect(journalistPage.getByTestId("receipt-issued")).toBeVisible();
  await context.close();

  expect(problems).toEqual([]);
  expect(journalistProblems).toEqual([]);
});

test("the administration pages run under the policy too", async ({ page }) => {
  const admin = await seedUser("admin");
  const problems = await watch(page);
  await signInAndWait(page, admin.email, admin.password);
  for (const path of ["/admin/users", `/admin/users/${admin.id}`, "/admin/settings", "/consent-scripts/new"]) await visit(page, path);
  expect(problems).toEqual([]);
});

test("scripts injected into a page's HTML do not run; Next's own scripts do", async ({ page }) => {
  await seedUser("journalist"); // so the first-run page does not take over
  const problems = await watch(page);
  // What stored HTML injection would put into a server-rendered page, served with the page's real headers.
  await page.route("**/sign-in", async (route) => {
    const response = await route.fetch();
    const injected = [
      `<script>window.injected = "inline script"</script>`,
      `<img alt="" src="data:," onerror="window.injected = 'event handler'">`,
      `<script src="https://attacker.invalid/x.js"></script>`,
      `<script nonce="AAAAAAAAAAAAAAAAAAAAAA==">window.injected = "guessed nonce"</script>`,
    ].join("");
    await route.fulfill({ response, body: (await response.text()).replace("</body>", `${injected}</body>`) });
  });
  await page.goto("/sign-in");
  await page.waitForFunction(() => (window as unknown as { next?: { version?: string } }).next?.version !== undefined);
  await expect.poll(() => problems.filter((p) => p.startsWith("CSP violation: script-src")).length).toBe(4);
  expect(problems.filter((p) => p.startsWith("CSP violation:")).sort()).toEqual([
    expect.stringMatching(/^CSP violation: script-src-attr blocked inline /),
    expect.stringMatching(/^CSP violation: script-src-elem blocked https:\/\/attacker\.invalid\/x\.js /),
    expect.stringMatching(/^CSP violation: script-src-elem blocked inline /),
    expect.stringMatching(/^CSP violation: script-src-elem blocked inline /),
  ]);
  expect(await page.evaluate(() => (window as unknown as { injected?: string }).injected)).toBeUndefined();
});
