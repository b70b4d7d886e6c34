import { expect } from "vitest";

/** Expects a thunk to fail with `type`, and returns the error. */
export function failure<E>(run: () => unknown, type: new (...args: never[]) => E): E {
  let error: unknown;
  try {
    run();
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(type);
  return error as E;
}

/** Runs `run`, expects `type`, and checks with `snapshot` that nothing it covers changed. */
export function refusedWithoutChangeTo<E>(snapshot: () => unknown, run: () => unknown, type: new (...args: never[]) => E): E {
  const before = snapshot();
  const err = failure(run, type);
  expect(snapshot()).toEqual(before);
  return err;
}

/** The async form of refusedWithoutChangeTo, for services that return a promise. */
export async function rejectsWithoutChangeTo<E>(
  snapshot: () => unknown,
  run: () => Promise<unknown>,
  type: new (...args: never[]) => E,
): Promise<E> {
  const before = snapshot();
  let error: unknown;
  try {
    await run();
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(type);
  expect(snapshot()).toEqual(before);
  return error as E;
}
