import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import {
  buildCsp,
  generateNonce,
  HSTS_VALUE,
  isDocumentPath,
  NON_DOCUMENT_CSP,
  NON_DOCUMENT_SOURCES,
  requestSecurityHeaders,
  servedOverHttps,
  STATIC_SECURITY_HEADERS,
} from "@/lib/security/headers";

/** A policy as directive → sources (directive names are unique in every policy built here). */
function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    expect(map.has(name), `directive ${name} appears once`).toBe(false);
    map.set(name, sources);
  }
  return map;
}

const NONCE = "q6Rm1t3bX0ySZw/5+Qk9Hw==";

describe("buildCsp: the page policy", () => {
  const csp = directives(buildCsp(NONCE, { https: false }));

  it("allows only scripts carrying this response's nonce (and what they load), never inline or eval", () => {
    expect(csp.get("script-src")).toEqual(["'self'", `'nonce-${NONCE}'`, "'strict-dynamic'"]);
    expect(csp.get("script-src")).not.toContain("'unsafe-inline'");
    expect(csp.get("script-src")).not.toContain("'unsafe-eval'");
  });

  it.each([
    ["default-src", ["'self'"]],
    ["frame-ancestors", ["'none'"]],
    ["base-uri", ["'none'"]],
    ["object-src", ["'none'"]],
    ["form-action", ["'self'"]],
    ["frame-src", ["'none'"]],
    ["connect-src", ["'self'"]],
    ["font-src", ["'self'"]],
    ["img-src", ["'self'", "data:", "blob:"]],
    // React style attributes need inline styles; a nonce here would switch 'unsafe-inline' off.
    ["style-src", ["'self'", "'unsafe-inline'"]],
  ])("%s is %j", (name, sources) => {
    expect(csp.get(name)).toEqual(sources);
  });

  it("has exactly the directives above (a new one must be added to this test)", () => {
    expect([...csp.keys()].sort()).toEqual(
      [
        "base-uri",
        "connect-src",
        "default-src",
        "font-src",
        "form-action",
        "frame-ancestors",
        "frame-src",
        "img-src",
        "object-src",
        "script-src",
        "style-src",
      ].sort(),
    );
  });

  it("upgrades insecure requests only when served over HTTPS", () => {
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
    const secure = directives(buildCsp(NONCE, { https: true }));
    expect(secure.get("upgrade-insecure-requests")).toEqual([]);
    expect(secure.get("script-src")).toEqual(csp.get("script-src"));
  });

  it("allows eval only for the development server", () => {
    expect(directives(buildCsp(NONCE, { https: false, dev: true })).get("script-src")).toContain("'unsafe-eval'");
  });

  it.each(["", "abc'; script-src *", "a b", "nonce;", "ab\ncd"])("refuses a nonce that is not base64: %j", (nonce) => {
    expect(() => buildCsp(nonce, { https: false })).toThrow(/base64/);
  });
});

describe("generateNonce", () => {
  it("is 128 random bits in base64, different every time", () => {
    const nonces = Array.from({ length: 1000 }, generateNonce);
    for (const n of nonces) {
      expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(n, "base64")).toHaveLength(16);
    }
    expect(new Set(nonces).size).toBe(nonces.length);
    expect(() => buildCsp(nonces[0]!, { https: false })).not.toThrow();
  });
});

describe("static headers (every response)", () => {
  const byName = new Map(STATIC_SECURITY_HEADERS.map((h) => [h.key.toLowerCase(), h.value]));

  it.each([
    ["x-content-type-options", "nosniff"],
    ["referrer-policy", "no-referrer"],
    ["x-frame-options", "DENY"],
    ["cross-origin-opener-policy", "same-origin"],
    ["cross-origin-resource-policy", "same-origin"],
  ])("%s: %s", (name, value) => {
    expect(byName.get(name)).toBe(value);
  });

  it("Permissions-Policy denies camera, microphone, geolocation and other device access", () => {
    const features = new Map((byName.get("permissions-policy") ?? "").split(",").map((f) => f.trim().split("=") as [string, string]));
    for (const feature of ["camera", "microphone", "geolocation", "display-capture", "usb", "payment"])
      expect(features.get(feature), feature).toBe("()");
    // Nothing is allowed anywhere.
    expect([...features.values()].every((v) => v === "()")).toBe(true);
  });

  it("carries neither a CSP nor HSTS (those depend on the request)", () => {
    expect(byName.has("content-security-policy")).toBe(false);
    expect(byName.has("strict-transport-security")).toBe(false);
  });
});

describe("NON_DOCUMENT_CSP (files, route handlers, build assets, server-action answers)", () => {
  it("lets nothing load and nothing frame", () => {
    const csp = directives(NON_DOCUMENT_CSP);
    expect(csp.get("default-src")).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'none'"]);
  });
});

