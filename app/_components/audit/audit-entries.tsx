import Link from "next/link";
import { targetsInterview } from "@/lib/audit/events";
import type { AuditListItem } from "@/lib/audit/list-audit-events";
import { actorText, payloadValueText, shortId, utcText } from "./format";
import { LocalTime } from "./local-time";

/**
 * The audit entries table shared by /audit and an interview's Activity tab: time (local, UTC on hover), who, the
 * action in plain words, what it was about (with a link), and a disclosure with the recorded fields, seq and hash.
 * `<details>` is native: Tab reaches the summary, Enter or Space opens it, no script needed.
 */
export function AuditEntries({ items, caption, linkUsers }: { items: readonly AuditListItem[]; caption: string; linkUsers: boolean }) {
  return (
    <div className="table-wrap">
      <table className="audit-table" data-testid="audit-entries">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">About</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.seq} data-seq={e.seq}>
              <td className="nowrap">
                <LocalTime ms={e.occurredAt} />
              </td>
              <td>{actorText(e)}</td>
              <td>{e.label}</td>
              <td>
                <AuditTarget item={e} linkUsers={linkUsers} />
              </td>
              <td>
                <details className="audit-details">
                  <summary>
                    Details <span className="muted">#{e.seq}</span>
                  </summary>
                  <dl className="facts audit-payload">
                    <dt>Entry</dt>
                    <dd>#{e.seq}</dd>
                    <dt>Time (UTC)</dt>
                    <dd>{utcText(e.occurredAt)}</dd>
                    <dt>Action</dt>
                    <dd>
                      <code>{e.action}</code>
                    </dd>
                    <dt>Target</dt>
                    <dd>
                      <code>
                        {e.targetType}
                        {e.targetId ? ` ${e.targetId}` : ""}
                      </code>
                    </dd>
                    {Object.entries(e.payload).map(([key, value]) => (
                      <PayloadField key={key} name={key} value={value} />
                    ))}
                    <dt>Hash</dt>
                    <dd>
                      <code>{e.hash}</code>
                    </dd>
                  </dl>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PayloadField({ name, value }: { name: string; value: unknown }) {
  return (
    <>
      <dt>
        <code>{name}</code>
      </dt>
      <dd>{payloadValueText(name, value)}</dd>
    </>
  );
}

/** What an entry is about: an interview by code name, a user, a desk, a consent script, or the type and a short id. */
export function AuditTarget({ item: e, linkUsers }: { item: AuditListItem; linkUsers: boolean }) {
  if (!e.targetId) return <span className="muted">—</span>;
  if (targetsInterview(e.targetType)) {
    return e.targetName ? (
      <>
        <span className="muted small">Interview </span>
        <Link href={`/interviews/${e.targetId}`}>{e.targetName}</Link>
      </>
    ) : (
      <span>Interview {shortId(e.targetId)}</span>
    );
  }
  if (e.targetType === "user") {
    const name = e.targetName ?? `user ${shortId(e.targetId)}`;
    return (
      <>
        <span className="muted small">User </span>
        {linkUsers ? <Link href={`/admin/users/${e.targetId}`}>{name}</Link> : name}
      </>
    );
  }
  if (e.targetType === "consentscript") {
    return (
      <>
        <span className="muted small">Consent script </span>
        <Link href={`/consent-scripts/${e.targetId}`}>{e.targetName ?? shortId(e.targetId)}</Link>
      </>
    );
  }
  if (e.targetType === "desk" && e.targetName) {
    return (
      <>
        <span className="muted small">Desk </span>
        {e.targetName}
      </>
    );
  }
  return (
    <span>
      {e.targetType} {shortId(e.targetId)}
    </span>
  );
}
