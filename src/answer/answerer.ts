import type { Answer } from "./schema.js";

/**
 * Anything that turns a question into an Answer: the offline rule-based answerer, the online LLM answerer,
 * or the online one wrapped with offline fallback. Adapters (CLI, bot) only ever see this interface.
 */
export interface Answerer {
  answer(question: string, options?: { signal?: AbortSignal }): Promise<Answer>;
}
