"use client";

import { STATUS_LABELS, type InterviewStatus } from "@/lib/interviews/constants";
import { ActionButton } from "./action-button";
import { archiveAction, setStatusAction, upgradeGuidanceAction } from "./actions";

export function StatusControls({ interviewId, transitions, canArchive }: { interviewId: string; transitions: readonly InterviewStatus[]; canArchive: boolean }) {
  return (
    <div style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem" }}>
      {transitions.map((to) => (
        <ActionButton key={to} className={to === "cancelled" ? "danger" : "secondary"} action={() => setStatusAction({ interviewId, status: to })}>
          Set to “{STATUS_LABELS[to]}”
        </ActionButton>
      ))}
      {canArchive ? (
        <ActionButton
          className="danger"
          confirm="Archive this interview? It can no longer be changed, but stays in the audit log and the archive."
          action={() => archiveAction({ interviewId })}
        >
          Archive
        </ActionButton>
      ) : null}
    </div>
  );
}

export function UpgradeButton({ interviewId, to }: { interviewId: string; to: string }) {
  return (
    <ActionButton action={() => upgradeGuidanceAction({ interviewId })} pendingText="Upgrading…">
      Upgrade to {to}
    </ActionButton>
  );
}
