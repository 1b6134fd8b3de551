import type { Lexicon, Zone } from "../../search/lexicon.js";
import { fold } from "../../search/normalize.js";
import { type RewrittenQuestion, rewriteQuestion } from "../../search/rewrite.js";
import { cutForParts, cutWords, isDictionaryWord, type TaggedWord, tagWords } from "../../search/segment.js";
import type { SentenceIndex, Vocabulary } from "../../search/sentence-index.js";
import {
  kindSpellings,
  onlyParkOfKind,
  parkMentions,
  parkPlace,
  parkSpellings,
  spacedAfterKinds,
} from "../../search/subjects.js";
import {
  COUNT,
  detectIntents,
  detectMetaAsks,
  INTENTS,
  type Intent,
  isGreetingOrHelp,
  isMetaWord,
  type MetaAsk,
} from "./intents.js";
import { TOPIC_OVERVIEWS } from "./overview.js";
import { TREND } from "./select.js";

/** Words asking about a person. */
const PERSON = /谁|人|主任|书记|领导|负责人|主席|局长|市长|区长|who/;

/**
 * Nouns that name the kind of answer wherever they stand (拿过省里的牌子吗, 得了个什么荣誉): the sentence names
 * the title itself.
 */
const ANSWER_KIND = /^(?:牌子|称号|荣誉|荣誉称号|奖项|头衔|名号|殊荣|地址|电话|号码|联系方式|热线)$/;

/** Words that ask how far, and nothing else. */
const FAR = /how far|多远|远不远|多少公里|几公里/;

/** A question that asks for two figures. */
const TWO_ASKS = /(?:多少|几).*(?:多少|几)/;

/** Names of organisations and offices, whose first character says which one (纪工委, 党工委; 市委, 省委). */
const ORGANISATION =
  /(?:委|(?<![布格结大开全当时])局|(?<![举创开兴承主合代包])办|(?<![东南西北中内外全局底上下头干])部|(?<![好用到远近深难益长])处|厅|(?<![机社体学约聚])会|院|(?<![场住厕])所|司|(?<![重机])组|书记|主任|(?<![增成延特擅生漫])长)$/;

/**
 * A question with no question word about a figure ("2024年出口额", "现在有700家高企了吗"): it asks for the figure, or
 * whether it is so — either way the figure that holds is the answer.
 */
const ASKS_FIGURE =
  /\d(?:\.\d+)?\s*\S{0,4}(?:还是|或是)\s*\d|(?:哪个|哪一个)(?:对|准|是对的|准确)|(?:额|总额|总量|总值|产值|收入|税收|人口|面积|规模|数量|增速|增幅)[?？]?$|\d+(?:\.\d+)?\s*(?:万|亿)?\s*(?:[家个项座条所名件位人]|亿元|平方公里)?\S{0,6}(?:了吗|吗|没有|没)[?？]?$/u;

