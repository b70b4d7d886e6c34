import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { pageCtx, requireCapability } from "@/lib/auth/session";
import { listDesks } from "@/lib/desks/list-desks";
import { getUser } from "@/lib/users/list-users";
import { EditUserForm } from "./edit-user-form";
import { ResetMfaForm } from "./reset-mfa-form";
import { ResetPasswordForm } from "./reset-password-form";
import { StatusForm } from "./status-form";

export const metadata: Metadata = { title: "Edit user" };

export default async function EditUserPage({ params }: { params: Promise<{ id: string }> }) {
  const me = await requireCapability("user:manage");
  const { id } = await params;
  const ctx = pageCtx(me);
  const user = getUser({ ctx, userId: id });
  if (!user) notFound();
  const desks = listDesks({ ctx });
  return (
    <>
      <p>
        <Link href="/admin/users">← All users</Link>
      </p>
      <h1>{user.name}</h1>
      <p>
        {user.active ? <span className="badge">Active</span> : <span className="badge off">Deactivated</span>}
        {user.mustChangePassword ? <span className="badge"> Must change password</span> : null}
        {user.mfaEnabled ? <span className="badge"> Two-step sign-in on</span> : <span className="badge off"> No two-step sign-in</span>}
      </p>
      <section className="card" aria-labelledby="details">
        <h2 id="details">Details, role and desks</h2>
        <EditUserForm
          user={{ id: user.id, name: user.name, email: user.email, role: user.role, deskIds: user.desks.map((d) => d.id) }}
          desks={desks}
        />
      </section>
      <section className="card" aria-labelledby="status">
        <h2 id="status">Account status</h2>
        <p className="muted">A deactivated user cannot sign in, and an open session stops working on its next request.</p>
        <StatusForm userId={user.id} active={user.active} isSelf={user.id === me.id} />
      </section>
      <section className="card" aria-labelledby="reset">
        <h2 id="reset">Reset password</h2>
        <ResetPasswordForm userId={user.id} />
      </section>
      <section className="card" aria-labelledby="mfa">
        <h2 id="mfa">Two-step sign-in</h2>
        {user.mfaEnabled ? (
          <>
            <p className="muted">
              For a user who lost both their phone and their recovery codes. Check who is asking before you reset: the reset ends every
              session of theirs and their next sign-in needs only the password. Editors and administrators then have to set up two-step
              sign-in again.
            </p>
            <ResetMfaForm userId={user.id} />
          </>
        ) : (
          <p className="muted">This user has not set up two-step sign-in.</p>
        )}
      </section>
    </>
  );
}
