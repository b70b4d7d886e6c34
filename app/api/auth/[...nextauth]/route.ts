import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/next-auth";

/**
 * Auth.js's own endpoints (session, CSRF token, the credentials callback the sign-in action uses).
 *
 * Auth.js answers 500 ("server configuration") when a request carries a callback URL it refuses — `javascript:`,
 * `data:`, another host — in the query, the body or its callback cookie. That is bad input, not a broken server (this
 * app's configuration is fixed in code, and its own sign-in never sends a callback URL), so it is answered 400. The
 * refusal is logged by Auth.js as usual.
 */
async function refusingBadInput(handler: (request: NextRequest) => Promise<Response>, request: NextRequest): Promise<Response> {
  const response = await handler(request);
  if (response.status < 500) return response;
  return new Response("Bad request.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

export const GET = (request: NextRequest) => refusingBadInput(handlers.GET, request);
export const POST = (request: NextRequest) => refusingBadInput(handlers.POST, request);
