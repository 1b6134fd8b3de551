import { MockEmbeddingModelV3 } from "ai/test";
import { fold } from "../../src/search/normalize.js";

/** Dimensions of `stubEmbed` vectors. */
export const STUB_DIMENSIONS = 256;

/**
 * A deterministic, offline stand-in for a real embedding: a hashed set of the folded text's CJK character bigrams
 * (single characters for one-character runs) and Latin/digit words, L2-normalised. Texts sharing many bigrams are
 * close; it knows nothing of meaning or of other languages (an English question shares nothing with Chinese text).
 */
export function stubEmbed(text: string): number[] {
  const vector = new Array<number>(STUB_DIMENSIONS).fill(0);
  const folded = fold(text);
  const features: string[] = [];
  for (const run of folded.match(/\p{Script=Han}+/gu) ?? []) {
    if (run.length === 1) features.push(run);
    for (let i = 0; i + 1 < run.length; i++) features.push(run.slice(i, i + 2));
  }
  for (const word of folded.match(/[a-z0-9]+/g) ?? []) features.push(word);
  // Presence, not counts: a long sentence repeating 高新区 six times is not six times more about it.
  for (const feature of new Set(features)) {
    const bucket = fnv1a(feature) % STUB_DIMENSIONS;
    vector[bucket] = (vector[bucket] ?? 0) + 1;
  }
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  return norm > 0 ? vector.map((x) => x / norm) : vector;
}

export interface StubEmbeddingOptions {
  /**
   * What the model claims to accept per request. Defaults to 2048, what `@ai-sdk/openai` claims for any
   * OpenAI-compatible endpoint — so the SDK does not split batches and the code under test must.
   */
  maxEmbeddingsPerCall?: number;
  /** Make every request fail with this error. */
  fail?: Error;
}

/**
 * The AI SDK's own embedding test double, answering with `stubEmbed`. Every request is recorded in
 * `model.doEmbedCalls` (see `callSizes`, `embeddedTexts`).
 */
export function stubEmbeddingModel(options: StubEmbeddingOptions = {}): MockEmbeddingModelV3 {
  return new MockEmbeddingModelV3({
    provider: "stub",
    modelId: "stub-embedding",
    maxEmbeddingsPerCall: options.maxEmbeddingsPerCall ?? 2048,
    supportsParallelCalls: true,
    doEmbed: async ({ values }) => {
      if (options.fail) throw options.fail;
      return { embeddings: values.map(stubEmbed), warnings: [] };
    },
  });
}

/** The number of inputs of each request, in order. */
export function callSizes(model: MockEmbeddingModelV3): number[] {
  return model.doEmbedCalls.map((call) => call.values.length);
}

/** Every text sent, in order. */
export function embeddedTexts(model: MockEmbeddingModelV3): string[] {
  return model.doEmbedCalls.flatMap((call) => call.values);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
