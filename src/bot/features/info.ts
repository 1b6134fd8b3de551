import { Composer } from "grammy";
import { type BotContext, HTML } from "../context.js";
import { examplesKeyboard } from "../keyboard.js";
import { escapeHtml, renderAnswer } from "../render.js";
import { aboutLines, examples, texts } from "../texts.js";

/** /start, /help and /about: what the bot is and what it knows. Cheap, so never rate limited. */
export function infoCommands(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("start", async (ctx) => {
    await ctx.reply(escapeHtml(texts.welcome[ctx.lang]), {
      ...HTML,
      reply_markup: examplesKeyboard(examples(ctx.parkbot.offline.lexicon, ctx.lang)),
    });
  });

  composer.command("help", async (ctx) => {
    await ctx.reply(escapeHtml(texts.help[ctx.lang]), HTML);
  });

  composer.command("about", async (ctx) => {
    const lines = [texts.aboutHeading[ctx.lang], ...aboutLines(ctx.parkbot.articles)];
    const about = {
      question: "",
      answered: false,
      answer: lines.join("\n"),
      citations: [],
      mode: "offline" as const,
      ms: 0,
    };
    for (const part of renderAnswer(about, ctx.lang)) await ctx.reply(part, HTML);
  });

  return composer;
}
