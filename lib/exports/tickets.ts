import { randomBytes } from "node:crypto";
import type { ConsentExportRequest } from "./schema";

/**
 * Prepared exports (issue 8). Preparing checks everything that can be refused (filters, permissions, the
 * password for a sensitive export) and answers on the form; the browser then downloads the bundle with a plain
 * GET naming the ticket, while the page polls the ticket's progress. A ticket is the actor's alone, is used once
 * and lapses after a few minutes. Held in memory only: a restart drops pending tickets (and their reasons).
 */
export const TICKET_TTL_MS = 5 * 60_000;
/** How long a finished ticket still answers progress questions. */
const DONE_TTL_MS = 15 * 60_000;

export type TicketState = "ready" | "running" | "done" | "failed";

export interface ExportTicket {
  id: string;
  actorId: string;
  request: Omit<ConsentExportRequest, "password">;
  total: number;
  createdAt: number;
  state: TicketState;
  done: number;
  exportId: string | null;
  manifestSha256: string | null;
  finishedAt: number | null;
}

export interface TicketProgress {
  state: TicketState;
  done: number;
  total: number;
  exportId: string | null;
  manifestSha256: string | null;
}

type Registry = Map<string, ExportTicket>;
const registry = (): Registry => {
  const g = globalThis as { __sourcekeeperExportTickets?: Registry };
  return (g.__sourcekeeperExportTickets ??= new Map());
};

function prune(now: number): void {
  for (const [id, t] of registry()) {
    const lapsed = t.state === "ready" && now - t.createdAt > TICKET_TTL_MS;
    const old = t.finishedAt !== null && now - t.finishedAt > DONE_TTL_MS;
    if (lapsed || old) registry().delete(id);
  }
}

export function createTicket(actorId: string, request: ConsentExportRequest, total: number, now: number): ExportTicket {
  prune(now);
  const { password: _password, ...kept } = request;
  const ticket: ExportTicket = {
    id: randomBytes(18).toString("base64url"),
    actorId,
    request: kept,
    total,
    createdAt: now,
    state: "ready",
    done: 0,
    exportId: null,
    manifestSha256: null,
    finishedAt: null,
  };
  registry().set(ticket.id, ticket);
  return ticket;
}

/** Takes a ready ticket for its owner (once). Anything else — unknown, someone else's, used, lapsed — is null. */
export function takeTicket(id: string, actorId: string, now: number): ExportTicket | null {
  prune(now);
  const ticket = registry().get(String(id));
  if (!ticket || ticket.actorId !== actorId || ticket.state !== "ready") return null;
  ticket.state = "running";
  return ticket;
}

export function ticketProgress(id: string, actorId: string, now: number): TicketProgress | null {
  prune(now);
  const t = registry().get(String(id));
  if (!t || t.actorId !== actorId) return null;
  return { state: t.state, done: t.done, total: t.total, exportId: t.exportId, manifestSha256: t.manifestSha256 };
}

export function finishTicket(ticket: ExportTicket, outcome: { manifestSha256: string } | "failed", now: number): void {
  ticket.state = outcome === "failed" ? "failed" : "done";
  if (outcome !== "failed") ticket.manifestSha256 = outcome.manifestSha256;
  ticket.finishedAt = now;
}
