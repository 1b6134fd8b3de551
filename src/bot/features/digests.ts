import { Composer } from "grammy";
import type { Config } from "../../config.js";
import { findArticle, latestArticles } from "../../digest/post.js";
import { type BotContext, HTML } from "../context.js";
import type { RateLimiter } from "../rate-limit.js";
import { renderDigest } from "../render.js";
import { texts } from "../texts.js";

/**
 * /digest (the newest articles) and /summary (one article). Each may call the model once per article, so they
 * share a rate budget of their own; the summaries themselves are cached per knowledge base (CachedSummarizer).
 */
export function digestCommands(config: Config, limiter: RateLimiter): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const allowed = async (ctx: BotContext) => {
    if (!ctx.from) return true;
    const rate = limiter.take(ctx.from.id);
    if (rate.allowed) return true;
    await ctx.reply(texts.rateLimited[ctx.lang](rate.retryInSeconds));
    return false;
  };

  composer.command("digest", async (ctx) => {
    if (!(await allowed(ctx))) return;
    for (const article of latestArticles(ctx.parkbot.articles, config.digestLatest)) {
      const item = await ctx.parkbot.summarizer.summarize(article.id);
      for (const part of renderDigest(item, "zh")) await ctx.reply(part, HTML);
    }
  });

  composer.command("summary", async (ctx) => {
    const query = ctx.match.trim();
    if (!query) return void (await ctx.reply(texts.summaryUsage[ctx.lang]));
    const article = findArticle(ctx.parkbot.articles, query);
    if (!article) return void (await ctx.reply(texts.summaryNotFound[ctx.lang]));
    if (!(await allowed(ctx))) return;
    for (const part of renderDigest(await ctx.parkbot.summarizer.summarize(article.id), "zh"))
      await ctx.reply(part, HTML);
  });

  return composer;
}
