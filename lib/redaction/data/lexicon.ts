/**
 * Word lists shared by recognizers: titles and ranks, kinship terms, occupations and workplaces, body marks,
 * month names, number words, and common words that look like Korean names. English, Korean, Russian, Ukrainian.
 */

const words = (s: string) => s.trim().split(/\s*\|\s*/).filter(Boolean);

/** Honorifics and ranks written before a name (Mr. Ma, Granny Cho, Private Kim, Sgt. Pak). */
export const TITLES_BEFORE_NAME = words(`
  Mr | Mrs | Ms | Miss | Mx | Dr | Madam | Mme | Granny | Grandma | Grandpa | Grandmother | Grandfather | Auntie |
  Aunt | Uncle | Comrade | Private | Pvt | Corporal | Cpl | Lance Corporal | Sergeant | Sgt | Staff Sergeant |
  Lieutenant | Lt | Captain | Capt | Major | Maj | Colonel | Col | Officer | Soldier | Pastor | Defector | POW
`);

/** Titles after a Hangul name (유 사장, 마 선생, 혜련 씨) and NK ranks. */
export const KOREAN_TITLES = words(`
  선생님 | 선생 | 사장님 | 사장 | 씨 | 님 | 동무 | 동지 | 할머니 | 할아버지 | 아저씨 | 아주머니 | 아줌마 | 언니 | 오빠 |
  형님 | 누님 | 병사 | 전사 | 하전사 | 상등병 | 하사 | 중사 | 상사 | 특무상사 | 소위 | 중위 | 상위 | 대위 | 소좌 | 중좌 | 상좌 | 대좌 |
  기자 | 목사 | 브로커
`);

/** Titles before a Cyrillic name (пан Кім, рядовий Пак). Lower case. */
export const CYRILLIC_TITLES = words(`
  пан | пані | господин | госпожа | рядовий | рядовой | солдат | сержант | єфрейтор | ефрейтор | лейтенант | капітан |
  капитан | майор | полковник | товарищ | військовополонений | военнопленный | полонений | пленный
`);

/** Kinship terms (English). */
export const KIN_EN = words(`
  mother | father | mum | mom | dad | parents | parent | wife | husband | son | daughter | brother | sister |
  brothers | sisters | sons | daughters | siblings | sibling | uncle | aunt | auntie | cousin | grandmother |
  grandfather | grandma | grandpa | granny | nephew | niece | fiancée | fiancee | fiancé | widow | stepfather |
  stepmother | in-law | mother-in-law | father-in-law
`);

export const KIN_KO = words(`
  어머니 | 아버지 | 엄마 | 아빠 | 어머님 | 아버님 | 부모님 | 부모 | 아내 | 처 | 남편 | 아들 | 딸 | 형 | 누나 | 언니 | 오빠 |
  동생 | 남동생 | 여동생 | 할머니 | 할아버지 | 삼촌 | 이모 | 고모 | 외삼촌 | 사촌 | 조카 | 외아들 | 홀어머니
`);

export const KIN_CYR = words(`
  мати | мама | матір | батько | тато | мать | отец | папа | дружина | жена | чоловік | муж | син | сын | дочка | донька |
  дочь | брат | сестра | бабуся | бабушка | дідусь | дедушка | дядько | дядя | тітка | тётя | тетя | батьки | родители
`);

/** Occupations and workplaces: a relative described by them becomes findable ("his mother, a teacher in…"). */
export const OCCUPATIONS_EN = words(`
  teacher | nurse | doctor | welder | fisherman | fishermen | farmer | miner | worker | driver | soldier | officer |
  engineer | cook | seller | vendor | trader | merchant | clerk | accountant | mechanic | carpenter | guard | policeman |
  official | cadre | professor | student | pupil | midwife | tailor | barber | smuggler | broker | stall | market |
  factory | mine | hospital | clinic | school | farm | cooperative | co-op | docks | dock | port | plant | complex |
  railway | station | office | works | worked | working | sells | sold | sell | runs | ran | manages | teaches | taught |
  serves | served | fishing | mining | shop | store | restaurant | kiosk | run | owns | own | police | party |
  secretary | manager | director | chairman | principal | pastor | army | farmhand | smuggles | smuggled
`);

