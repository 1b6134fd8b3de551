import type { Article } from "../knowledge/article.js";
import type { Zone } from "./lexicon.js";
import { fold } from "./normalize.js";
import { tagWords } from "./segment.js";

/**
 * What a sentence is about: the zone, or another park. A knowledge base that collects every article about the
 * zone also quotes its neighbours' figures ("样本经开区规划面积20平方公里"); a fact must only ever answer a
 * question about its own subject.
 *
 * Parks are recognised by pattern (a place name + 高新区/经开区/开发区/工业园 …, or "… High-tech Zone"), never
 * by whether a name happens to occur elsewhere in the corpus. 高新区 / 该区 / 园区 alone refer back to the park
 * the text was last about, and in an article about the zone, to the zone.
 */

/** Kinds of park, folded, longest first; each with the short form used in a park's name. */
const KINDS: ReadonlyArray<[string, string]> = [
  ["国家高新技术产业开发区", "高新区"],
  ["高新技术产业开发区", "高新区"],
  ["高新技术开发区", "高新区"],
  ["经济技术开发区", "经开区"],
  ["经济开发区", "经开区"],
  ["国家高新区", "高新区"],
  ["高新区", "高新区"],
  ["经开区", "经开区"],
  ["工业园区", "工业园"],
  ["工业园", "工业园"],
  ["产业园区", "产业园"],
  ["产业园", "产业园"],
  ["科技园区", "科技园"],
  ["科技园", "科技园"],
  ["科技城", "科技城"],
  ["开发区", "开发区"],
  ["新区", "新区"],
  ["临空经济区", "临空经济区"],
  ["经济区", "经济区"],
  ["自由贸易试验区", "自贸区"],
  ["自贸区", "自贸区"],
  ["保税港区", "保税港区"],
  ["物流园区", "物流园"],
  ["物流园", "物流园"],
  ["软件园", "软件园"],
  ["综合保税区", "综保区"],
  ["综保区", "综保区"],
  ["保税区", "保税区"],
];

/**
 * The one known park of a kind the text names bare ("综保区规划面积多少" — no place name before it), when the kind is
 * not the zone's own and exactly one park of that kind is known: people shorten the only bonded zone in town so.
 */
export function onlyParkOfKind(folded: string, parks: Iterable<string>, zone: ZoneNames): string | undefined {
  const taken: Array<[number, number]> = [];
  const written: string[] = [];
  for (const [kind, short] of KINDS) {
    for (let at = folded.indexOf(kind); at !== -1; at = folded.indexOf(kind, at + 1)) {
      if (taken.some(([s, e]) => at < e && at + kind.length > s)) continue;
      taken.push([at, at + kind.length]);
      // ("园区到综保区多远", "去示例综保区要多久": where one goes is not what is asked about.)
      const before = folded.slice(0, at);
      const place = zone.cityPrefixes.find((c) => before.endsWith(c)) ?? "";
      if (!/(?:距离?|离|到|至|去|前往)$/.test(before.slice(0, before.length - place.length)))
        written.push(short);
    }
  }
  const kinds = [...new Set(written)].filter((short) => !zone.kinds.includes(short));
  if (kinds.length !== 1) return undefined;
  const kind = kinds[0] as string;
  const matching = [...parks].filter((p) => p !== zone.canonical && p.endsWith(kind));
  return matching.length === 1 ? matching[0] : undefined;
}

/** The kind a park's name ends in, as the short form (综保区 of 岈泓综保区), if it ends in a known one. */
function shortKindOf(park: string): string | undefined {
  return KINDS.find(([k, short]) => short === k && park.endsWith(short))?.[1];
}

/** The place part of a park's name (岈泓 of 岈泓经开区), or undefined when it ends in no known kind. */
export function parkPlace(park: string): string | undefined {
  const kind = shortKindOf(park);
  return kind ? park.slice(0, -kind.length) : undefined;
}

