import { PERMITTED_USES } from "@/lib/consent/constants";
import { isActive } from "@/lib/consent/state-machine";
import { SECTION_TITLES } from "@/lib/consent/script-types";
import type { ConsentRecordJson } from "../consent-record";
import { KO_LABELS } from "./labels-ko";
import { contentWidth, type Doc, drawLines, INK, left, linesHeight, renderToBuffer, type TextStyle, wrapWords } from "./render";

/**
 * The source's own copy of what they agreed to (issue 8): one page, Korean beside English, for the source to keep.
 *
 * Whoever finds it on them must learn nothing that endangers them (guidance.md §2.3 on the punishment of families,
 * §3.6 on never revealing where an interview took place; the default script's "contact" section makes the same
 * point about its own printed sheet). So it carries no name of any kind (not even the code name), no interview or
 * record id, no place, no journalist's name, no logo and nothing about who holds the source; the outlet and a
 * contact route appear only when the journalist chooses to print them. The one link back to the record is
 * `reference`, a short code to quote when withdrawing. The PDF's metadata names neither the app nor anyone.
 *
 * The Korean follows the default script's style (plain words a North Korean reader knows; see labels-ko.ts).
 */
export interface ReceiptInput {
  record: ConsentRecordJson;
  /** The script's own "If you change your mind" section, in Korean and English. */
  withdrawal: { ko: string; en: string };
  /** A short code the source quotes when withdrawing. */
  reference: string;
  outletName: string | null;
  contact: string | null;
  /** YYYY-MM-DD. */
  issuedOn: string;
}

/** Plain English for the source, in the words the script used when it explained the choices. */
export const EN_LABELS = {
  name: { none: "No name at all", pseudonym: "A made-up name (pseudonym)", real: "Your real name" },
  face: {
    not_filmed: "Not filmed or photographed at all",
    blurred: "Blurred so that no one can recognise it (this cannot be undone)",
    shown: "Shown",
  },
  voice: { not_recorded: "Not recorded at all", altered: "A changed voice, or your words read by someone else", real: "Your real voice" },
  anonymityFrom: {
    dprk_state: "No one, not even the North Korean authorities, may be able to recognise you (the safest choice)",
    people_who_know_them: "People who know you may not be able to recognise you",
    general_public: "The general public may not be able to recognise you",
  },
  media: { text: "Written words", audio: "Sound (recording)", video: "Video", stills: "Photographs" },
  uses: {
    quotes: "Quoting your words",
    audio: "The sound recording",
    video: "Video",
    stills: "Photographs",
    archive: "Keeping it in our archive",
    translation: "Translation into other languages",
    syndication: "Passing it on for other news organisations to use",
    reuse: "Using it again in later reports",
  },
  status: {
    requested: "You have not decided yet.",
    given: "You agreed.",
    reconfirmed: "You confirmed your agreement again.",
    refused: "You did not agree. Nothing from this interview will be published.",
    withdrawn: "You withdrew your consent. We will not use this interview any more.",
    revoked: "Our news organisation will no longer use this interview on the basis of this agreement.",
    expired: "Your consent has ended. We will not use this interview without asking you again.",
  },
} as const;

/** The receipt's fixed sentences. Every Korean string here is checked against the Southern loanword list. */
export const RECEIPT_TEXT = {
  title: { ko: "본인 보관용", en: "Your copy" },
  intro: {
    ko: "이 종이에는 본인이 면담과 보도에 대하여 동의한 내용이 적혀 있습니다. 본인이 보관하는 것입니다.",
    en: "This paper sets out what you agreed to about the interview and how it may be published. It is yours to keep.",
  },
  issued: { ko: "발급일", en: "Issued on" },
  agreed: { ko: "본인이 동의한 것", en: "What you agreed to" },
  name: { ko: "이름", en: "Name" },
  face: { ko: "얼굴", en: "Face" },
  voice: { ko: "목소리", en: "Voice" },
  anonymityFrom: { ko: "누가 알아보지 못하게 하는가", en: "Who must not recognise you" },
  media: { ko: "내보내는 형태", en: "Forms" },
  usesAllowed: { ko: "허락한 것", en: "You allowed" },
  usesRefused: { ko: "허락하지 않은 것", en: "You did not allow" },
  none: { ko: "없음", en: "None" },
  embargo: {
    ko: (date: string) => `${date}까지는 아무것도 내보내지 않습니다.`,
    en: (date: string) => `Nothing will be published until ${date}.`,
  },
  expiry: {
    ko: (date: string) => `${date}이 지나면 본인의 동의는 끝납니다. 그 뒤에 쓰려면 다시 물어보아야 합니다.`,
    en: (date: string) => `Your consent ends after ${date}. To use the interview after that, we must ask you again.`,
  },
  noExpiry: { ko: "동의가 끝나는 날은 정하지 않았습니다.", en: "No end date was set for your consent." },
  outlet: { ko: "보도기관", en: "News organisation" },
  reference: { ko: "확인 번호", en: "Reference" },
  referenceUse: {
    ko: "동의를 거두어들이거나 무엇을 물어볼 때 이 번호를 알려 주십시오.",
    en: "Give this reference when you withdraw or ask us anything.",
  },
  contact: { ko: "연락 방법", en: "How to reach us" },
  safety: {
    ko: "이 종이를 가지고 있는 것이 위험하면, 확인 번호를 외워 두고 종이는 없애십시오.",
    en: "If keeping this paper could put you in danger, learn the reference by heart and get rid of the paper.",
  },
} as const;

