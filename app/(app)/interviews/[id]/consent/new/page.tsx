import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { orNotFound } from "@/app/_components/or-not-found";
import { pageCtx, requireUser } from "@/lib/auth/session";
import { listScripts } from "@/lib/consent/list-scripts";
import { getInterview } from "@/lib/interviews/get-interview";
import { ConsentForm } from "./consent-form";

export const metadata: Metadata = { title: "Record consent" };

export default async function NewConsentPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ previous?: string }>;
}) {
  const user = await requireUser();
  const { id } = await params;
  const { previous } = await searchParams;
  const ctx = pageCtx(user);
  const detail = orNotFound(() => getInterview({ ctx, interviewId: id }));
  if (!detail.canEdit) notFound();
  const i = detail.interview;
  const scripts = listScripts({ ctx }).map((s) => ({ id: s.id, label: s.label, languages: s.languages }));
  return (
    <>
      <p>
        <Link href={`/interviews/${i.id}`}>← {i.codeName}</Link>
      </p>
      <h1>Record consent: {i.codeName}</h1>
      <p className="muted">
        Record how consent was obtained and what the source agreed to, honestly and as it happened. Free-text answers are encrypted. You
        will see a summary to confirm before anything is saved. <Link href="/consent-scripts">Read or print the consent script</Link>.
      </p>
      <ConsentForm
        interviewId={i.id}
        context={{ pow: i.sourceType === "pow", minor: i.minor, inCustody: i.inCustody }}
        scripts={scripts}
        previousRecordId={typeof previous === "string" ? previous.slice(0, 64) : ""}
      />
    </>
  );
}
