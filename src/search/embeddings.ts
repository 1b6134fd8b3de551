import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type EmbeddingModel, embed, embedMany } from "ai";
import { z } from "zod";

/**
 * The embedding half of hybrid retrieval: sentences ranked by cosine similarity to the question. The caller fuses
 * this with BM25 (`reciprocalRankFusion`) and falls back to BM25 alone when anything here throws.
 */
export interface EmbeddingRanker {
  /** Sentence ids, most similar to the question first; at most `limit`. */
  rank(question: string, limit: number, signal?: AbortSignal): Promise<string[]>;
}

export interface EmbeddingRankerOptions {
  model: EmbeddingModel;
  /** Names the cache file: vectors from different models must never mix. */
  modelName: string;
  sentences: readonly { id: string; text: string }[];
  /** Runtime data directory; vectors are cached in `<cacheDir>/embeddings/<model>.json`. */
  cacheDir: string;
  signal?: AbortSignal;
}

/** Inputs per embeddings request: DashScope's compatible-mode API rejects more than 10. */
export const EMBEDDING_BATCH_SIZE = 10;
/** Requests in flight at once while embedding the knowledge base. */
const PARALLEL_REQUESTS = 2;
/** Question vectors kept in memory (a user repeating a question, the eval re-asking). */
const QUESTION_CACHE_SIZE = 100;

/**
 * Embeds every sentence (from the on-disk cache where possible: each distinct text is sent once per model, and
 * later only new or changed sentences are) and returns a ranker that embeds the question per call. Rejects when
 * the model fails, so the caller can answer with BM25 alone.
 */
export async function createEmbeddingRanker(options: EmbeddingRankerOptions): Promise<EmbeddingRanker> {
  const { model, modelName, sentences, signal } = options;
  const file = cacheFile(options.cacheDir, modelName);
  const cache = await readCache(file, modelName);

  const hashes = sentences.map((s) => sha256(s.text));
  const textByHash = new Map(sentences.map((s, i) => [hashes[i] as string, s.text]));

  const vectors = new Map<string, number[]>();
  for (const hash of textByHash.keys()) {
    const cached = cache.vectors.get(hash);
    if (cached) vectors.set(hash, cached);
  }
  const embedInto = async (wanted: string[]) => {
    const fresh = await embedTexts(
      model,
      wanted.map((h) => textByHash.get(h) as string),
      signal,
    );
    for (const [i, h] of wanted.entries()) vectors.set(h, fresh[i] as number[]);
    return fresh[0]?.length;
  };
  const missing = [...textByHash.keys()].filter((h) => !vectors.has(h));
  if (missing.length > 0) {
    const dimension = await embedInto(missing);
    // Cached vectors of another length come from a different model under the same name: embed those again.
    const stale = [...vectors].filter(([, v]) => v.length !== dimension).map(([h]) => h);
    if (stale.length > 0) await embedInto(stale);
  }
  // Rewrite when something was embedded, the file was unreadable, or it holds vectors of sentences now gone.
  const changed =
    missing.length > 0 || cache.rewrite || [...cache.vectors.keys()].some((h) => !vectors.has(h));
  if (changed) await writeCache(file, modelName, vectors);

  const ids = sentences.map((s) => s.id);
  const units = hashes.map((h) => unit(vectors.get(h) as number[]));
  const dimension = units[0]?.length;
  const questions = new Lru<string, Float64Array>(QUESTION_CACHE_SIZE);

  return {
    async rank(question, limit, rankSignal) {
      if (ids.length === 0 || limit <= 0) return [];
      let q = questions.get(question);
      if (!q) {
        const { embedding } = await embed({ model, value: question, maxRetries: 1, abortSignal: rankSignal });
        checkVector(embedding);
        if (embedding.length !== dimension)
          throw new Error(`question embedding has ${embedding.length} dimensions, sentences ${dimension}`);
        q = unit(embedding);
        questions.set(question, q);
      }
      const query = q;
      return units
        .map((v, i) => ({ i, score: dot(query, v) }))
        .sort((a, b) => b.score - a.score || a.i - b.i)
        .slice(0, limit)
        .map(({ i }) => ids[i] as string);
    },
  };
}

