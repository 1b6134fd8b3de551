import type { Answer } from "./schema.js";

/**
 * Anything that turns a question into an Answer: the offline rule-based answerer, the online LLM answerer,
 * or the online one wrapped with offline fallback. Adapters (CLI, bot) only ever see this interface.
 */
export interface Answerer {
  answer(question: string, options?: AnswerOptions): Promise<Answer>;
}

/**
 * The exchange before this question, in a chat: a follow-up without a subject ("那它离机场多远?") is about the
 * park the previous question was about, and "这篇文章" is the article the previous answer cited.
 */
export interface Conversation {
  previous?: { question: string; answer: Answer };
}

export interface AnswerOptions {
  signal?: AbortSignal;
  conversation?: Conversation;
}
