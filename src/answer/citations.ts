import { articleRef } from "../knowledge/article.js";
import type { IndexedSentence } from "../search/sentence-index.js";
import type { Citation } from "./schema.js";

/**
 * The one way a citation is made: from a knowledge-base sentence found by id. Its text is the sentence as
 * published — whatever wrote the answer (rules or a model) only ever names ids.
 */
export function citeSentences(sentences: IndexedSentence[]): Citation[] {
  return sentences.map((s, i) => ({ n: i + 1, id: s.id, text: s.text, article: articleRef(s.article) }));
}
