import { Composer } from "grammy";
import type { Logger } from "../../log.js";
import { type AnswerFlowDeps, answerInChat } from "../answer-flow.js";
import { type BotContext, HTML } from "../context.js";
import type { FeedbackStore } from "../feedback.js";
import { citedIdsFromKeyboard, parseButton } from "../keyboard.js";
import { escapeHtml, renderParagraph } from "../render.js";
import type { SentAnswers } from "../sent-answers.js";
import { examples, texts } from "../texts.js";

/** Telegram shows at most 200 characters in a callback answer. */
const ALERT_CHARS = 200;

export interface ButtonDeps {
  flow: AnswerFlowDeps;
  feedback: FeedbackStore;
  sentAnswers: SentAnswers;
  log: Logger;
}

/**
 * Buttons under answers and /start: 原文 (the cited sentence's paragraph), 👍/👎, and example questions. Every
 * press is answered — a spinner that never stops is a failure the user sees.
 */
export function buttons(deps: ButtonDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("callback_query:data", async (ctx) => {
    const press = parseButton(ctx.callbackQuery.data);
    const message = ctx.callbackQuery.message;
    switch (press.kind) {
      case "source": {
        const sentence = ctx.parkbot.offline.sentence(press.sentenceId);
        if (!message) {
          // A button on an inline-mode message: there is no chat to reply in, so the quote goes in the alert.
          const text = sentence
            ? `${sentence.text}\n— ${sentence.article.title}`
            : texts.staleButton[ctx.lang];
          return void (await ctx.answerCallbackQuery({ text: clip(text, ALERT_CHARS), show_alert: true }));
        }
        await ctx.answerCallbackQuery();
        const parts = sentence
          ? renderParagraph(sentence.article, press.sentenceId, ctx.lang)
          : [escapeHtml(texts.staleButton[ctx.lang])];
        for (const part of parts) {
          await ctx.reply(part, {
            ...HTML,
            reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true },
          });
        }
        return;
      }
      case "feedback": {
        if (!message) return void (await ctx.answerCallbackQuery({ text: texts.staleButton[ctx.lang] }));
        const chatId = message.chat.id;
        const sent = deps.sentAnswers.get(chatId, message.message_id);
        const asked = "reply_to_message" in message ? message.reply_to_message : undefined;
        const askedBy = sent?.askedBy ?? asked?.from?.id;
        const ownQuestion = askedBy === ctx.from.id;
        const question = sent?.question ?? (asked?.text ?? "").replace(/^\/ask(@\w+)?\s*/i, "").trim();
        try {
          await deps.feedback.vote({
            vote: press.vote,
            chatId,
            messageId: message.message_id,
            voterId: ctx.from.id,
            question: ownQuestion ? question : undefined,
            citations: sent?.citations ?? citedIdsFromKeyboard(message.reply_markup?.inline_keyboard),
            mode: sent?.mode ?? "unknown",
            chatType: message.chat.type,
          });
        } catch (error) {
          deps.log.error(`feedback not saved to ${deps.feedback.file}: ${errorText(error)}`);
          return void (await ctx.answerCallbackQuery({ text: texts.feedbackFailed[ctx.lang] }));
        }
        return void (await ctx.answerCallbackQuery({ text: texts.feedbackThanks[ctx.lang] }));
      }
      case "example": {
        const question = examples(ctx.parkbot.offline.lexicon, ctx.lang)[press.index];
        await ctx.answerCallbackQuery();
        if (question && message) await answerInChat(ctx, question, deps.flow);
        return;
      }
      default:
        await ctx.answerCallbackQuery({ text: texts.staleButton[ctx.lang] });
    }
  });
  return composer;
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
