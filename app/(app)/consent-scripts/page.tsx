import type { Metadata } from "next";
import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { pageCtx, requireUser } from "@/lib/auth/session";
import { listScripts } from "@/lib/consent/list-scripts";

export const metadata: Metadata = { title: "Consent scripts" };

export default async function ConsentScriptsPage() {
  const user = await requireUser();
  const scripts = listScripts({ ctx: pageCtx(user) });
  return (
    <>
      <h1>Consent scripts</h1>
      <p className="muted">
        The text explained to a source before they decide, in English and in Korean written for a North Korean reader. Versions never change once
        created: a change is a new version, and every consent record names the version and its fingerprint.
      </p>
      {can(user.actor, "consent_script:manage") ? (
        <p>
          <Link className="button" href="/consent-scripts/new">
            Write a new version
          </Link>
        </p>
      ) : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Languages</th>
              <th scope="col">Fingerprint (SHA-256)</th>
              <th scope="col">Print</th>
            </tr>
          </thead>
          <tbody>
            {scripts.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link href={`/consent-scripts/${s.id}`}>{s.label}</Link>
                </td>
                <td>{s.languages.join(", ")}</td>
                <td className="mono">{s.hash.slice(0, 16)}…</td>
                <td>
                  <Link href={`/consent-scripts/${s.id}/sheet`}>Consent sheet</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
