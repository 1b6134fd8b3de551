import { Composer, type Context } from "grammy";
import type { Config } from "../../config.js";
import type { BotContext } from "../context.js";
import { texts } from "../texts.js";

/**
 * The allow-lists: with ALLOWED_CHAT_IDS / ALLOWED_USER_IDS set, only those chats or users get past this
 * composer (either list admits; an admin always does). Others get one polite refusal where that is possible.
 */
export function accessControl(config: Config): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.use(async (ctx, next) => {
    if (isAllowed(ctx, config)) return next();
    if (ctx.inlineQuery) return void (await ctx.answerInlineQuery([], { cache_time: 60 }));
    if (ctx.callbackQuery) return void (await ctx.answerCallbackQuery({ text: texts.notAllowed[ctx.lang] }));
    if (ctx.chat?.type === "private") await ctx.reply(texts.notAllowed[ctx.lang]);
  });
  return composer;
}

export function isAllowed(ctx: Context, config: Config): boolean {
  const { allowedChatIds, allowedUserIds } = config;
  if (allowedChatIds.length === 0 && allowedUserIds.length === 0) return true;
  if (ctx.chat && allowedChatIds.includes(ctx.chat.id)) return true;
  if (ctx.from && (allowedUserIds.includes(ctx.from.id) || config.adminUserIds.includes(ctx.from.id)))
    return true;
  return false;
}

export function isAdmin(ctx: Context, config: Config): boolean {
  return ctx.from !== undefined && config.adminUserIds.includes(ctx.from.id);
}
