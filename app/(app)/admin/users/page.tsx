import type { Metadata } from "next";
import Link from "next/link";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { pageCtx, requireCapability } from "@/lib/auth/session";
import { listDesks } from "@/lib/desks/list-desks";
import { listUsers } from "@/lib/users/list-users";
import { CreateDeskForm } from "./create-desk-form";
import { CreateUserForm } from "./create-user-form";

export const metadata: Metadata = { title: "Users and desks" };

export default async function UsersPage() {
  const user = await requireCapability("user:manage");
  const ctx = pageCtx(user);
  const users = listUsers({ ctx });
  const desks = listDesks({ ctx });
  return (
    <>
      <h1>Users and desks</h1>
      <p className="muted">
        Users are never deleted, because the audit log refers to them: deactivate an account instead. Changes take effect on the user&apos;s
        next request.
      </p>

      <section className="card" aria-labelledby="users-heading">
        <h2 id="users-heading">Users ({users.length})</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Desks</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>
                    <Link href={`/admin/users/${u.id}`}>{u.name}</Link>
                  </td>
                  <td>{u.email}</td>
                  <td>{ROLE_LABELS[u.role]}</td>
                  <td>{u.desks.map((d) => d.name).join(", ") || <span className="muted">none</span>}</td>
                  <td>
                    {u.active ? <span className="badge">Active</span> : <span className="badge off">Deactivated</span>}
                    {u.mustChangePassword ? <span className="badge"> Must change password</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="new-user-heading">
        <h2 id="new-user-heading">Create a user</h2>
        <CreateUserForm desks={desks} />
      </section>

      <section className="card" aria-labelledby="desks-heading">
        <h2 id="desks-heading">Desks ({desks.length})</h2>
        {desks.length ? (
          <ul>
            {desks.map((d) => (
              <li key={d.id}>{d.name}</li>
            ))}
          </ul>
        ) : (
          <p>No desks yet. Create the first one below, then place users in it.</p>
        )}
        <CreateDeskForm />
      </section>
    </>
  );
}
