/**
 * Activity over the last 30 days as small bars: an inline SVG that scales to its container (viewBox, width 100%),
 * named for assistive technology by a one-sentence summary, with the numbers in a visually hidden table.
 */
const BAR = 10;
const GAP = 2;
const HEIGHT = 60;

function dayLabel(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
}

export function ActivityChart({ activity, scope }: { activity: readonly { day: string; count: number }[]; scope: string }) {
  const total = activity.reduce((n, d) => n + d.count, 0);
  const busiest = activity.reduce<{ day: string; count: number } | null>((b, d) => (d.count > (b?.count ?? 0) ? d : b), null);
  const max = Math.max(1, busiest?.count ?? 0);
  const width = activity.length * (BAR + GAP) - GAP;
  const summary =
    total === 0 || !busiest
      ? `No recorded activity in the last ${activity.length} days.`
      : `${total.toLocaleString("en")} recorded action${total === 1 ? "" : "s"} in the last ${activity.length} days; busiest day ${dayLabel(busiest.day)} with ${busiest.count.toLocaleString("en")}.`;
  const first = activity[0];
  const last = activity[activity.length - 1];
  return (
    <div className="activity-chart">
      <svg viewBox={`0 0 ${width} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={summary} focusable="false">
        <line x1={0} x2={width} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} className="activity-axis" />
        {activity.map((d, k) => {
          const h = d.count === 0 ? 0 : Math.max(2, (d.count / max) * (HEIGHT - 2));
          return <rect key={d.day} x={k * (BAR + GAP)} y={HEIGHT - h} width={BAR} height={h} className="activity-bar" />;
        })}
      </svg>
      {first && last ? (
        <div className="activity-range small muted" aria-hidden="true">
          <span>{dayLabel(first.day)}</span>
          <span>{dayLabel(last.day)}</span>
        </div>
      ) : null}
      {/* The same sentence names the chart for assistive technology: shown here, not read twice. */}
      <p className="small" aria-hidden="true">
        {summary}
      </p>
      <p className="small muted">{scope}</p>
      {/* The wrapper hides the table: a table box does not shrink to the 1 px the class gives it. */}
      <div className="visually-hidden">
        <table>
          <caption>Recorded actions per day, last {activity.length} days (UTC)</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {activity.map((d) => (
              <tr key={d.day}>
                <th scope="row">{d.day}</th>
                <td>{d.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
