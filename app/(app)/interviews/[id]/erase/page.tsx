import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { orNotFound } from "@/app/_components/or-not-found";
import { pageCtx, requireUser } from "@/lib/auth/session";
import { getInterview } from "@/lib/interviews/get-interview";
import { EraseForm } from "./erase-form";

export const metadata: Metadata = { title: "Erase source data" };

/**
 * Erasure on request (crypto-shredding): only editors and administrators of the interview's desk see this page;
 * for anyone else it does not exist.
 */
export default async function ErasePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const detail = orNotFound(() => getInterview({ ctx: pageCtx(user), interviewId: id }));
  const { interview } = detail;
  if (!detail.canErase) notFound();
  return (
    <>
      <p>
        <Link href={`/interviews/${interview.id}`}>← {interview.codeName}</Link>
      </p>
      <h1>Erase source data</h1>
      <>
          <div className="notice warn">
            <p style={{ marginTop: 0 }}>
              <strong>This destroys the interview&apos;s encryption key.</strong> Everything sealed with it becomes unreadable for good, in
              this database and in every backup once the master key is rotated (<code>npm run cli -- keys rotate</code>):
            </p>
            <ul>
              <li>the protected identifiers, notes, checklist evidence and comments;</li>
              <li>documents and every version, redaction decisions, image captions and the images themselves;</li>
              <li>the consent records&apos; free-text answers, event details and attached files;</li>
              <li>editors&apos; statements, justifications, publication references and takedown notes.</li>
            </ul>
            <p style={{ marginBottom: 0 }}>
              What stays: the code name, statuses and dates, consent choices (the agreed terms without free text), counts, and the audit log,
              which records who erased it, when and why — never what was erased. The interview is archived and can no longer be changed.
              The guidance asks newsrooms to act promptly when a source asks for removal (<em>withdrawal-channel</em>: 45 CFR 46.116, BBC)
              and to delete raw material on a set schedule with a plan for legal demands (<em>raw-material-lockdown</em>: BBC, WITNESS):
              check first that no legal hold applies to these records.
            </p>
          </div>
          <EraseForm interviewId={interview.id} codeName={interview.codeName} />
      </>
    </>
  );
}