/** A park's name and the other ways to write it (样本综保区, 样本综合保税区), its own first. */
export function parkSpellings(park: string): string[] {
  const kind = shortKindOf(park);
  if (!kind) return [park];
  const place = park.slice(0, -kind.length);
  return [park, ...KINDS.filter(([k, short]) => short === kind && k !== short).map(([k]) => `${place}${k}`)];
}

/** The other ways to write a kind of park ("综保区" → 综合保税区): a sentence may spell out what a question shortens. */
export function kindSpellings(word: string): string[] {
  const short = KINDS.find(([kind]) => kind === word)?.[1];
  if (!short) return [];
  return KINDS.filter(([kind, s]) => s === short && kind !== word && !kind.startsWith("国家")).map(
    ([kind]) => kind,
  );
}
const KIND = new RegExp(KINDS.map(([k]) => k).join("|"), "g");

/**
 * The text with a space after every park kind, so that segmentation does not glue the kind's last character to
 * the word after it ("经开区隔多远" → 经开 + 区隔).
 */
export function spacedAfterKinds(text: string): string {
  return text.replace(KIND, "$& ");
}
/** English park names: "Yangben Economic Development Zone", "Shili High-tech Industrial Park". */
const ENGLISH_PARK =
  /\b([A-Z][a-z]+(?: [A-Z][a-z]+)?) (?:National )?(?:High[- ]?[Tt]ech|Hi-[Tt]ech|Economic(?: and Technological)? Development|Industrial|Science) (?:Industrial )?(?:Development )?(?:Zone|Park|Area)\b/g;

/**
 * Words before a kind that make it a reference or a category, not a name: 该高新区 (that zone), 全省高新区
 * (the province's zones), 国家级高新区 (a rank). Language data of Chinese, not of any article.
 */
const NOT_A_NAME =
  /^(?:该|本|此|这个|这|那个|其|我|我们|全|全省|全市|全国|各|各个|国家|国家级|省级|市级|县级|一个|一批|首批|多个|新|老|原|两|三|四|五|个|的|和|与|及|等|为|是|在|于|了|成|个国家|省|市|年度|年份|年底|年末|年初|季度|月份|今年|去年|当年|同年|全年|上半年|下半年)$/;
/** Jieba tags of place and proper names (株洲 ns, 中关村 ns, 张江 x, 湘/谭 ns+zg). */
const NAME_TAG = /^(?:ns|nz|nr|nt|j|x|zg|eng)$/;
/**
 * A common noun names a park only right after a boundary — the start, punctuation, or a preposition or
 * conjunction (与样本经开区, 位于示例高新区) — never after a verb (打造创新型科技园).
 */
/** In a question, nouns of any kind may name a park the asker typed (测试高新区); verbs (环绕高新区) may not. */
const LOOSE_NAME_TAG = /^(?:n\w*|vn|an|x|j|eng|zg)$/;
/** Tags of words that cannot be part of a name: prepositions, particles, conjunctions, pronouns, numerals… */
const FUNCTION_TAG = /^(?:p|u\w*|c|r\w*|m|q|d|e|y|o)$/;
/** Measure words Chinese uses before a kind of park or a count (3家经开区, 一批园区). */
const COMMON_MEASURE = /^[个家项座条所名批次届类件套户间台辆栋张份种位只块片处]$/;
/** How far back from a park kind its name is looked for. */
const WINDOW = 10;
const BOUNDARY_WORD =
  /^(?:与|和|同|跟|及|比|在|于|位于|地处|对|向|从|到|由|、|，|,|;|；|:|：|讲讲|说说|谈谈|聊聊|介绍|介绍一下|了解|了解一下|问问|问一下|请问|看看)$/;
/** One park named in a text. `subject` is the park's name, or `undefined` for a bare reference (该区, 高新区). */
export interface ParkMention {
  subject?: string;
  /**
   * Named only by a common noun after a boundary (与样本经开区): jieba tags verbs as nouns too (助力高新区), so
   * such a name counts only where it is confirmed — repeated in its article, or known to the index.
   */
  weak?: true;
  /**
   * The name is a word jieba reads as a verb or adjective (模拟): it counts half when confirming, and in a
   * question only when the knowledge base knows the park.
   */
  verbal?: true;
  /** Position in the folded text. */
  at: number;
}

