import { DomainError, type FieldErrors, ConflictError, ValidationError } from "./errors";

export type ActionResult<T = undefined> = { ok: true; data: T } | { ok: false; code: string; message: string; fieldErrors?: FieldErrors };

export function ok<T>(data: T): ActionResult<T>;
export function ok(): ActionResult<undefined>;
export function ok<T>(data?: T): ActionResult<T | undefined> {
  return { ok: true, data };
}

/**
 * Maps a thrown error to a result the form can show. Unknown errors are logged on the server and reported
 * as a generic failure: the browser never sees a stack trace or an internal message.
 */
export function toActionResult(err: unknown): ActionResult<never> {
  if (err instanceof ValidationError || err instanceof ConflictError) {
    return { ok: false, code: err.code, message: err.message, fieldErrors: err.fieldErrors };
  }
  if (err instanceof DomainError) {
    return { ok: false, code: err.code, message: err.message };
  }
  console.error("Unexpected error in a server action:", err);
  return { ok: false, code: "internal", message: "Something went wrong on the server. Nothing was changed." };
}

/** Moves field errors reported under `prefix.` (a nested service input) to the form's top-level field names. */
export function unnestFieldErrors<T>(result: ActionResult<T>, prefix: string): ActionResult<T> {
  if (result.ok || !result.fieldErrors) return result;
  const fieldErrors = Object.fromEntries(Object.entries(result.fieldErrors).map(([k, v]) => [k.startsWith(`${prefix}.`) ? k.slice(prefix.length + 1) : k, v]));
  return { ...result, fieldErrors };
}
