import { type Article, articleRef, isCitable } from "../knowledge/article.js";
import { fold } from "../search/normalize.js";
import { cutWords } from "../search/segment.js";
import type { DigestItem, Summarizer } from "./digest.js";

/** Figures worth keeping in a point: years, dates, areas, distances, counts. */
const KEY_FIGURE = /\d+(?:\.\d+)?\s*(?:年|月|日|平方公里|公里|千米|米|亩|公顷|块|家|个|项|%|亿|万)/g;
/** A point longer than this is cut down to its most telling clauses. */
const MAX_POINT_CHARS = 90;

/**
 * The offline, extractive digest: the lead sentence plus the most central sentences (sharing the most words
 * with the rest of the article), favouring sentences with key figures; 3–5 points, in the article's order. Point
 * text is cut from the sentence itself, so every figure and name in it is verbatim.
 */
export function offlineDigest(article: Article): DigestItem {
  const sentences = article.paragraphs.flatMap((p) => p.sentences).filter(isCitable);
  const words = sentences.map((s) => new Set(cutWords(fold(s.text)).filter((w) => w.length > 1)));
  const scores = sentences.map((s, i) => {
    const mine = words[i] ?? new Set<string>();
    let shared = 0;
    words.forEach((other, j) => {
      if (j === i || mine.size === 0) return;
      let common = 0;
      for (const w of mine) if (other.has(w)) common++;
      shared += common / Math.sqrt(mine.size * Math.max(1, other.size));
    });
    const figures = (s.text.match(KEY_FIGURE) ?? []).length;
    return shared + Math.min(figures, 3) * 0.8 + (i === 0 ? 1.5 : 0);
  });
  // 3–5 points: about one per two or three sentences (all of them for a very short article).
  const wanted =
    sentences.length <= 3 ? sentences.length : Math.min(5, Math.max(3, Math.ceil(sentences.length / 2.5)));
  const chosen = scores
    .map((score, i) => ({ score, i }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, wanted)
    .map((c) => c.i)
    .sort((a, b) => a - b);
  return {
    article: articleRef(article),
    headline: article.title,
    points: chosen.flatMap((i) => {
      const s = sentences[i];
      return s ? [{ text: condense(s.text), citations: [{ id: s.id, text: s.text }] }] : [];
    }),
    mode: "offline",
  };
}

/** The summarizer without an LLM: extractive digests of the given articles. */
export class OfflineSummarizer implements Summarizer {
  constructor(private readonly articles: () => readonly Article[]) {}

  async summarize(articleId: string): Promise<DigestItem> {
    const article = this.articles().find((a) => a.id === articleId);
    if (!article) throw new Error(`no article with id ${articleId}`);
    return offlineDigest(article);
  }
}

/**
 * A long sentence becomes its clauses with figures or the most content, in order, until the budget is used —
 * verbatim pieces joined by the sentence's own comma, so nothing is invented.
 */
function condense(sentence: string): string {
  const text = sentence.replace(/[。!?!?]+$/u, "");
  if (text.length <= MAX_POINT_CHARS) return text;
  const clauses = text.split(/(?<=[,，;；])/).map((c) => c.replace(/[,，;；]$/, ""));
  const ranked = clauses
    .map((clause, i) => ({
      clause,
      i,
      score: (clause.match(KEY_FIGURE) ?? []).length * 2 + (i === 0 ? 1 : 0) + clause.length / 40,
    }))
    .sort((a, b) => b.score - a.score);
  const keep = new Set<number>();
  let used = 0;
  for (const { clause, i } of ranked) {
    if (used + clause.length > MAX_POINT_CHARS && keep.size > 0) continue;
    keep.add(i);
    used += clause.length + 1;
  }
  return clauses.filter((_, i) => keep.has(i)).join(",");
}
