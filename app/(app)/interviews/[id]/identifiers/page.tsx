import type { Metadata } from "next";
import Link from "next/link";
import { orNotFound } from "@/app/_components/or-not-found";
import { pageCtx, requireUser } from "@/lib/auth/session";
import { getInterview } from "@/lib/interviews/get-interview";
import { openVault } from "@/lib/review/vault";
import { VaultForm } from "./vault-form";

export const metadata: Metadata = { title: "Protected identifiers" };

export default async function IdentifiersPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const ctx = pageCtx(user);
  const detail = orNotFound(() => getInterview({ ctx, interviewId: id }));
  // Owner and collaborators read the list (also when the interview is archived or erased: then read-only).
  if (detail.access === "desk") {
    return (
      <>
        <p>
          <Link href={`/interviews/${detail.interview.id}`}>← {detail.interview.codeName}</Link>
        </p>
        <h1>Protected identifiers</h1>
        <p className="notice">Only the interview&apos;s owner and collaborators can see the protected identifiers of its source.</p>
      </>
    );
  }
  const { entries, fingerprint } = openVault({ ctx, interviewId: detail.interview.id });
  const { interview } = detail;
  return (
    <>
      <p>
        <Link href={`/interviews/${interview.id}`}>← {interview.codeName}</Link>
      </p>
      <h1>Protected identifiers: {interview.codeName}</h1>
      <p>
        Register everything that must never appear about this source: the real name in every spelling you know, nicknames, the hometown, the
        unit, phone numbers, family members. Every document you add is checked against this list, including other spellings of the same name
        (for example Choe, Choi and 최). The values are encrypted, never written to the audit log or to exports, and only you and the
        interview&apos;s collaborators can see them.
      </p>
      <p className="muted small">Opening this page is written to the audit log (without the values).</p>
      {interview.erasedAt !== null ? (
        <p className="notice">This interview&apos;s source data was erased: the values can no longer be read, and the list cannot be changed.</p>
      ) : interview.archivedAt ? (
        <p className="notice">This interview is archived: the list can be read but not changed.</p>
      ) : null}
      <VaultForm interviewId={interview.id} entries={entries} fingerprint={fingerprint} readOnly={interview.archivedAt !== null} />
    </>
  );
}
