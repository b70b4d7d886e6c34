/**
 * Korean surnames with their spellings across scripts (guidance §5.3, extended with less common surnames).
 * Each row is one equivalence class: a name spelled with any cell of the row is the same surname.
 * Hangul lists the South and North Korean forms where the initial sound rule makes them differ (이/리, 임/림…).
 * Cyrillic follows the Kontsevich system and observed Russian/Ukrainian media practice (Ли/Лі, Пэк/Пек, Цой).
 */

export interface SurnameRow {
  hangul: readonly string[];
  hanja: readonly string[];
  latin: readonly string[];
  cyrillic: readonly string[];
  /** Share of the population is large (top 25 in South Korea): used to weight generic detection. */
  common?: boolean;
}

const row = (
  hangul: string,
  hanja: string,
  latin: string,
  cyrillic: string,
  common = false,
): SurnameRow => ({
  hangul: hangul.split(" "),
  hanja: hanja.split(" ").filter(Boolean),
  latin: latin.split(" "),
  cyrillic: cyrillic.split(" "),
  common,
});

export const SURNAMES: readonly SurnameRow[] = [
  row("김", "金", "Kim Gim Ghim Khim Kym Geem", "Ким Кім", true),
  row("이 리", "李", "Lee Yi I Ri Rhee Ree Rhie Li Rey Yee Rhi Lie", "Ли Лі Ри Рі И І", true),
  row("박", "朴", "Park Pak Bak Bark Pack Bac Bahk", "Пак", true),
  row("최", "崔", "Choi Choe Ch'oe Choy Chey Che Chwe Tsoi", "Чхве Цой Чве Чой", true),
  row("정", "鄭 丁 程", "Chung Jung Jeong Joung Chong Cheong Choung Jong Chŏng Ch'ŏng", "Чон Тен Чонг", true),
  row("강", "姜 康", "Kang Gang Kahng Khang", "Кан", true),
  row("조", "趙 曺", "Cho Jo Joe Joh Ch'o", "Чо Тё Джо", true),
  row("윤", "尹", "Yoon Yun Youn Yune", "Юн", true),
  row("장", "張", "Chang Jang Jahng Jhang", "Чан Тян Джан", true),
  row("임 림", "林 任", "Lim Im Yim Rim Leem Rhim Reem", "Лим Лім Им Ім Рим Рім", true),
  row("한", "韓", "Han Hahn Hann", "Хан", true),
  row("오", "吳", "Oh O Oe", "О", true),
  row("서", "徐", "Suh Seo So Sur Su Sŏ", "Со", true),
  row("신", "申 辛", "Shin Sin Shinn Sheen", "Син Сін Шин", true),
  row("권", "權", "Kwon Gwon Kweon Kwun Kwŏn", "Квон", true),
  row("황", "黃", "Hwang Whang", "Хван", true),
  row("안", "安", "Ahn An Ann", "Ан", true),
  row("송", "宋", "Song Soung Sung", "Сон Сонг", true),
  row("전", "全 田", "Jeon Jun Chun Chon Cheon Chŏn Jon", "Чон Чен", true),
  row("홍", "洪", "Hong Houng", "Хон Хонг", true),
  row("유 류", "柳 劉 兪", "Yoo Yu You Ryu Rhyu Ryoo Lyu", "Ю Рю Лю", true),
  row("백", "白", "Baek Paek Paik Baik Back Paeck", "Пэк Пек", true),
  row("손", "孫", "Son Sohn", "Сон", true),
  row("배", "裵", "Bae Pae Bai", "Пэ Пе", true),
  row("양 량", "梁 楊", "Yang Ryang", "Ян Рян", true),
  row("고", "高", "Ko Go Koh Goh", "Ко"),
  row("문", "文", "Moon Mun Mune", "Мун"),
  row("남", "南", "Nam", "Нам"),
  row("노 로", "盧 魯", "Noh No Roh Ro Rho", "Но Ро"),
  row("하", "河", "Ha Hah", "Ха"),
  row("곽", "郭", "Kwak Gwak", "Квак"),
  row("성", "成", "Sung Seong Sŏng", "Сон Сын"),
  row("차", "車", "Cha Ch'a", "Ча Чха"),
  row("주", "朱 周", "Joo Ju Chu Choo", "Чу Чжу"),
  row("우", "禹", "Woo U Wu", "У"),
  row("구", "具", "Koo Ku Gu Goo", "Ку"),
  row("민", "閔", "Min", "Мин Мін"),
  row("진", "陳 秦", "Jin Chin", "Чин Чін Джин"),
  row("지", "池", "Ji Chi Jee", "Чи Чі"),
  row("엄", "嚴", "Um Eom Ŏm", "Ом"),
  row("채", "蔡", "Chae Ch'ae Chai", "Чхэ Чхе Чэ"),
  row("원", "元", "Won Weon Wŏn", "Вон"),
  row("천", "千", "Chun Cheon Ch'ŏn", "Чхон"),
  row("방", "方", "Bang Pang", "Пан"),
  row("공", "孔", "Kong Gong", "Кон"),
  row("현", "玄", "Hyun Hyeon Hyŏn Hyon", "Хён Хьон"),
  row("함", "咸", "Ham Hahm", "Хам"),
  row("변", "邊", "Byun Byeon Pyon Pyŏn", "Пён Пьон"),
  row("염 렴", "廉", "Yeom Yum Yŏm Ryom", "Ём Йом Рём"),
  row("여 려", "呂", "Yeo Yŏ Yo Ryo", "Ё Йо Рё"),
  row("추", "秋", "Choo Chu Ch'u", "Чху"),
  row("도", "都", "Do To Doh", "То"),
  row("소", "蘇", "So Soh", "Со"),
  row("석", "石", "Seok Suk Sŏk", "Сок"),
  row("선", "宣", "Sun Seon Sŏn", "Сон"),
  row("설", "薛", "Seol Sol Sul", "Соль Сол"),
  row("마", "馬", "Ma", "Ма"),
  row("길", "吉", "Gil Kil", "Киль Кіль"),
  row("연 련", "延", "Yeon Yon Ryon", "Ён Йон Рён"),
  row("위", "魏", "Wi Wee", "Ви Ві"),
  row("표", "表", "Pyo P'yo", "Пхё Пхьо"),
  row("명", "明", "Myung Myeong Myŏng", "Мён Мьон"),
  row("기", "奇", "Ki Gi Kee", "Ки Кі"),
  row("반", "潘", "Ban Pan", "Пан"),
  row("왕", "王", "Wang", "Ван"),
  row("금", "琴", "Keum Kum Geum Kŭm", "Кым Кин"),
  row("옥", "玉", "Ok Ock", "Ок"),
  row("육 륙", "陸", "Yuk Yook Ryuk", "Юк Рюк"),
  row("인", "印", "In", "Ин Ін"),
  row("맹", "孟", "Maeng", "Мэн Мен"),
  row("제", "諸", "Je Che", "Че"),
  row("모", "牟", "Mo", "Мо"),
  row("탁", "卓", "Tak Tahk", "Тхак"),
  row("국", "鞠", "Kook Kuk Guk", "Кук"),
  row("은", "殷", "Eun Ŭn", "Ын Ин"),
  row("편", "片", "Pyeon P'yŏn", "Пхён Пхьон"),
  row("용 룡", "龍", "Yong Ryong", "Ён Йон Рён Рьон"),
  row("예", "芮", "Ye Yea", "Е Є Йе"),
  row("경", "景", "Kyung Gyeong Kyŏng", "Кён Кьон"),
  row("봉", "奉", "Bong Pong", "Пон"),
  row("사", "史", "Sa", "Са"),
  row("부", "夫", "Boo Bu Pu", "Пу"),
  row("계", "桂", "Kye Gye Kae", "Ке Кє Кё"),
  row("태", "太", "Tae T'ae", "Тхэ Тхе"),
  row("빈", "賓", "Bin Pin", "Пин Пін"),
  row("승", "承", "Seung Sŭng", "Сын Син"),
  row("형", "邢", "Hyung Hyeong", "Хён Хьон"),
  row("라 나", "羅", "Ra Na La", "Ра На"),
  row("황보", "皇甫", "Hwangbo", "Хванбо"),
  row("남궁", "南宮", "Namgung Namkoong", "Намгун"),
  row("선우", "鮮于", "Sunwoo Seonu Sonu", "Сону"),
  row("제갈", "諸葛", "Jegal Chegal", "Чегаль"),
  row("독고", "獨孤", "Dokgo Tokko", "Токко"),
];

