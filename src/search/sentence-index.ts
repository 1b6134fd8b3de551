import MiniSearch from "minisearch";
import { pinyin } from "pinyin-pro";
import { type Article, isCitable } from "../knowledge/article.js";
import type { Lexicon } from "./lexicon.js";
import { fold } from "./normalize.js";
import { cutWords, indexTerms } from "./segment.js";
import {
  articleSubject,
  mentionFinder,
  sentenceSubjects,
  weakNameCounts,
  type ZoneNames,
  zoneNames,
} from "./subjects.js";

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

/** Score factor for doubtful sentences: enough to lose to a clean sentence on the same words, not to vanish. */
const DOUBTFUL_BOOST = 0.5;

/**
 * The sentences that may be cited, by id: never a fragment, and one sentence for each text that several
 * articles print word for word (after folding script, width and punctuation) — quoting it twice would cite one
 * fact as if two sources confirmed it independently. The one kept is clean if any copy is, then the earliest
 * published, then the first by id.
 */
export function citationTargets(articles: readonly Article[]): Set<string> {
  const best = new Map<string, { id: string; clean: boolean; date: string }>();
  for (const article of articles) {
    for (const paragraph of article.paragraphs) {
      for (const s of paragraph.sentences) {
        if (!isCitable(s)) continue;
        const key = fold(s.text).replace(/[\s\p{P}\p{S}]/gu, "");
        const candidate = { id: s.id, clean: !s.flags, date: article.date };
        const current = best.get(key);
        if (!current || better(candidate, current)) best.set(key, candidate);
      }
    }
  }
  return new Set([...best.values()].map((c) => c.id));
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

/**
 * BM25 over sentences (MiniSearch's BM25+), each indexed with its paragraph as lower-weighted context, and with
 * the Chinese-aware tokenizer plugged in where MiniSearch expects one.
 */
export class SentenceIndex {
  readonly sentences: IndexedSentence[] = [];
  readonly byId = new Map<string, IndexedSentence>();
  private readonly vocabularies = new Map<string, string>();
  private readonly subjectIds = new Map<string, Set<string>>();
  /** Each article's main subject, by article id (see `articleSubject`). */
  readonly articleSubjects = new Map<string, string>();
  /** How many sentences speak about each park (see `subjects.ts`). */
  readonly subjectCounts = new Map<string, number>();
  /** The zone's names, for recognising parks in questions the same way as in sentences. */
  readonly zone: ZoneNames;
  /** All folded sentences, titles and captions: answers "does this word occur anywhere in the knowledge base?" */
  readonly corpus: string;
  private readonly bm25: MiniSearch<{ id: string; text: string; context: string }>;
  private readonly wordsByPinyin = new Map<string, string[]>();
  private readonly antecedents = new Map<IndexedSentence, IndexedSentence>();

  constructor(
    readonly articles: Article[],
    lexicon: Lexicon,
  ) {
    const docs: Array<{ id: string; text: string; context: string }> = [];
    const corpusParts: string[] = [];
    const targets = citationTargets(articles);
    this.zone = zoneNames(lexicon.zone);
    // A park named by a common noun counts once the knowledge base names it twice (see ParkMention.weak).
    const find = mentionFinder(this.zone);
    const weak = weakNameCounts(articles, this.zone, find);
    for (const article of articles) {
      corpusParts.push(fold(article.title));
      const main = articleSubject(article, this.zone, weak, find);
      this.articleSubjects.set(article.id, main);
      const subjects = sentenceSubjects(article, this.zone, weak, find, main);
      article.paragraphs.forEach((paragraph, p) => {
        const context = fold(paragraph.sentences.map((s) => s.text).join(""));
        let before: IndexedSentence | undefined;
        paragraph.sentences.forEach((s, i) => {
          if (!targets.has(s.id)) return;
          const indexed: IndexedSentence = {
            id: s.id,
            text: s.text,
            folded: fold(s.text),
            article,
            paragraph: p,
            sentence: i,
            ...(s.flags ? { doubtful: true } : {}),
            subjects: subjects.get(s.id) ?? [this.zone.canonical],
          };
          for (const subject of indexed.subjects)
            this.subjectCounts.set(subject, (this.subjectCounts.get(subject) ?? 0) + 1);
          this.sentences.push(indexed);
          this.byId.set(s.id, indexed);
          if (before) this.antecedents.set(indexed, before);
          before = indexed;
          docs.push({ id: s.id, text: indexed.folded, context });
          corpusParts.push(indexed.folded);
        });
      });
    }
    this.corpus = corpusParts.join("\n");
    const doubtful = new Set(this.sentences.filter((x) => x.doubtful).map((x) => x.id));
    this.bm25 = new MiniSearch({
      fields: ["text", "context"],
      tokenize: indexTerms,
      processTerm: (term) => term,
      searchOptions: {
        boost: { text: 2, context: 0.5 },
        tokenize: indexTerms,
        processTerm: (term) => term,
        // A doubtful sentence (junk, leftover annotation) ranks below a clean one that matches as well.
        // Called for every matching document: only when there is something to demote, and by a Set lookup.
        ...(doubtful.size > 0
          ? { boostDocument: (id: unknown) => (doubtful.has(String(id)) ? DOUBTFUL_BOOST : 1) }
          : {}),
      },
    });
    this.bm25.addAll(docs);
    this.buildPinyinVocabulary(lexicon);
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
   * The folded text of everything said about one park (its sentences and its articles' titles), for "is this
   * word something the knowledge base says about it?". The whole corpus for a park it says nothing about.
   */
  vocabularyOf(subject: string): string {
    let text = this.vocabularies.get(subject);
    if (text === undefined) {
      const about = this.sentences.filter((s) => s.subjects.includes(subject));
      const titles = new Set(about.map((s) => s.article.title));
      text =
        about.length === 0
          ? this.corpus
          : [...[...titles].map(fold), ...about.map((s) => s.folded)].join("\n");
      this.vocabularies.set(subject, text);
    }
    return text;
  }

  /** Sentences ranked by BM25 for a folded query, best first; only those about `subject` when given. */
  search(foldedQuery: string, limit = 20, subject?: string): ScoredSentence[] {
    // Restricted to one park's sentences inside the search, so a knowledge base full of other parks' sentences
    // does not push this park's out of the first `limit`.
    const about = subject ? this.idsAbout(subject) : undefined;
    const filter = about ? (hit: { id: unknown }) => about.has(String(hit.id)) : undefined;
    return this.bm25
      .search(foldedQuery, filter ? { filter } : {})
      .slice(0, limit)
      .flatMap((hit) => {
        const sentence = this.byId.get(String(hit.id));
        return sentence ? [{ sentence, score: hit.score }] : [];
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
    return this.wordsByPinyin.get(pinyinKey(word)) ?? [];
  }

  /** Knowledge-base words whose toneless pinyin is `romanised` ("xiao bing" → 肖冰): names written in English. */
  wordsReading(romanised: string): string[] {
    return this.wordsByPinyin.get(romanised.toLowerCase().replace(/\s+/g, " ").trim()) ?? [];
  }

  private buildPinyinVocabulary(lexicon: Lexicon): void {
    const words = new Set<string>();
    for (const line of this.corpus.split("\n")) {
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
      const list = this.wordsByPinyin.get(key) ?? [];
      list.push(word);
      this.wordsByPinyin.set(key, list);
    }
  }
}

function pinyinKey(word: string): string {
  return pinyin(word, { toneType: "none", type: "array" }).join(" ");
}
