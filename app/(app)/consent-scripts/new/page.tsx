import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireCapability, pageCtx } from "@/lib/auth/session";
import { getScript, listScripts } from "@/lib/consent/list-scripts";
import { inputFromContent } from "@/lib/consent/script-types";
import { ScriptForm } from "./script-form";

export const metadata: Metadata = { title: "New consent script version" };

/** Editors write a new version starting from an existing one (the newest by default). */
export default async function NewConsentScriptPage({ searchParams }: { searchParams: Promise<{ from?: string | string[] }> }) {
  const user = await requireCapability("consent_script:manage");
  const ctx = pageCtx(user);
  const { from } = await searchParams;
  const base = typeof from === "string" ? getScript({ ctx, scriptId: from }) : listScripts({ ctx })[0];
  if (!base) notFound();
  return (
    <>
      <p>
        <Link href="/consent-scripts">← Consent scripts</Link>
      </p>
      <h1>New consent script version</h1>
      <p className="muted">
        Starting from version “{base.label}”. Saving creates a new version with its own fingerprint; “{base.label}” stays as it is, and every consent
        record made with it keeps pointing to its exact words. Versions cannot be edited or deleted after saving.
      </p>
      <div className="notice">
        Write for the person in front of you: short sentences, everyday words. In Korean, prefer words a North Korean reader uses and avoid South
        Korean loanwords (say 면담 rather than 인터뷰, 사진기 rather than 카메라). Every section must say what the guidance asks: who you are, what the
        interview is for, where it will be seen (including inside North Korea and by the detaining state), the risks, the choices, that a prisoner of
        war is protected whatever they agree to, that they may refuse or stop at any time, how to withdraw and whom to contact.
      </div>
      <ScriptForm basedOn={base.id} baseLabel={base.label} languages={inputFromContent(base.content)} />
    </>
  );
}
