import { getDb } from "@/db/client";
import { instanceSetup, users } from "@/db/schema";

/** Whether the first-run page is still open: true until any user exists. Public, read-only. */
export function isSetupOpen(): boolean {
  const db = getDb();
  const done = db.select({ id: instanceSetup.id }).from(instanceSetup).get();
  const anyUser = db.select({ id: users.id }).from(users).limit(1).get();
  return !done && !anyUser;
}
