import { Composer } from "grammy";
import { type AnswerFlowDeps, answerInChat } from "../answer-flow.js";
import { type BotContext, HTML } from "../context.js";
import { escapeHtml } from "../render.js";
import { texts } from "../texts.js";

/**
 * Questions in chats: `/ask …` anywhere, any text in a private chat, and in groups only when the bot is
 * addressed (a mention, or a reply to one of its messages) — other group chatter gets silence. Anything that is not
 * text gets a one-line hint where the bot was addressed.
 */
export function questions(flow: AnswerFlowDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("ask", async (ctx) => {
    const question = ctx.match.trim();
    if (!question) return void (await ctx.reply(texts.emptyAsk[ctx.lang]));
    await answerInChat(ctx, question, flow);
  });

  composer.chatType("private").on("message:text", async (ctx) => {
    if (ctx.msg.text.startsWith("/")) return void (await ctx.reply(escapeHtml(texts.help[ctx.lang]), HTML));
    await answerInChat(ctx, ctx.msg.text, flow);
  });

  composer.chatType(["group", "supergroup"]).on("message:text", async (ctx) => {
    const username = ctx.me.username;
    const mentioned = (ctx.msg.entities ?? []).some(
      (e) =>
        e.type === "mention" &&
        ctx.msg.text.slice(e.offset + 1, e.offset + e.length).toLowerCase() === username.toLowerCase(),
    );
    const repliedToBot = ctx.msg.reply_to_message?.from?.id === ctx.me.id;
    if (!mentioned && !repliedToBot) return;
    const question = ctx.msg.text.replace(new RegExp(`@${username}\\b`, "gi"), " ").trim();
    if (!question) return void (await ctx.reply(escapeHtml(texts.help[ctx.lang]), HTML));
    await answerInChat(ctx, question, flow);
  });

  // Stickers, photos, voice…: a hint in private chats (and in groups only when replying to the bot).
  composer.on("message", async (ctx) => {
    const addressed = ctx.chat.type === "private" || ctx.msg.reply_to_message?.from?.id === ctx.me.id;
    if (addressed && !ctx.msg.text) await ctx.reply(texts.notText[ctx.lang]);
  });

  return composer;
}
