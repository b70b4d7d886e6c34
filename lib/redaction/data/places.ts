/**
 * Places that identify a source (guidance §5.4, §8.3): North Korean provinces, cities, counties and city
 * districts; Chinese border cities on defector and remittance routes; Kursk-oblast localities where North
 * Korean troops fought and were captured. All are real, public geographic names.
 *
 * Korean names need one romanized spelling only: the phonetic key (phonetic.ts) matches every other
 * romanization and the Kontsevich Cyrillic form. Hangul is listed in the North Korean spelling (initial ㄹ/ㄴ);
 * the South Korean form is derived. Non-Korean names (Chinese, Russian) are matched by their exact forms.
 */
import { initialSoundAlternatives } from "../text/hangul";

export type PlaceKind = "nk-province" | "nk-city" | "nk-district" | "china-border" | "kursk";

export interface Place {
  latin: readonly string[];
  hangul: readonly string[];
  /** Exact Cyrillic forms (nominative); needed when the Kontsevich key differs from media practice. */
  cyrillic: readonly string[];
  kind: PlaceKind;
  /** Also a common noun in Hangul (개성 "personality", 구성 "composition"): needs a suffix or context there. */
  commonWord?: boolean;
  /** Capital whose name also stands for its government ("Pyongyang refused"): needs hometown context. */
  metonym?: boolean;
  /** Not Korean: match listed spellings exactly instead of by phonetic key. */
  exact?: boolean;
}

/** "Latin|Latin;한글 한글;Кир|Кир;flags" → Place. Flags: c = common word, m = metonym. */
function parse(kind: PlaceKind, spec: string): Place {
  const [latin = "", hangul = "", cyrillic = "", flags = ""] = spec.split(";");
  const list = (s: string, sep: string) => s.split(sep).map((x) => x.trim()).filter(Boolean);
  return {
    latin: list(latin, "|"),
    hangul: list(hangul, " "),
    cyrillic: list(cyrillic, "|"),
    kind,
    commonWord: flags.includes("c"),
    metonym: flags.includes("m"),
    exact: kind === "china-border" || kind === "kursk",
  };
}

const NK_PROVINCES = [
  "Pyongyang|P'yŏngyang|Pyeongyang;평양;Пхеньян|Пхёньян;m",
  "Rason|Rasŏn|Naseon;라선;Расон",
  "Nampo|Namp'o;남포;Нампхо",
  "Chagang|Jagang;자강;Чаган",
  "Hamgyong|Hamgyŏng|Hamgyeong|Hamgyongbuk|Hamgyeongbuk|Hamgyongnam|Hamgyeongnam|Hambuk|Hamnam;함경 함경북 함경남 함북 함남;Хамгён",
  "Hwanghae|Hwanghaebuk|Hwanghaenam;황해 황해북 황해남 황북 황남;Хванхэ|Хванхе",
  "Kangwon|Kangwŏn|Gangwon;강원;Канвон",
  "Pyongan|P'yŏngan|Pyeongan|Pyonganbuk|Pyeonganbuk|Pyongannam|Pyeongannam;평안 평안북 평안남 평북 평남;Пхёнан|Пхьонан",
  "Ryanggang|Yanggang;량강;Рянган|Янган",
];

const NK_CITIES = [
  "Chongjin;청진;Чхонджин", "Hamhung;함흥;Хамхын", "Hyesan;혜산;Хесан|Хьесан", "Musan;무산;Мусан",
  "Hoeryong;회령;Хверён|Хверьон", "Onsong;온성;Онсон", "Kimchaek;김책;Кимчхэк|Кімчхек", "Tanchon;단천;Танчхон",
  "Wonsan;원산;Вонсан", "Sinuiju;신의주;Синыйджу|Сінийджу", "Haeju;해주;Хэджу|Хеджу", "Sariwon;사리원;Саривон",
  "Kanggye;강계;Канге", "Pyongsong;평성;Пхёнсон", "Sunchon;순천;Сунчхон", "Anju;안주;Анджу;c", "Kaechon;개천;;c",
  "Tokchon;덕천;Токчхон", "Kusong;구성;;c", "Chongju;정주;;c", "Manpo;만포;Манпхо", "Huichon;희천;Хичхон",
  "Songnim;송림", "Kilju;길주;Кильчжу|Кильджу", "Hwasong;화성;;c", "Kyongsong;경성;;c", "Orang;어랑",
  "Myongchon;명천", "Puryong;부령", "Saebyol;새별", "Kyongwon;경원", "Yonsa;연사", "Samjiyon;삼지연;Самджиён",
  "Samsu;삼수", "Kapsan;갑산", "Pungso;풍서", "Taehongdan;대홍단", "Pochon;보천", "Kimhyongjik;김형직",
  "Sinpo;신포;Синпхо", "Pukchong;북청", "Hongwon;홍원", "Kowon;고원;;c", "Munchon;문천", "Tongchon;통천",
  "Anbyon;안변", "Kosong;고성;;c", "Ongjin;옹진", "Kangryong;강령", "Chaeryong;재령", "Sinchon;신천;;c",
  "Unryul;은률", "Anak;안악", "Pyoksong;벽성", "Hwangju;황주", "Kangso;강서;;c", "Pyongwon;평원", "Mundok;문덕",
  "Sukchon;숙천", "Ryonggang;룡강", "Kujang;구장;;c", "Nyongbyon|Yongbyon;녕변;Йонбён|Ёнбён", "Sakju;삭주",
  "Uiju;의주", "Ryongchon;룡천", "Cholsan;철산", "Sonchon;선천;;c", "Kwaksan;곽산", "Taechon;태천", "Unsan;운산",
  "Hyangsan;향산", "Hungnam;흥남;Хыннам", "Riwon;리원", "Hochon;허천", "Toksong;덕성", "Kumya;금야",
  "Jongpyong;정평", "Sinhung;신흥;;c", "Changjin;장진", "Pujon;부전", "Hamju;함주", "Komdok;검덕", "Rajin;라진;Раджин",
  "Sonbong;선봉", "Unggi;웅기", "Kaesong;개성;Кэсон|Кесон;c", "Hoechang;회창", "Songchon;성천", "Pyongsan;평산",
  "Sinpyong;신평", "Koksan;곡산", "Yonan;연안", "Paekam;백암", "Kimjongsuk;김정숙", "Tongsin;동신", "Chosan;초산",
  "Wiwon;위원", "Kangnam;강남;;c", "Sangwon;상원", "Chunghwa;중화;;c", "Kangdong;강동;;c", "Sunan;순안",
];

