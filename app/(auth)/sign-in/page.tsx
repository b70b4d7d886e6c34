import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { isSetupOpen } from "@/lib/auth/get-setup-state";
import { getCurrentUser } from "@/lib/auth/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const NOTICES: Record<string, string> = {
  "setup=done": "Your administrator account is ready. Sign in to add your newsroom.",
  "password=changed": "Password changed. Sign in with your new password.",
  "mfa=off": "Two-step sign-in is off, and every session of your account has ended. Sign in again.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (isSetupOpen()) redirect("/setup");
  if (await getCurrentUser()) redirect("/");
  const params = await searchParams;
  const notice = Object.entries(NOTICES).find(([key]) => {
    const [name, value] = key.split("=");
    return params[name ?? ""] === value;
  })?.[1];
  return (
    <div className="card">
      <h1>Sign in</h1>
      {notice ? (
        <div className="notice ok" role="status">
          {notice}
        </div>
      ) : null}
      <p className="muted">Sourcekeeper helps your newsroom protect sources at risk. Accounts are created by your administrator.</p>
      <SignInForm />
    </div>
  );
}
