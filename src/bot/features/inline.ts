import { Composer } from "grammy";
import type { Config } from "../../config.js";
import { isEnglish } from "../../search/normalize.js";
import { type BotContext, HTML } from "../context.js";
import type { RateLimiter } from "../rate-limit.js";
import { renderInlineResult } from "../render.js";

/**
 * Inline mode (`@bot question` in any chat). Offline on purpose: Telegram re-asks while the user types and drops
 * answers slower than a few seconds, so an LLM call per keystroke would cost money and still arrive too late. It
 * has its own rate budget, so typing one inline question never locks the user out of asking in chats.
 */
export function inlineAnswers(config: Config, limiter: RateLimiter): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("inline_query", async (ctx) => {
    const question = ctx.inlineQuery.query.trim();
    if (!question || [...question].length > config.maxQuestionChars) {
      return void (await ctx.answerInlineQuery([], { cache_time: 10 }));
    }
    if (!limiter.take(ctx.from.id).allowed) return void (await ctx.answerInlineQuery([], { cache_time: 5 }));
    const answer = await ctx.parkbot.offline.answer(question);
    const result = renderInlineResult(answer, isEnglish(question) ? "en" : "zh");
    await ctx.answerInlineQuery(
      [
        {
          type: "article",
          id: `a${ctx.inlineQuery.id}`.slice(0, 64),
          title: result.title,
          description: result.description,
          input_message_content: { message_text: result.html, ...HTML },
        },
      ],
      { cache_time: 300, is_personal: false },
    );
  });
  return composer;
}
