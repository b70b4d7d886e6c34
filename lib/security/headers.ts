/**
 * Security headers, as pure functions (no Next, no I/O) so the policy is unit-tested directly.
 *
 * Who sets what:
 * - next.config.ts sends `STATIC_SECURITY_HEADERS` on every response, and `NON_DOCUMENT_CSP` on everything that is
 *   never a page: route handlers, build files, the favicon, and server-action calls (`NON_DOCUMENT_SOURCES` and the
 *   `next-action` header).
 * - proxy.ts gives every page request its own nonce and the page policy (`buildCsp`), and `Strict-Transport-Security`
 *   to everything it sees when served over HTTPS. Next reads the nonce from the request's Content-Security-Policy
 *   header and puts it on its own scripts, which is why every page renders per request.
 * The two never overlap: a path is either a document path (`isDocumentPath`, proxy) or a non-document one (config).
 */

export interface HeaderEntry {
  key: string;
  value: string;
}

/** Request-independent headers for every response. */
export const STATIC_SECURITY_HEADERS: readonly HeaderEntry[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Interview URLs carry ids: never tell another site where a reader came from.
  { key: "Referrer-Policy", value: "no-referrer" },
  {
    // Only features the browser knows: an unknown one is reported in every page's console.
    key: "Permissions-Policy",
    value: [
      "camera=()",
      "microphone=()",
      "geolocation=()",
      "display-capture=()",
      "payment=()",
      "usb=()",
      "serial=()",
      "hid=()",
      "midi=()",
      "accelerometer=()",
      "gyroscope=()",
      "magnetometer=()",
      "browsing-topics=()",
    ].join(", "),
  },
  // For browsers without frame-ancestors.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  // Files (images, exports, the public key) are for this origin's pages only.
  { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
];

/** Two years; only this host and its subdomains. Not `preload`: that is the domain owner's decision. */
export const HSTS_VALUE = "max-age=63072000; includeSubDomains";

/**
 * The policy for responses that are never rendered as a page (files, JSON, build assets, action results): nothing may
 * load, nothing may frame them. A file opened directly in a tab (an SVG, a mislabelled HTML) cannot run anything.
 */
export const NON_DOCUMENT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** next.config.ts `source` patterns that get `NON_DOCUMENT_CSP`; `isDocumentPath` is false for exactly these. */
export const NON_DOCUMENT_SOURCES: readonly string[] = ["/api/:path*", "/_next/:path*", "/favicon.ico", "/robots.txt"];

/** Whether a path is a page (gets a nonce and the page policy from proxy.ts) rather than a file or route handler. */
export function isDocumentPath(pathname: string): boolean {
  const under = (prefix: string) => pathname === prefix || pathname.startsWith(`${prefix}/`);
  return !under("/api") && !under("/_next") && pathname !== "/favicon.ico" && pathname !== "/robots.txt";
}

/** 128 random bits, base64 (what CSP's nonce-source accepts). Web Crypto, so it works in any runtime. */
export function generateNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export interface PolicyOptions {
  /** Served over HTTPS (see `servedOverHttps`): adds `upgrade-insecure-requests`. */
  https: boolean;
  /** `next dev` only: React's development build uses eval for its error overlay. Never in production. */
  dev?: boolean;
}

const NONCE = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** The page policy for one response, built around that response's nonce. */
export function buildCsp(nonce: string, options: PolicyOptions): string {
  if (!NONCE.test(nonce)) throw new Error("A CSP nonce must be base64.");
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    // Only scripts carrying this response's nonce, and what they load ('strict-dynamic': Next's chunk loader).
    // 'self' is ignored where 'strict-dynamic' is understood; it only serves older browsers.
    ["script-src", "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(options.dev ? ["'unsafe-eval'"] : [])],
    // React `style={{…}}` attributes are used across the app and cannot carry a nonce, so inline styles are allowed
    // (and no style nonce is listed, which would switch 'unsafe-inline' off). Styles cannot run script.
    ["style-src", "'self'", "'unsafe-inline'"],
    // data: and blob: for images made in the page; receipts and exports are saved through blob: links, which are
    // downloads (navigations), not fetches, so connect-src stays 'self'.
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'"],
    ["connect-src", "'self'"],
    ["object-src", "'none'"],
    ["frame-src", "'none'"],
    ["base-uri", "'none'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
  ];
  if (options.https) directives.push(["upgrade-insecure-requests"]);
  return directives.map((d) => d.join(" ")).join("; ");
}

/**
 * Whether this request reached us over HTTPS, decided exactly as Auth.js decides the session cookie's `Secure`
 * flag and `__Secure-` name, so HSTS and secure cookies always go together:
 * 1. `AUTH_URL` (or `NEXTAUTH_URL`), when configured, says so by its scheme;
 * 2. else the `X-Forwarded-Proto` header: a TLS-terminating reverse proxy must set it (overwriting what the client
 *    sent), e.g. nginx `proxy_set_header X-Forwarded-Proto $scheme;`. `next start` fills it in for direct
 *    connections. A client talking to the app directly can only claim HTTPS for its own response, which gains
 *    nothing: browsers ignore HSTS received over plain HTTP and do not store a Secure cookie sent over it;
 * 3. else the request URL's scheme.
 */
export function servedOverHttps(request: { url: string; forwardedProto?: string | null; configuredUrl?: string | null }): boolean {
  const configured = request.configuredUrl?.trim();
  if (configured) return schemeOf(configured) === "https:";
  const forwarded = request.forwardedProto?.split(",")[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === "https";
  return schemeOf(request.url) === "https:";
}

function schemeOf(url: string): string | null {
  try {
    return new URL(url).protocol;
  } catch {
    return null;
  }
}

/** The headers proxy.ts adds: a page policy with `nonce` for document paths, and HSTS over HTTPS. */
export function requestSecurityHeaders(options: PolicyOptions & { pathname: string; nonce: string }): Record<string, string> {
  const headers: Record<string, string> = {};
  if (isDocumentPath(options.pathname)) headers["Content-Security-Policy"] = buildCsp(options.nonce, options);
  if (options.https) headers["Strict-Transport-Security"] = HSTS_VALUE;
  return headers;
}