const NK_DISTRICTS = [
  "Sunam;수남", "Pohang;포항", "Songpyong;송평", "Chongam;청암", "Ranam;라남", "Sinam;신암", "Puyun;부윤",
  "Sapo;사포", "Hoesang;회상", "Songchongang;성천강", "Hungdok;흥덕", "Mangyongdae;만경대", "Moranbong;모란봉",
  "Sosong;서성", "Potonggang;보통강", "Taedonggang;대동강", "Rangnang;락랑", "Hyongjesan;형제산", "Ryongsong;룡성",
  "Samsok;삼석",
];

const CHINA_BORDER = [
  "Yanji;연길 옌지;Яньцзи|Яньцзы", "Yanbian;연변 옌볜 옌벤;Яньбянь", "Tumen;도문 투먼;Тумэнь|Тумень",
  "Hunchun;훈춘;Хуньчунь", "Helong;화룡;Хэлун", "Longjing;룡정 용정;Лунцзин", "Dandong;단동 단둥;Даньдун",
  "Shenyang;심양 선양;Шэньян|Шеньян", "Changbai;장백 창바이;Чанбай", "Linjiang;림강 린장;Линьцзян",
  "Ji'an|Jian;집안 지안;Цзиань", "Baishan;백산 바이산;Байшань", "Antu;안도 안투;Аньту", "Wangqing;왕청;Ванцин",
  "Tonghua;통화;Тунхуа",
  "延吉;延吉", "延边;延边 延邊", "丹东;丹东 丹東", "沈阳;沈阳 瀋陽", "图们;图们 圖們", "珲春;珲春 琿春", "长白;长白 長白",
];

const KURSK = [
  "Sudzha;수자;Суджа", "Korenevo;코레네보;Коренево", "Guevo;;Гуево|Гуєво", "Pogrebki;;Погребки|Погрібки",
  "Plekhovo;;Плехово", "Sverdlikovo;;Свердликово", "Makhnovka;;Махновка|Махнівка", "Malaya Loknya;;Малая Локня|Мала Локня",
  "Olgovka;;Ольговка|Ольгівка", "Kurilovka;;Куриловка", "Lyubimovka;;Любимовка", "Nikolayevo-Darino;;Николаево-Дарьино",
  "Darino;;Дарьино", "Martynovka;;Мартыновка", "Tetkino;;Тёткино|Теткино", "Glushkovo;;Глушково", "Snagost;;Снагость",
  "Kremyanoye;;Кремяное", "Oleshnya;;Олешня", "Zaoleshenka;;Заолешенка", "Goncharovka;;Гончаровка",
  "Kazachya Loknya;;Казачья Локня", "Cherkasskoye Porechnoye;;Черкасское Поречное", "Bolshoye Soldatskoye;;Большое Солдатское",
  "Gornal;;Горналь", "Russkoye Porechnoye;;Русское Поречное",
];

export const PLACES: readonly Place[] = [
  ...NK_PROVINCES.map((s) => parse("nk-province", s)),
  ...NK_CITIES.map((s) => parse("nk-city", s)),
  ...NK_DISTRICTS.map((s) => parse("nk-district", s)),
  ...CHINA_BORDER.map((s) => parse("china-border", s)),
  ...KURSK.map((s) => parse("kursk", s)),
];

/** Hangul spellings of a place, with the other side of the initial sound rule (량강 ↔ 양강, 라선 ↔ 나선). */
export function hangulForms(place: Place): string[] {
  const out = new Set<string>();
  for (const form of place.hangul) {
    out.add(form);
    for (const alt of initialSoundAlternatives(form.charAt(0))) out.add(alt + form.slice(1));
  }
  return [...out];
}