/** Body sizes tried, largest first, until everything fits on one page. */
const SIZES = [11, 10.5, 10, 9.5, 9, 8.5, 8, 7.5, 7, 6.5, 6];
const MARGIN = 40;
const GUTTER = 18;

interface Row {
  ko: string;
  en: string;
  /** Size relative to the body size. */
  scale?: number;
  bold?: boolean;
  /** Space after the row, in body-size units. */
  after?: number;
  /** A rule above the row (section start) or a box around it (the reference). */
  rule?: boolean;
  boxed?: boolean;
  /** Long text that may be set at full width, Korean above English, when side by side does not fit. */
  long?: boolean;
}

/** The rows of the receipt, top to bottom: Korean on the left, English on the right. */
function receiptRows(input: ReceiptInput): Row[] {
  const { record, withdrawal, reference, outletName, contact, issuedOn } = input;
  const t = RECEIPT_TEXT;
  const id = record.extensions["sourcekeeper:identification"];
  const status = record.consent_status.status;
  const refused = record.collection_method.outcome === "refused" || status === "refused";
  const pair = (label: { ko: string; en: string }, ko: string, en: string): Row => ({ ko: `${label.ko}: ${ko}`, en: `${label.en}: ${en}` });
  const listPair = (label: { ko: string; en: string }, ko: string[], en: string[]): Row =>
    pair(label, ko.length ? ko.join(", ") : t.none.ko, en.length ? en.join("; ") : t.none.en);
  const uses = record.processing.permitted_uses.filter((u): u is (typeof PERMITTED_USES)[number] =>
    (PERMITTED_USES as readonly string[]).includes(u),
  );
  const notAllowed = PERMITTED_USES.filter((u) => !uses.includes(u));
  const media = record.processing.media.filter((m): m is keyof typeof KO_LABELS.media => m in KO_LABELS.media);

  const rows: Row[] = [
    { ...t.title, scale: 1.7, bold: true, after: 0.3 },
    { ...t.intro, after: 0.2 },
    { ko: `${t.issued.ko}: ${issuedOn}`, en: `${t.issued.en}: ${issuedOn}`, after: 0.4 },
  ];
  if (refused || !isActive(status)) rows.push({ ko: KO_LABELS.status[status], en: EN_LABELS.status[status], bold: true, after: 0.4 });
  if (!refused) {
    rows.push(
      { ...t.agreed, scale: 1.2, bold: true, rule: true, after: 0.2 },
      pair(t.name, KO_LABELS.name[id.name], EN_LABELS.name[id.name]),
      pair(t.face, KO_LABELS.face[id.face], EN_LABELS.face[id.face]),
      pair(t.voice, KO_LABELS.voice[id.voice], EN_LABELS.voice[id.voice]),
      pair(t.anonymityFrom, KO_LABELS.anonymityFrom[id.anonymity_from], EN_LABELS.anonymityFrom[id.anonymity_from]),
      listPair(
        t.media,
        media.map((m) => KO_LABELS.media[m]),
        media.map((m) => EN_LABELS.media[m]),
      ),
      listPair(
        t.usesAllowed,
        uses.map((u) => KO_LABELS.uses[u]),
        uses.map((u) => EN_LABELS.uses[u]),
      ),
      listPair(
        t.usesRefused,
        notAllowed.map((u) => KO_LABELS.uses[u]),
        notAllowed.map((u) => EN_LABELS.uses[u]),
      ),
    );
    const embargo = record.processing.embargo_until;
    if (embargo) rows.push({ ko: t.embargo.ko(embargo), en: t.embargo.en(embargo) });
    const expiry = record.processing.expires_on;
    rows.push(expiry ? { ko: t.expiry.ko(expiry), en: t.expiry.en(expiry) } : { ...t.noExpiry });
    if (outletName) rows.push(pair(t.outlet, outletName, outletName));
    rows[rows.length - 1]!.after = 0.4;
  }
  rows.push(
    { ...SECTION_TITLES.withdrawal, scale: 1.2, bold: true, rule: true, after: 0.2 },
    { ko: withdrawal.ko.trim(), en: withdrawal.en.trim(), long: true, after: 0.5 },
    { ko: `${t.reference.ko}: ${reference}`, en: `${t.reference.en}: ${reference}`, scale: 1.3, bold: true, boxed: true, after: 0.2 },
    { ...t.referenceUse, after: 0.4 },
  );
  if (contact) rows.push({ ...pair(t.contact, contact, contact), after: 0.4 });
  rows.push({ ...t.safety, bold: true });
  return rows;
}