export const OCCUPATIONS_KO = words(`
  교사 | 선생 | 간호사 | 의사 | 용접공 | 어부 | 농부 | 농장원 | 광부 | 로동자 | 노동자 | 운전수 | 운전사 | 군인 | 장교 |
  기사 | 장사 | 장사꾼 | 상인 | 시장 | 장마당 | 공장 | 광산 | 병원 | 학교 | 농장 | 협동농장 | 수산 | 부두 | 역 | 일하 | 팔아 | 팔고
`);

export const OCCUPATIONS_CYR = words(`
  учитель | учительница | вчитель | вчителька | медсестра | врач | лікар | лікарка | сварщик | зварювальник | рыбак |
  рибалка | фермер | шахтер | шахтёр | шахтар | рабочий | робітник | водитель | водій | торгует | торгує | продавщица |
  продавчиня | рынок | ринку | ринок | рынке | завод | заводі | заводе | шахта | шахті | больнице | лікарні | школе | школі |
  працює | работает
`);

/** Distinctive marks (guidance §5.1, §8.4): always worth a reviewer's look. */
export const MARKS_STRONG = words(`
  tattoo | tattoos | tattooed | scar | scars | scarred | mole | moles | birthmark | birthmarks | burn scar | burns |
  six fingers | missing finger | missing fingers | missing tooth | missing teeth | gold tooth | limp | limps | stutter |
  stammer | lisp | deformed | deformity | amputated | prosthetic | glass eye | cleft | harelip | squint | freckles |
  문신 | 흉터 | 화상 | 점이 | 반점 | 절뚝 | 말더듬 | 의수 | 의족 | 버릇 |
  шрам | шрами | шрамы | татуировк | татуюванн | тату | родимк | родинк | родимое пятно | опік | ожог | кульга | хромает
`);

/** Body parts that make a mark specific when written with a side ("left arm", "right wrist", 왼팔). */
export const BODY_PARTS_EN = words(`
  arm | arms | hand | hands | wrist | wrists | finger | fingers | thumb | leg | legs | foot | feet | knee | ankle | cheek |
  cheeks | eye | eyes | ear | ears | eyebrow | shoulder | neck | chest | back | calf | thigh | forearm | palm | palms |
  jaw | chin | forehead | lip | nose | temple | hip
`);

export const SIDE_BODY_KO = words(`왼팔 | 오른팔 | 왼손 | 오른손 | 왼쪽 | 오른쪽 | 왼발 | 오른발 | 왼다리 | 오른다리 | 왼눈 | 오른눈 | 손목 | 턱`);

export const MONTHS_EN = words(`
  January | February | March | April | May | June | July | August | September | October | November | December |
  Jan | Feb | Mar | Apr | Jun | Jul | Aug | Sep | Sept | Oct | Nov | Dec
`);

/** Russian and Ukrainian month names in the genitive ("5 мая 2004", "5 травня 2004") and nominative. */
export const MONTHS_CYR = words(`
  января | февраля | марта | апреля | мая | июня | июля | августа | сентября | октября | ноября | декабря |
  январь | февраль | март | апрель | май | июнь | июль | август | сентябрь | октябрь | ноябрь | декабрь |
  січня | лютого | березня | квітня | травня | червня | липня | серпня | вересня | жовтня | листопада | грудня |
  січень | лютий | березень | квітень | травень | червень | липень | серпень | вересень | жовтень | листопад | грудень
`);

/** English number words for ages 14–79 ("Twenty", "Twenty-one", "Nineteen"). */
const UNITS = "one|two|three|four|five|six|seven|eight|nine";
export const AGE_WORDS_PATTERN =
  `(?:fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty|sixty|seventy)(?:[- ](?:${UNITS}))?)`;

/**
 * English words that also parse as romanized Korean syllables ("the", "Made", "Home"). A capitalized one after a
 * surname is not taken as a given name.
 */
