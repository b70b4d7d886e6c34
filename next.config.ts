import type { NextConfig } from "next";
import { ACTION_BODY_LIMIT_BYTES } from "./lib/security/action-request";
import { NON_DOCUMENT_CSP, NON_DOCUMENT_SOURCES, STATIC_SECURITY_HEADERS } from "./lib/security/headers";

/** Pages get their policy (with a per-request nonce) and HSTS from proxy.ts; see lib/security/headers.ts. */
const nonDocumentCsp = [{ key: "Content-Security-Policy", value: NON_DOCUMENT_CSP }];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // pdfkit reads its font metrics from its own folder at run time: load it from node_modules, not the bundle.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "pdfkit"],
  typescript: { ignoreBuildErrors: false },
  // Signature scans are uploaded through a server action; lib/uploads caps them at 8 MB. proxy.ts refuses larger
  // bodies itself (with a 413, where Next would answer 500).
  experimental: { serverActions: { bodySizeLimit: ACTION_BODY_LIMIT_BYTES } },
  async headers() {
    return [
      { source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] },
      ...NON_DOCUMENT_SOURCES.map((source) => ({ source, headers: nonDocumentCsp })),
      // Server-action calls skip the proxy (see proxy.ts); their answers are React payloads, never pages.
      { source: "/:path*", has: [{ type: "header" as const, key: "next-action" }], headers: nonDocumentCsp },
    ];
  },
};

export default nextConfig;