/** Lines of text placed within their row (offsets from the row's top left corner). */
interface Block {
  lines: string[];
  dx: number;
  dy: number;
  style: TextStyle;
}
interface PlacedRow {
  blocks: Block[];
  boxes: { dx: number; dy: number; width: number; height: number }[];
  rule: boolean;
  height: number;
}

const pad = (size: number): number => size * 0.5;
const styleOf = (row: Row, size: number): TextStyle => ({ size: size * (row.scale ?? 1), bold: row.bold });

/**
 * Every row broken into lines, placed and measured at body size `size`. Side by side, Korean takes the left column
 * and English the right; `stacked` sets long rows (the withdrawal text) at full width, Korean above English, which
 * takes less height when one language is much longer than the other.
 */
function layoutAt(doc: Doc, rows: Row[], size: number, stacked: boolean): { rows: PlacedRow[]; total: number } {
  const full = contentWidth(doc);
  const column = (full - GUTTER) / 2;
  const placed = rows.map((row): PlacedRow => {
    const style = styleOf(row, size);
    const inset = row.boxed ? pad(size) : 0;
    const top = row.rule ? size * 0.5 : 0;
    const place = (text: string, dx: number, dy: number, width: number): Block => ({
      lines: wrapWords(doc, text, width, style),
      dx,
      dy,
      style,
    });
    const height = (block: Block) => linesHeight(doc, block.lines, style);
    let blocks: Block[];
    let textHeight: number;
    if (stacked && row.long) {
      const ko = place(row.ko, 0, top, full);
      const en = place(row.en, 0, top + height(ko) + size * 0.6, full);
      blocks = [ko, en];
      textHeight = height(ko) + size * 0.6 + height(en);
    } else {
      const width = column - 2 * inset;
      blocks = [place(row.ko, inset, top + inset, width), place(row.en, column + GUTTER + inset, top + inset, width)];
      textHeight = Math.max(...blocks.map(height));
    }
    const boxHeight = textHeight + 2 * inset;
    const boxes = row.boxed ? [0, column + GUTTER].map((dx) => ({ dx, dy: top, width: column, height: boxHeight })) : [];
    return { blocks, boxes, rule: !!row.rule, height: top + boxHeight + (row.after ?? 0.15) * size };
  });
  return { rows: placed, total: placed.reduce((sum, r) => sum + r.height, 0) };
}

/** The layout at the largest size that fits in `available` points; at each size, side by side before stacked. */
function firstFitting(doc: Doc, rows: Row[], available: number): PlacedRow[] | undefined {
  for (const size of SIZES) {
    for (const stacked of [false, true]) {
      const layout = layoutAt(doc, rows, size, stacked);
      if (layout.total <= available) return layout.rows;
    }
  }
  return undefined;
}

/**
 * The receipt as a one-page PDF. Rejects without a reference or a withdrawal text in both languages, and when the
 * texts do not fit on one page even at the smallest size.
 */
export function renderReceipt(input: ReceiptInput): Promise<Buffer> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.issuedOn) || Number.isNaN(Date.parse(input.issuedOn))) {
    return Promise.reject(new Error(`issuedOn must be a date like 2026-11-20, not “${input.issuedOn}”.`));
  }
  if (!input.reference.trim()) return Promise.reject(new Error("A receipt needs a reference for the source to quote."));
  if (!input.withdrawal.ko.trim() || !input.withdrawal.en.trim()) {
    return Promise.reject(new Error("A receipt must say how to withdraw: the script's withdrawal text is missing in Korean or English."));
  }
  const rows = receiptRows(input);
  return renderToBuffer(
    // The date only, not the time: the file should not say when the source met anyone.
    {
      title: `${RECEIPT_TEXT.title.ko} / ${RECEIPT_TEXT.title.en}`,
      lang: "ko",
      creationDate: new Date(`${input.issuedOn}T00:00:00Z`),
      nameProducer: false,
      margin: MARGIN,
    },
    (doc) => {
      const available = doc.page.height - doc.page.margins.top - doc.page.margins.bottom;
      const layout = firstFitting(doc, rows, available);
      if (!layout) throw new Error("The receipt does not fit on one page: the withdrawal text is too long.");
      drawRows(doc, layout);
      const pages = doc.bufferedPageRange().count;
      if (pages !== 1) throw new Error(`The receipt must be one page, but it took ${pages}.`);
    },
  );
}

function drawRows(doc: Doc, rows: PlacedRow[]): void {
  const x = left(doc);
  let y = doc.page.margins.top;
  for (const row of rows) {
    if (row.rule) {
      doc
        .moveTo(x, y)
        .lineTo(x + contentWidth(doc), y)
        .lineWidth(0.75)
        .stroke(INK);
    }
    for (const block of row.blocks) drawLines(doc, block.lines, x + block.dx, y + block.dy, block.style);
    for (const box of row.boxes) {
      doc
        .rect(x + box.dx, y + box.dy, box.width, box.height)
        .lineWidth(1.5)
        .stroke(INK);
    }
    y += row.height;
  }
}