/** The same in English: "what was the export value / GDP / population of …". */
const ASKS_FIGURE_EN =
  /^(?:what|what's)\s+(?:is|was|are|were)?\s*(?:the\s+)?(?:[a-z-]+\s+){0,3}(?:value|gdp|population|output|revenue|income|taxe?s?|exports?|imports?|investment|total|amount|growth|rate)\b/;

/** Nouns of extent that, before 内 or 里, only say "within". */
const EXTENT = /^(?:范围|区域|辖区|境)$/;

/** A numbered thing: a metro line, a phase, a building, a plot. */
const NUMBERED =
  /(?:\d{1,3}|[一二三四五六七八九十]{1,3})(?:号线|号楼|号地块|号厂房|期(?=工程|项目|$|[，,。？?的]))/gu;

/** Words that make a figure money or output, not a number of things. */
const MONEY_ASKED = /产值|营收|收入|税收|生产总值|gdp|投资|金额|出口|进出口|销售|规模/;

/** A count question about things, with their measure word. */
const COUNTED = /(?:多少|几)(?:[家个项座条所名件位人批届套户间台辆栋张份种]|个?街道)|how many|number of/;

/** What the offline answerer understood of a question. */
export interface QuestionAnalysis {
  rewritten: RewrittenQuestion;
  greeting: boolean;
  meta: MetaAsk[];
  intents: Intent[];
  /** Topic words the supporting sentence must contain (all occur somewhere in the knowledge base). */
  required: Term[];
  /** Topic words that help ranking but decide nothing (single characters, verbs the KB never uses). */
  soft: string[];
  /** Nouns and names the knowledge base never mentions: the question is about something it does not cover. */
  unknown: string[];

  /** Place names the knowledge base never mentions (长沙, 株洲): a question about another place. */
  otherPlaces: string[];
  /**
   * The park the question is about: another park when it names one (样本经开区的面积), else the zone. Only a
   * sentence about this subject may answer.
   */
  subject: string;
  /** The text to search with: topic words plus the intents' expansion words. */
  searchText: string;
  /**
   * "扩区以前", "换届后": the question asks about the time before or after an event the articles tell of; the
   * date is that of the first article whose title (else text) names the event.
   */
  period?: { before?: string; after?: string };
}

export interface Term {
  word: string;
  /** Nouns and names weigh more than verbs in deciding whether a sentence covers the question. */
  weight: number;
  /**
   * Other members of the word's synonym group that this park's sentences use (增速 → 增长, 增幅): a sentence
   * that says any of them covers the term.
   */
  alts?: string[];
}

/** jieba tags of words that can name a topic. Adverbs, pronouns, particles, numerals… cannot. */
const TOPIC_TAG = /^(?:n|v|j|l|i|b|s|f|t|hmm)/;
/** Tags of nouns and names: a question about one the knowledge base never mentions cannot be answered from it. */
const NOUN_TAG = /^(?:n(?!m)|j|i|l)/;
const PLACE_TAG = /^ns/;

/** Titles that have a deputy form (副主任). */
const DEPUTY_TITLE = /^(?:主任|书记|主席|局长|市长|区长|部长|经理|院长|校长|处长)$/;
/**
 * An unknown word glued from characters that are each a noun or name (岳阳, 湘谭) is probably a name; one glued
 * from verbs, particles and measure words (拿过, 要往, 哪几天) is colloquial phrasing.
 */
function madeOfNameCharacters(word: string): boolean {
  return [...word].every((ch) => {
    const tag = tagWords(ch)[0]?.tag ?? "x";
    return /^(?:n|zg|j)/.test(tag);
  });
}

/** jieba's "x" for a Chinese word it made up from characters (not in its dictionary): a name (肖冰) or slang. */
const HMM_TAG = "hmm";

function retag(word: string, tag: string): string {
  if (tag === "x" && /\p{Script=Han}/u.test(word)) return madeOfNameCharacters(word) ? "nz" : HMM_TAG;
  // Chinese numerals that name things (十四五) are topic words, unlike 多少 or 几.
  if (tag === "m" && /^\p{Script=Han}{2,}$/u.test(word) && !/[个家项次种类位名年天件条座所批届]$/u.test(word))
    return "nm";
  return tag;
}

export function analyzeQuestion(
  question: string,
  lexicon: Lexicon,
  index: SentenceIndex,
  /** In a chat: the park the previous answer was about, or the previous question. */
  previousQuestion?: string,
): QuestionAnalysis {
  const rewritten = rewriteQuestion(question, lexicon, index);
  // The zone's own names say nothing about what is asked ("…Hi-tech Industrial Development Zone" is no
  // question about industry).
  let withoutNames = rewritten.folded;
  for (const name of index.zone.names) withoutNames = withoutNames.split(name).join(" ");
  const probe = `${withoutNames} ${rewritten.text}`;
  const greeting = isGreetingOrHelp(rewritten.folded);
  const metaAsk = greeting ? { asks: [], explicit: false } : detectMetaAsks(rewritten.folded);
  const detected = detectIntents(probe).filter(
    // "How far is it from Jiawan Port Area?": a distance question, whatever the place's name says.
    (intent, _, all) =>
      !(intent.name === "area" && all.some((i) => i.name === "distance") && FAR.test(probe)),
  );
  if (detected.length === 0 && !greeting && ASKS_FIGURE.test(rewritten.folded)) {
    const count = INTENTS.find((i) => i.name === "count");
    if (count) detected.push(count);
  }
  // "What was the export value of … in 2023?": a figure, not an overview of the park the question names.
  if (
    rewritten.english &&
    ASKS_FIGURE_EN.test(rewritten.folded) &&
    detected.every((i) => i.name === "overview")
  ) {
    const count = INTENTS.find((i) => i.name === "count");
    if (count) detected.splice(0, detected.length, count);
  }
  // "数量这几年怎么变化": a trend of a count, though no 多少 asks for it.
  const count = INTENTS.find((i) => i.name === "count");
  // (Who held an office over the years is no count.)
  if (TREND.test(probe) && count && !detected.some((i) => i.shape) && !PERSON.test(probe))
    detected.unshift(count);
  // "这几年…涨了多少": the figures over the years answer how much it grew, as a series.
  else if (TREND.test(probe) && count && detected[0]?.name === "change" && detected.includes(count)) {
    detected.splice(detected.indexOf(count), 1);
    detected.unshift(count);
  }
  const intents = detected.map((intent) =>
    // "多少家", "how many": things counted, not money or a rate.
    // (Two asks in one — 多少个项目、总投资多少 — take any figure.)
    // (A trend of money — "产值这些年涨到多少" — keeps money as an answer.)
    intent.name === "count" &&
    (COUNTED.test(probe) || (TREND.test(probe) && !MONEY_ASKED.test(probe))) &&
    !TWO_ASKS.test(rewritten.folded)
      ? { ...intent, shape: COUNT }
      : intent,
  );

  let topicText = rewritten.text;
  // "住了多少人", "多少人住": the population, as reports call it (人口, 常住人口).
  topicText = topicText.replace(
    /(?:住了?|住着|居住(?:着|了)?)(?:大概|大约|约)?(?:有)?多少人|多少人(?:住|居住|生活)|人口(?:有)?多少/g,
    "人口多少",
  );
  for (const intent of intents) if (intent.strip) topicText = topicText.replace(intent.strip, " ");
  // "升的国家级", "被批成国家级", "升级为国家高新区": a park's upgrade, which the news words many ways (升级为, 升格为,
  // 获批, 跻身…行列); what they share is the national title, so that is the topic.
  topicText = topicText.replace(
    /(?:升级|升格|晋升|升|拿到|获得|获批|取得|成为|变成|批准|批)(?:的|了|为|成|到|格为|格成)?(?:国家级|国家)(?:的)?(?:高新区|高新技术产业开发区|开发区|身份|资格)?/g,
    " 国家高新区 ",
  );
  // "最近一年的产值": the newest figure (see CURRENT), not a topic called 一年.
  topicText = topicText.replace(/最近一年|近一年|最近一期|最新一年/g, "最近");
  // "扩的区", "升的级": a two-character word split by 的, when the knowledge base uses the word.
  topicText = topicText.replace(/(\p{Script=Han})的(\p{Script=Han})/gu, (whole, a: string, b: string) =>
    index.vocabularyOf(index.zone.canonical).includes(`${a}${b}`) && !isDictionaryWord(`${a}的`)
      ? `${a}${b}`
      : whole,
  );
  // "会扩大到多少", "能达到多少": how big a figure gets is the figure asked for, not a topic of its own.
  topicText = topicText.replace(
    /(?:会|将|能|要)?(?:扩大|增加|增长|提高|提升|达到|拓展|突破|做到)(?:到|至)?(?=\s*$|多少|几|多大)/g,
    " ",
  );
  // "头三个月", "前三个月": the first quarter, as reports call it.
  topicText = topicText.replace(/(?:头|前)(?:三|3)个月/g, "一季度");
  const subject = questionSubject(rewritten, index, lexicon, previousQuestion);
  // Whether a word is known is judged on what the knowledge base says about this park: a verb another park's
  // article uses (穿过) must not become a word the zone's answer has to contain.
  const vocabulary = index.vocabularyOf(subject);

  const required: Term[] = [];
  const soft: string[] = [];
  const unknown = [...rewritten.unknownEnglish.names];
  const otherPlaces: string[] = [];
  const strangeVerbs: string[] = [];
  const seen = new Set<string>();
  const synonyms = new Map(lexicon.synonyms);
  const asked = answerTypes(topicText);
  const context = rewritten.english ? new Set<string>() : preambleWords(rewritten.text);
  // Places named after the city (示例港, 衡阳东站) are one name, though a dictionary may not know the city's.
  // (…and so are those named after another park's place, when the question is about that park: 蕤埠港.)
  const subjectPlace = subject === index.zone.canonical ? undefined : parkPlace(subject);
  const cities = subjectPlace ? [...index.zone.cityPrefixes, subjectPlace] : index.zone.cityPrefixes;
  for (const place of cityPlaces(topicText, cities, index.zone.names, vocabulary)) {
    topicText = topicText.split(place).join(" ");
    if (seen.has(place)) continue;
    seen.add(place);
    if (index.zone.cityPrefixes.includes(place)) soft.push(place);
    else required.push({ word: place, weight: 2 });
  }
  // A numbered thing (地铁3号线, 二期, 5号楼) is that one and no other: the sentence must name it, and a number the
  // park's sentences never give it means the knowledge base does not cover it.
  for (const m of topicText.matchAll(NUMBERED)) {
    const id = m[0];
    topicText = topicText.split(id).join(" ");
    if (seen.has(id)) continue;
    seen.add(id);
    if (index.mentioning(id).some((s) => s.subjects.includes(subject)))
      required.push({ word: id, weight: 2 });
    else unknown.push(id);
  }
  // Names the dictionary cuts in two (郑 + 范例 → 郑范例, a person the articles name): one term, required.
  const glued = gluedNames(topicText, vocabulary);
  for (const name of glued.known) {
    topicText = topicText.split(name).join(" ");
    if (seen.has(name)) continue;
    seen.add(name);
    required.push({ word: name, weight: 2 });
  }
  // "王样本担任什么职务" about a person the park's sentences never name: no one else's title answers it.
  if (intents.some((i) => i.name === "position" || i.name === "who")) unknown.push(...glued.people);
  for (const tagged of tagWords(spacedAfterKinds(topicText))) {
    // English words were already looked up in the glossary (rewriteQuestion); what is left is judged there.
    if (/^[a-z'-]+$/i.test(tagged.word)) continue;
    // "什么称号", "哪些荣誉": the noun after a question word names the kind of answer, which the answering
    // sentence need not use (it names the title itself). It ranks, it never decides.
    // "我们公司考虑设厂，物流依赖铁路，到火车站多远?": the clauses before the question say why it is asked;
    // their words rank, they never decide.
    if (context.has(tagged.word)) {
      if (!seen.has(tagged.word)) soft.push(tagged.word);
      seen.add(tagged.word);
      continue;
    }
    // …unless it stands for a word the knowledge base uses (哪些厂子 → 公司): then it is a topic like any other.
    const standsFor = synonyms.get(tagged.word);
    if (
      (asked.has(tagged.word) || ANSWER_KIND.test(tagged.word)) &&
      !(standsFor && vocabulary.includes(standsFor))
    ) {
      if (!seen.has(tagged.word)) soft.push(tagged.word);
      seen.add(tagged.word);
      continue;
    }
    const tag = retag(tagged.word, tagged.tag);
    // Figures the question names (2020, 7月) point at the sentence that has them: they rank, never decide.
    if (/\d/.test(tagged.word)) {
      if (!seen.has(tagged.word) && vocabulary.includes(tagged.word)) soft.push(tagged.word);
      seen.add(tagged.word);
      continue;
    }
    if (lexicon.fillers.has(tagged.word) || lexicon.generic.has(tagged.word)) continue;
    // Adjectives (有效, 累计) qualify what is asked: they rank, they never decide.
    if (/^a/.test(tag) && [...tagged.word].length >= 2 && !TOPIC_TAG.test(tag)) {
      if (!seen.has(tagged.word) && vocabulary.includes(tagged.word)) soft.push(tagged.word);
      seen.add(tagged.word);
      continue;
    }
    if (!TOPIC_TAG.test(tag)) continue;
    // "扩大到多少", "增加到几家": the change is how the figure came about; the figure is what is asked. (It
    // ranks when the articles use that very verb; another word for it would only narrow the answers.)
    if (
      /^v/.test(tag) &&
      !vocabulary.includes(tagged.word) &&
      new RegExp(`${tagged.word}(?:到了?|至)(?:多少|几)`).test(rewritten.folded)
    ) {
      soft.push(tagged.word);
      continue;
    }
    for (const word of knownParts(tagged.word, vocabulary, synonyms, tag)) {
      if (seen.has(word) || lexicon.fillers.has(word) || lexicon.generic.has(word)) continue;
      seen.add(word);
      classify(word, tag);
    }
  }
  // "When was the plan published?": the event asked about must be one the knowledge base tells of — a date of
  // some other event (the meeting) is no answer to it.
  if (intents[0]?.name === "when") unknown.push(...strangeVerbs);
  // Ordinary English words without a glossary entry matter when nothing else in the question is known, or when
  // they outnumber what is ("What's the weather forecast for the city?": weather, forecast vs 城区).
  if (required.length === 0 || rewritten.unknownEnglish.words.length > required.length)
    unknown.push(...rewritten.unknownEnglish.words);
  // "Published" without "article" (十四五规划是哪天发布的) is about the article only when nothing else is named,
  // or when what it names is an article's title (投资常见问题是啥时候更新的: 《投资…常见问题解答》).
  // Every noun counts, also those a question type took (十四五规划: 规划 names the plan, which no title names).
  const titled = () => {
    const named = required.map((t) => t.word).filter((w) => !isMetaWord(w));
    const nouns = tagWords(withoutNames)
      .filter((t) => t.tag === "n" && t.word !== "时候" && !isMetaWord(t.word))
      .map((t) => t.word);
    return named.length > 0 && index.articlesTitled([...new Set([...named, ...nouns])]).length > 0;
  };
  const meta =
    metaAsk.explicit || required.length === 0 || (metaAsk.asks.length > 0 && titled()) ? metaAsk.asks : [];
  // "高新区到样本综保区多远": another known park the zone's question goes to is one term, in any of its spellings
  // (样本综合保税区), not the pieces segmentation cut its name into.
  if (subject === index.zone.canonical)
    for (const m of parkMentions(rewritten.folded, index.zone, { loose: true })) {
      const park = m.subject;
      if (!park || park === index.zone.canonical || !index.subjectCounts.has(park)) continue;
      const spellings = parkSpellings(park).filter((p) => p === park || vocabulary.includes(p));
      const piece = (w: string) => spellings.some((p) => p.includes(w));
      for (let i = required.length - 1; i >= 0; i--)
        if (piece(required[i]?.word ?? "")) required.splice(i, 1);
      for (let i = soft.length - 1; i >= 0; i--) if (piece(soft[i] ?? "")) soft.splice(i, 1);
      if (!required.some((t) => t.word === park))
        required.push({
          word: park,
          weight: 2,
          ...(spellings.length > 1 ? { alts: spellings.slice(1) } : {}),
        });
    }
  // The park's own name says which park, not what is asked: sentences about it often only say 该区 or 园区.
  if (subject !== index.zone.canonical) {
    // (高新 of 高新技术企业 is a topic, not part of a name.)
    const inName = (w: string) =>
      subject.includes(w) ||
      // (综合保税区 when the park is 样本综保区.)
      kindSpellings(w).some((k) => subject.endsWith(k)) ||
      // (…and its full name: 样本综合保税区 is 样本综保区.)
      (w.length > 3 && parkMentions(w, index.zone).some((m) => m.subject === subject)) ||
      (/^(?:经开|工业|产业|科技|高新)$/.test(w) && !rewritten.text.includes(`${w}技术`));
    for (let i = required.length - 1; i >= 0; i--) if (inName(required[i]?.word ?? "")) required.splice(i, 1);
    for (let i = soft.length - 1; i >= 0; i--) if (inName(soft[i] ?? "")) soft.splice(i, 1);
  }
  // Another park the knowledge base has nothing about is another place: refused, never answered with the zone's.
  if (subject !== index.zone.canonical && !index.subjectCounts.has(subject) && !otherPlaces.includes(subject))
    otherPlaces.push(subject);
  const period = eventPeriod(rewritten.folded, required, soft, index, subject, synonyms);
  const expansions = intents.map((i) => i.expand ?? "").join(" ");
  // Another park's name still steers the search towards its sentences (it no longer decides coverage).
  const park = subject === index.zone.canonical ? "" : subject;
  const searchText =
    // (A term the question words otherwise searches in all its spellings: 成立, which these articles never use,
    // is 设立 in some and 建区 in others. The asker's own word, when the articles use it, searches alone.)
    `${required.flatMap((t) => (rewritten.folded.includes(t.word) || rewritten.text.includes(t.word) ? [t.word] : [t.word, ...(t.alts ?? [])])).join(" ")} ${soft.join(" ")} ${expansions} ${park}`.trim();
  return {
    rewritten,
    greeting,
    meta,
    intents,
    required,
    soft,
    unknown,
    otherPlaces,
    subject,
    searchText,
    ...(period ? { period } : {}),
  };

  function classify(tokenWord: string, tag: string): void {
    // jieba splits 副主任 into 副 + 主任; the question asks about the deputy, so the deputy is the topic.
    const word =
      DEPUTY_TITLE.test(tokenWord) && topicText.includes(`副${tokenWord}`) ? `副${tokenWord}` : tokenWord;
    // (The vocabulary is the park's text, so a word inside a longer one — 金额 in 总金额 — is known too.)
    // "省级荣誉": the sentences name the province (示例省“十佳…”), not its level.
    const levels = levelPlaces(word, lexicon.zone);
    const known = vocabulary.includes(word) || levels.some((p) => vocabulary.includes(p));
    if (PLACE_TAG.test(tag) && !known && word.length > 1) otherPlaces.push(word);
    else if (word.length < 2) soft.push(word);
    // "高新区范围内": within the park, not its 规划范围.
    else if (EXTENT.test(word) && new RegExp(`${word}[内里]`).test(topicText)) soft.push(word);
    // Time words (年底, 今年, 目前) say when, not what: the year rules handle them; they only rank. 未来 asks
    // about plans, which is a topic.
    else if (/^t/.test(tag) && !/^(?:未来|将来|今后|以后)$/.test(word)) soft.push(word);
    // "英文资料里写131", "那个页面上说": where the asker read it, not what is asked; it only ranks.
    // (Not a verb: 发布 in a when-question is the event asked about.)
    else if (!known && !/^v/.test(tag) && (isMetaWord(word) || SOURCE_LANGUAGE.test(word))) soft.push(word);
    else if (known) {
      const nounLike = NOUN_TAG.test(tag) || tag === HMM_TAG || DEPUTY_TITLE.test(word.replace(/^副/, ""));
      const alts = [
        ...groupMembers(word, synonyms),
        ...kindSpellings(word),
        ...amountStem(word),
        ...levels,
      ].filter((m) => m !== word && vocabulary.includes(m));
      required.push({ word, weight: nounLike ? 2 : 1, ...(alts.length > 0 ? { alts } : {}) });
    } else if (
      // (An office is a noun whatever jieba tags it: 主任 comes out as 'b' after a park's name.)
      (NOUN_TAG.test(tag) || DEPUTY_TITLE.test(word.replace(/^副/, ""))) &&
      !asksTopicOverview(word, topicText)
    )
      unknown.push(word);
    else {
      soft.push(word);
      if (/^v/.test(tag)) strangeVerbs.push(word);
    }
  }
}

/** The zone's own province or city for a word of that level (省级, 全省 → 湖南省; 市级, 全市 → 衡阳市). */
function levelPlaces(word: string, zone: Zone): string[] {
  if (/^(?:省级|全省|省内|本省)$/.test(word)) return zone.province ? [fold(zone.province)] : [];
  if (/^(?:市级|全市|市内|本市)$/.test(word)) return [fold(zone.city)];
  return [];
}

/**
 * 出口额 is said 出口112.4亿元 as often: an amount noun (…额, …总额) is covered by what it is the amount of, since
 * the figure after it says it is an amount.
 */
function amountStem(word: string): string[] {
  const stem = word.replace(/总?额$/, "");
  return stem !== word && [...stem].length >= 2 ? [stem] : [];
}

/** 优势 in "区位优势", 条件 in "交通条件": words that ask for a topic overview, which no sentence need contain. */
function asksTopicOverview(word: string, text: string): boolean {
  return TOPIC_OVERVIEWS.some(
    ({ topic, also }) => also.test(word) && tagWords(text).some((w) => topic.test(w.word)),
  );
}

/** Words that make a clause a question. */
const ASKING = /多少|几|什么|啥|哪|谁|吗|呢|怎么|怎样|如何|是否|有没有|多远|多大|多久|多长|[?？]/;

/**
 * Words only in the clauses before the ones that ask, or after the question mark that ends them: context the
 * asker gives ("我们公司考虑在那边设厂，物流上依赖铁路运输，…有多少公里?", "招商电话多少？想咨询落户"), not what
 * is asked.
 */
function preambleWords(text: string): Set<string> {
  const clauses = text.split(/(?<=[?？])|[,，;；。:：!！]/).filter((c) => c.trim() !== "");
  const asking = clauses.map((c) => ASKING.test(c));
  const first = asking.indexOf(true);
  const last = asking.lastIndexOf(true);
  // (A clause after the asking ones is context only once a question mark has closed them, and when it does not
  // go on with the question: "…呢？琨汭高新区23年的" names its park and year.)
  const tail = clauses.slice(last + 1).join("");
  const closed = /[?？]\s*$/.test(clauses[last] ?? "") && !/\d|区|园/.test(tail);
  if (first === -1 || (first === 0 && (last === clauses.length - 1 || !closed))) return new Set();
  if (asking.slice(first, last + 1).some((a) => !a) || (last < clauses.length - 1 && !closed))
    return new Set();
  const askedWords = clauses.slice(first, last + 1).flatMap((c) => tagWords(c));
  // "想租园区标准厂房，一平米一个月多少钱": an asking clause that names nothing asks about what came before.
  if (!askedWords.some((w) => /^n/.test(w.tag) && [...w.word].length >= 2)) return new Set();
  const asked = new Set(askedWords.map((w) => w.word));
  return new Set(
    [...clauses.slice(0, first), ...clauses.slice(last + 1)]
      .flatMap((c) => tagWords(c).map((w) => w.word))
      .filter((w) => !asked.has(w)),
  );
}

/** Nouns right after a question word (什么称号, 哪些荣誉称号, 哪个牌子): the kind of answer asked for. */
function answerTypes(text: string): Set<string> {
  const out = new Set<string>();
  // The noun may follow a modifier with 的 ("哪些国家级的荣誉").
  for (const m of text.matchAll(
    /(?:什么|哪些|哪个|哪几个|哪种|哪类|啥)(?:\p{Script=Han}{1,5}的)?(\p{Script=Han}{2,8})/gu,
  )) {
    // The head of the noun phrase is its last noun (什么省级荣誉 → 荣誉, 哪些国家高新区荣誉 → 荣誉); the
    // phrase ends at the first word that is neither noun nor modifier.
    let head: string | undefined;
    for (const w of tagWords(m[1] ?? "")) {
      if (/^n/.test(w.tag) && w.word.length >= 2) head = w.word;
      else if (!/^(?:b|a)$/.test(w.tag)) break;
    }
    if (head) out.add(head);
  }
  return out;
}

/**
 * Names that start with the zone's city (示例港, 衡阳东站, the city itself): the longest continuation of at most
 * five characters that the knowledge base uses, so a name the dictionary cannot segment is still one name.
 */
function cityPlaces(
  text: string,
  cities: readonly string[],
  zoneNames: readonly string[],
  vocabulary: Vocabulary,
): string[] {
  const out = new Set<string>();
  for (const city of cities) {
    for (let at = text.indexOf(city); at !== -1; at = text.indexOf(city, at + city.length)) {
      // The zone's own name is the subject, not a place asked about; parks are subjects too (found elsewhere).
      if (zoneNames.some((n) => text.startsWith(n, at))) continue;
      const rest =
        /^[^\P{Script=Han}的在离和与有是到距及或从]{0,5}/u.exec(text.slice(at + city.length))?.[0] ?? "";
      for (let n = rest.length; n >= 1; n--) {
        const name = city + rest.slice(0, n);
        if (vocabulary.includes(name)) {
          if (!/(?:区|园)$/.test(name)) out.add(name);
          break;
        }
      }
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/**
 * The park a question names first that is not the zone, else the zone. A question that names no park at all
 * (那它离机场多远?) in a chat is about the park the previous question named.
 */
function questionSubject(
  rewritten: RewrittenQuestion,
  index: SentenceIndex,
  lexicon: Lexicon,
  previousQuestion?: string,
): string {
  // A park name the asker typed counts even when segmentation reads it as a common noun: it names what is asked.
  const mentions = parkMentions(rewritten.text, index.zone, { loose: true });
  const named = mentions.flatMap((m) =>
    m.subject && (!m.verbal || index.subjectCounts.has(m.subject)) ? [m.subject] : [],
  );
  // "高新区到综保区多远": a park named as where one goes, after the zone, leaves the zone the subject. (A bare
  // kind first — "从高新区开车去…" — is the zone's.)
  const zoneFirst = named[0] === index.zone.canonical || mentions[0]?.subject === undefined;
  const other = named.find(
    (s) =>
      s !== index.zone.canonical &&
      !(zoneFirst && DISTANCE_ASKED.test(rewritten.folded) && destinationOf(rewritten.folded, s, index)),
  );
  // "临港产业园" for 样例临港产业园: a shortened name of a park the knowledge base knows.
  if (other) {
    if (index.subjectCounts.has(other)) return other;
    // "写枧川经开区的那篇": a verb glued before a park's name the knowledge base knows.
    const glued = [...index.subjectCounts.keys()].find(
      (known) => known.length < other.length && other.endsWith(known) && other.length - known.length <= 2,
    );
    if (glued) return glued;
    const longer = [...index.subjectCounts.keys()].find(
      (known) => known.length > other.length && known.endsWith(other),
    );
    if (longer) return longer;
    // "生物医药产业园一期": a park inside the zone that the zone's own sentences name is a topic of the zone's.
    if (index.mentioning(other).some((s) => s.subjects.includes(index.zone.canonical)))
      return index.zone.canonical;
    return other;
  }
  // The zone counts as named only when the asker wrote one of its names (or a typo of one); "这个园区" was
  // rewritten to the zone's name, but in a chat it means the park of the conversation.
  const zoneWritten =
    index.zone.names.some((n) => rewritten.folded.includes(n)) ||
    rewritten.corrections.some(([, to]) => index.zone.names.includes(fold(to)));
  // (Every park it names is where one goes from the zone — "从高新区开车去湜鸾综保区要多久": the zone's question.)
  const destinations = zoneFirst && named.some((s) => s !== index.zone.canonical);
  if (named.length > 0 && (zoneWritten || destinations)) return index.zone.canonical;
  // "综保区现在有多少家企业": the only bonded zone the knowledge base knows.
  const ofKind = onlyParkOfKind(rewritten.folded, index.subjectCounts.keys(), index.zone);
  if (ofKind) return ofKind;
  // No park named: a name only one other park's sentences use (its company, its project) says which park is
  // meant — "虚构汽车集团的项目投了多少" asks about the park where that company is.
  // (A reference the rewrite read as the zone — 那个开发区 — names no park of its own.)
  const unnamed = named.every((s) => s === index.zone.canonical) && !zoneWritten;
  const owner = unnamed ? ownerOfNamedThing(rewritten.folded, index, lexicon) : undefined;
  if (owner) return owner;
  // …and so does the place name of one other known park ("岈泓重工挖掘机基地": 岈泓经开区's), when the question
  // names neither the zone nor its city.
  const placed = unnamed ? parkOfPlaceName(rewritten.folded, index) : undefined;
  if (placed) return placed;
  if (!previousQuestion) return index.zone.canonical;
  const before = parkMentions(fold(previousQuestion), index.zone, { loose: true }).flatMap((m) =>
    m.subject ? [m.subject] : [],
  );
  return before.find((s) => s !== index.zone.canonical) ?? index.zone.canonical;
}

/** A language a page is written in, named as where the asker read something ("英文介绍里说…"). */
const SOURCE_LANGUAGE = /^(?:英文|英语|中文|英文版|中文版)$/;

/** Changes of a park that questions date periods by (扩区以前, 换届之后, 升级前). Language data of Chinese. */
const PARK_EVENT =
  /^(?:扩区|扩容|调区|扩大|调整规划范围|规划范围调整|调整区域范围|区域范围调整|区位调整|换届|升级|升格|合并|整合|托管|挂牌|揭牌)$/;

/** An event word right before 以前/之前/以后/之后 (扩区以前, 换届之后, 升级前): a time, not a topic. */
const RELATIVE_TO = /^(以前|之前|前(?!后)|以后|之后|后)/;

/**
 * The period a question asks about relative to an event ("扩区以前面积多大": the figures stated before the
 * expansion was reported). The event's word leaves the topic (it is when, not what); the date is that of the
 * earliest article about the subject whose title names the event, else whose text does. Undefined when the
 * question names no such event or no article tells of it.
 */
function eventPeriod(
  folded: string,
  required: Term[],
  soft: string[],
  index: SentenceIndex,
  subject: string,
  synonyms: Map<string, string>,
): { before?: string; after?: string } | undefined {
  for (let i = 0; i < required.length; i++) {
    const term = required[i] as Term;
    // (The asker's word may be another member of the term's group: 扩区 for the articles' 调整规划范围.)
    const spoken = [term.word, ...(term.alts ?? []), ...groupMembers(term.word, synonyms)].find((w) =>
      folded.includes(w),
    );
    const at = spoken ? folded.indexOf(spoken) : -1;
    const relation =
      spoken && at !== -1 ? RELATIVE_TO.exec(folded.slice(at + spoken.length))?.[1] : undefined;
    // (Only a change of the park dates a period: 建成后 of a project, 当主任之前 of a person are other things.)
    if (!relation || !spoken || !PARK_EVENT.test(spoken)) continue;
    const dates = (titles: boolean) =>
      [term.word, ...(term.alts ?? [])].flatMap((w) => {
        const { titles: t, bodies } = index.articlesMentioning(w);
        return [...(titles ? t : bodies)]
          .filter((a) => index.articleSubjects.get(a.id) === subject)
          .map((a) => a.date);
      });
    // (A title names the event as news; a sentence may name it in passing, years before or after.)
    const date = [...dates(true)].sort()[0] ?? [...dates(false)].sort()[0];
    if (!date) return undefined;
    required.splice(i, 1);
    const word = soft.indexOf(relation);
    if (word !== -1) soft.splice(word, 1);
    return /前/.test(relation) ? { before: date } : { after: date };
  }
  return undefined;
}

/** A question about a distance or a travel time. */
const DISTANCE_ASKED = /多远|距离|相距|多少公里|几公里|多久|多长时间|how far/;

/** Whether the question names the park (by any of its spellings) right after 到/去/离/距/和/与 (where one goes). */
function destinationOf(folded: string, park: string, index: SentenceIndex): boolean {
  for (const m of parkMentions(folded, index.zone, { loose: true })) {
    if (m.subject !== park) continue;
    const before = folded.slice(0, m.at);
    if (/(?:到|去|离|距离?|至|和|与|跟)\p{Script=Han}{0,8}$/u.test(before)) return true;
  }
  return false;
}

/**
 * A single character that segmentation tags as a noun (a surname: 郑, 周) followed by a word, where the two
 * together are a string the park's sentences use and no dictionary word: a name cut in two.
 */
function gluedNames(text: string, vocabulary: Vocabulary): { known: string[]; people: string[] } {
  const words = tagWords(text);
  const known: string[] = [];
  const people: string[] = [];
  for (let i = 0; i + 1 < words.length; i++) {
    const first = words[i] as TaggedWord;
    const next = words[i + 1] as TaggedWord;
    if ([...first.word].length !== 1 || !/^n/.test(first.tag) || !/^\p{Script=Han}{1,2}$/u.test(next.word))
      continue;
    const name = first.word + next.word;
    if (!/^\p{Script=Han}+$/u.test(first.word) || isDictionaryWord(name)) continue;
    if (vocabulary.includes(name)) known.push(name);
    // A surname (tagged as a person) and a two-character given name the sentences never use: an unknown person.
    else if (first.tag === "nr" && [...name].length === 3) people.push(name);
  }
  return { known, people };
}

/** The one other known park whose place name (岈泓 of 岈泓经开区) the question writes, if it writes no zone city. */
function parkOfPlaceName(folded: string, index: SentenceIndex): string | undefined {
  if (index.zone.cityPrefixes.some((c) => folded.includes(c))) return undefined;
  const parks = [...index.subjectCounts.keys()].filter((park) => {
    if (park === index.zone.canonical) return false;
    const place = parkPlace(park);
    const at = place && [...place].length >= 2 ? folded.indexOf(place) : -1;
    if (at === -1 || !place) return false;
    // "蕤埠那个开发区", "蕤埠那边": the park of that place, named by its place and a word for a park.
    const kind = park.slice(place.length);
    const after = folded.slice(at + place.length);
    if (new RegExp(`^(?:那个|这个|那边的?|那里的?|的)?(?:开发区|园区|园子|${kind})`).test(after)) return true;
    // The name it begins (岈泓重工, 样本科技): only the park's sentences may use it — a company named after
    // another city may well be in the zone (样本科技公司…在示例高新区开工).
    const name = folded.slice(at, at + place.length + 2);
    const subjects = index.mentioning(name).flatMap((sentence) => sentence.subjects);
    return subjects.includes(park) && !subjects.includes(index.zone.canonical);
  });
  return parks.length === 1 ? parks[0] : undefined;
}

/** A name is at least this long (虚构汽车集团, 新能源整车项目): shorter runs are too common to decide a park. */
const NAME_CHARS = 4;
/** How names of organisations and works end in Chinese: 集团, 公司, 项目, 基地… (未来产业 is no name). */
const NAME_HEAD =
  /(?:集团|公司|企业|项目|基地|中心|大学|学院|医院|银行|工厂|研究院|研究所|实验室|产业园|电站|港区|码头|车站|机场)$/;

/**
 * The other park whose sentences alone use a name in the question — a run of two or three words ending in a word
 * that heads names (虚构 + 汽车集团, 新能源 + 整车 + 项目), as names are made of ordinary words — when exactly one
 * park's sentences use it and the zone's never do. A single word (注册资本) or a phrase (未来产业) decides nothing.
 */
function ownerOfNamedThing(folded: string, index: SentenceIndex, lexicon: Lexicon): string | undefined {
  if (![...index.subjectCounts.keys()].some((s) => s !== index.zone.canonical)) return undefined;
  const zone = index.vocabularyOf(index.zone.canonical);
  const { generic, parkAliases } = lexicon;
  // Parts of a name are content words: never a particle, a single character, or a word for "the park".
  const part = (w: string) =>
    [...w].length >= 2 && /^\p{Script=Han}+$/u.test(w) && !generic.has(w) && !parkAliases.includes(w);
  const words = cutWords(folded);
  for (let i = 0; i < words.length; i++) {
    for (const n of [3, 2]) {
      const run = words.slice(i, i + n);
      const name = run.join("");
      if (run.length < n || !run.every(part) || [...name].length < NAME_CHARS || !NAME_HEAD.test(name))
        continue;
      if (zone.includes(name)) continue;
      // The parks whose sentences use it, read off the sentences that contain it (not every park's vocabulary:
      // a knowledge base of thousands of parks would build each one's).
      const owners = new Set(
        index
          .mentioning(name)
          .flatMap((sentence) => sentence.subjects.filter((s) => s !== index.zone.canonical)),
      );
      if (owners.size === 1) return [...owners][0];
    }
  }
  return undefined;
}

/** A word's synonym group: the word the group maps to, then every word that maps to it. */
function groupMembers(word: string, synonyms: Map<string, string>): string[] {
  const target = synonyms.get(word) ?? word;
  return [target, ...[...synonyms].filter(([, to]) => to === target).map(([from]) => from)];
}

/** The member of a word's synonym group (the word itself included) that the knowledge base uses, if any. */
function usedMember(word: string, vocabulary: Vocabulary, synonyms: Map<string, string>): string | undefined {
  if (vocabulary.includes(word)) return word;
  return groupMembers(word, synonyms).find((m) => vocabulary.includes(m));
}

/**
 * A word the knowledge base does not use is mapped to the word it does use (synonyms: 河流 → 河), or split
 * into dictionary words when all of its longer parts occur (基础设施 → 基础 + 设施, 升级成 → 升级 + 成).
 * Otherwise it stays whole — and counts as a topic the knowledge base does not cover.
 */
function knownParts(word: string, vocabulary: Vocabulary, synonyms: Map<string, string>, tag = ""): string[] {
  // (A single character the lexicon gives a word for — 税 → 税收 — is that word: alone it only ranks.)
  const single = [...word].length === 1 ? synonyms.get(word) : undefined;
  if (single && vocabulary.includes(single)) return [single];
  if (vocabulary.includes(word)) return [word];
  // "市里", "园区内": a place and a locative particle; the place is the word.
  if (/^\p{Script=Han}+[里内中]$/u.test(word) && vocabulary.includes(word.slice(0, -1)))
    return [word.slice(0, -1)];
  // A kind of park shortened (综保区) where the articles spell it out (综合保税区).
  const spelled = kindSpellings(word).find((k) => vocabulary.includes(k));
  if (spelled) return [spelled];
  // jieba's HMM glues characters of casual speech into non-words (那条河叫啥 → 河叫): read them one by one.
  if (tag === HMM_TAG) return [...word];
  // A known way of getting there and the line or stop of it (地铁 + 线, 高铁 + 站, 高速 + 口): the word the
  // knowledge base uses, and the rest. (Not any character: 中小学 is no 中小 + 学.)
  if (/^\p{Script=Han}{2,}[线站口]$/u.test(word) && vocabulary.includes(word.slice(0, -1)))
    return [word.slice(0, -1), word.slice(-1)];
  // Synonyms are groups (成立, 设立, 建立 …): the question's word stands for whichever member this park's
  // articles use.
  const used = usedMember(word, vocabulary, synonyms);
  if (used) return [used];
  // A word the knowledge base uses after one more character (月 + 租金, 坐 + 地铁): a modifier that Chinese glues
  // on freely; the known head is the topic and the character only ranks. (Not a character after it: that is the
  // head, and 中小 + 学 is not 中小.)
  const chars = [...word];
  // (Not an organisation or an office: 纪工委 is not 党工委's 工委, 副主任 not 主任.)
  // (The rest must be a word: the knowledge base's text holds 资企业 inside 合资企业, which is no word.)
  const rest = chars.slice(1).join("");
  if (
    chars.length >= 3 &&
    /^\p{Script=Han}+$/u.test(word) &&
    !ORGANISATION.test(word) &&
    isDictionaryWord(rest)
  ) {
    const known = usedMember(rest, vocabulary, synonyms);
    if (known) return [known, chars[0] ?? ""];
  }
  const synonym = synonyms.get(word) ?? word;
  if (synonym !== word) return [synonym];
  if (ORGANISATION.test(word)) return [word];
  const parts = cutForParts(word)
    .filter((p) => p !== word)
    .map((p) => (vocabulary.includes(p) ? p : (synonyms.get(p) ?? p)));
  const usable =
    parts.some((p) => p.length > 1) && parts.every((p) => p.length === 1 || vocabulary.includes(p));
  if (usable) return parts;
  return [word];
}
