/**
 * Part of `npm run bench:audit -- --data DIR --url URL`: fetches the real /audit page from a running `next start`
 * serving the same DATA_DIR, signed in through a session cookie minted with the instance's AUTH_SECRET (the same
 * JWT next-auth issues at sign-in), and times the full server render (request sent → whole HTML received).
 */
import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { getDb } from "../db/client";
import { users } from "../db/schema";
import type { Ctx } from "../lib/context";
import { getSecrets } from "../lib/secrets";

const COOKIE = "authjs.session-token";

async function cookieFor(userId: string): Promise<string> {
  const user = getDb().select({ role: users.role, sv: users.sessionVersion }).from(users).where(eq(users.id, userId)).get()!;
  const token = await encode({
    token: { sub: userId, uid: userId, role: user.role, sv: user.sv },
    secret: getSecrets().authSecret,
    salt: COOKIE,
    maxAge: 3600,
  });
  return `${COOKIE}=${token}`;
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)]!;

export async function fetchPages(
  url: string,
  f: { viewers: (readonly [string, Ctx])[]; filters: [string, Record<string, string>][] },
  runs: number,
): Promise<void> {
  console.log(`HTTP GET ${url}/audit (full server render, whole HTML), ${runs} runs each after 2 warm-ups`);
  console.log(`${"filter".padEnd(26)} ${"viewer".padEnd(7)} ${"KB".padStart(5)} ${"median".padStart(8)} ${"p95".padStart(7)}`);
  for (const [name, filter] of f.filters) {
    for (const [viewer, ctx] of f.viewers) {
      const cookie = await cookieFor(ctx.actor!.id);
      const target = `${url}/audit?${new URLSearchParams(filter).toString()}`;
      const times: number[] = [];
      let size = 0;
      for (let i = 0; i < runs + 2; i++) {
        const t = performance.now();
        const res = await fetch(target, { headers: { cookie }, redirect: "manual" });
        const html = await res.text();
        const elapsed = performance.now() - t;
        if (res.status !== 200 || !html.includes("Audit log")) throw new Error(`GET ${target}: HTTP ${res.status}`);
        size = html.length;
        if (i >= 2) times.push(elapsed);
      }
      console.log(
        `${name.padEnd(26)} ${viewer.padEnd(7)} ${(size / 1024).toFixed(0).padStart(5)} ${quantile(times, 0.5).toFixed(1).padStart(8)} ${quantile(times, 0.95).toFixed(1).padStart(7)}`,
      );
    }
  }
  console.log("");
}
