import { type Article, isCitable } from "../knowledge/article.js";
import { pinyin, splitPinyin } from "../text/pinyin.js";
import { Bm25, type PackedBm25 } from "./bm25.js";
import type { Lexicon } from "./lexicon.js";
import { fold } from "./normalize.js";
import type { PackedPostings } from "./postings.js";
import { cutWords, indexTerms } from "./segment.js";
import {
  articleSubject,
  countingWeakNames,
  mentionFinder,
  sentenceSubjects,
  type ZoneNames,
  zoneNames,
} from "./subjects.js";
import { TextIndex } from "./text-index.js";

/** A knowledge-base sentence with what search needs to know about it. */
export interface IndexedSentence {
  id: string;
  /** Verbatim, as published — the only text a citation may show. */
  text: string;
  /** Folded for matching (see `fold`). */
  folded: string;
  article: Article;
  /** 0-based positions in the article. */
  paragraph: number;
  sentence: number;
  /** The sentence carries a quality flag (see `SentenceFlag`): cited only when nothing clean says as much. */
  doubtful?: true;
  /** The parks it speaks about (the zone's canonical name, or another park's), main one first. */
  subjects: string[];
}

/** The costly parts of a built index, as plain data (see `SentenceIndex.snapshot`). */
export interface IndexSnapshot {
  /**
   * Each citable sentence in index order, by column: how many; their folded texts joined by newlines (folded text
   * has none); the distinct subject lists, and which one each sentence has. Columns read back far faster than
   * 100,000 small arrays. The sentence ids are not kept: they come from the articles, in the same order.
   */
  sentences: {
    count: number;
    /** For every sentence of the articles, in order: 1 when it is a citation target (indexed), else 0. */
    targets: Uint8Array;
    folded: string;
    subjectLists: string[][];
    subjects: Uint16Array;
  };
  articleSubjects: Array<[string, string]>;
  /** The two BM25 indexes, packed. */
  zoneBm25: PackedBm25;
  otherBm25: PackedBm25;
  /** The fragment index's postings over the folded sentences, then titles. */
  texts?: PackedPostings;
  /** The pinyin vocabulary (toneless reading → words), which every question's typo check needs. */
  pinyin?: Array<[string, string[]]>;
}

/** A sentence as BM25 sees it: its id and index terms. */
interface Doc {
  id: string;
  terms: string[];
}

/** What `SentenceIndex.build` works out before constructing the index. */
interface Prepared {
  derived: DerivedSentences;
  zoneBm25: Bm25;
  otherBm25: Bm25;
  pinyin?: Array<[string, string[]]>;
  texts?: PackedPostings;
}

/** Sentences worked on between two yields to the event loop while building in steps. */
const STEP_SENTENCES = 1000;

/** A snapshot that does not belong to these articles. */
export class SnapshotMismatch extends Error {}

interface DerivedSentences {
  /** Folded text and subjects of each sentence that is a citation target, by id (asked in index order). */
  sentences: Pick<Map<string, { folded: string; subjects: string[] }>, "get">;
  articleSubjects: Array<[string, string]>;
  /** After every sentence was asked for: throws `SnapshotMismatch` when a snapshot held sentences never asked. */
  finish?: () => void;
}

/** What deriving from the text fills in. */
interface Derivation extends DerivedSentences {
  sentences: Map<string, { folded: string; subjects: string[] }>;
}

/** Works out, from the text, which sentences are cited and what each speaks about. */
function deriveSentences(articles: readonly Article[], zone: ZoneNames): DerivedSentences {
  const derived: Derivation = { sentences: new Map(), articleSubjects: [] };
  for (const _ of deriving(articles, zone, derived));
  return derived;
}

/** `deriveSentences`, yielding to the event loop every few hundred sentences. */
async function deriveSentencesInSteps(
  articles: readonly Article[],
  zone: ZoneNames,
): Promise<DerivedSentences> {
  const derived: Derivation = { sentences: new Map(), articleSubjects: [] };
  for (const _ of deriving(articles, zone, derived))
    await new Promise<void>((resolve) => setImmediate(resolve));
  return derived;
}

