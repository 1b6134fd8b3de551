import type { Answerer } from "./answer/answerer.js";
import { createOfflineAnswerer, type OfflineAnswerer } from "./answer/offline/offline-answerer.js";
import type { OnlineAnswerer } from "./answer/online/online-answerer.js";
import { CachedSummarizer } from "./digest/cached-summary.js";
import type { Summarizer } from "./digest/digest.js";
import { OfflineSummarizer } from "./digest/offline-summary.js";
import type { Article } from "./knowledge/article.js";
import { loadKnowledge, loadKnowledgeSync } from "./knowledge/load.js";
import type { LlmSettings } from "./llm/provider.js";
import { type Logger, silentLogger } from "./log.js";
import type { EmbeddingRanker } from "./search/embeddings.js";
import { openKnowledgeIndex } from "./search/index-cache.js";
import { loadLexicon } from "./search/lexicon.js";

/** Everything an adapter needs: the articles, the offline answerer, and the one to use (online when configured). */
export interface Parkbot {
  articles: Article[];
  offline: OfflineAnswerer;
  /** Present when an LLM is configured. */
  online?: OnlineAnswerer;
  answerer: Answerer;
  /** Digests of articles (LLM when configured, extractive otherwise). */
  summarizer: Summarizer;
}

export interface ParkbotOptions {
  knowledgeDir: string;
  /** Runtime state (the sentence index and embedding caches); no index cache without it. */
  dataDir?: string;
  lexiconDir?: string;
  /** The zone's identity file (default: `zone.json` in the lexicon folder). */
  zoneFile?: string;
  promptsDir?: string;
  /** Build the index in steps, letting other work run in between (a reload while the bot answers). */
  inSteps?: boolean;
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
  // At start-up nothing else waits, and reading thousands of small files one call each is twice as fast as
  // through the thread pool; a reload in the running bot reads without blocking the answers.
  const lexicon = await loadLexicon(options.lexiconDir, options.zoneFile);
  const load = async () =>
    options.inSteps ? loadKnowledge(options.knowledgeDir) : loadKnowledgeSync(options.knowledgeDir);
  // The articles and their index come from DATA_DIR when a snapshot of them fits, else are read, built and saved.
  const { articles, index } = await openKnowledgeIndex(options.knowledgeDir, lexicon, load, {
    dataDir: options.dataDir,
    log,
    inSteps: options.inSteps,
  });
  const offline = createOfflineAnswerer(articles, lexicon, {}, index);
  const { llm } = options;
  if (!llm)
    return {
      articles,
      offline,
      answerer: offline,
      summarizer: new CachedSummarizer(new OfflineSummarizer(() => articles)),
    };

  // The LLM stack (AI SDK and friends) is loaded only when an LLM is configured: offline start-up stays fast.
  const [
    { CircuitBreaker },
    { OnlineAnswerer },
    { loadAnswerPrompts },
    { DigestSummarizer, loadSummaryPrompt },
  ] = await Promise.all([
    import("./answer/online/breaker.js"),
    import("./answer/online/online-answerer.js"),
    import("./answer/online/prompts.js"),
    import("./digest/online-summary.js"),
  ]);
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
  const summarizer = new CachedSummarizer(
    new DigestSummarizer({
      articles: () => articles,
      lexicon,
      log,
      llm: {
        model: llm.model,
        mode: llm.mode,
        timeoutMs: llm.timeoutMs,
        prompt: await loadSummaryPrompt(options.promptsDir),
      },
    }),
  );
  return { articles, offline, online, answerer: online, summarizer };
}

/**
 * The current knowledge base, swappable while the bot runs: `reload()` reads knowledge/ again (after `npm run
 * ingest`) and replaces it in one step, so an update sees either the old or the new one, never a mix.
 */
export class ParkbotHolder {
  constructor(
    public current: Parkbot,
    private readonly options: ParkbotOptions,
  ) {}

  async reload(): Promise<{ before: number; after: number }> {
    const before = this.current.articles.length;
    // Built in steps: questions that arrive meanwhile are answered from the current knowledge base.
    this.current = await openParkbot({ ...this.options, inSteps: true });
    return { before, after: this.current.articles.length };
  }
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
    ranker ??= import("./search/embeddings.js")
      .then(({ createEmbeddingRanker }) =>
        createEmbeddingRanker({
          model: llm.embeddingModel as NonNullable<LlmSettings["embeddingModel"]>,
          modelName: llm.embeddingModelName ?? "embedding",
          sentences: offline.index.sentences,
          cacheDir,
        }),
      )
      .catch((error: unknown) => {
        log.warn(
          `embeddings unavailable (${error instanceof Error ? error.message : error}); using BM25 alone`,
        );
        return undefined;
      });
    return ranker;
  };
}
