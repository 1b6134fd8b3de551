import type { DigestItem, Summarizer } from "./digest.js";

/**
 * Remembers each article's digest for the life of one knowledge base (a reload builds a new one), so /digest,
 * /summary and the channel posts cost one model call per article, not one per request. Concurrent requests for the
 * same article share one call. A digest that fell back to the offline summary is not kept: the model may be back
 * next time.
 */
export class CachedSummarizer implements Summarizer {
  private readonly items = new Map<string, Promise<DigestItem>>();

  constructor(private readonly inner: Summarizer) {}

  summarize(articleId: string, options?: { signal?: AbortSignal }): Promise<DigestItem> {
    const cached = this.items.get(articleId);
    if (cached) return cached;
    const made = this.inner.summarize(articleId, options);
    this.items.set(articleId, made);
    made.then(
      (item) => {
        if (item.fallback) this.items.delete(articleId);
      },
      () => this.items.delete(articleId),
    );
    return made;
  }
}
