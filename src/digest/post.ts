import { type Article, newestFirst } from "../knowledge/article.js";
import type { Logger } from "../log.js";
import { fold, sharedBigrams } from "../search/normalize.js";
import type { DigestItem, Summarizer } from "./digest.js";
import { isPosted, progressOf, readState, recordSent, writeState } from "./state.js";

export interface PostPlan {
  chatIds: readonly number[];
  articles: readonly Article[];
  summarizer: Summarizer;
  /** Telegram messages for one digest item (already split under the size limit). */
  render: (item: DigestItem) => string[];
  send: (chatId: number, html: string) => Promise<void>;
  stateFile: string;
  log: Logger;
  now?: () => Date;
}

export interface PostReport {
  posted: Array<{ chatId: number; articleId: string; messages: number }>;
  failed: Array<{ chatId: number; articleId: string; reason: string }>;
}

/**
 * Posts to each chat the articles it has not had yet, oldest first (a channel then reads in order). State is
 * saved after every message that went out, so a crash, a restart or a concurrent second run resumes exactly where
 * it stopped. A chat whose send fails (bot removed: 403; no such chat: 400) is logged and left for the next run —
 * the other chats go on.
 */
export async function postDigests(plan: PostPlan): Promise<PostReport> {
  const state = await readState(plan.stateFile);
  const report: PostReport = { posted: [], failed: [] };
  const rendered = new Map<string, string[]>();
  const messagesFor = async (article: Article) => {
    let messages = rendered.get(article.id);
    if (!messages) {
      messages = plan.render(await plan.summarizer.summarize(article.id));
      rendered.set(article.id, messages);
    }
    return messages;
  };
  const oldestFirst = newestFirst(plan.articles).reverse();

  for (const chatId of plan.chatIds) {
    for (const article of oldestFirst) {
      if (isPosted(state, chatId, article.id)) continue;
      const messages = await messagesFor(article);
      const start = Math.min(progressOf(state, chatId, article.id)?.sent ?? 0, messages.length);
      let failed = false;
      for (let i = start; i < messages.length; i++) {
        try {
          await plan.send(chatId, messages[i] ?? "");
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          plan.log.warn(`digest to chat ${chatId} failed (${reason}); will retry on the next run`);
          report.failed.push({ chatId, articleId: article.id, reason });
          failed = true;
          break;
        }
        recordSent(state, chatId, article.id, i + 1, messages.length, plan.now?.() ?? new Date());
        await writeState(plan.stateFile, state);
      }
      if (failed) break; // this chat is unreachable now; the next run retries it
      report.posted.push({ chatId, articleId: article.id, messages: messages.length - start });
    }
  }
  return report;
}

/** Articles not yet (fully) posted to at least one of the chats — all of them when no chat is configured. */
export async function unpostedArticles(
  articles: readonly Article[],
  chatIds: readonly number[],
  stateFile: string,
) {
  if (chatIds.length === 0) return [...articles];
  const state = await readState(stateFile);
  return articles.filter((a) => chatIds.some((chat) => !isPosted(state, chat, a.id)));
}

/** The newest `count` articles, newest first. */
export function latestArticles(articles: readonly Article[], count: number): Article[] {
  return newestFirst(articles).slice(0, count);
}

/** An article by exact id, or the one whose title shares the most of the given words (none if nothing matches). */
export function findArticle(articles: readonly Article[], query: string): Article | undefined {
  const q = fold(query);
  if (!q) return undefined;
  const byId = articles.find((a) => a.id === q);
  if (byId) return byId;
  let best: Article | undefined;
  let bestScore = 0;
  for (const article of articles) {
    const title = fold(article.title);
    const score = q.length === 1 ? Number(title.includes(q)) : sharedBigrams(q, title);
    if (score > bestScore) {
      best = article;
      bestScore = score;
    }
  }
  return best;
}
