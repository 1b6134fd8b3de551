import { z } from "zod";
import { ArticleRefSchema } from "../answer/schema.js";

/**
 * A digest of one article: what team channels receive, and what `digest --dry-run --json` prints. Every point
 * cites the sentence(s) it rests on — verbatim, by id, like answers.
 */
export const DigestCitationSchema = z.object({ id: z.string(), text: z.string() });
export const DigestPointSchema = z.object({
  text: z.string(),
  citations: z.array(DigestCitationSchema).min(1),
});
export const DigestItemSchema = z.object({
  article: ArticleRefSchema,
  headline: z.string(),
  points: z.array(DigestPointSchema).min(1),
  mode: z.enum(["offline", "online"]),
  /** Set when an online summary was dropped for the offline one: why. */
  fallback: z.string().optional(),
});
export const DigestSchema = z.object({ items: z.array(DigestItemSchema) });

export type DigestPoint = z.infer<typeof DigestPointSchema>;
export type DigestItem = z.infer<typeof DigestItemSchema>;
export type Digest = z.infer<typeof DigestSchema>;

/** Anything that summarises an article into a DigestItem (offline extractive, or LLM with offline fallback). */
export interface Summarizer {
  summarize(articleId: string, options?: { signal?: AbortSignal }): Promise<DigestItem>;
}
