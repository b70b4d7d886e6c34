import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { orNotFound } from "@/app/_components/or-not-found";
import { pageCtx, requireUser } from "@/lib/auth/session";
import { getInterview } from "@/lib/interviews/get-interview";
import { InterviewForm } from "../../_components/interview-form";

export const metadata: Metadata = { title: "Edit interview" };

export default async function EditInterviewPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const detail = orNotFound(() => getInterview({ ctx: pageCtx(user), interviewId: id }));
  if (!detail.canEdit) notFound();
  const i = detail.interview;
  const desks = user.desks.some((d) => d.id === detail.desk.id) ? user.desks : [detail.desk, ...user.desks];
  return (
    <>
      <p>
        <Link href={`/interviews/${i.id}`}>← {i.codeName}</Link>
      </p>
      <h1>Edit {i.codeName}</h1>
      <p className="muted">Changing the kind of source or its circumstances adjusts the checklist; items that stay keep their state.</p>
      <section className="card">
        <InterviewForm
          desks={desks}
          interviewId={i.id}
          initial={{
            codeName: i.codeName,
            sourceType: i.sourceType,
            minor: i.minor,
            inCustody: i.inCustody,
            recentTrauma: i.recentTrauma,
            custodyHolder: i.custodyHolder ?? "",
            outlet: i.outlet,
            deskId: i.deskId,
            plannedDate: i.plannedDate ?? "",
            setting: i.setting,
            sourceLanguage: i.sourceLanguage,
            interviewLanguage: i.interviewLanguage,
            interpreter: i.interpreter,
            notes: i.notes,
          }}
        />
      </section>
    </>
  );
}
