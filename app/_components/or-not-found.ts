import { notFound } from "next/navigation";
import { NotFoundError } from "@/lib/errors";

/** Runs a service read for a page: a record the user may not see (or that does not exist) becomes the 404 page. */
export function orNotFound<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
}
