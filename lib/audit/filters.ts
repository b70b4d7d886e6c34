import { z } from "zod";
import { auditEventSchema, describeAction } from "./events";

/**
 * Client-safe filters of the audit review (`/audit` and an interview's Activity tab). Values arrive from a query
 * string, so every field accepts a string; an empty field means "no filter". Dates are whole days in UTC.
 */

/** Every action name of the catalogue, in catalogue order. */
export const AUDIT_ACTIONS: readonly string[] = auditEventSchema.options.map((o) => o.shape.action.value);

/** The entity of an action name: the part before the dot. */
export const entityOf = (action: string) => action.slice(0, action.indexOf("."));

const ENTITY_LABELS: Record<string, string> = {
  instance: "Set-up",
  auth: "Sign-in",
  user: "Users",
  desk: "Desks",
  interview: "Interviews",
  checklist: "Checklist",
  consent: "Consent",
  consentscript: "Consent scripts",
  vault: "Protected identifiers",
  review: "Review before publication",
  image: "Images",
  publication: "Publication gate",
  takedown: "Takedowns",
  settings: "Settings",
  audit: "Audit log",
};

export function describeEntity(entity: string): string {
  return Object.hasOwn(ENTITY_LABELS, entity) ? ENTITY_LABELS[entity]! : entity.charAt(0).toUpperCase() + entity.slice(1);
}

export interface ActionGroup {
  entity: string;
  label: string;
  /** The filter value selecting the whole group, e.g. "consent.*". */
  value: string;
  actions: { value: string; label: string }[];
}

/** The catalogue grouped by entity, for the action filter. */
export const ACTION_GROUPS: readonly ActionGroup[] = (() => {
  const groups = new Map<string, ActionGroup>();
  for (const action of AUDIT_ACTIONS) {
    const entity = entityOf(action);
    let group = groups.get(entity);
    if (!group) {
      group = { entity, label: describeEntity(entity), value: `${entity}.*`, actions: [] };
      groups.set(entity, group);
    }
    group.actions.push({ value: action, label: describeAction(action) });
  }
  return [...groups.values()];
})();

/** The action names an action filter selects: one name, or every name of an entity group ("consent.*"). */
export function actionsSelectedBy(filter: string): string[] {
  if (filter.endsWith(".*")) {
    const entity = filter.slice(0, -2);
    return AUDIT_ACTIONS.filter((a) => entityOf(a) === entity);
  }
  return AUDIT_ACTIONS.includes(filter) ? [filter] : [];
}

/**
 * Free text over action names and their plain-word labels, case-insensitive: "withdrawn" finds
 * consent.withdrawn ("Consent withdrawn"), "consent." finds every consent action. Never matched against payloads.
 */
export function actionsMatchingText(q: string): string[] {
  const needle = q.trim().toLowerCase();
  if (!needle) return [...AUDIT_ACTIONS];
  return AUDIT_ACTIONS.filter((a) => a.toLowerCase().includes(needle) || describeAction(a).toLowerCase().includes(needle));
}

/** Milliseconds at 00:00 UTC of a YYYY-MM-DD date, or NaN when it is not a real calendar date. */
export function utcDayStart(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return Number.NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? ms : Number.NaN;
}

export const DAY_MS = 24 * 60 * 60 * 1000;
export const MAX_AUDIT_PAGE = 200;
export const DEFAULT_AUDIT_PAGE = 50;

const blank = (v: unknown) => (v === null || (typeof v === "string" && v.trim() === "") ? undefined : v);
const optional = <S extends z.ZodType>(schema: S) => z.preprocess(blank, schema.optional());

const id = z.string().trim().max(64, "This id is too long.");
const day = z
  .string()
  .trim()
  .refine((v) => !Number.isNaN(utcDayStart(v)), "Enter a date like 2030-01-15.");
/** A whole number from 1 to `max`, given as a number or as digits (query strings carry text). */
const positiveInt = (message: string, max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && /^\s*\d{1,16}\s*$/.test(v) ? Number(v) : v),
    z.number({ message }).int(message).min(1, message).max(max, message),
  );

const beforeField = optional(positiveInt("This page position is not valid: go back to the newest entries.", Number.MAX_SAFE_INTEGER));
const limitField = optional(positiveInt(`Show between 1 and ${MAX_AUDIT_PAGE} entries.`, MAX_AUDIT_PAGE));

export const auditFilterSchema = z
  .object({
    actorId: optional(id),
    action: optional(
      z
        .string()
        .trim()
        .max(80)
        .refine((v) => actionsSelectedBy(v).length > 0, "Choose an action from the list."),
    ),
    interviewId: optional(id),
    from: optional(day),
    to: optional(day),
    q: optional(z.string().trim().max(100, "Use at most 100 characters.")),
    before: beforeField,
    limit: limitField,
  })
  .superRefine((v, ctx) => {
    if (v.from && v.to && v.to < v.from) ctx.addIssue({ code: "custom", path: ["to"], message: "The end date is before the start date." });
  });

export type AuditFilterInput = z.input<typeof auditFilterSchema>;
export type AuditFilter = z.output<typeof auditFilterSchema>;

/** The filters of an interview's Activity tab: its id and the page position. */
export const activityFilterSchema = z.object({
  interviewId: id.min(1, "Missing interview."),
  before: beforeField,
  limit: limitField,
});
export type ActivityFilterInput = z.input<typeof activityFilterSchema>;

/** The filter fields a query string may carry, in form order. */
export const AUDIT_FILTER_FIELDS = ["actorId", "action", "interviewId", "from", "to", "q"] as const;

/** Reads the filters from Next's searchParams (a repeated key counts once: its first value). */
export function filterFromSearchParams(params: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of [...AUDIT_FILTER_FIELDS, "before"] as const) {
    const value = params[key];
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === "string" && first !== "") out[key] = first;
  }
  return out;
}

/** A query string holding the given filters (empty values left out), for links that keep the filters. */
export function auditQuery(filters: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== "") params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : "";
}
