import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { guardRequest, isValidHost, MAX_URL_LENGTH } from "@/lib/security/request-guard";

const request = (overrides: { method?: string; url?: string; headers?: Record<string, string> } = {}) => ({
  method: overrides.method ?? "GET",
  url: overrides.url ?? "/interviews/abc",
  headers: { host: "127.0.0.1:3000", ...overrides.headers },
});

describe("guardRequest", () => {
  it("lets an ordinary request through unchanged", () => {
    expect(guardRequest(request())).toEqual({ ok: true, headers: {} });
    expect(guardRequest(request({ method: "POST", url: "/sign-in?x=%zz" }))).toEqual({ ok: true, headers: {} });
  });

  it.each(["TRACE", "CONNECT", "TRACK", "PROPFIND", "", "get x"])("refuses the method %j with 405 (Next cannot represent it)", (method) => {
    expect(guardRequest(request({ method }))).toMatchObject({ ok: false, status: 405 });
  });

  it.each(["/api/images/%zz", "/interviews/%", "/a/%c0%af", "/%80", "/%ed%a0%80", "/x/%fe%ff"])("refuses a path that does not decode (%s) with 400", (url) => {
    expect(guardRequest(request({ url }))).toMatchObject({ ok: false, status: 400 });
  });

  it("refuses absolute-form and overlong targets", () => {
    expect(guardRequest(request({ url: "http://evil.example/" }))).toMatchObject({ ok: false, status: 400 });
    expect(guardRequest(request({ url: `/${"a".repeat(MAX_URL_LENGTH)}` }))).toMatchObject({ ok: false, status: 414 });
  });

  it("keeps the first of a proxy chain's forwarded values, as Auth.js needs a single one", () => {
    expect(guardRequest(request({ headers: { "x-forwarded-proto": "https, http", "x-forwarded-host": "news.example.org, internal:8080" } }))).toEqual({
      ok: true,
      headers: { "x-forwarded-proto": "https", "x-forwarded-host": "news.example.org" },
    });
    expect(guardRequest(request({ headers: { "x-forwarded-proto": "https" } }))).toEqual({ ok: true, headers: {} });
  });

  it.each([
    ["x-forwarded-proto", "javascript"],
    ["x-forwarded-proto", "x"],
    ["x-forwarded-host", "a b"],
    ["x-forwarded-host", "%%"],
    ["x-forwarded-host", "127.0.0.1:99999"],
    ["host", "[::1"],
    ["host", "exa mple.org"],
    ["host", "example.org:0x50"],
  ])("refuses %s: %j with 400", (name, value) => {
    expect(guardRequest(request({ headers: { [name]: value } }))).toMatchObject({ ok: false, status: 400 });
  });

  it("refuses a router-state header Next cannot parse, and lets the client router's own through", () => {
    for (const value of ["%%%", "[]", "{}", "x".repeat(50_000), '["",{"children":["x"]}]']) {
      expect(guardRequest(request({ headers: { rsc: "1", "next-router-state-tree": value } }))).toMatchObject({ ok: false, status: 400 });
    }
    const tree = encodeURIComponent(JSON.stringify(["", { children: ["interviews", { children: ["__PAGE__", {}] }] }, null, null]));
    expect(guardRequest(request({ headers: { rsc: "1", "next-router-state-tree": tree } }))).toEqual({ ok: true, headers: {} });
  });

  it("accepts the host forms a browser or proxy sends", () => {
    for (const host of ["localhost", "localhost:3000", "news.example.org", "127.0.0.1:65535", "[::1]:3000", "[2001:db8::1]", "xn--9n2bp8q.example"]) expect(isValidHost(host)).toBe(true);
  });

  it("never throws, whatever arrives (generated methods, targets and headers)", () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ unit: "binary" }), fc.dictionary(fc.constantFrom("host", "x-forwarded-host", "x-forwarded-proto"), fc.string()), (method, url, headers) => {
        const verdict = guardRequest({ method, url, headers });
        expect(typeof verdict.ok).toBe("boolean");
      }),
      { numRuns: 2000 },
    );
  });
});
