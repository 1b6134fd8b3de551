import { createOfflineAnswerer, type OfflineAnswerer } from "../../src/answer/offline/offline-answerer.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { loadLexicon } from "../../src/search/lexicon.js";

let cached: Promise<OfflineAnswerer> | undefined;

/** The offline answerer over the real, committed knowledge base (built once per test file). */
export function realAnswerer(): Promise<OfflineAnswerer> {
  cached ??= (async () => createOfflineAnswerer(await loadKnowledge("knowledge"), await loadLexicon()))();
  return cached;
}
