import type { Context, MiddlewareFn } from "grammy";
import type { Parkbot } from "../parkbot.js";
import { type UiLang, uiLang } from "./texts.js";

/**
 * What every handler finds on its context (a grammY context flavor): the user's interface language and the
 * knowledge base of this update. The knowledge base is taken once per update, so a reload in the middle of an
 * answer never mixes two versions.
 */
export interface ParkbotFlavor {
  lang: UiLang;
  parkbot: Parkbot;
}

export type BotContext = Context & ParkbotFlavor;

/** Telegram HTML without link previews: how every message of the bot is sent. */
export const HTML = { parse_mode: "HTML", link_preview_options: { is_disabled: true } } as const;

export function provideContext(knowledge: { current: Parkbot }): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    ctx.lang = uiLang(ctx.from?.language_code);
    ctx.parkbot = knowledge.current;
    return next();
  };
}