/** Embeds texts in requests of at most `EMBEDDING_BATCH_SIZE` inputs, `PARALLEL_REQUESTS` at a time. */
async function embedTexts(model: EmbeddingModel, texts: string[], signal?: AbortSignal): Promise<number[][]> {
  // Batched here, not left to embedMany: it splits by the provider's `maxEmbeddingsPerCall`, which for an
  // OpenAI-compatible provider is OpenAI's 2048, far over DashScope's 10.
  const batches: string[][] = [];
  for (let i = 0; i < texts.length; i += EMBEDDING_BATCH_SIZE)
    batches.push(texts.slice(i, i + EMBEDDING_BATCH_SIZE));
  const results: number[][][] = new Array(batches.length);
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const b = next++;
      const values = batches[b] as string[];
      const { embeddings } = await embedMany({
        model,
        values,
        maxRetries: 1,
        maxParallelCalls: 1,
        abortSignal: signal,
      });
      if (embeddings.length !== values.length)
        throw new Error(`embedding model returned ${embeddings.length} vectors for ${values.length} texts`);
      for (const e of embeddings) checkVector(e);
      results[b] = embeddings;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_REQUESTS, batches.length) }, worker));
  const out = results.flat();
  const dimension = out[0]?.length;
  if (out.some((v) => v.length !== dimension))
    throw new Error("embedding model returned vectors of mixed lengths");
  return out;
}

function checkVector(vector: readonly number[]): void {
  if (vector.length === 0 || !vector.every(Number.isFinite))
    throw new Error("embedding model returned an empty or non-numeric vector");
}

// --- the on-disk cache ---------------------------------------------------------------------------------------

const CacheSchema = z.object({
  version: z.literal(1),
  model: z.string(),
  vectors: z.record(z.string(), z.array(z.number())),
});

interface LoadedCache {
  vectors: Map<string, number[]>;
  /** The file exists but could not be used: write it afresh. */
  rewrite: boolean;
}

/** `<cacheDir>/embeddings/<model>.json`, the model name made safe for a file name (and unambiguous). */
function cacheFile(cacheDir: string, modelName: string): string {
  const safe = modelName.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 80);
  const name = safe === modelName ? safe : `${safe}-${sha256(modelName).slice(0, 8)}`;
  return join(cacheDir, "embeddings", `${name}.json`);
}

/** The cached vectors; a missing, corrupt or foreign file gives none (it is rewritten later), never an error. */
async function readCache(file: string, modelName: string): Promise<LoadedCache> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return { vectors: new Map(), rewrite: false };
  }
  try {
    const parsed = CacheSchema.safeParse(JSON.parse(text));
    if (parsed.success && parsed.data.model === modelName)
      return { vectors: new Map(Object.entries(parsed.data.vectors)), rewrite: false };
  } catch {
    // Not JSON: treated like any other unusable file.
  }
  return { vectors: new Map(), rewrite: true };
}

/** Writes the cache atomically: a temporary file in the same directory, then a rename over the old one. */
async function writeCache(
  file: string,
  modelName: string,
  vectors: ReadonlyMap<string, number[]>,
): Promise<void> {
  await mkdir(join(file, ".."), { recursive: true });
  const temp = `${file}.${randomUUID()}.tmp`;
  // One vector per line: readable diffs and a file a person can open.
  const entries = [...vectors].map(([hash, v]) => `    ${JSON.stringify(hash)}: ${JSON.stringify(v)}`);
  const body = `{\n  "version": 1,\n  "model": ${JSON.stringify(modelName)},\n  "vectors": {\n${entries.join(",\n")}\n  }\n}\n`;
  try {
    await writeFile(temp, body, "utf8");
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

// --- vector maths and a tiny LRU -----------------------------------------------------------------------------

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The vector scaled to length 1 (a zero vector stays zero), so cosine similarity is a dot product. */
function unit(vector: readonly number[]): Float64Array {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum);
  const out = new Float64Array(vector.length);
  if (norm > 0) for (let i = 0; i < vector.length; i++) out[i] = (vector[i] as number) / norm;
  return out;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }
}
