/** Recovery codes, shown once: how to keep them, and the codes themselves. */
export function RecoveryCodesList({ codes }: { codes: string[] }) {
  return (
    <>
      <h3>Your recovery codes</h3>
      <p>
        Each code signs you in once if you lose your phone. They are shown <strong>only now</strong>: print them or write them down and keep
        them somewhere safe, away from your phone.
      </p>
      <ul aria-label="Recovery codes" style={{ fontFamily: "monospace", columns: 2, listStyle: "none", padding: 0 }}>
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
    </>
  );
}
