import { z } from "zod";

/**
 * The Answer contract between the core and every adapter (CLI, Telegram, eval) — and the JSON `ask --json` prints.
 *
 * `answer` carries `[n]` markers that refer to `citations[].n`. A citation's `text` is always the verbatim
 * sentence looked up in the knowledge base by `id`; no model ever writes it.
 */
/** The article metadata every citation (and digest) carries. */
export const ArticleRefSchema = z.object({
  id: z.string(),
  title: z.string(),
  date: z.string(),
  source: z.string(),
  url: z.string(),
});

export const CitationSchema = z.object({
  n: z.number().int().positive(),
  id: z.string(),
  text: z.string(),
  article: ArticleRefSchema,
});

export const AnswerSchema = z.object({
  question: z.string(),
  answered: z.boolean(),
  answer: z.string(),
  citations: z.array(CitationSchema),
  mode: z.enum(["offline", "online"]),
  ms: z.number().nonnegative(),
  /** Set when an online answer was dropped for the offline one: why (e.g. `timeout`, `http 500`, `ungrounded number`). */
  fallback: z.string().optional(),
  /** Set when the question was about another park than the zone: which one (a chat's follow-ups stay with it). */
  about: z.string().optional(),
  /** Set when a chat follow-up ("样本经开区呢?") was completed from the previous question: the question answered. */
  interpreted: z.string().optional(),
});

export type Citation = z.infer<typeof CitationSchema>;
export type Answer = z.infer<typeof AnswerSchema>;
