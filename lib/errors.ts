/** The small set of domain errors every service throws. Actions map them with `toActionResult`. */
export type FieldErrors = Record<string, string>;

export class DomainError extends Error {
  readonly code: string = "error";
}

/** The record does not exist, or the actor may not know that it exists. */
export class NotFoundError extends DomainError {
  override readonly code = "not_found";
  constructor(message = "Not found.") {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  override readonly code = "forbidden";
  constructor(message = "You do not have permission to do this.") {
    super(message);
  }
}

/** The request is valid but collides with the current state (duplicate e-mail, setup already done…). */
export class ConflictError extends DomainError {
  override readonly code = "conflict";
  constructor(
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
  }
}

/** The interview's source data was erased (its data key destroyed): nothing of it can be read or changed. */
export class ErasedError extends ConflictError {
  constructor() {
    super("This interview's source data has been erased. It can no longer be read or changed.");
  }
}

export class InvalidTransitionError extends DomainError {
  override readonly code = "invalid_transition";
}

export class ValidationError extends DomainError {
  override readonly code = "validation";
  constructor(
    message: string,
    readonly fieldErrors: FieldErrors = {},
  ) {
    super(message);
  }
}

export class RateLimitedError extends DomainError {
  override readonly code = "rate_limited";
}

export class UnauthenticatedError extends DomainError {
  override readonly code = "unauthenticated";
  constructor(message = "Please sign in again.") {
    super(message);
  }
}
