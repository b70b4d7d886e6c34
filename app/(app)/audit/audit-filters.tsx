import Link from "next/link";
import { ACTION_GROUPS, auditQuery } from "@/lib/audit/filters";
import type { AuditFilterOptions } from "@/lib/audit/list-audit-filter-options";
import type { FieldErrors } from "@/lib/errors";

type Values = Partial<Record<"actorId" | "action" | "interviewId" | "from" | "to" | "q", string>>;

/**
 * The audit review's filters: a plain GET form, so every result is a link that can be shared or bookmarked and
 * the form works without JavaScript. Keyed by its values so "Clear the filters" (a client navigation) resets it.
 */
export function AuditFilters({ values, options, errors }: { values: Values; options: AuditFilterOptions; errors: FieldErrors }) {
  const knownActor = !values.actorId || options.actors.some((a) => a.id === values.actorId);
  const knownInterview = !values.interviewId || options.interviews.some((i) => i.id === values.interviewId);
  return (
    <form key={auditQuery(values)} method="get" action="/audit" aria-label="Filter audit entries" className="stack">
      <div className="row">
        <FilterField id="f-actor" label="Who" error={errors.actorId}>
          {(a11y) => (
            <select id="f-actor" name="actorId" defaultValue={values.actorId ?? ""} {...a11y}>
              <option value="">Anyone</option>
              {knownActor ? null : <option value={values.actorId}>A user not in your list</option>}
              {options.actors.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                  {u.active ? "" : " (deactivated)"}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <FilterField id="f-action" label="What" error={errors.action}>
          {(a11y) => (
            <select id="f-action" name="action" defaultValue={values.action ?? ""} {...a11y}>
              <option value="">Any action</option>
              {ACTION_GROUPS.map((g) => (
                <optgroup key={g.entity} label={g.label}>
                  <option value={g.value}>{`${g.label}: all actions`}</option>
                  {g.actions.map((a) => (
                    <option key={a.value} value={a.value}>
                      {a.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </FilterField>
        <FilterField id="f-interview" label="Interview" error={errors.interviewId}>
          {(a11y) => (
            <select id="f-interview" name="interviewId" defaultValue={values.interviewId ?? ""} {...a11y}>
              <option value="">Any interview</option>
              {knownInterview ? null : <option value={values.interviewId}>An interview not in your list</option>}
              {options.interviews.map((i) => (
                <option key={i.id} value={i.id}>
                  {`${i.codeName} — ${i.deskName}${i.archived ? " (archived)" : ""}`}
                </option>
              ))}
            </select>
          )}
        </FilterField>
      </div>
      <div className="row">
        <FilterField id="f-from" label="From (UTC date)" error={errors.from} hintId="f-dates-hint">
          {(a11y) => <input id="f-from" name="from" type="date" defaultValue={values.from ?? ""} {...a11y} />}
        </FilterField>
        <FilterField id="f-to" label="To (UTC date, included)" error={errors.to} hintId="f-dates-hint">
          {(a11y) => <input id="f-to" name="to" type="date" defaultValue={values.to ?? ""} {...a11y} />}
        </FilterField>
        <FilterField id="f-q" label="Action contains" error={errors.q} hintId="f-q-hint">
          {(a11y) => <input id="f-q" name="q" type="search" maxLength={100} defaultValue={values.q ?? ""} {...a11y} />}
        </FilterField>
      </div>
      <p className="hint muted small" id="f-dates-hint">
        Dates are whole days in UTC (Coordinated Universal Time): from 00:00 UTC on the first day to the end of the last day. Times in the
        list are shown in your own time zone; hover over one, or open its details, for UTC.
      </p>
      <p className="hint muted small" id="f-q-hint">
        “Action contains” searches the names of actions, in plain words or as recorded (for example “withdrawn” or “consent.”), never the
        recorded details.
      </p>
      <p className="actions-row">
        <button type="submit">Apply filters</button>
        <Link href="/audit">Clear the filters</Link>
      </p>
    </form>
  );
}

function FilterField({
  id,
  label,
  error,
  hintId,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hintId?: string;
  children: (a11y: { "aria-invalid"?: true; "aria-describedby"?: string }) => React.ReactNode;
}) {
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {error ? (
        <p className="error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
