import type { Answerer } from "./answer/answerer.js";
import { createOfflineAnswerer } from "./answer/offline/offline-answerer.js";
import type { Article } from "./knowledge/article.js";
import { loadKnowledge } from "./knowledge/load.js";
import { loadLexicon } from "./search/lexicon.js";

/** Everything an adapter needs: the loaded articles and an answerer over them. */
export interface Parkbot {
  articles: Article[];
  answerer: Answerer;
}

/**
 * Loads the knowledge base and lexicon once and builds the answerer. Throws `KnowledgeError` (naming the file)
 * when a cleaned article is malformed.
 */
export async function openParkbot(options: { knowledgeDir: string; lexiconDir?: string }): Promise<Parkbot> {
  const [articles, lexicon] = await Promise.all([
    loadKnowledge(options.knowledgeDir),
    loadLexicon(options.lexiconDir),
  ]);
  return { articles, answerer: createOfflineAnswerer(articles, lexicon) };
}
