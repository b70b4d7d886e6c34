"use client";

import Link from "next/link";

/** Unexpected errors end here: a plain message, never a stack trace. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main">
      <h1>Something went wrong</h1>
      <p>The server could not finish this request. Nothing was changed by the failed step.</p>
      <p>
        <button type="button" onClick={reset}>
          Try again
        </button>{" "}
        <Link href="/">Go to the start page</Link>
      </p>
    </main>
  );
}
