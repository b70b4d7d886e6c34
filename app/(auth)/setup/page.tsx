import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { isSetupOpen } from "@/lib/auth/get-setup-state";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "First-run setup" };
export const dynamic = "force-dynamic";

/** Exists only until the first account is created. */
export default function SetupPage() {
  if (!isSetupOpen()) notFound();
  return (
    <div className="card">
      <h1>Welcome to Sourcekeeper</h1>
      <p>
        Nobody has an account yet. Create the administrator account for your newsroom: you will then add journalists and editors, and group
        them into desks.
      </p>
      <p className="muted small">This page disappears as soon as the first account exists.</p>
      <SetupForm />
    </div>
  );
}
