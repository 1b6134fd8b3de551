import MiniSearch from "minisearch";
import { pinyin } from "pinyin-pro";
import type { Article } from "../knowledge/article.js";
import type { Lexicon } from "./lexicon.js";
import { fold } from "./normalize.js";
import { cutWords, indexTerms } from "./segment.js";

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
  /** All folded sentences, titles and captions: answers "does this word occur anywhere in the knowledge base?" */
  readonly corpus: string;
  private readonly bm25: MiniSearch<{ id: string; text: string; context: string }>;
  private readonly wordsByPinyin = new Map<string, string[]>();

  constructor(
    readonly articles: Article[],
    lexicon: Lexicon,
  ) {
    const docs: Array<{ id: string; text: string; context: string }> = [];
    const corpusParts: string[] = [];
    for (const article of articles) {
      corpusParts.push(fold(article.title));
      article.paragraphs.forEach((paragraph, p) => {
        const context = fold(paragraph.sentences.map((s) => s.text).join(""));
        paragraph.sentences.forEach((s, i) => {
          const indexed: IndexedSentence = {
            id: s.id,
            text: s.text,
            folded: fold(s.text),
            article,
            paragraph: p,
            sentence: i,
          };
          this.sentences.push(indexed);
          this.byId.set(s.id, indexed);
          docs.push({ id: s.id, text: indexed.folded, context });
          corpusParts.push(indexed.folded);
        });
      });
    }
    this.corpus = corpusParts.join("\n");
    this.bm25 = new MiniSearch({
      fields: ["text", "context"],
      tokenize: indexTerms,
      processTerm: (term) => term,
      searchOptions: { boost: { text: 2, context: 0.5 }, tokenize: indexTerms, processTerm: (term) => term },
    });
    this.bm25.addAll(docs);
    this.buildPinyinVocabulary(lexicon);
  }

  /** Sentences ranked by BM25 for a folded query, best first. */
  search(foldedQuery: string, limit = 20): ScoredSentence[] {
    return this.bm25
      .search(foldedQuery)
      .slice(0, limit)
      .flatMap((hit) => {
        const sentence = this.byId.get(String(hit.id));
        return sentence ? [{ sentence, score: hit.score }] : [];
      });
  }

  /** Knowledge-base words that sound exactly like `word` (toneless pinyin): 高心区 → 高新区. */
  soundAlikes(word: string): string[] {
    return this.wordsByPinyin.get(pinyinKey(word)) ?? [];
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