export const ENGLISH_STOPWORDS = new Set(
  words(`
  the | then | than | them | thee | he | she | we | me | be | so | no | go | do | to | too | into | onto | on | in | an |
  am | a | i | o | oh | ha | hi | ho | yo | ye | yea | yes | ok | ah | eh | um | us | up | me | my | by | mine | made |
  make | take | time | home | name | done | gone | none | some | same | come | came | tone | note | hope | pure | sure |
  more | most | here | there | were | where | one | once | ran | run | sun | son | song | sung | man | men | can | pan |
  ban | tan | nan | hang | sang | rang | long | song | bong | gong | dong | king | sing | ring | thing | chin | shin |
  shine | mine | line | tine | pine | dine | nine | wine | wing | win | won | wan | wane | one | bone | cone | hone | lone |
  pone | sone | tome | dome | home | lime | time | mime | rime | sheen | teen | seen | keen | been | seem | team | seam |
  beam | ream | gem | hem | them | ten | hen | pen | den | men | sen | yen | then | when | hun | bun | gun | nun | pun |
  pun | tun | sin | tin | pin | bin | din | kin | gin | him | dim | rim | aim | jam | ham | ram | pam | tam | sam | dam |
  mom | pom | tom | bomb | gum | hum | sum | yum | rum | chum | mum | bum | jim | kim | tim | hat | bat | cat | pat |
  sat | mat | rat | that | what | hot | not | pot | got | lot | rot | tot | dot | shot | cut | hut | nut | put | but |
  shut | tut | bit | hit | kit | lit | pit | sit | wit | it | at | ate | gate | hate | late | mate | rate | date |
  sake | bake | cake | lake | make | rake | wake | joke | poke | woke | bike | hike | like | pike | spike | cheap |
  cheek | check | peak | peek | keep | deep | sheep | weep | seek | week | leek | meek | sleek | book | look | took |
  cook | hook | nook | shook | kook | bulk | punk | sunk | bunk | hunk | junk | dunk | monk | honk | pink | sink | link |
  wink | mink | tank | bank | rank | sank | yank | hank | pack | back | sack | tack | lack | rack | jack | hack | neck |
  deck | peck | heck | tick | kick | lick | pick | sick | wick | lock | rock | sock | dock | mock | knock | tuck | luck |
  duck | muck | puck | suck | took | tool | pool | cool | fool | school | soul | soup | loop | hoop | tour | your | our |
  hour | sour | pour | four | poor | door | moor | tear | near | hear | dear | rear | year | bear | pear | wear | sear |
  korea | korean | koreans | sino | china | japan | japanese | ukraine | russia | asia | kursk | seoul | kyiv | kiev |
  moscow | putin | north | south | east | west | house | hotel | taxi | team | camp | army | corps | unit | media | data |
  russian | ukrainian | chinese | english | japanese | american | european | asian | soviet |
  radio | video | audio | photo | memo | note | notes | log | tag | oblast | post | pow | pows | nato | un | eu | ukr
`),
);

/**
 * Common Korean words that begin with a surname syllable (최근 "recently", 박물관 "museum", 이야기 "story"):
 * a Hangul word starting with one of these two-syllable stems is not a name.
 */