/** Folded names of the zone (its aliases and English names) and its city, for recognising it in text. */
export interface ZoneNames {
  canonical: string;
  names: string[];
  cityPrefixes: string[];
  /** Place names of other parks that segmentation does not tag as places (from `zone.json` `otherParks`). */
  gazetteer: ReadonlySet<string>;
  /** The short kinds the zone's own names end in (高新区 for 示例高新技术产业开发区). */
  kinds: string[];
}

export function zoneNames(zone: Zone): ZoneNames {
  const strip = (city: string) => city.replace(/市$/, "");
  return {
    canonical: zone.canonical,
    names: [...zone.aliases, zone.canonical, ...zone.english]
      .map((n) => fold(n))
      .sort((a, b) => b.length - a.length),
    cityPrefixes: [...new Set([zone.city, strip(zone.city), ...zone.cityAliases].map(fold))],
    gazetteer: new Set(zone.otherParks.map((p) => fold(p).replace(KIND, ""))),
    kinds: [
      ...new Set(
        [...zone.aliases, zone.canonical].flatMap((name) => {
          const kind = [...fold(name).matchAll(KIND)].at(-1)?.[0];
          const short = KINDS.find(([k]) => k === kind)?.[1];
          return short ? [short] : [];
        }),
      ),
    ],
  };
}

/**
 * Parks named in `text` (folded or not), in order. The zone's own names come out as the zone's canonical name;
 * another park as its place name plus the short kind (样本经济技术开发区 → 样本经开区). `loose` reads any word
 * before a kind at a boundary as a name, as in a question, where the asker typed the park's name.
 */
export function parkMentions(
  text: string,
  zone: ZoneNames,
  options: { loose?: boolean } = {},
): ParkMention[] {
  const folded = fold(text);
  const found: ParkMention[] = [];
  const taken: Array<[number, number]> = [];
  for (const name of zone.names) {
    for (let at = folded.indexOf(name); at !== -1; at = folded.indexOf(name, at + name.length)) {
      if (taken.some(([s, e]) => at < e && at + name.length > s)) continue;
      taken.push([at, at + name.length]);
      found.push({ subject: zone.canonical, at });
    }
  }
  for (const m of folded.matchAll(KIND)) {
    const at = m.index ?? 0;
    if (taken.some(([s, e]) => at < e && at + m[0].length > s)) continue;
    taken.push([at, at + m[0].length]);
    // "升级为国家高新区": before a rank-like kind only a real place name names a park.
    const found_ = placeBefore(folded, at, zone.gazetteer, options.loose === true, m[0].startsWith("国家"));
    const place = found_?.place;
    const short = KINDS.find(([k]) => k === m[0])?.[1] ?? m[0];
    if (!place) {
      // "国家高新区" alone is a rank (升级为国家高新区), not a reference to a park.
      if (!m[0].startsWith("国家")) found.push({ at });
      continue;
    }
    // The city's name before one of the zone's own kinds is the zone (示例高新区); before another kind it is
    // another park in the same city (示例新区, 示例综合保税区).
    const isZone =
      (zone.cityPrefixes.includes(place) && zone.kinds.includes(short)) ||
      zone.names.includes(`${place}${short}`);
    if (isZone) found.push({ subject: zone.canonical, at });
    else
      found.push({
        subject: `${place}${short}`,
        at,
        ...(found_?.weak ? { weak: true as const } : {}),
        ...(found_?.verbal ? { verbal: true as const } : {}),
      });
  }
  for (const m of text.matchAll(ENGLISH_PARK)) {
    const phrase = fold(m[0]);
    if (zone.names.some((n) => phrase.includes(n) || n.includes(phrase))) continue;
    const place = fold(m[1] ?? "");
    if (zone.cityPrefixes.includes(place)) continue;
    found.push({ subject: `${m[1]} Zone`, at: folded.indexOf(phrase) });
  }
  return found.sort((a, b) => a.at - b.at);
}

