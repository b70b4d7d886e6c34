import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { pageCtx, requireUser } from "@/lib/auth/session";
import { getScript } from "@/lib/consent/list-scripts";
import { SCRIPT_SECTIONS, SECTION_TITLES } from "@/lib/consent/script-types";

export const metadata: Metadata = { title: "Consent script" };

export default async function ConsentScriptPage({ params }: { params: Promise<{ scriptId: string }> }) {
  const user = await requireUser();
  const { scriptId } = await params;
  const script = getScript({ ctx: pageCtx(user), scriptId });
  if (!script) notFound();
  return (
    <>
      <p>
        <Link href="/consent-scripts">← Consent scripts</Link>
      </p>
      <h1>Consent script {script.label}</h1>
      <p className="muted">
        Fingerprint <span className="mono">{script.hash}</span>
        {script.notes ? ` · ${script.notes}` : ""}
      </p>
      <p>
        <Link className="button" href={`/consent-scripts/${script.id}/sheet`}>
          Print the consent sheet
        </Link>
      </p>
      {script.languages.map((lang) => (
        <section key={lang} className="card" lang={lang} aria-labelledby={`lang-${lang}`}>
          <h2 id={`lang-${lang}`} style={{ marginTop: 0 }}>
            {script.content.title[lang] ?? script.label} <span className="badge">{lang}</span>
          </h2>
          {SCRIPT_SECTIONS.map((section) => (
            <div key={section}>
              <h3>{SECTION_TITLES[section][lang === "ko" ? "ko" : "en"]}</h3>
              {(script.content.texts[lang]?.[section] ?? "").split("\n\n").map((para, i) => (
                <p key={i}>{para}</p>
              ))}
            </div>
          ))}
        </section>
      ))}
    </>
  );
}
