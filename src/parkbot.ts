import type { Answerer } from "./answer/answerer.js";
import { createOfflineAnswerer, type OfflineAnswerer } from "./answer/offline/offline-answerer.js";
import { CircuitBreaker } from "./answer/online/breaker.js";
import { OnlineAnswerer } from "./answer/online/online-answerer.js";
import { loadAnswerPrompts } from "./answer/online/prompts.js";
import type { Article } from "./knowledge/article.js";
import { loadKnowledge } from "./knowledge/load.js";
import type { LlmSettings } from "./llm/provider.js";
import { type Logger, silentLogger } from "./log.js";
import { createEmbeddingRanker, type EmbeddingRanker } from "./search/embeddings.js";
import { loadLexicon } from "./search/lexicon.js";

/** Everything an adapter needs: the articles, the offline answerer, and the one to use (online when configured). */
export interface Parkbot {
  articles: Article[];
  offline: OfflineAnswerer;
  /** Present when an LLM is configured. */
  online?: OnlineAnswerer;
  answerer: Answerer;
}

export interface ParkbotOptions {
  knowledgeDir: string;
  /** Runtime state (the embedding cache). */
  dataDir?: string;
  lexiconDir?: string;
  promptsDir?: string;
  /** The LLM; absent → offline only. */
  llm?: LlmSettings;
  log?: Logger;
}

/**
 * Loads the knowledge base, lexicon and prompts once and builds the answerers. Throws `KnowledgeError` (naming
 * the file) when a cleaned article is malformed.
 */
export async function openParkbot(options: ParkbotOptions): Promise<Parkbot> {
  const log = options.log ?? silentLogger;
  const [articles, lexicon] = await Promise.all([
    loadKnowledge(options.knowledgeDir),
    loadLexicon(options.lexiconDir),
  ]);
  const offline = createOfflineAnswerer(articles, lexicon);
  const { llm } = options;
  if (!llm) return { articles, offline, answerer: offline };

  const online = new OnlineAnswerer({
    offline,
    model: llm.model,
    prompts: await loadAnswerPrompts(options.promptsDir),
    mode: llm.mode,
    timeoutMs: llm.timeoutMs,
    breaker: new CircuitBreaker(llm.breakerFailures, llm.breakerCooldownMs),
    log,
    ranker: llm.embeddingModel ? lazyRanker(llm, offline, options.dataDir ?? "data", log) : undefined,
  });
  return { articles, offline, online, answerer: online };
}

/** Builds the embedding ranker on first use, once; if that fails, says so once and answers with BM25 alone. */
function lazyRanker(
  llm: LlmSettings,
  offline: OfflineAnswerer,
  cacheDir: string,
  log: Logger,
): () => Promise<EmbeddingRanker | undefined> {
  let ranker: Promise<EmbeddingRanker | undefined> | undefined;
  return () => {
    ranker ??= createEmbeddingRanker({
      model: llm.embeddingModel as NonNullable<LlmSettings["embeddingModel"]>,
      modelName: llm.embeddingModelName ?? "embedding",
      sentences: offline.index.sentences,
      cacheDir,
    }).catch((error: unknown) => {
      log.warn(
        `embeddings unavailable (${error instanceof Error ? error.message : error}); using BM25 alone`,
      );
      return undefined;
    });
    return ranker;
  };
}