/**
 * Latin spellings that are also English words or single letters ("I", "So", "Song", "Moon", "Park" is not here
 * because the noun is lower case in prose). Names starting with them need stronger evidence.
 */
export const AMBIGUOUS_LATIN = new Set(
  (
    "i o u an ann so son song sung sun han ha ma do no na go to gil ban bang pan pang gang moon won ok ko gu ku " +
    "yu you yoo young ye yee yea ra la sa bu boo mo in che joe chin kong back pack bark sur su oe um kee gi ki " +
    "je bin pin ham wee wi chu choo ju joo woo wu yeo yo chi ji jee cha bai sin sheen hann rey ree chey lie " +
    "roh ro rho noh goh koh tak kook bong pong hong yong ryong kil jon chun jun nam min sol sul eun ock kum " +
    "yun wang kye gye kae tae rim im yim mun pyo ryo yon ryon"
  ).split(" "),
);

/** Cyrillic surname spellings that are also common words (prepositions, pronouns: О, Со, Им, Ан, У, Но…). */
export const AMBIGUOUS_CYRILLIC = new Set(
  "о со им ан у но на то ко ма мо са пу ке е є ын ок ра ха ча чи ки ви пан сок соль сон ин ін и і ро чо ку ван ом юк"
    .split(" "),
);

