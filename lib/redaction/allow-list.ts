/**
 * The allow list: text that is never flagged, because naming it endangers nobody. Public figures in their public
 * role, organisations, countries, and ordinary words that look like Korean names. A finding that lies entirely
 * inside an allowed occurrence is dropped ("Kim" inside "Kim Jong Un"). Editors extend the list per scan.
 *
 * Matching is by word tokens (one pass over the text's tokens, no giant regex): case-insensitive unless the entry
 * says otherwise; spaces and hyphens between words are interchangeable (Kim Jong Un, Kim Jong-un); Cyrillic words
 * accept case endings (Путина, Зеленского), Hangul words particles (김정은은).
 */
import { particleReadings } from "./text/hangul";
import { tokenize } from "./text/tokens";
import type { AllowEntry, Finding, Token } from "./types";

const list = (reason: string, caseSensitive: boolean, s: string): AllowEntry[] =>
  s
    .split("|")
    .map((t) => t.trim())
    .filter(Boolean)
    .map((text) => ({ text, reason, caseSensitive }));

export const DEFAULT_ALLOW_LIST: readonly AllowEntry[] = [
  ...list(
    "public figure",
    false,
    `
    Kim Jong Un | Kim Jong-un | Kim Jong Il | Kim Jong-il | Kim Il Sung | Kim Il-sung | Kim Yo Jong | Kim Yo-jong |
    Kim Ju Ae | Ri Sol Ju | Choe Son Hui | Choe Ryong Hae | Pak Thae Song | Kim Tok Hun | No Kwang Chol |
    Kim Yong Chol | Kim Song Nam | Pak Pong Ju | Kim Jong Suk |
    김정은 | 김정일 | 김일성 | 김여정 | 김주애 | 리설주 | 최선희 | 최룡해 | 박태성 | 김덕훈 | 노광철 | 김정숙 |
    Ким Чен Ын | Ким Чен Ин | Кім Чен Ин | Ким Чен Ир | Кім Чен Ір | Ким Ир Сен | Кім Ір Сен | Ким Ё Чжон | Кім Йо Чжон |
    Vladimir Putin | Putin | Путин | Путін | Volodymyr Zelensky | Volodymyr Zelenskyy | Zelensky | Zelenskyy |
    Zelenskiy | Зеленский | Зеленський | Sergei Shoigu | Shoigu | Шойгу | Andrei Belousov | Belousov | Белоусов |
    Valery Gerasimov | Gerasimov | Герасимов | Kyrylo Budanov | Budanov | Буданов | Oleksandr Syrskyi | Сирський |
    Andriy Yermak | Dmytro Lubinets | Лубінець | Dmytro Kuleba | Andrii Sybiha | Yoon Suk Yeol | Yoon Suk-yeol |
    윤석열 | Lee Jae-myung | Lee Jae Myung | 이재명 | Moon Jae-in | 문재인 | Han Duck-soo | 한덕수 | Cho Tae-yong |
    Kim Yong-hyun | Yu Yong-weon | 유용원 | Ahn Chang-ho | 안창호 | Elizabeth Salmón | Volker Türk | António Guterres |
    Park Geun-hye | Lee Myung-bak | Roh Moo-hyun | Kim Dae-jung | Kim Young-sam | Chun Doo-hwan | Roh Tae-woo |
    Park Chung-hee | Syngman Rhee | Choe Hyon | Kim Chaek | Jang Song Thaek | Ri Yong Ho | Kim Yong Nam |
    박근혜 | 이명박 | 노무현 | 김대중 | 김영삼 | 전두환 | 노태우 | 박정희 | 이승만 | 장성택 | 김영남 |
    Liz Throssell | Xi Jinping | 习近平 | 시진핑 | Donald Trump | Joe Biden | Sokeel Park
  `,
  ),
  ...list(
    "organisation",
    false,
    `
    ICRC | International Committee of the Red Cross | Red Cross | Міжнародний комітет Червоного Хреста |
    Международный комитет Красного Креста | Червоний Хрест | Красный Крест | 국제적십자위원회 | 적십자 |
    LiNK | Liberty in North Korea | UN | United Nations | UNHCR | OHCHR | UN Human Rights Office | ООН |
    Human Rights Watch | HRW | Amnesty International | NK News | NK Watch | Daily NK | NK Insider | NKDB | TJWG |
    Transitional Justice Working Group | Citizens' Alliance for North Korean Human Rights | NKHR | Mulmangcho |
    SBU | СБУ | HUR | ГУР | NIS | 국정원 | 국가정보원 | KPA | Korean People's Army | 조선인민군 | 인민군 |
    Ministry of Defence | Ministry of Defense | Міністерство оборони | Министерство обороны | Ministry of Foreign Affairs |
    MOFA | Ministry of Unification | 통일부 | 외교부 | KCNA | 조선중앙통신 | Yonhap | 연합뉴스 | Chosun Ilbo | 조선일보 |
    KBS | MBC | SBS | JoongAng | Korea Herald | Korea Times | VOA | RFA | Radio Free Asia | RFE/RL | BBC | Reuters |
    AFP | NYT | People Power Party | Democratic Party | Workers' Party of Korea | 조선로동당 | NATO | EU |
    Telegram | WeChat | KakaoTalk | Signal | WhatsApp | Facebook | YouTube | Instagram | Viber
  `,
  ),
  ...list(
    "country or region in general",
    false,
    `
    North Korea | South Korea | DPRK | ROK | КНДР | КНДР | Північна Корея | Северная Корея | 북한 | 조선 | 남한 | 한국 |
    Russia | Ukraine | China | Россия | Україна | Росія | Kursk region | Kursk | Курская область | Курська область |
    Seoul | 서울 | Kyiv | Kiev | Київ | Киев | Moscow | Москва | Beijing | 北京 | 베이징
  `,
  ),
  ...list(
    "common word",
    false,
    `
    kimchi | 김치 | Hangul | Hangeul | 한글 | Hanja | Han Chinese | Korean | Koreans | Korean War | choice
  `,
  ),
  ...list("common word (lower case)", true, `park | lee | parks | song | son | moon | sun | young | chin | shin`),
];

