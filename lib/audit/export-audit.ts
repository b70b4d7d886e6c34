import type { Writable } from "node:stream";
import { and, asc, eq, gt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { auditEvents, users } from "@/db/schema";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { parseInput } from "../validation";
import { writeAuditExport } from "./export";
import { AUDIT_FILTER_FIELDS, auditFilterSchema } from "./filters";
import { auditConditions } from "./list-audit-events";

/**
 * Exports the audit entries an editor or administrator may see, with the filters of the review page, as a
 * verifiable ZIP streamed to `out` (lib/audit/export.ts). Entries outside the filters or the viewer's scope are
 * present only as body hashes, which prove the chain without revealing them. The export itself is audited.
 */
export async function exportAuditLog({
  ctx,
  input,
  out,
  onProgress,
}: {
  ctx: Ctx;
  input: unknown;
  out: Writable;
  onProgress?: (done: number, total: number) => void;
}): Promise<{ exportId: string; selected: number; entries: number }> {
  assertCan(ctx.actor, "audit:read");
  const actor = ctx.actor;
  const f = parseInput(auditFilterSchema, input);
  const db = getDb();
  const conditions = auditConditions(db, actor, { ...f, before: undefined, limit: undefined });
  const filters = Object.fromEntries(AUDIT_FILTER_FIELDS.flatMap((k) => (f[k] ? [[k, String(f[k])]] : [])));
  const name = db.select({ name: users.name }).from(users).where(eq(users.id, actor.id)).get()?.name ?? "Unknown user";
  return writeAuditExport(
    { ...ctx, actor },
    { name },
    {
      filters,
      selectedAfter: (after, limit) =>
        conditions === null
          ? []
          : db
              .select({ seq: auditEvents.seq })
              .from(auditEvents)
              .where(and(...conditions, gt(auditEvents.seq, after)))
              .orderBy(asc(auditEvents.seq))
              .limit(limit)
              .all()
              .map((r) => r.seq),
    },
    out,
    onProgress,
  );
}
