import { redirect } from "next/navigation";
import { isSetupOpen } from "@/lib/auth/get-setup-state";
import { can } from "@/lib/auth/permissions";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { getCurrentUser, pageCtx } from "@/lib/auth/session";
import { listTakedowns } from "@/lib/publication/takedowns";
import { signOutAction } from "./actions";
import { NavLinks, type NavLink } from "./nav-links";

export const dynamic = "force-dynamic";

/** The signed-in shell. Navigation only hides what a role cannot use; services enforce it. */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect(isSetupOpen() ? "/setup" : "/sign-in");
  const links: NavLink[] = [
    { href: "/", label: "Home" },
    { href: "/interviews", label: "Interviews" },
    { href: "/consent-scripts", label: "Consent scripts" },
    { href: "/exports", label: "Exports" },
  ];
  if (can(user.actor, "takedown:resolve")) {
    // A withdrawal after publication must not be missed: the open count rides along on every page.
    const open = user.mustChangePassword || user.mfaEnrolmentRequired ? 0 : listTakedowns({ ctx: pageCtx(user), limit: 200 }).length;
    links.push(
      open > 0
        ? {
            href: "/takedowns",
            label: `Takedowns (${open})`,
            ariaLabel: `Takedowns: ${open} open takedown task${open === 1 ? "" : "s"}`,
            urgent: true,
          }
        : { href: "/takedowns", label: "Takedowns" },
    );
  }
  if (can(user.actor, "audit:read")) links.push({ href: "/audit", label: "Audit log" });
  if (can(user.actor, "user:manage")) links.push({ href: "/admin/users", label: "Users and desks" });
  if (can(user.actor, "settings:manage")) links.push({ href: "/admin/settings", label: "Settings" });
  links.push({ href: user.mfaEnrolmentRequired && !user.mustChangePassword ? "/account/security" : "/account/password", label: "Account" });
  return (
    <>
      <header className="shell-header">
        <nav className="inner" aria-label="Main">
          <span className="brand">Sourcekeeper</span>
          <NavLinks links={links} />
          <div className="who">
            <span>
              {user.name} · {ROLE_LABELS[user.role]}
            </span>
            <form action={signOutAction}>
              <button type="submit" className="link">
                Sign out
              </button>
            </form>
          </div>
        </nav>
      </header>
      <main id="main">{children}</main>
    </>
  );
}