/** The work of `deriveSentences` into `out`, pausing (yielding) after every few hundred sentences. */
function* deriving(articles: readonly Article[], zone: ZoneNames, out: Derivation): Generator<void> {
  const targets = new Set<string>();
  yield* findingTargets(articles, targets);
  // A park named by a common noun counts once the knowledge base names it twice (see ParkMention.weak).
  const find = mentionFinder(zone);
  const weak = new Map<string, number>();
  yield* countingWeakNames(articles, find, weak, STEP_SENTENCES / 4);
  let since = 0;
  for (const article of articles) {
    const main = articleSubject(article, zone, weak, find);
    out.articleSubjects.push([article.id, main]);
    const subjects = sentenceSubjects(article, zone, weak, find, main);
    for (const paragraph of article.paragraphs)
      for (const s of paragraph.sentences)
        if (targets.has(s.id))
          out.sentences.set(s.id, { folded: fold(s.text), subjects: subjects.get(s.id) ?? [zone.canonical] });
    since += article.paragraphs.reduce((n, p) => n + p.sentences.length, 0);
    if (since >= STEP_SENTENCES / 4) {
      since = 0;
      yield;
    }
  }
}

/**
 * The same, read from a snapshot. Its sentences are in index order — the order the articles' sentences are asked
 * for — so each is matched with the next one asked, without a map of 100,000 ids; a sentence never matched means
 * the snapshot belongs to other articles (`finish` throws `SnapshotMismatch`).
 */
function fromSnapshot(snapshot: IndexSnapshot): DerivedSentences {
  const { count, targets, subjectLists, subjects } = snapshot.sentences;
  const folded = count === 0 ? [] : snapshot.sentences.folded.split("\n");
  if (folded.length !== count || subjects.length !== count) {
    throw new SnapshotMismatch(`the snapshot's columns disagree (${count} sentences)`);
  }
  let position = 0;
  let next = 0;
  return {
    sentences: {
      get(id: string) {
        const at = position++;
        if (at >= targets.length) throw new SnapshotMismatch(`sentence ${id} is not in the snapshot`);
        if (!targets[at]) return undefined;
        const i = next++;
        const list = subjectLists[subjects[i] as number];
        if (i >= count || !list) throw new SnapshotMismatch(`sentence ${id} has no entry in the snapshot`);
        return { folded: folded[i] as string, subjects: list };
      },
    },
    articleSubjects: snapshot.articleSubjects,
    finish() {
      if (position !== targets.length || next !== count) {
        throw new SnapshotMismatch("the snapshot holds other sentences than the knowledge base");
      }
    },
  };
}

/** Score factor for doubtful sentences: enough to lose to a clean sentence on the same words, not to vanish. */
const DOUBTFUL_BOOST = 0.5;

/**
 * The sentences that may be cited, by id: never a fragment, and one sentence for each text that several
 * articles print word for word (after folding script, width and punctuation) — quoting it twice would cite one
 * fact as if two sources confirmed it independently. The one kept is clean if any copy is, then the earliest
 * published, then the first by id.
 */
export function citationTargets(articles: readonly Article[]): Set<string> {
  const out = new Set<string>();
  for (const _ of findingTargets(articles, out));
  return out;
}

/** `citationTargets` into `out`, pausing (yielding) every few hundred articles. */
function* findingTargets(articles: readonly Article[], out: Set<string>): Generator<void> {
  const best = new Map<string, { id: string; clean: boolean; date: string }>();
  let since = 0;
  for (const article of articles) {
    for (const paragraph of article.paragraphs) {
      for (const s of paragraph.sentences) {
        if (!isCitable(s)) continue;
        const key = fold(s.text).replace(/[\s\p{P}\p{S}]/gu, "");
        const candidate = { id: s.id, clean: !s.flags, date: article.date };
        const current = best.get(key);
        if (!current || better(candidate, current)) best.set(key, candidate);
        if (++since >= STEP_SENTENCES) {
          since = 0;
          yield;
        }
      }
    }
  }
  for (const c of best.values()) out.add(c.id);
}

function better(
  a: { id: string; clean: boolean; date: string },
  b: { id: string; clean: boolean; date: string },
) {
  if (a.clean !== b.clean) return a.clean;
  if (a.date !== b.date) return a.date < b.date;
  return a.id < b.id;
}

export interface ScoredSentence {
  sentence: IndexedSentence;
  score: number;
}

/** What the knowledge base says about one park, for "is this a word it uses?". */
export interface Vocabulary {
  includes(word: string): boolean;
}

