import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { pageCtx, requireUser } from "@/lib/auth/session";
import { getScript } from "@/lib/consent/list-scripts";
import { SCRIPT_SECTIONS, SECTION_TITLES } from "@/lib/consent/script-types";
import { PrintButton } from "./print-button";
import "./sheet.css";

export const metadata: Metadata = { title: "Consent sheet" };
export const dynamic = "force-dynamic";

/**
 * The printable bilingual consent sheet: one page per language, with the script version and its fingerprint, so a
 * printed sheet can be matched to the consent record. Outside the app shell so nothing but the sheet prints.
 */
export default async function ConsentSheetPage({
  params,
  searchParams,
}: {
  params: Promise<{ scriptId: string }>;
  searchParams: Promise<{ lang?: string }>;
}) {
  // requireUser, not getCurrentUser: a pending password change or MFA enrolment keeps this page closed too.
  const user = await requireUser();
  const { scriptId } = await params;
  const { lang } = await searchParams;
  const script = getScript({ ctx: pageCtx(user), scriptId });
  if (!script) notFound();
  const languages = lang && script.languages.includes(lang) ? [lang, ...script.languages.filter((l) => l !== lang)] : script.languages;
  return (
    <main id="main" className="sheet">
      <div className="no-print">
        <PrintButton />
        <a href={`/consent-scripts/${script.id}`}>Back to the script</a>
      </div>
      {languages.map((l) => (
        <article key={l} lang={l} className="sheet-page" aria-label={`Consent sheet, ${l}`}>
          <header>
            <h1>{script.content.title[l] ?? script.label}</h1>
            <p className="sheet-meta">
              Sourcekeeper consent script {script.label} · {l} · SHA-256 {script.hash}
            </p>
          </header>
          {SCRIPT_SECTIONS.map((section) => (
            <section key={section}>
              <h2>{SECTION_TITLES[section][l === "ko" ? "ko" : "en"]}</h2>
              {(script.content.texts[l]?.[section] ?? "").split("\n\n").map((para, i) => (
                <p key={i}>{para}</p>
              ))}
            </section>
          ))}
        </article>
      ))}
    </main>
  );
}
