import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Change password" };

export default async function PasswordPage() {
  const user = await requireUser({ allowPendingPasswordChange: true });
  return (
    <>
      <h1>Your account</h1>
      <p className="muted">
        Signed in as {user.email}. Desks: {user.desks.map((d) => d.name).join(", ") || "none"}.
      </p>
      <p>
        <strong>Password</strong> · <Link href="/account/security">Two-step sign-in</Link>
      </p>
      {user.mustChangePassword ? (
        <div className="notice warn" role="status">
          An administrator set a temporary password for you. Choose your own password to continue.
        </div>
      ) : null}
      <section className="card" aria-labelledby="pw">
        <h2 id="pw">Change password</h2>
        <p className="muted small">After the change, every session of yours ends and you sign in again with the new password.</p>
        <ChangePasswordForm />
      </section>
    </>
  );
}
