import type { Writable } from "node:stream";
import { and, desc, eq, inArray, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { consentExports, userDesks, users } from "@/db/schema";
import { UnrecordedKeyError } from "../audit/checkpoints";
import { confirmPassword } from "../auth/confirm-password";
import { assertCan, can } from "../auth/permissions";
import type { Ctx } from "../context";
import { open } from "../crypto/seal";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { loadInterviewForActor } from "../interviews/access";
import { parseInput } from "../validation";
import { reasonContext, writeConsentExport, type ConsentExportResult } from "./consent-export";
import { countConsentRecords } from "./load-consent-records";
import { consentExportSchema, filtersOf, type ConsentExportFilters, type ExportFormat } from "./schema";
import { createTicket, finishTicket, takeTicket, ticketProgress, type TicketProgress } from "./tickets";

/**
 * Who may export what (issue 8): anyone who works on interviews exports the consent records they can see —
 * journalists their own interviews and those they were added to, editors also their desks'. A sensitive export
 * (free-text answers, event details, signature scans) needs an editor, a typed reason and the password again.
 */
export async function prepareConsentExport({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<{ ticketId: string; total: number }> {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const request = parseInput(consentExportSchema, input);
  if (request.sensitive && !can(actor, "consent:export_sensitive"))
    throw new ForbiddenError("Only editors can include free-text answers and signature scans in an export.");
  const filters = filtersOf(request);
  const db = getDb();
  if (filters.interviewId) {
    try {
      loadInterviewForActor(db, actor, filters.interviewId, "read");
    } catch (err) {
      if (err instanceof NotFoundError) throw new ValidationError("Interview not found.", { interviewId: "Interview not found." });
      throw err;
    }
  }
  if (filters.deskId && !actor.deskIds.includes(filters.deskId))
    throw new ValidationError("Choose one of your desks.", { deskId: "Choose one of your desks." });
  const total = countConsentRecords(db, actor, filters, ctx.now());
  if (total === 0)
    throw new ValidationError("No consent record matches these filters: widen the dates, or choose another status or interview.", {
      form: "No consent record matches these filters: widen the dates, or choose another status or interview.",
    });
  if (request.sensitive) await confirmPassword(ctx, request.password, "sensitive_export");
  const ticket = createTicket(actor.id, request, total, ctx.now());
  return { ticketId: ticket.id, total };
}

/** Streams the bundle of a prepared export. Refusals (unknown or used ticket) come before the first byte. */
export function startConsentExport({ ctx, ticketId, out }: { ctx: Ctx; ticketId: string; out: Writable }): Promise<ConsentExportResult> {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const ticket = takeTicket(String(ticketId).slice(0, 64), actor.id, ctx.now());
  if (!ticket) throw new NotFoundError("This export has expired or was already downloaded. Prepare it again.");
  const me = getDb().select({ name: users.name }).from(users).where(eq(users.id, actor.id)).get();
  const run = async () => {
    try {
      const result = await writeConsentExport({ ...ctx, actor }, { name: me?.name ?? "" }, ticket.request, out, (done, total) => {
        ticket.done = done;
        ticket.total = total;
      });
      ticket.exportId = result.exportId;
      finishTicket(ticket, { manifestSha256: result.manifestSha256 }, ctx.now());
      return result;
    } catch (err) {
      finishTicket(ticket, "failed", ctx.now());
      if (err instanceof UnrecordedKeyError) throw new ConflictError(err.message);
      throw err;
    }
  };
  return run();
}

export function consentExportProgress({ ctx, ticketId }: { ctx: Ctx; ticketId: string }): TicketProgress {
  assertCan(ctx.actor, "interview:work");
  const progress = ticketProgress(String(ticketId).slice(0, 64), ctx.actor.id, ctx.now());
  if (!progress) throw new NotFoundError("Export not found.");
  return progress;
}

export interface ConsentExportSummary {
  id: string;
  exportedBy: string;
  startedAt: number;
  completedAt: number | null;
  filters: ConsentExportFilters;
  formats: ExportFormat[];
  sensitive: boolean;
  /** A sensitive export's reason: shown to its author, editors of their desks and admins. */
  reason: string | null;
  recordCount: number;
  manifestSha256: string | null;
}

/**
 * Recent consent exports the actor may see: their own; editors also those by members of their desks; admins all.
 * Reading the list is not audited (it shows who exported what, never a record's content).
 */
export function listConsentExports({ ctx, limit = 20 }: { ctx: Ctx; limit?: number }): ConsentExportSummary[] {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const db = getDb();
  let scope: SQL | undefined = eq(consentExports.exportedBy, actor.id);
  if (can(actor, "audit:read_all")) scope = undefined;
  else if (can(actor, "interview:read_desk") && actor.deskIds.length > 0) {
    const deskUsers = db
      .select({ id: userDesks.userId })
      .from(userDesks)
      .where(inArray(userDesks.deskId, [...actor.deskIds]));
    scope = inArray(consentExports.exportedBy, deskUsers);
  }
  return db
    .select({ row: consentExports, name: users.name })
    .from(consentExports)
    .innerJoin(users, eq(users.id, consentExports.exportedBy))
    .where(scope ? and(scope) : undefined)
    .orderBy(desc(consentExports.startedAt))
    .limit(Math.min(Math.max(1, limit), 100))
    .all()
    .map(({ row, name }) => ({
      id: row.id,
      exportedBy: name,
      startedAt: row.startedAt,
      completedAt: row.completedAt,
      filters: JSON.parse(row.filtersJson) as ConsentExportFilters,
      formats: row.formats.split(",") as ExportFormat[],
      sensitive: row.sensitive,
      reason: row.reasonSealed ? open(row.reasonSealed, reasonContext(row.id)) : null,
      recordCount: row.recordCount,
      manifestSha256: row.manifestSha256,
    }));
}