/** The place name right before a park kind (位于示例高新区 → 示例), or undefined for a bare kind. */
function placeBefore(
  folded: string,
  at: number,
  gazetteer: ReadonlySet<string>,
  looseAsked: boolean,
  /** Before a rank-like kind (国家高新区), only a place jieba knows as a name names a park (升成国家高新区 is no park). */
  rankLike = false,
): { place: string; weak: boolean; verbal: boolean } | undefined {
  const loose = looseAsked && !rankLike;
  const window = folded.slice(Math.max(0, at - WINDOW), at);
  for (const name of gazetteer) if (window.endsWith(name)) return { place: name, weak: false, verbal: false };
  // Only the run of Chinese right before the kind can name it (发展,高新区: the comma ends the name).
  const run = /\p{Script=Han}*$/u.exec(window)?.[0] ?? "";
  if (run.length === 0) return undefined;
  const runStartsAtBoundary = run.length < window.length || at - WINDOW <= 0;
  const words = tagWords(run);
  let i = words.length - 1;
  // 示例 + 市 + 高新区: a city suffix belongs to the name; it is dropped from the park's name.
  if (/^[市县省区]$/.test(words[i]?.word ?? "")) i--;
  // A name the dictionary does not know falls apart into single characters (樾/禾 + 经济技术开发区): two or
  // three of them right before the kind, after a boundary, are read as one name — weakly, so it counts only
  // once the knowledge base repeats it.
  const singles: string[] = [];
  for (let j = i; j >= 0 && singles.length < 3; j--) {
    const w = words[j];
    // (A rare character jieba calls a measure word — 泓 of 岈泓 — is part of a name; 个, 家, 批 are not.)
    const rareMeasure = w?.tag === "q" && !COMMON_MEASURE.test(w.word);
    if (w?.word.length !== 1 || !/\p{Script=Han}/u.test(w.word) || (FUNCTION_TAG.test(w.tag) && !rareMeasure))
      break;
    singles.unshift(w.word);
  }
  if (singles.length >= 2 && !rankLike) {
    const start = i - singles.length + 1;
    const before = words[start - 1];
    const atBoundary = before ? BOUNDARY_WORD.test(before.word) : runStartsAtBoundary;
    const name = singles.join("");
    // (说说, 看看: a verb said twice is a way of asking, never a name.)
    if (atBoundary && !NOT_A_NAME.test(name) && !/^(\p{Script=Han})\1$/u.test(name))
      return { place: name, weak: true, verbal: false };
  }
  let place = "";
  let weak = false;
  let verbal = false;
  for (; i >= 0; i--) {
    const w = words[i];
    if (!w || !/^\p{Script=Han}+$/u.test(w.word) || NOT_A_NAME.test(w.word)) break;
    const before = words[i - 1];
    const atBoundary = before ? BOUNDARY_WORD.test(before.word) : runStartsAtBoundary;
    // Place and proper names name a park anywhere; a common noun only right after a boundary (与样本经开区),
    // and only weakly (see ParkMention.weak). Names jieba reads as verbs belong in the gazetteer.
    const first = atBoundary && place === "" && w.word.length >= 2;
    const common = first && (w.tag === "n" || (loose && LOOSE_NAME_TAG.test(w.tag)));
    // A name that is also a verb or an adjective (模拟经开区, 创新高新区?) at a boundary: the weakest kind.
    const verbLike = first && !common && !NAME_TAG.test(w.tag) && w.word.length === 2;
    if (!NAME_TAG.test(w.tag) && !common && !verbLike) break;
    if (!NAME_TAG.test(w.tag)) weak = true;
    if (verbLike) verbal = true;
    place = w.word + place;
    if (place.length >= 2) break;
  }
  // "和筠" + 沚: a conjunction glued onto a name the dictionary does not know is no part of it.
  if ([...place].length >= 3 && /^[和与同跟及或在对向从到由比]/.test(place)) place = place.slice(1);
  return place.length >= 2 && !NOT_A_NAME.test(place) ? { place, weak, verbal } : undefined;
}

