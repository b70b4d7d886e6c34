import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { can } from "@/lib/auth/permissions";
import { pageCtx, requireUser } from "@/lib/auth/session";
import { getScriptDetail } from "@/lib/consent/list-scripts";
import { SCRIPT_SECTIONS, SECTION_TITLES } from "@/lib/consent/script-types";
import { formatDateTime } from "@/app/_components/datetime";

export const metadata: Metadata = { title: "Consent script" };

export default async function ConsentScriptPage({ params }: { params: Promise<{ scriptId: string }> }) {
  const user = await requireUser();
  const { scriptId } = await params;
  const script = getScriptDetail({ ctx: pageCtx(user), scriptId });
  if (!script) notFound();
  const changedCount = Object.values(script.changed).reduce((n, list) => n + list.length, 0);
  return (
    <>
      <p>
        <Link href="/consent-scripts">← Consent scripts</Link>
      </p>
      <h1>Consent script {script.label}</h1>
      <dl className="facts">
        <dt>Fingerprint (SHA-256)</dt>
        <dd className="mono" style={{ overflowWrap: "anywhere" }}>
          {script.hash}
        </dd>
        <dt>Written by</dt>
        <dd>{script.builtin ? "Sourcekeeper (built in)" : `${script.creatorName ?? "Unknown user"}, ${formatDateTime(script.createdAt!)}`}</dd>
        {script.base ? (
          <>
            <dt>Based on</dt>
            <dd>
              <Link href={`/consent-scripts/${script.base.id}`}>{script.base.label}</Link> ·{" "}
              {changedCount === 0 ? "no section changed" : `${changedCount} section${changedCount === 1 ? "" : "s"} changed (marked below)`}
            </dd>
          </>
        ) : null}
        {script.notes ? (
          <>
            <dt>Notes</dt>
            <dd>{script.notes}</dd>
          </>
        ) : null}
      </dl>
      <p>
        <Link className="button" href={`/consent-scripts/${script.id}/sheet`}>
          Print the consent sheet
        </Link>{" "}
        {can(user.actor, "consent_script:manage") ? (
          <Link className="button secondary" href={`/consent-scripts/new?from=${encodeURIComponent(script.id)}`}>
            Write a new version from this one
          </Link>
        ) : null}
      </p>
      {script.languages.map((lang) => {
        const changed = new Set(script.changed[lang] ?? []);
        return (
          <section key={lang} className="card" lang={lang} aria-labelledby={`lang-${lang}`}>
            <h2 id={`lang-${lang}`} style={{ marginTop: 0 }}>
              {script.content.title[lang] ?? script.label} <span className="badge">{lang}</span>
              {changed.has("title") ? <ChangedBadge /> : null}
            </h2>
            {SCRIPT_SECTIONS.map((section) => (
              <div key={section}>
                <h3>
                  {SECTION_TITLES[section][lang === "ko" ? "ko" : "en"]}
                  {changed.has(section) ? <ChangedBadge /> : null}
                </h3>
                {(script.content.texts[lang]?.[section] ?? "").split("\n\n").map((para, i) => (
                  <p key={i}>{para}</p>
                ))}
              </div>
            ))}
          </section>
        );
      })}
    </>
  );
}

function ChangedBadge() {
  return (
    <>
      {" "}
      <span className="badge warn" lang="en">
        changed
      </span>
    </>
  );
}
