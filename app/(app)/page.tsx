import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";

export default async function HomePage() {
  const user = await requireUser();
  const isAdmin = can(user.actor, "user:manage");
  return (
    <>
      <h1>Hello, {user.name}</h1>
      <p className="muted">
        Desks: {user.desks.length ? user.desks.map((d) => d.name).join(", ") : "none yet — an administrator can add you to a desk."}
      </p>
      {isAdmin ? (
        <section className="card" aria-labelledby="next-step">
          <h2 id="next-step">Next step: add your newsroom</h2>
          <p>Create the desks your newsroom works in, then an account for each journalist and editor.</p>
          <Link className="button" href="/admin/users">
            Manage users and desks
          </Link>
        </section>
      ) : null}
      <section className="card" aria-labelledby="why">
        <h2 id="why">What Sourcekeeper is for</h2>
        <p>
          Interviews with captured North Korean soldiers, North Korean refugees and their families can put people in danger: one published
          name, hometown, unit or nickname can get a family in North Korea punished. Prisoners of war must be protected against public
          curiosity (Third Geneva Convention, article 13), and consent given in captivity must be voluntary and fully informed.
        </p>
        <p>
          Sourcekeeper records every change in an audit log that cannot be silently rewritten. Interview preparation, consent records and
          identity-redaction checks are being added next.
        </p>
      </section>
    </>
  );
}
