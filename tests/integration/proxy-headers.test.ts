import { encode } from "next-auth/jwt";
import { NextRequest, type NextFetchEvent } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_IDLE_SECONDS } from "@/lib/auth/auth-config";
import { getSecrets } from "@/lib/secrets";
import { HSTS_VALUE } from "@/lib/security/headers";
import proxy from "@/proxy";
import { createTempDataDir, type TempDataDir } from "../support/test-db";

/**
 * proxy.ts as Next runs it, without a server: the HTTPS branch (HSTS, upgrade-insecure-requests, a Secure
 * `__Secure-` session cookie), which the e2e suite cannot reach because it runs over plain HTTP.
 */
let data: TempDataDir;
beforeAll(() => {
  data = createTempDataDir();
});
afterAll(() => data.cleanup());

async function sessionCookie(name: string): Promise<string> {
  const token = await encode({
    token: { sub: "user-1", uid: "user-1", role: "journalist", sv: 1 },
    secret: getSecrets().authSecret,
    salt: name,
    maxAge: SESSION_IDLE_SECONDS,
  });
  return `${name}=${token}`;
}

async function run(path: string, headers: Record<string, string>) {
  const request = new NextRequest(`http://127.0.0.1:3000${path}`, { headers: { host: "127.0.0.1:3000", ...headers } });
  const response = await proxy(request, {} as NextFetchEvent);
  if (!(response instanceof Response)) throw new Error("the proxy must answer with a response");
  return response;
}

function sessionSetCookie(response: Response): string[] {
  return response.headers
    .getSetCookie()
    .filter((c) => /^(__Secure-)?authjs\.session-token=/.test(c))
    .map((c) => c.toLowerCase());
}

describe("proxy.ts", () => {
  it("over HTTPS (X-Forwarded-Proto from the TLS proxy): HSTS, upgrade-insecure-requests, a Secure HttpOnly Lax cookie", async () => {
    const response = await run("/interviews", {
      "x-forwarded-proto": "https",
      cookie: await sessionCookie("__Secure-authjs.session-token"),
    });
    expect(response.headers.get("strict-transport-security")).toBe(HSTS_VALUE);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]+=*' 'strict-dynamic';/);
    expect(csp).toContain("upgrade-insecure-requests");
    // Next reads the nonce from the request's policy: the proxy hands the same policy on.
    expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    const [cookie, ...more] = sessionSetCookie(response);
    expect(more).toEqual([]);
    expect(cookie).toMatch(/^__secure-authjs\.session-token=/);
    expect(cookie).toMatch(/; httponly(;|$)/);
    expect(cookie).toMatch(/; secure(;|$)/);
    expect(cookie).toMatch(/; samesite=lax(;|$)/);
    expect(cookie).toMatch(/; path=\/(;|$)/);
  });

  it("over plain HTTP: no HSTS, no upgrade, the cookie is HttpOnly and Lax but not Secure", async () => {
    const response = await run("/interviews", { "x-forwarded-proto": "http", cookie: await sessionCookie("authjs.session-token") });
    expect(response.headers.get("strict-transport-security")).toBeNull();
    expect(response.headers.get("content-security-policy")).not.toContain("upgrade-insecure-requests");
    const [cookie] = sessionSetCookie(response);
    expect(cookie).toMatch(/^authjs\.session-token=/);
    expect(cookie).toMatch(/; httponly(;|$)/);
    expect(cookie).toMatch(/; samesite=lax(;|$)/);
    expect(cookie).not.toMatch(/; secure(;|$)/);
  });

  it("a fresh nonce for every request", async () => {
    const nonces = await Promise.all(
      [1, 2, 3].map(async () => /'nonce-([^']+)'/.exec((await run("/", {})).headers.get("content-security-policy") ?? "")?.[1]),
    );
    expect(nonces.every(Boolean)).toBe(true);
    expect(new Set(nonces).size).toBe(3);
  });

  it("route handlers get HSTS over HTTPS but no page policy (next.config.ts gives them the non-document one)", async () => {
    const response = await run("/api/audit/public-key", { "x-forwarded-proto": "https" });
    expect(response.headers.get("strict-transport-security")).toBe(HSTS_VALUE);
    expect(response.headers.get("content-security-policy")).toBeNull();
  });
});
