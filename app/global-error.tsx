"use client";

export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <main id="main" style={{ fontFamily: "system-ui, sans-serif", padding: "2rem" }}>
          <h1>Something went wrong</h1>
          <p>Sourcekeeper could not show this page. Nothing was changed by the failed step.</p>
          <button type="button" onClick={reset}>
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
