"use client";

import { Fragment, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import styles from "./highlighted-text.module.css";
import { buildNavigation, toSegments, usableFindings, type FindingSegment, type Severity, type ViewerFinding } from "./segments";

export type { DecisionKind, Severity, ViewerFinding } from "./segments";

const SEVERITY_WORDS: Record<Severity, string> = { high: "high severity", medium: "medium severity", low: "low severity" };
const SEVERITY_LETTER: Record<Severity, string> = { high: "H", medium: "M", low: "L" };

const HINT = "Use the arrow keys or J and K to move between findings; N jumps to the next undecided one.";
const HINT_FOR_SCREEN_READERS = `${HINT} Enter or Space selects the finding.`;

type DecisionState = Pick<ViewerFinding, "decision" | "needsApproval">;

function decisionWords(f: DecisionState): string {
  const base =
    f.decision === "redact"
      ? "to be redacted"
      : f.decision === "pseudonym"
        ? "to be replaced with a pseudonym"
        : f.decision === "keep"
          ? "kept as written"
          : "not decided";
  return f.needsApproval ? `${base}, awaiting an editor's approval` : base;
}

function decisionGlyph(f: DecisionState): string {
  const glyph = f.decision === "redact" ? "✕" : f.decision === "pseudonym" ? "✎" : f.decision === "keep" ? "✓" : "?";
  return f.needsApproval ? `${glyph}!` : glyph;
}

/** The words a screen reader hears for a finding, e.g. "Name (registered identifier), high severity, not decided". */
export function describeFinding(f: ViewerFinding): string {
  return `${f.label}, ${SEVERITY_WORDS[f.severity] ?? f.severity}, ${decisionWords(f)}`;
}

function decisionClass(f: DecisionState): string | undefined {
  if (f.decision === "redact") return styles.redact;
  if (f.decision === "pseudonym") return styles.pseudonym;
  if (f.decision === "keep") return styles.keep;
  return styles.undecided;
}

const cx = (...names: (string | false | null | undefined)[]) => names.filter(Boolean).join(" ");

interface HighlightedTextProps {
  text: string;
  findings: ViewerFinding[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  /** Accessible name of the region, e.g. "Draft 2 with 7 findings". */
  label: string;
}

/**
 * A document's text with its findings highlighted. The whole block is one tab stop; arrow keys, J/K, Home/End
 * and N move between findings, and every move (or click, Enter, Space) calls `onSelect` with the finding's id.
 */
export function HighlightedText({ text, findings, selectedId, onSelect, label }: HighlightedTextProps) {
  const hintId = useId();
  const segments = useMemo(() => toSegments(text, findings), [text, findings]);
  const nav = useMemo(() => buildNavigation(segments), [segments]);
  // The same findings the segments were built from: first of a repeated id, bounds fitted to the text.
  const byId = useMemo(() => new Map(usableFindings(text, findings).map((f) => [f.id, f])), [text, findings]);

  // The finding that owns the tab stop. Follows `selectedId` when the parent changes it, and keyboard moves otherwise,
  // so the widget still works if the parent is slow (or declines) to pass the selection back.
  const [activeId, setActiveId] = useState<string | null>(selectedId);
  const [seenSelectedId, setSeenSelectedId] = useState<string | null>(selectedId);
  if (selectedId !== seenSelectedId) {
    setSeenSelectedId(selectedId);
    setActiveId(selectedId);
  }
  const current = [activeId, selectedId].find((id): id is string => id !== null && nav.anchorOf.has(id)) ?? nav.order[0] ?? null;
  const tabStop = current === null ? -1 : (nav.anchorOf.get(current) ?? -1);

  const [announcement, setAnnouncement] = useState("");
  const announce = (message: string) => setAnnouncement((previous) => (previous === message ? `${message}\u00a0` : message));

  const containerRef = useRef<HTMLDivElement>(null);
  const segmentRefs = useRef(new Map<number, HTMLElement>());
  const pointerDown = useRef(false);

  /** The finding a segment stands for right now: the current one if it covers the segment, else the segment's primary. */
  const representedId = (segment: FindingSegment) => (current !== null && segment.ids.includes(current) ? current : segment.primaryId);

  const select = (id: string) => {
    setActiveId(id);
    onSelect(id);
  };

  const moveTo = (id: string) => {
    const index = nav.anchorOf.get(id);
    if (index === undefined) return;
    select(id);
    const el = segmentRefs.current.get(index);
    if (!el) return;
    const alreadyFocused = el.ownerDocument.activeElement === el;
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest", inline: "nearest" });
    // Two findings over the same characters share one element: focus cannot move, so say what changed.
    const f = byId.get(id);
    if (alreadyFocused && f) announce(`${describeFinding(f)}: ${text.slice(f.start, f.end)}`);
    else setAnnouncement("");
  };

  const isUndecided = (id: string) => (byId.get(id)?.decision ?? null) === null;

  const onKeyDown = (event: KeyboardEvent<HTMLElement>, fromId: string) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const order = nav.order;
    const at = order.indexOf(fromId);
    let target: string | undefined;
    let otherwise: string | undefined;
    switch (event.key) {
      case "ArrowRight":
      case "ArrowDown":
      case "j":
      case "J":
        target = order[at + 1];
        otherwise = "This is the last finding.";
        break;
      case "ArrowLeft":
      case "ArrowUp":
      case "k":
      case "K":
        target = at > 0 ? order[at - 1] : undefined;
        otherwise = "This is the first finding.";
        break;
      case "Home":
        target = order[0];
        break;
      case "End":
        target = order[order.length - 1];
        break;
      case "n":
      case "N":
        for (let step = 1; step < order.length && target === undefined; step++) {
          const candidate = order[(at + step) % order.length]!;
          if (isUndecided(candidate)) target = candidate;
        }
        otherwise = isUndecided(fromId) ? "No other undecided findings." : "No undecided findings left.";
        break;
      case "Enter":
      case " ":
        event.preventDefault();
        select(fromId);
        return;
      default:
        return;
    }
    event.preventDefault();
    if (target !== undefined && target !== fromId) moveTo(target);
    else if (otherwise) announce(otherwise);
  };

  return (
    <section aria-label={label} className={styles.viewer}>
      {nav.order.length > 0 ? (
        <p className={styles.hint} aria-hidden="true">
          {HINT}
        </p>
      ) : null}
      <div ref={containerRef} className={styles.text}>
        {segments.map((segment, index) => {
          if (segment.kind === "plain") return <Fragment key={segment.start}>{segment.text}</Fragment>;
          const id = representedId(segment);
          const finding = byId.get(id);
          if (!finding) return <Fragment key={segment.start}>{segment.text}</Fragment>;
          const others = segment.ids.filter((other) => other !== id).flatMap((other) => byId.get(other) ?? []);
          const name =
            describeFinding(finding) +
            (others.length > 0 ? `; overlaps ${others.map(describeFinding).join("; ")}` : "") +
            `: ${segment.text}`;
          const selected = selectedId !== null && segment.ids.includes(selectedId);
          return (
            <mark
              key={segment.start}
              ref={(el) => {
                if (el) segmentRefs.current.set(index, el);
                else segmentRefs.current.delete(index);
              }}
              role="button"
              tabIndex={index === tabStop ? 0 : -1}
              aria-label={name}
              aria-describedby={hintId}
              aria-current={selected ? "true" : undefined}
              data-finding-id={id}
              data-finding-ids={segment.ids.join(" ")}
              data-severity={finding.severity}
              data-decision={finding.decision ?? "undecided"}
              className={cx(styles.finding, styles[finding.severity], decisionClass(finding), selected && styles.selected)}
              onPointerDown={() => {
                pointerDown.current = true;
              }}
              onClick={() => {
                pointerDown.current = false;
                select(id);
              }}
              onFocus={(event) => {
                // Keyboard moves inside the block select as they go, and a click selects on its own;
                // this covers Tab (or a screen reader) bringing focus in from outside.
                if (pointerDown.current) {
                  pointerDown.current = false;
                  return;
                }
                if (event.relatedTarget instanceof Node && containerRef.current?.contains(event.relatedTarget)) return;
                if (id !== selectedId) select(id);
              }}
              onKeyDown={(event) => onKeyDown(event, id)}
            >
              <span className={styles.body}>{segment.text}</span>
              <span className={styles.tag} aria-hidden="true">
                {SEVERITY_LETTER[finding.severity]}
                {decisionGlyph(finding)}
                {others.length > 0 ? "+" : ""}
              </span>
            </mark>
          );
        })}
      </div>
      <span id={hintId} className={styles.srOnly}>
        {HINT_FOR_SCREEN_READERS}
      </span>
      <p role="status" className={styles.srOnly}>
        {announcement}
      </p>
    </section>
  );
}

function Sample({
  severity,
  decision,
  needsApproval,
  overlap,
  selected,
  children,
}: {
  severity: Severity;
  decision: ViewerFinding["decision"];
  needsApproval?: boolean;
  overlap?: boolean;
  selected?: boolean;
  children: string;
}) {
  const f: DecisionState = { decision, needsApproval };
  return (
    <span className={cx(styles.finding, styles.sample, styles[severity], decisionClass(f), selected && styles.selected)} aria-hidden="true">
      <span className={styles.body}>{children}</span>
      <span className={styles.tag}>
        {SEVERITY_LETTER[severity]}
        {decisionGlyph(f)}
        {overlap ? "+" : ""}
      </span>
    </span>
  );
}

/** A key to the highlighting: what each severity and decision looks like, in words as well as samples. */
export function FindingsLegend({ className }: { className?: string }) {
  return (
    <div className={cx(styles.legend, className)} role="group" aria-label="Key to the highlighted findings">
      <div>
        <p className={styles.legendTitle}>Severity (letter after the text)</p>
        <ul className={styles.legendList}>
          <li>
            <Sample severity="high" decision={null}>
              Kim
            </Sample>{" "}
            H, high: thick solid underline, red tint
          </li>
          <li>
            <Sample severity="medium" decision={null}>
              Kim
            </Sample>{" "}
            M, medium: dashed underline, yellow tint
          </li>
          <li>
            <Sample severity="low" decision={null}>
              Kim
            </Sample>{" "}
            L, low: dotted underline, blue tint
          </li>
        </ul>
      </div>
      <div>
        <p className={styles.legendTitle}>Decision (sign after the letter)</p>
        <ul className={styles.legendList}>
          <li>
            <Sample severity="medium" decision={null}>
              Kim
            </Sample>{" "}
            ? not decided yet
          </li>
          <li>
            <Sample severity="medium" decision="redact">
              Kim
            </Sample>{" "}
            ✕ to be redacted: struck through
          </li>
          <li>
            <Sample severity="medium" decision="pseudonym">
              Kim
            </Sample>{" "}
            ✎ to be replaced with a pseudonym: italic
          </li>
          <li>
            <Sample severity="medium" decision="keep">
              Kim
            </Sample>{" "}
            ✓ kept as written
          </li>
          <li>
            <Sample severity="high" decision="keep" needsApproval>
              Kim
            </Sample>{" "}
            ! kept, awaiting an editor&apos;s approval
          </li>
          <li>
            <Sample severity="medium" decision={null} overlap>
              Kim
            </Sample>{" "}
            + more than one finding covers this text
          </li>
          <li>
            <Sample severity="medium" decision={null} selected>
              Kim
            </Sample>{" "}
            dark outline: the selected finding
          </li>
        </ul>
      </div>
    </div>
  );
}