describe("isDocumentPath and NON_DOCUMENT_SOURCES agree", () => {
  /** next.config `source` → RegExp, for the two shapes used there (`/x/:path*` and a literal path). */
  const toRegExp = (source: string) => new RegExp(`^${source.replace(/[.]/g, "\\.").replace(/\/:path\*$/, "(?:/.*)?")}$`);
  const nonDocument = (p: string) => NON_DOCUMENT_SOURCES.some((s) => toRegExp(s).test(p));

  it.each([
    ["/", true],
    ["/sign-in", true],
    ["/setup", true],
    ["/interviews/abc/consent/def", true],
    ["/audit", true],
    ["/apis", true],
    ["/_nextish", true],
    ["/api", false],
    ["/api/audit/public-key", false],
    ["/api/auth/session", false],
    ["/_next/static/chunks/app.js", false],
    ["/_next/image", false],
    ["/favicon.ico", false],
    ["/robots.txt", false],
  ])("%s is a page: %s", (pathname, isPage) => {
    expect(isDocumentPath(pathname)).toBe(isPage);
    expect(nonDocument(pathname)).toBe(!isPage);
  });
});

describe("servedOverHttps (the same rule Auth.js uses for Secure cookies)", () => {
  it.each([
    [{ url: "http://127.0.0.1:3000/", forwardedProto: "https" }, true],
    [{ url: "http://127.0.0.1:3000/", forwardedProto: "HTTPS, http" }, true],
    [{ url: "http://127.0.0.1:3000/", forwardedProto: "http" }, false],
    [{ url: "http://127.0.0.1:3000/", forwardedProto: null }, false],
    [{ url: "https://sk.example.org/", forwardedProto: null }, true],
    [{ url: "https://sk.example.org/", forwardedProto: "" }, true],
    // A configured AUTH_URL decides, whatever the request says.
    [{ url: "http://127.0.0.1:3000/", forwardedProto: "http", configuredUrl: "https://sk.example.org" }, true],
    [{ url: "https://sk.example.org/", forwardedProto: "https", configuredUrl: "http://localhost:3000" }, false],
    [{ url: "https://sk.example.org/", forwardedProto: "https", configuredUrl: "not a url" }, false],
    [{ url: "http://127.0.0.1:3000/", forwardedProto: "https", configuredUrl: "  " }, true],
  ])("%j → %s", (request, expected) => {
    expect(servedOverHttps(request)).toBe(expected);
  });
});

describe("requestSecurityHeaders (what proxy.ts adds)", () => {
  it("a page over HTTP: the nonce policy, no HSTS", () => {
    const h = requestSecurityHeaders({ pathname: "/interviews", nonce: NONCE, https: false });
    expect(h).toEqual({ "Content-Security-Policy": buildCsp(NONCE, { https: false }) });
  });

  it("a page over HTTPS: the nonce policy with upgrade-insecure-requests, and HSTS", () => {
    const h = requestSecurityHeaders({ pathname: "/interviews", nonce: NONCE, https: true });
    expect(h).toEqual({ "Content-Security-Policy": buildCsp(NONCE, { https: true }), "Strict-Transport-Security": HSTS_VALUE });
    expect(HSTS_VALUE).toMatch(/^max-age=(\d+); includeSubDomains$/);
    expect(Number(/max-age=(\d+)/.exec(HSTS_VALUE)?.[1])).toBeGreaterThanOrEqual(31_536_000);
  });

  it("a route handler: no page policy (next.config.ts gives it the non-document one), HSTS over HTTPS", () => {
    expect(requestSecurityHeaders({ pathname: "/api/audit/public-key", nonce: NONCE, https: false })).toEqual({});
    expect(requestSecurityHeaders({ pathname: "/api/audit/public-key", nonce: NONCE, https: true })).toEqual({
      "Strict-Transport-Security": HSTS_VALUE,
    });
  });
});

describe("next.config.ts headers", () => {
  it("sends the static headers everywhere and the non-document policy exactly where the proxy sets none", async () => {
    const rules = (await nextConfig.headers?.()) ?? [];
    const everywhere = rules.filter((r) => r.source === "/:path*" && !r.has && !r.missing);
    expect(everywhere).toHaveLength(1);
    expect(everywhere[0]!.headers).toEqual(STATIC_SECURITY_HEADERS);
    const withCsp = rules.filter((r) => r.headers.some((h) => h.key.toLowerCase() === "content-security-policy"));
    for (const rule of withCsp) expect(rule.headers).toEqual([{ key: "Content-Security-Policy", value: NON_DOCUMENT_CSP }]);
    expect(withCsp.filter((r) => !r.has).map((r) => r.source)).toEqual(NON_DOCUMENT_SOURCES);
    // Server-action calls skip the proxy (proxy.ts's matcher): the config covers them by their header.
    expect(withCsp.filter((r) => r.has).map((r) => [r.source, r.has])).toEqual([["/:path*", [{ type: "header", key: "next-action" }]]]);
    // No rule may put a CSP on every page: a second, nonce-less policy would block Next's scripts.
    expect(withCsp.some((r) => r.source === "/:path*" && !r.has)).toBe(false);
  });
});
