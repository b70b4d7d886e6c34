import type { Metadata, Viewport } from "next";
import { ZodInBrowser } from "./_components/zod-in-browser";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Sourcekeeper", template: "%s · Sourcekeeper" },
  description: "Protect sources at risk: ethics checklist, informed consent, identity-redaction checks, audit log.",
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// Every page, the not-found page included, renders per request so its scripts carry that request's CSP nonce
// (proxy.ts): a page prerendered at build time would have scripts the policy blocks.
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <ZodInBrowser />
        <a className="skip-link" href="#main">
          Skip to main content
        </a>
        {children}
      </body>
    </html>
  );
}
