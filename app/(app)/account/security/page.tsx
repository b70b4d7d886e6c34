import type { Metadata } from "next";
import Link from "next/link";
import { pageCtx, requireUser } from "@/lib/auth/session";
import { getMfaStatus } from "@/lib/mfa/get-mfa-status";
import { startMfaEnrolment } from "@/lib/mfa/start-mfa-enrolment";
import { DisableMfaForm } from "./disable-mfa-form";
import { EnrolMfaForm } from "./enrol-mfa-form";
import { ReplaceCodesForm } from "./replace-codes-form";

export const metadata: Metadata = { title: "Two-step sign-in" };
export const dynamic = "force-dynamic";

/** Two-step sign-in: enrolment (QR code, secret for typing, first code, recovery codes) or turning it off. */
export default async function SecurityPage() {
  const user = await requireUser({ allowPendingMfa: true });
  const ctx = pageCtx(user);
  const status = getMfaStatus({ ctx });
  const enrolment = status.enabled ? null : await startMfaEnrolment({ ctx, accountLabel: user.email });
  return (
    <>
      <h1>Your account</h1>
      <p>
        <Link href="/account/password">Password</Link> · <strong>Two-step sign-in</strong>
      </p>
      {user.mfaEnrolmentRequired ? (
        <div className="notice warn" role="status">
          Editors and administrators must use two-step sign-in. Set it up to continue.
        </div>
      ) : null}
      <section className="card" aria-labelledby="mfa-heading">
        <h2 id="mfa-heading">Two-step sign-in</h2>
        {enrolment ? (
          <EnrolMfaForm pending={enrolment.pending} qrDataUrl={enrolment.qrDataUrl} secretGroups={enrolment.secretGroups} />
        ) : (
          <>
            <p>
              Two-step sign-in is <strong>on</strong>
              {status.enabledAt ? ` since ${new Date(status.enabledAt).toISOString().slice(0, 10)}` : ""}. You have{" "}
              {status.recoveryCodesLeft} unused recovery code{status.recoveryCodesLeft === 1 ? "" : "s"}.
            </p>
            <p className="muted small">
              {status.required
                ? "Your role must use two-step sign-in: after turning it off you will be asked to set it up again (for example on a new phone)."
                : "Turning it off means your password alone opens your account again."}
            </p>
            <h3>New recovery codes</h3>
            <p className="muted small">Lost your codes, or used most of them? New ones replace them all.</p>
            <ReplaceCodesForm />
            <h3>Turn it off</h3>
            <DisableMfaForm />
          </>
        )}
      </section>
    </>
  );
}