export interface CompiledAllowList {
  /** Spans of allowed occurrences in the text, sorted by start. */
  spans(text: string, tokens: readonly Token[]): Array<[number, number]>;
}

interface CompiledEntry {
  /** Folded words after the first. */
  rest: string[][];
  caseSensitive: boolean;
}

/** Gap allowed between the words of an entry: spaces, a hyphen, a slash, a possessive. */
const ENTRY_GAP = /^(?:['’]s)?[\s\u00a0\-‐‑/'’.]{1,3}$/;
const NONE: readonly CompiledEntry[] = [];
const CYRILLIC_ENDING = /^[аяоеиыйьуюіїємхвгю]+$/;

/** Spellings a word may take in text: Cyrillic case endings, Korean particles. Lower-cased unless case-sensitive. */
function readingsOf(word: string, caseSensitive: boolean, forEntry: boolean): string[] {
  const w = caseSensitive ? word : word.toLowerCase();
  const code = w.charCodeAt(0);
  if (code >= 0x0400 && code <= 0x04ff) {
    const out = [w];
    const maxCut = forEntry ? 2 : 3;
    const minStem = forEntry ? 3 : 2;
    for (let cut = 1; cut <= maxCut && w.length - cut >= minStem; cut++) {
      if (CYRILLIC_ENDING.test(w.slice(w.length - cut))) out.push(w.slice(0, w.length - cut));
    }
    return out;
  }
  if (!forEntry && code >= 0xac00 && code <= 0xd7a3) return particleReadings(w, 1);
  return [w];
}

export function compileAllowList(entries: ReadonlyArray<string | AllowEntry>): CompiledAllowList {
  const index = new Map<string, CompiledEntry[]>();
  for (const raw of entries) {
    const entry = typeof raw === "string" ? { text: raw } : raw;
    const words = tokenize(entry.text.trim()).map((t) => t.text);
    if (words.length === 0) continue;
    const caseSensitive = Boolean(entry.caseSensitive);
    const compiled: CompiledEntry = {
      rest: words.slice(1).map((w) => readingsOf(w, caseSensitive, true)),
      caseSensitive,
    };
    const keys = new Set(readingsOf(words[0]!, caseSensitive, true));
    if (!caseSensitive) {
      // Also under the casings text uses, so most tokens are looked up without lower-casing them.
      for (const key of [...keys]) keys.add(key.toUpperCase()).add(key.charAt(0).toUpperCase() + key.slice(1));
      keys.add(words[0]!);
    }
    for (const key of keys) {
      const list = index.get(key);
      if (list) {
        if (!list.includes(compiled)) list.push(compiled);
      } else index.set(key, [compiled]);
    }
  }

  const matchesAt = (text: string, tokens: readonly Token[], i: number, entry: CompiledEntry): number => {
    let last = tokens[i]!;
    for (const accepted of entry.rest) {
      const next = tokens[last.index + 1];
      if (!next || !ENTRY_GAP.test(text.slice(last.end, next.start))) return -1;
      if (!readingsOf(next.text, entry.caseSensitive, false).some((r) => accepted.includes(r))) return -1;
      last = next;
    }
    return last.end;
  };

  return {
    spans(text, tokens) {
      const out: Array<[number, number]> = [];
      const tryEntries = (i: number, key: string, caseSensitive: boolean) => {
        for (const entry of index.get(key) ?? NONE) {
          if (entry.caseSensitive !== caseSensitive) continue;
          const end = matchesAt(text, tokens, i, entry);
          if (end > 0) out.push([tokens[i]!.start, end]);
        }
      };
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i]!;
        if (t.script === "latin" || t.script === "other") {
          // The common case: one lookup of the token as written (entries are indexed under their usual casings).
          const entries = index.get(t.text);
          if (entries) {
            for (const entry of entries) {
              const end = matchesAt(text, tokens, i, entry);
              if (end > 0) out.push([t.start, end]);
            }
          }
          continue;
        }
        for (const caseSensitive of [false, true]) {
          for (const reading of new Set(readingsOf(t.text, caseSensitive, false))) tryEntries(i, reading, caseSensitive);
        }
      }
      return out;
    },
  };
}

const DEFAULT_COMPILED = compileAllowList(DEFAULT_ALLOW_LIST);

/** The default list, plus extra entries when given (compiled per call only then). */
export function allowListFor(extra: ReadonlyArray<string | AllowEntry> | undefined): CompiledAllowList {
  if (!extra || extra.length === 0) return DEFAULT_COMPILED;
  const extraCompiled = compileAllowList(extra);
  return {
    spans: (text, tokens) => [...DEFAULT_COMPILED.spans(text, tokens), ...extraCompiled.spans(text, tokens)].sort((a, b) => a[0] - b[0]),
  };
}

/** Drops findings lying entirely inside an allowed span. Spans must be sorted by start. */
export function filterAllowed(findings: readonly Finding[], spans: ReadonlyArray<[number, number]>): Finding[] {
  if (spans.length === 0) return [...findings];
  return findings.filter((f) => {
    // Binary search for the last span starting at or before f.start, then scan back while spans could cover f.
    let lo = 0;
    let hi = spans.length - 1;
    let idx = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid]![0] <= f.start) {
        idx = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let i = idx; i >= 0 && i > idx - 8; i--) {
      const [s, e] = spans[i]!;
      if (s <= f.start && f.end <= e) return false;
    }
    return true;
  });
}