/**
 * Hangul surname syllables that also begin very common words (이 "this", 정 "exactly", 한 "one", 오 "five"…):
 * a three-syllable word starting with them is a name only with supporting context.
 */
export const AMBIGUOUS_HANGUL = new Set(
  "이 정 한 오 서 신 안 전 유 양 임 장 조 배 노 하 주 구 우 나 문 성 차 진 지 마 도 원 방 공 석 선 설 여 연 표 명 기 반 왕 금 옥 인 제 모 국 은 용 예 경 사 부 계 태 빈 승 형 라 소 추 함 변 천 위 길 남 현 고 강 송 홍 손 백 육"
    .split(" "),
);

// ------------------------------------------------------------------------------------------- Indexes
function buildIndex(pick: (r: SurnameRow) => readonly string[], fold: (s: string) => string) {
  const index = new Map<string, SurnameRow[]>();
  for (const r of SURNAMES) {
    for (const form of pick(r)) {
      const key = fold(form);
      const rows = index.get(key);
      if (rows) {
        if (!rows.includes(r)) rows.push(r);
      } else index.set(key, [r]);
    }
  }
  return index;
}

const PLAIN_ASCII = /^[A-Za-z]+$/;
const foldLatin = (s: string) =>
  PLAIN_ASCII.test(s) ? s.toLowerCase() : s.toLowerCase().replace(/['’ʼ`]/g, "").replace(/ŏ/g, "o").replace(/ŭ/g, "u");
const foldCyrillic = (s: string) => s.toLowerCase();

const LATIN_INDEX = buildIndex((r) => r.latin, foldLatin);
const CYRILLIC_INDEX = buildIndex((r) => r.cyrillic, foldCyrillic);
const HANGUL_INDEX = buildIndex((r) => [...r.hangul, ...r.hanja], (s) => s);

/** Surname rows a Latin word can spell (one-to-many: none here, but Cyrillic Чон is 정 or 전). */
export function latinSurname(word: string): readonly SurnameRow[] | undefined {
  return LATIN_INDEX.get(foldLatin(word));
}

export function cyrillicSurname(word: string): readonly SurnameRow[] | undefined {
  return CYRILLIC_INDEX.get(foldCyrillic(word));
}

/** Rows whose Hangul (or Hanja) form is exactly `syllables` (one syllable, or two for 남궁, 황보…). */
export function hangulSurname(syllables: string): readonly SurnameRow[] | undefined {
  return HANGUL_INDEX.get(syllables);
}

/** All spellings of any script that belong to the given rows. */
export function surnameForms(rows: readonly SurnameRow[]): { latin: Set<string>; cyrillic: Set<string>; hangul: Set<string> } {
  const latin = new Set<string>();
  const cyrillic = new Set<string>();
  const hangul = new Set<string>();
  for (const r of rows) {
    r.latin.forEach((f) => latin.add(foldLatin(f)));
    r.cyrillic.forEach((f) => cyrillic.add(foldCyrillic(f)));
    r.hangul.forEach((f) => hangul.add(f));
    r.hanja.forEach((f) => hangul.add(f));
  }
  return { latin, cyrillic, hangul };
}

export { foldLatin, foldCyrillic };
