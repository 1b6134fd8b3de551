import type { Context } from "grammy";
import type { Conversation } from "../answer/answerer.js";
import type { Answer } from "../answer/schema.js";
import type { Logger } from "../log.js";
import { isEnglish } from "../search/normalize.js";
import { askerKey } from "./chat-order.js";
import type { BotContext } from "./context.js";
import { DraftSender } from "./drafts.js";
import { answerKeyboard } from "./keyboard.js";
import type { RateLimiter } from "./rate-limit.js";
import { escapeHtml, renderAnswer } from "./render.js";
import type { SentAnswers } from "./sent-answers.js";
import { texts } from "./texts.js";

export interface AnswerFlowDeps {
  /** The last exchange per asker (a private chat, a member of a group), for follow-ups (see `Conversation`). */
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
  // A follow-up is about the asker's own previous question: in a group, members ask at once and are answered
  // concurrently (see chat-order.ts), so the previous exchange of the *chat* could be anyone's.
  const asker = askerKey(ctx);
  const conversation = asker === undefined ? undefined : deps.conversations?.get(asker);
  const answer = await produceAnswer(ctx, question, deps, conversation);
  if (asker !== undefined) deps.conversations?.remember(asker, { previous: { question, answer } });
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

/**
 * The answer, drafted while written when that is possible (private chat, LLM configured). Drafts show only
 * `stream.verified` — complete sentences that passed the final answer's guard — never the model's raw text: a
 * user must not see an invention the final message then withdraws.
 */
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
  for await (const text of stream.verified) drafts.update(text);
  await drafts.finish();
  return stream.final;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The last exchange of each asker (`askerKey`: a private chat, or one member of a group), kept in memory for
 * follow-up questions. Bounded: the least recently used are forgotten first, and an exchange older than
 * `maxAgeMs` no longer counts as "previous".
 */
export class Conversations {
  private readonly byAsker = new Map<string | number, { conversation: Conversation; at: number }>();

  constructor(
    private readonly maxAskers = 1000,
    private readonly maxAgeMs = 30 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(asker: string | number): Conversation | undefined {
    const entry = this.byAsker.get(asker);
    if (!entry || this.now() - entry.at > this.maxAgeMs) return undefined;
    return entry.conversation;
  }

  remember(asker: string | number, conversation: Conversation): void {
    this.byAsker.delete(asker);
    this.byAsker.set(asker, { conversation, at: this.now() });
    if (this.byAsker.size > this.maxAskers) {
      const oldest = this.byAsker.keys().next().value;
      if (oldest !== undefined) this.byAsker.delete(oldest);
    }
  }
}
