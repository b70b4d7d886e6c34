import type { Actor } from "./auth/permissions";

/** Who is acting and from where. Built by actions and route handlers, passed to every service. */
export interface Ctx {
  actor: Actor | null;
  /** Client address as seen by the server; used for throttling, never written to the audit log in clear. */
  ip: string;
  /** Clock in milliseconds; injectable so tests can move time. */
  now: () => number;
}

export function systemCtx(actor: Actor | null = null, ip = "cli"): Ctx {
  return { actor, ip, now: Date.now };
}