/**
 * Mentions with weak names kept only where `confirmed` says so; an unconfirmed one becomes a bare reference.
 */
export function confirmedMentions(
  mentions: readonly ParkMention[],
  confirmed: (subject: string) => boolean,
): ParkMention[] {
  return mentions.map((m) => (m.weak && m.subject && !confirmed(m.subject) ? { at: m.at } : m));
}

/** Finds the parks named in a text (`parkMentions` with the zone given). */
export type MentionFinder = (text: string) => ParkMention[];

/**
 * `parkMentions` remembered per text, for one pass over a knowledge base: subject tagging reads every sentence
 * several times (weak-name counts, the article's main subject, the sentence's own subjects), and segmentation
 * is the cost. Drop it when the pass is done.
 */
export function mentionFinder(zone: ZoneNames): MentionFinder {
  const seen = new Map<string, ParkMention[]>();
  return (text) => {
    let found = seen.get(text);
    if (!found) {
      found = parkMentions(text, zone);
      seen.set(text, found);
    }
    return found;
  };
}

/** How often each weak park name occurs in these articles (titles count twice). */
export function weakNameCounts(
  articles: readonly Article[],
  zone: ZoneNames,
  find: MentionFinder = (text) => parkMentions(text, zone),
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const _ of countingWeakNames(articles, find, counts, Number.POSITIVE_INFINITY));
  return counts;
}

/** `weakNameCounts` into `counts`, pausing (yielding) after every `step` texts (for a build in steps). */
export function* countingWeakNames(
  articles: readonly Article[],
  find: MentionFinder,
  counts: Map<string, number>,
  step: number,
): Generator<void> {
  let since = 0;
  for (const article of articles) {
    const texts = [
      article.title,
      article.title,
      ...article.paragraphs.flatMap((p) => p.sentences.map((s) => s.text)),
    ];
    for (const text of texts)
      for (const m of find(text))
        if (m.weak && m.subject) counts.set(m.subject, (counts.get(m.subject) ?? 0) + (m.verbal ? 0.5 : 1));
    since += texts.length;
    if (since >= step) {
      since = 0;
      yield;
    }
  }
}

/**
 * Weak park names that count: named at least twice in the knowledge base (or in a title). `counts` from
 * `weakNameCounts` over all articles; one article's own counts when none are given.
 */
function confirmer(
  article: Article,
  zone: ZoneNames,
  counts: ReadonlyMap<string, number> | undefined,
  find: MentionFinder,
): (subject: string) => boolean {
  const known = counts ?? weakNameCounts([article], zone, find);
  return (subject) => (known.get(subject) ?? 0) >= 2;
}

/**
 * The main subject of an article: the park its title names, else the park it names most, else the zone (the
 * knowledge base collects articles about the zone).
 */
export function articleSubject(
  article: Article,
  zone: ZoneNames,
  weak?: ReadonlyMap<string, number>,
  find: MentionFinder = (text) => parkMentions(text, zone),
): string {
  const confirmed = confirmer(article, zone, weak, find);
  const inTitle = confirmedMentions(find(article.title), confirmed).find((m) => m.subject)?.subject;
  if (inTitle) return inTitle;
  const counts = new Map<string, number>();
  for (const p of article.paragraphs)
    for (const s of p.sentences)
      for (const m of confirmedMentions(find(s.text), confirmed))
        if (m.subject) counts.set(m.subject, (counts.get(m.subject) ?? 0) + 1);
  const zoneCount = counts.get(zone.canonical) ?? 0;
  const [top, topCount] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [zone.canonical, 0];
  if (topCount > zoneCount) return top;
  if (zoneCount > 0) return zone.canonical;
  // Naming no park, an article is the zone's unless it is set in another city and never in the zone's.
  const text = fold(
    [article.title, ...article.paragraphs.flatMap((p) => p.sentences.map((s) => s.text))].join("\n"),
  );
  if (zone.cityPrefixes.some((city) => text.includes(city))) return zone.canonical;
  const otherCity = /(\p{Script=Han}{2})市/u.exec(text)?.[1];
  return otherCity && !NOT_A_NAME.test(otherCity) ? `${otherCity}市` : zone.canonical;
}

