"use client";

import { z } from "zod";

// Zod compiles object parsers with `new Function` where it may, and probing for that is itself a CSP violation (the
// page policy has no 'unsafe-eval'). In the browser it parses without compiling: forms are small.
z.config({ jitless: true });

/** Rendered once by the root layout so the setting above is made before any form validates. */
export function ZodInBrowser(): null {
  return null;
}
