import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { InterviewForm } from "../_components/interview-form";

export const metadata: Metadata = { title: "New interview" };

export default async function NewInterviewPage() {
  const user = await requireUser();
  return (
    <>
      <p>
        <Link href="/interviews">← Interviews</Link>
      </p>
      <h1>New interview</h1>
      <p className="muted">
        Describe the source by a code name and the circumstances of the interview. Sourcekeeper then builds the ethics checklist for
        this kind of source: a prisoner of war in custody gets different safeguards from a refugee in Seoul.
      </p>
      {user.desks.length === 0 ? (
        <div className="notice warn">You are not in any desk yet. Ask an administrator to add you to a desk before creating an interview.</div>
      ) : (
        <section className="card">
          <InterviewForm desks={user.desks} />
        </section>
      )}
    </>
  );
}
