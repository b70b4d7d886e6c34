"use client";

import { useState } from "react";
import type { ChecklistEntry } from "@/lib/interviews/get-interview";
import { ActionButton } from "./action-button";
import { decideNaAction, setItemStateAction } from "./actions";
import { ItemNoteForm } from "./item-note-form";

const STATE_TEXT: Record<ChecklistEntry["state"], string> = { open: "Open", done: "Done", not_applicable: "Not applicable" };
const APPROVAL_TEXT: Record<ChecklistEntry["naApproval"], string> = {
  none: "",
  pending: "waiting for an editor's approval",
  approved: "approved",
  refused: "refused: still counts as open",
};

export function ChecklistItem({ interviewId, item, canEdit }: { interviewId: string; item: ChecklistEntry; canEdit: boolean }) {
  const [mode, setMode] = useState<"idle" | "done" | "na">("idle");
  const ids = { interviewId, itemId: item.itemId };
  const headingId = `item-${item.itemId}`;
  return (
    <li className={`card checklist-item${item.blockingOpen ? " blocking" : ""}`} aria-labelledby={headingId} data-item={item.itemId}>
      <div style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem", alignItems: "baseline" }}>
        <h4 id={headingId} style={{ margin: 0, fontSize: "1rem" }}>
          {item.title}
        </h4>
        <span className={`badge${item.gate === "block" ? " off" : ""}`}>{item.gate === "block" ? "Blocks publication" : "Advisory"}</span>
        <span className="badge" data-testid="item-state">
          {STATE_TEXT[item.state]}
          {item.state === "not_applicable" && item.naApproval !== "none" ? ` (${APPROVAL_TEXT[item.naApproval]})` : ""}
        </span>
      </div>
      <p style={{ margin: "0.5rem 0" }}>{item.requirement}</p>
      <details>
        <summary>Why this matters</summary>
        <p style={{ marginTop: "0.5rem" }}>{item.why}</p>
        <p className="muted small">Sources: {item.sources.join("; ")}</p>
      </details>
      {item.evidence ? <p className="small">Evidence: {item.evidence}</p> : null}
      {item.naReason ? (
        <p className="small">
          Not applicable because: {item.naReason}
          {item.naRequestedBy ? ` — asked by ${item.naRequestedBy.name}` : ""}
          {item.naDecidedBy ? `; ${item.naApproval} by ${item.naDecidedBy.name}` : ""}
        </p>
      ) : null}
      {item.evidenceRequired && item.state === "open" ? <p className="muted small">Needs a short evidence note when marked done.</p> : null}

      <div style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem", marginTop: "0.5rem" }}>
        {canEdit && item.state === "open" && mode === "idle" ? (
          <>
            <button type="button" onClick={() => setMode("done")}>
              Mark done
            </button>
            <button type="button" className="secondary" onClick={() => setMode("na")}>
              Not applicable…
            </button>
          </>
        ) : null}
        {canEdit && item.state !== "open" ? (
          <ActionButton className="secondary" action={() => setItemStateAction({ ...ids, state: "open" })} pendingText="Reopening…">
            Reopen
          </ActionButton>
        ) : null}
        {item.canDecide ? (
          <>
            <ActionButton action={() => decideNaAction({ ...ids, decision: "approved" })} pendingText="Approving…">
              Approve not applicable
            </ActionButton>
            <ActionButton className="danger" action={() => decideNaAction({ ...ids, decision: "refused" })} pendingText="Refusing…">
              Refuse
            </ActionButton>
          </>
        ) : null}
      </div>
      {mode === "done" ? (
        <ItemNoteForm
          label={`Mark “${item.title}” done`}
          fieldLabel="Evidence note"
          hint={item.evidenceRequired ? "Required: what was done, and where it is recorded. No real names." : "Optional. No real names."}
          required={item.evidenceRequired}
          submitLabel="Save as done"
          onDone={() => setMode("idle")}
          submit={(text) => setItemStateAction({ ...ids, state: "done", evidence: text })}
        />
      ) : null}
      {mode === "na" ? (
        <ItemNoteForm
          label={`Mark “${item.title}” not applicable`}
          fieldLabel="Why it does not apply"
          hint={item.gate === "block" ? "A blocking item needs another editor's approval before it stops blocking." : "Explain briefly."}
          required
          submitLabel={item.gate === "block" ? "Ask for approval" : "Save as not applicable"}
          onDone={() => setMode("idle")}
          submit={(text) => setItemStateAction({ ...ids, state: "not_applicable", reason: text })}
        />
      ) : null}
      {mode !== "idle" ? (
        <button type="button" className="link" onClick={() => setMode("idle")}>
          Cancel
        </button>
      ) : null}
    </li>
  );
}
