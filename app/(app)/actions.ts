"use server";

import { recordSignOut } from "@/lib/auth/record-sign-out";
import { getCurrentUser, requestIp } from "@/lib/auth/session";
import { signOut } from "@/lib/auth/next-auth";

export async function signOutAction(): Promise<void> {
  const user = await getCurrentUser();
  if (user) recordSignOut({ ctx: { actor: user.actor, ip: await requestIp(), now: Date.now } });
  await signOut({ redirectTo: "/sign-in" });
}
