import { type Article, newestFirst } from "../knowledge/article.js";
import type { Logger } from "../log.js";
import { fold, sharedBigrams } from "../search/normalize.js";
import type { DigestItem, Summarizer } from "./digest.js";
import { isPosted, progressOf, readState, recordSending, recordSent, writeState } from "./state.js";

export interface PostPlan {
  chatIds: readonly number[];
  articles: readonly Article[];
  summarizer: Summarizer;
  /** Telegram messages for one digest item (already split under the size limit). */
  render: (item: DigestItem) => string[];
  send: (chatId: number, html: string) => Promise<void>;
  /**
   * Whether a failed send certainly delivered nothing (Telegram answered with an error). Any other failure (a
   * network error, a timeout) may have delivered the message, so it stays marked as in flight. Default: never.
   */
  deliveredNothing?: (error: unknown) => boolean;
  stateFile: string;
  log: Logger;
  /** When aborted (the run lost its lock), posting stops before the next send with the signal's reason. */
  signal?: AbortSignal;
  now?: () => Date;
}

export interface PostReport {
  posted: Array<{ chatId: number; articleId: string; messages: number }>;
  failed: Array<{ chatId: number; articleId: string; reason: string }>;
}

/**
 * Posts to each chat the articles it has not had yet, oldest first (a channel then reads in order). A chat whose
 * send fails (bot removed: 403; no such chat: 400) is logged and left for the next run — the other chats go on.
 *
 * Each message is recorded as "sending" before its send call and as sent after it, so a crash, a restart or a
 * second run resumes exactly where the last one stopped. The one thing a crash can leave uncertain is the message
 * whose call was under way: it may have reached the chat with no answer back. The Bot API has no idempotency key
 * to ask, so such a message is sent again once, with a warning that the chat may now have it twice. That is the
 * floor: at most one duplicate message per crash, never a lost one.
 */
export async function postDigests(plan: PostPlan): Promise<PostReport> {
  const state = await readState(plan.stateFile);
  const report: PostReport = { posted: [], failed: [] };
  const now = () => plan.now?.() ?? new Date();
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
        plan.signal?.throwIfAborted();
        if (progressOf(state, chatId, article.id)?.sending === i) {
          plan.log.warn(
            `digest to chat ${chatId}: the last run stopped while sending message ${i + 1}/${messages.length} ` +
              `of ${article.id}; sending it again, so the chat may have it twice`,
          );
        }
        recordSending(state, chatId, article.id, i, messages.length, now());
        await writeState(plan.stateFile, state);
        try {
          await plan.send(chatId, messages[i] ?? "");
        } catch (error) {
          if (plan.deliveredNothing?.(error)) {
            recordSent(state, chatId, article.id, i, messages.length, now());
            await writeState(plan.stateFile, state);
          }
          const reason = error instanceof Error ? error.message : String(error);
          plan.log.warn(`digest to chat ${chatId} failed (${reason}); will retry on the next run`);
          report.failed.push({ chatId, articleId: article.id, reason });
          failed = true;
          break;
        }
        recordSent(state, chatId, article.id, i + 1, messages.length, now());
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