export const KOREAN_NON_NAME_STEMS = new Set(
  words(`
  최근 | 최고 | 최대 | 최소 | 최초 | 최종 | 최선 | 최악 | 최신 | 박물 | 박사 | 박수 | 박스 | 김밥 | 김치 | 김장 | 이야 | 이번 |
  이름 | 이제 | 이후 | 이전 | 이상 | 이유 | 이미 | 이렇 | 이런 | 이러 | 이것 | 이곳 | 이쪽 | 이미 | 이동 | 이용 | 이해 | 이야기 |
  정말 | 정부 | 정보 | 정도 | 정신 | 정치 | 정확 | 정리 | 한국 | 한번 | 한편 | 한데 | 한테 | 오늘 | 오직 | 오래 | 오전 | 오후 |
  서로 | 서울 | 서류 | 신문 | 신고 | 신청 | 신분 | 안전 | 안에 | 안녕 | 안내 | 전쟁 | 전화 | 전에 | 전부 | 전혀 | 전투 | 전선 |
  유럽 | 유일 | 양쪽 | 장소 | 장교 | 장마 | 조사 | 조선 | 조금 | 조심 | 윤리 | 권리 | 황당 | 송금 | 홍보 | 백만 | 손님 | 배우 |
  노동 | 로동 | 하지 | 하고 | 주민 | 구역 | 우리 | 문제 | 성공 | 차량 | 진짜 | 지금 | 지난 | 남쪽 | 남편 | 원래 | 방법 | 석방 |
  강조 | 강한 | 강제 | 고향 | 고맙 | 마음 | 마지 | 도움 | 도시 | 부대 | 부모 | 사람 | 사진 | 기자 | 기다 | 공장 | 모두 | 모습 |
  여기 | 여자 | 연락 | 명령 | 인터 | 제가 | 제일 | 국가 | 국경 | 용서 | 예전 | 경우 | 사실 | 소식 | 추석 | 함께 | 천천 | 위해 |
  길에 | 남자 | 현재 | 고생 | 방송 | 왕래 | 태어 | 승인 | 형제 | 나라 | 나중 | 라고 | 계속 | 계획 | 육군 | 백두 | 송환 | 포로
`),
);

/**
 * Common Ukrainian and Russian first names (Latin transliterations and Cyrillic): fixers, medics, guards and
 * translators named in passing are private people too. With a Slavic surname after them they form a name.
 */
export const SLAVIC_FIRST_NAMES = new Set(
  words(`
  olena | oksana | iryna | irina | natalia | natalya | nataliia | tetiana | tatiana | tatyana | maria | mariia | anna |
  yulia | yuliia | olha | olga | svitlana | svetlana | kateryna | ekaterina | yekaterina | halyna | galina | liudmyla |
  lyudmila | nadiia | nadezhda | viktoria | victoria | alina | daria | darya | sofia | valentyna | valentina | larysa |
  larisa | inna | alla | marina | maryna | elena | yelena | ludmila | anastasia | anastasiia | khrystyna | kristina |
  dmytro | dmitry | dmitri | oleksandr | aleksandr | alexander | alexandr | andriy | andrii | andrei | andrey | serhiy |
  serhii | sergei | sergey | volodymyr | vladimir | mykola | nikolai | nikolay | ivan | vasyl | vasily | taras |
  yuriy | yurii | yuri | viktor | victor | oleh | oleg | petro | pyotr | pavlo | pavel | mykhailo | mikhail | bohdan |
  bogdan | roman | artem | artyom | maksym | maxim | denys | denis | vitaliy | vitalii | vitaly | ihor | igor |
  yevhen | evgeny | yevgeny | stanislav | anatoliy | anatoly | valeriy | valery | ruslan | vadym | vadim | kostiantyn |
  konstantin | hennadiy | gennady | borys | boris | stepan | anton | kyrylo | kirill | illia | ilya | fedir | fyodor |
  олена | оксана | ірина | ирина | наталія | наталья | тетяна | татьяна | марія | мария | анна | юлія | юлия | ольга |
  світлана | светлана | катерина | екатерина | галина | людмила | надія | надежда | вікторія | виктория | аліна | алина |
  дарія | дарья | софія | софия | валентина | лариса | інна | алла | марина | анастасія | анастасия | христина |
  дмитро | дмитрий | олександр | александр | андрій | андрей | сергій | сергей | володимир | владимир | микола |
  николай | іван | иван | василь | василий | тарас | юрій | юрий | віктор | виктор | олег | петро | пётр | петр |
  павло | павел | михайло | михаил | богдан | роман | артем | артём | максим | денис | віталій | виталий | ігор |
  игорь | євген | евгений | станіслав | станислав | анатолій | анатолий | валерій | валерий | руслан | вадим |
  костянтин | константин | геннадій | геннадий | борис | степан | антон | кирило | кирилл | ілля | илья | федір | фёдор
`),
);
