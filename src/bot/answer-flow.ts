import type { Context } from "grammy";
import type { Conversation } from "../answer/answerer.js";
import type { Answer } from "../answer/schema.js";
import type { Logger } from "../log.js";
import { isEnglish } from "../search/normalize.js";
import type { BotContext } from "./context.js";
import { DraftSender } from "./drafts.js";
import { answerKeyboard } from "./keyboard.js";
import type { RateLimiter } from "./rate-limit.js";
import { escapeHtml, renderAnswer } from "./render.js";
import type { SentAnswers } from "./sent-answers.js";
import { texts } from "./texts.js";

export interface AnswerFlowDeps {
  /** The last exchange per chat, for follow-up questions (see `Conversation`). */
  conversations?: Conversations;
  limiter: RateLimiter;
  maxQuestionChars: number;
  log: Logger;
  /** Sent answers are recorded here, so a vote on one is filed with the answer's real mode and citations. */
  sentAnswers?: SentAnswers;
}

/**
 * Answers one question in a chat: checks length and rate, shows "typing", streams drafts in private chats when
 * an LLM writes the answer, then sends the verified answer as Telegram HTML, replying to the asking message,
 * with 原文 and 👍/👎 buttons. Optional calls (typing, drafts) may fail without costing the answer.
 */
export async function answerInChat(ctx: BotContext, question: string, deps: AnswerFlowDeps): Promise<void> {
  const { lang } = ctx;
  const replyTo = ctx.msg?.message_id;
  const reply = (html: string, extra: Parameters<Context["reply"]>[1] = {}) =>
    ctx.reply(html, {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
      ...(replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
      ...extra,
    });

  const chars = [...question].length;
  if (chars > deps.maxQuestionChars) {
    await reply(escapeHtml(texts.tooLong[lang](chars, deps.maxQuestionChars)));
    return;
  }
  if (ctx.from) {
    const rate = deps.limiter.take(ctx.from.id);
    if (!rate.allowed) {
      await reply(escapeHtml(texts.rateLimited[lang](rate.retryInSeconds)));
      return;
    }
  }

  // Fire and forget: a Bot API server without sendChatAction must not hold up or lose the answer.
  ctx
    .replyWithChatAction("typing")
    .catch((error: unknown) => deps.log.debug(`typing action failed: ${message(error)}`));

  const chatId = ctx.chat?.id;
  const conversation = chatId === undefined ? undefined : deps.conversations?.get(chatId);
  const answer = await produceAnswer(ctx, question, deps, conversation);
  if (chatId !== undefined) deps.conversations?.remember(chatId, { previous: { question, answer } });
  const answerLang = isEnglish(question) ? "en" : "zh";
  const [first, ...rest] = renderAnswer(answer, answerLang);
  const sent = await reply(first ?? escapeHtml(answer.answer), {
    reply_markup: answerKeyboard(answer, answerLang),
  });
  if (chatId !== undefined && answer.answered) {
    deps.sentAnswers?.remember(chatId, sent.message_id, {
      mode: answer.mode,
      citations: answer.citations.map((c) => c.id),
      question,
      askedBy: ctx.from?.id,
    });
  }
  for (const html of rest) await reply(html);
}

/** The answer, streamed into a draft while written when that is possible (private chat, LLM configured). */
async function produceAnswer(
  ctx: BotContext,
  question: string,
  deps: AnswerFlowDeps,
  conversation: Conversation | undefined,
): Promise<Answer> {
  const { online, answerer } = ctx.parkbot;
  if (!online || ctx.chat?.type !== "private") return answerer.answer(question, { conversation });
  const stream = online.stream(question, { conversation });
  const drafts = new DraftSender((text) => ctx.replyWithDraft(text), deps.log);
  for await (const text of stream.text) drafts.update(text);
  await drafts.finish();
  return stream.final;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The last exchange of each chat, kept in memory for follow-up questions. Bounded: the oldest chats are
 * forgotten first, and an exchange older than `maxAgeMs` no longer counts as "previous".
 */
export class Conversations {
  private readonly byChat = new Map<number, { conversation: Conversation; at: number }>();

  constructor(
    private readonly maxChats = 1000,
    private readonly maxAgeMs = 30 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(chatId: number): Conversation | undefined {
    const entry = this.byChat.get(chatId);
    if (!entry || this.now() - entry.at > this.maxAgeMs) return undefined;
    return entry.conversation;
  }

  remember(chatId: number, conversation: Conversation): void {
    this.byChat.delete(chatId);
    this.byChat.set(chatId, { conversation, at: this.now() });
    if (this.byChat.size > this.maxChats) {
      const oldest = this.byChat.keys().next().value;
      if (oldest !== undefined) this.byChat.delete(oldest);
    }
  }
}
