import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { isSetupOpen } from "@/lib/auth/get-setup-state";
import { getCurrentUser } from "@/lib/auth/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage() {
  if (isSetupOpen()) redirect("/setup");
  if (await getCurrentUser()) redirect("/");
  return (
    <div className="card">
      <h1>Sign in</h1>
      <p className="muted">Sourcekeeper helps your newsroom protect sources at risk. Accounts are created by your administrator.</p>
      <SignInForm />
    </div>
  );
}