/**
 * The subjects of every sentence of an article, by sentence id: the parks it names, with bare references (该区,
 * 高新区) resolved to the park the paragraph was last about, and a sentence naming no park about the
 * paragraph's current park (the article's main subject at first).
 */
export function sentenceSubjects(
  article: Article,
  zone: ZoneNames,
  weak?: ReadonlyMap<string, number>,
  find: MentionFinder = (text) => parkMentions(text, zone),
  main: string = articleSubject(article, zone, weak, find),
): Map<string, string[]> {
  const confirmed = confirmer(article, zone, weak, find);
  const out = new Map<string, string[]>();
  for (const paragraph of article.paragraphs) {
    let current = main;
    for (const sentence of paragraph.sentences) {
      const subjects: string[] = [];
      const folded = fold(sentence.text);
      for (const m of confirmedMentions(find(sentence.text), confirmed)) {
        // "园区到样本综合保税区约28公里" speaks of the park the paragraph is about, and of where one goes.
        if (m.subject && isDestination(folded, m.at) && !subjects.includes(current)) subjects.push(current);
        const subject = m.subject ?? current;
        if (!subjects.includes(subject)) subjects.push(subject);
      }
      if (subjects.length === 0) subjects.push(current);
      // The park a sentence opens with is what the next sentences go on about.
      current = subjects[0] ?? current;
      out.set(sentence.id, subjects);
    }
  }
  return out;
}

/** A distance or a travel time, or a question for one (问：从园区到…有多远？). */
const DISTANCE_FIGURE = /\d\s*(?:公里|千米|km|分钟|小时)|多远|多少公里|多久|多长时间/;
/** Text ending in a word that leads to a destination, and at most a place name after it (到样本 + 综合保税区). */
const DESTINATION = /(?:距离?|离|到|至|前往)\p{Script=Han}{0,8}$/u;
const CLAUSE_END = /[，,；;。！!？?]/;

/**
 * Whether the park named at `at` in a folded text is where a distance in its clause is measured to
 * ("园区到样本综合保税区约28公里"): a place one goes to, not the one spoken of.
 */
function isDestination(folded: string, at: number): boolean {
  let start = at;
  while (start > 0 && !CLAUSE_END.test(folded[start - 1] ?? "")) start--;
  let end = at;
  while (end < folded.length && !CLAUSE_END.test(folded[end] ?? "")) end++;
  return DESTINATION.test(folded.slice(start, at)) && DISTANCE_FIGURE.test(folded.slice(start, end));
}

/**
 * The subject of each clause of a sentence (clauses split as the answerer splits them): the park the clause
 * names first, else the one the previous clause was about, else the sentence's first subject.
 */
export function clauseSubjects(
  clauses: readonly string[],
  /** The sentence's subjects, the one it names first first. */
  subjects: readonly string[],
  zone: ZoneNames,
  known: (subject: string) => boolean,
): string[] {
  let current = subjects[0] ?? zone.canonical;
  return clauses.map((clause) => {
    const folded = fold(clause);
    // "园区到样本综合保税区约28公里": the park a distance is measured to is where one goes, not who is spoken of.
    const mentions = confirmedMentions(parkMentions(clause, zone), known).filter((m) => m.subject);
    const named = mentions.find((m) => !isDestination(folded, m.at))?.subject;
    if (named) current = named;
    else {
      // (…and the sentence is about the other park it names: 园区 before 到 is the article's park.)
      const destinations = new Set(mentions.map((m) => m.subject));
      if (destinations.has(current)) current = subjects.find((s) => !destinations.has(s)) ?? current;
    }
    return current;
  });
}
