/** A definition list of label → value pairs (the `dl.facts` grid: two columns, one on a phone). */
export function FactList({ facts }: { facts: readonly (readonly [string, React.ReactNode])[] }) {
  return (
    <dl className="facts">
      {facts.map(([k, v]) => (
        <div key={k} style={{ display: "contents" }}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