/**
 * BM25 over sentences (MiniSearch's BM25+) with the Chinese-aware tokenizer plugged in where MiniSearch expects
 * one, and a fragment index (`TextIndex`) for "which sentences contain this?" — the questions a rule asks many
 * times per question, which must not read every sentence.
 *
 * Sentences are indexed alone: indexing each with its paragraph as context (as before) put 78 % of all index
 * terms into that field, for no measurable gain once sentences are read with the one before them and their
 * article's title (select.ts).
 */
/** An answer in an FAQ: 答：…, A: … */
const ANSWER_OPENING = /^\s*(?:答|A)\s*[:：]/;
/** A sentence that asks. */
const QUESTION_END = /[?？]["”’」』]?$/u;

export class SentenceIndex {
  readonly sentences: IndexedSentence[] = [];
  readonly byId = new Map<string, IndexedSentence>();
  private readonly vocabularies = new Map<string, Vocabulary>();
  /** Sentences (at their position in `sentences`), then article titles. */
  private readonly texts: TextIndex;
  /** The article of each title in `texts`, by position. */
  private readonly titleOf = new Map<number, Article>();
  /** Text positions of section headings ("二、申报条件"): words the articles use, though no sentence quotes them. */
  private readonly headingOf = new Map<number, Article>();
  /** Every article's folded title (a few thousand at most: scanned, not indexed). */
  private readonly titles: Array<[string, Article]> = [];
  private readonly aboutLists = new Map<string, IndexedSentence[]>();
  private readonly subjectIds = new Map<string, Set<string>>();
  /** Each article's main subject, by article id (see `articleSubject`). */
  readonly articleSubjects = new Map<string, string>();
  /** How many sentences speak about each park (see `subjects.ts`). */
  readonly subjectCounts = new Map<string, number>();
  /** The zone's names, for recognising parks in questions the same way as in sentences. */
  readonly zone: ZoneNames;
  /**
   * Two BM25 indexes: the sentences about the zone, and those about other parks (a sentence about both is in
   * both). Nearly every question is about the zone, and then other parks' sentences — however many a knowledge
   * base collects — cost nothing to search.
   */
  private readonly zoneBm25: Bm25;
  private readonly otherBm25: Bm25;
  /** Doubtful sentences (see `DOUBTFUL_BOOST`), by id. */
  private readonly doubtful = new Set<string>();
  /** Built on first use: most questions need no sound-alike lookup. */
  private wordsByPinyin?: Map<string, string[]>;
  private readonly lexicon: Lexicon;
  private readonly antecedents = new Map<IndexedSentence, IndexedSentence>();

  /**
   * Builds the index — or, given a `snapshot` of an index built from the same articles and lexicon (see
   * index-cache.ts), takes what is costly to work out (folded text, subjects, the BM25 indexes) from it. A
   * snapshot that does not fit the articles throws `SnapshotMismatch`.
   */
  constructor(
    readonly articles: Article[],
    lexicon: Lexicon,
    snapshot?: IndexSnapshot,
    /** The costly parts, already worked out (see `SentenceIndex.build`). */
    prepared?: Prepared,
  ) {
    this.lexicon = lexicon;
    const zoneDocs: Doc[] = [];
    const otherDocs: Doc[] = [];
    /** Folded sentences, then titles: what the fragment index is over, by position. */
    const folded: string[] = [];
    this.zone = zoneNames(lexicon.zone);
    const derived =
      prepared?.derived ?? (snapshot ? fromSnapshot(snapshot) : deriveSentences(articles, this.zone));
    for (const [id, subject] of derived.articleSubjects) this.articleSubjects.set(id, subject);
    for (const article of articles) {
      /** The last sentence of the paragraph before, when it asks a question (an FAQ's 问：… before its 答：…). */
      let asked: IndexedSentence | undefined;
      article.paragraphs.forEach((paragraph, p) => {
        let before: IndexedSentence | undefined = paragraph.sentences[0]?.text.match(ANSWER_OPENING)
          ? asked
          : undefined;
        paragraph.sentences.forEach((s, i) => {
          const known = derived.sentences.get(s.id);
          if (!known) return;
          const indexed: IndexedSentence = {
            id: s.id,
            text: s.text,
            folded: known.folded,
            article,
            paragraph: p,
            sentence: i,
            ...(s.flags ? { doubtful: true } : {}),
            subjects: known.subjects,
          };
          for (const subject of indexed.subjects)
            this.subjectCounts.set(subject, (this.subjectCounts.get(subject) ?? 0) + 1);
          this.sentences.push(indexed);
          this.byId.set(s.id, indexed);
          if (before) this.antecedents.set(indexed, before);
          before = indexed;
          asked = QUESTION_END.test(indexed.text) ? indexed : undefined;
          if (indexed.doubtful) this.doubtful.add(s.id);
          if (!prepared && !snapshot) {
            const doc = { id: s.id, terms: indexTerms(indexed.folded) };
            if (indexed.subjects.includes(this.zone.canonical)) zoneDocs.push(doc);
            if (indexed.subjects.some((x) => x !== this.zone.canonical)) otherDocs.push(doc);
          }
          folded.push(indexed.folded);
        });
      });
    }
    derived.finish?.();
    for (const article of articles) {
      this.titleOf.set(folded.length, article);
      const title = fold(article.title);
      folded.push(title);
      this.titles.push([title, article]);
    }
    for (const article of articles) {
      const headings = new Set(article.paragraphs.flatMap((p) => (p.heading ? [fold(p.heading)] : [])));
      for (const heading of headings) {
        this.headingOf.set(folded.length, article);
        folded.push(heading);
      }
    }
    const packedTexts = prepared?.texts ?? snapshot?.texts;
    if (packedTexts) this.texts = TextIndex.restore(folded, packedTexts);
    else {
      this.texts = new TextIndex();
      for (const text of folded) this.texts.add(text);
      this.texts.freeze();
    }
    if (prepared) {
      this.zoneBm25 = prepared.zoneBm25;
      this.otherBm25 = prepared.otherBm25;
      if (prepared.pinyin) this.wordsByPinyin = new Map(prepared.pinyin);
    } else if (snapshot) {
      this.zoneBm25 = Bm25.fromParts(snapshot.zoneBm25);
      this.otherBm25 = Bm25.fromParts(snapshot.otherBm25);
      if (snapshot.pinyin) this.wordsByPinyin = new Map(snapshot.pinyin);
    } else {
      this.zoneBm25 = Bm25.build(zoneDocs);
      this.otherBm25 = Bm25.build(otherDocs);
    }
  }

  /**
   * The same index, built without holding the event loop for more than a moment at a time: the running bot keeps
   * answering with its old index while a reload builds the new one. Slower in total than the constructor.
   */
  static async build(
    articles: Article[],
    lexicon: Lexicon,
    snapshot?: IndexSnapshot,
  ): Promise<SentenceIndex> {
    const zone = zoneNames(lexicon.zone);
    const derived = snapshot ? fromSnapshot(snapshot) : await deriveSentencesInSteps(articles, zone);
    const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
    let zoneBm25: Bm25;
    let otherBm25: Bm25;
    if (snapshot) {
      zoneBm25 = Bm25.fromParts(snapshot.zoneBm25);
      otherBm25 = Bm25.fromParts(snapshot.otherBm25);
    } else {
      // Segmentation is the slow part: done a step at a time; packing the postings is one quick pass.
      const zoneDocs: Doc[] = [];
      const otherDocs: Doc[] = [];
      let since = 0;
      for (const article of articles)
        for (const paragraph of article.paragraphs)
          for (const s of paragraph.sentences) {
            const known = derived.sentences.get(s.id);
            if (!known) continue;
            const doc = { id: s.id, terms: indexTerms(known.folded) };
            if (known.subjects.includes(zone.canonical)) zoneDocs.push(doc);
            if (known.subjects.some((x) => x !== zone.canonical)) otherDocs.push(doc);
            if (++since >= STEP_SENTENCES) {
              since = 0;
              await pause();
            }
          }
      zoneBm25 = Bm25.build(zoneDocs);
      await pause();
      otherBm25 = Bm25.build(otherDocs);
    }
    return new SentenceIndex(articles, lexicon, undefined, {
      derived,
      zoneBm25,
      otherBm25,
      ...(snapshot?.pinyin ? { pinyin: snapshot.pinyin } : {}),
      ...(snapshot?.texts ? { texts: snapshot.texts } : {}),
    });
  }

  private sentenceColumns(): IndexSnapshot["sentences"] {
    const lists = new Map<string, number>();
    const subjectLists: string[][] = [];
    const subjects = new Uint16Array(this.sentences.length);
    this.sentences.forEach((s, i) => {
      const key = s.subjects.join("\u0000");
      let at = lists.get(key);
      if (at === undefined) {
        at = subjectLists.push(s.subjects) - 1;
        lists.set(key, at);
      }
      subjects[i] = at;
    });
    if (subjectLists.length > 65535) throw new Error("too many distinct subject lists for a snapshot");
    const folded = this.sentences.map((s) => s.folded).join("\n");
    const all = this.articles.flatMap((a) => a.paragraphs.flatMap((p) => p.sentences));
    const targets = Uint8Array.from(all, (s) => (this.byId.has(s.id) ? 1 : 0));
    return { count: this.sentences.length, targets, folded, subjectLists, subjects };
  }

  /** What `index-cache.ts` keeps of this index, to rebuild it quickly from the same articles and lexicon. */
  snapshot(): IndexSnapshot {
    return {
      sentences: this.sentenceColumns(),
      articleSubjects: [...this.articleSubjects],
      zoneBm25: this.zoneBm25.toParts(),
      otherBm25: this.otherBm25.toParts(),
      texts: this.texts.toParts(),
      pinyin: [...this.pinyinWords()],
    };
  }

  /** Whether any sentence or title contains this folded fragment. */
  corpusHas(fragment: string): boolean {
    return this.texts.has(fragment);
  }

  /** How many sentences and titles contain this folded fragment, at most (exact for one or two characters). */
  frequency(fragment: string): number {
    return this.texts.frequency(fragment);
  }

  /** The sentences that contain this folded fragment. */
  mentioning(fragment: string): IndexedSentence[] {
    const out: IndexedSentence[] = [];
    for (const at of this.texts.containing(fragment)) {
      const sentence = this.sentences[at];
      if (sentence && !this.titleOf.has(at)) out.push(sentence);
    }
    return out;
  }

  /** The articles whose titles mention every one of these folded words. */
  articlesTitled(words: readonly string[]): Article[] {
    return this.titles
      .filter(([title]) => words.every((w) => title.includes(w)))
      .map(([, article]) => article);
  }

  /** The articles whose title mentions a folded word, and those whose sentences do. */
  articlesMentioning(word: string): { titles: Set<Article>; bodies: Set<Article> } {
    const titles = new Set<Article>();
    const bodies = new Set<Article>();
    for (const at of this.texts.containing(word)) {
      const title = this.titleOf.get(at);
      if (title) titles.add(title);
      else {
        const sentence = this.sentences[at];
        if (sentence) bodies.add(sentence.article);
      }
    }
    return { titles, bodies };
  }

  /** The sentences about this park alone, worked out once per park (for overviews). */
  about(subject: string): IndexedSentence[] {
    let list = this.aboutLists.get(subject);
    if (!list) {
      list = this.sentences.filter((s) => s.subjects[0] === subject && s.subjects.length === 1);
      this.aboutLists.set(subject, list);
    }
    return list;
  }

  /** Ids of the sentences about one park, worked out once per park. */
  private idsAbout(subject: string): Set<string> {
    let ids = this.subjectIds.get(subject);
    if (!ids) {
      ids = new Set(this.sentences.filter((x) => x.subjects.includes(subject)).map((x) => x.id));
      this.subjectIds.set(subject, ids);
    }
    return ids;
  }

  /**
   * Everything said about one park (its sentences and its articles' titles), for "is this word something the
   * knowledge base says about it?". The whole knowledge base for a park it says nothing about.
   */
  vocabularyOf(subject: string): Vocabulary {
    let vocabulary = this.vocabularies.get(subject);
    if (!vocabulary) {
      const ids = this.idsAbout(subject);
      // Which text positions speak about the subject, as bytes: a common word has tens of thousands of positions
      // to look through, and a byte per position is checked far faster than an id in a set.
      const about = new Uint8Array(this.texts.size);
      const articles = new Set<Article>();
      this.sentences.forEach((s, at) => {
        if (!ids.has(s.id)) return;
        about[at] = 1;
        articles.add(s.article);
      });
      for (const [at, article] of this.titleOf) if (articles.has(article)) about[at] = 1;
      for (const [at, article] of this.headingOf) if (articles.has(article)) about[at] = 1;
      vocabulary =
        ids.size === 0
          ? { includes: (word) => this.texts.has(word) }
          : { includes: (word) => this.texts.someContaining(word, (at) => about[at] === 1) };
      this.vocabularies.set(subject, vocabulary);
    }
    return vocabulary;
  }

  /** Sentences ranked by BM25 for a folded query, best first; only those about `subject` when given. */
  search(foldedQuery: string, limit = 20, subject?: string): ScoredSentence[] {
    // Restricted to one park's sentences inside the search, so a knowledge base full of other parks' sentences
    // does not push this park's out of the first `limit`.
    const zone = subject === this.zone.canonical;
    const about = subject && !zone ? this.idsAbout(subject) : undefined;
    // Each distinct term once (jieba's words and the bigrams repeat each other).
    const terms = [...new Set(indexTerms(foldedQuery))];
    const options = {
      ...(about ? { filter: (id: string) => about.has(id) } : {}),
      // A doubtful sentence (junk, leftover annotation) ranks below a clean one that matches as well.
      ...(this.doubtful.size > 0
        ? { boost: (id: string) => (this.doubtful.has(id) ? DOUBTFUL_BOOST : 1) }
        : {}),
    };
    const indexes = zone ? [this.zoneBm25] : subject ? [this.otherBm25] : [this.zoneBm25, this.otherBm25];
    const best = new Map<string, number>();
    for (const index of indexes)
      for (const hit of index.search(terms, options))
        best.set(hit.id, Math.max(best.get(hit.id) ?? 0, hit.score));
    return [...best]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .flatMap(([id, score]) => {
        const sentence = this.byId.get(id);
        return sentence ? [{ sentence, score }] : [];
      });
  }

  /**
   * The sentence before this one in its paragraph, if any: what "该项目" or a bare "招聘会" refers back to.
   */
  antecedent(sentence: IndexedSentence): IndexedSentence | undefined {
    return this.antecedents.get(sentence);
  }

  /** Knowledge-base words that sound exactly like `word` (toneless pinyin): 高心区 → 高新区. */
  soundAlikes(word: string): string[] {
    return this.pinyinWords().get(pinyinKey(word)) ?? [];
  }

  /** Knowledge-base words whose toneless pinyin is `romanised` ("xiao bing" → 肖冰): names written in English. */
  wordsReading(romanised: string): string[] {
    const spaced = romanised.toLowerCase().replace(/\s+/g, " ").trim();
    const words = this.pinyinWords().get(spaced);
    if (words || spaced.includes(" ")) return words ?? [];
    // "Xugou", "Jiashe": a name romanised as one word, read syllable by syllable.
    for (const split of splitPinyin(spaced)) {
      const found = this.pinyinWords().get(split);
      if (found) return found;
    }
    return [];
  }

  private pinyinWords(): Map<string, string[]> {
    this.wordsByPinyin ??= this.buildPinyinVocabulary(this.lexicon);
    return this.wordsByPinyin;
  }

  private buildPinyinVocabulary(lexicon: Lexicon): Map<string, string[]> {
    const byPinyin = new Map<string, string[]>();
    const words = new Set<string>();
    for (let at = 0; at < this.texts.size; at++) {
      const line = this.texts.text(at);
      const lineWords = cutWords(line);
      // Pairs of neighbouring words too: 南岳 + 机场, so the typo 南岳鸡场 (鸡场 is a real word) still maps.
      lineWords.forEach((w, i) => {
        words.add(w);
        const next = lineWords[i + 1];
        if (next) words.add(w + next);
      });
    }
    for (const alias of lexicon.parkAliases) words.add(alias);
    for (const [from, to] of lexicon.synonyms) words.add(from).add(to);
    for (const word of words) {
      if (word.length < 2 || word.length > 6 || !/^\p{Script=Han}+$/u.test(word)) continue;
      const key = pinyinKey(word);
      const list = byPinyin.get(key) ?? [];
      list.push(word);
      byPinyin.set(key, list);
    }
    return byPinyin;
  }
}

function pinyinKey(word: string): string {
  return pinyin(word, { toneType: "none", type: "array" }).join(" ");
}
