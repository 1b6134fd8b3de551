import { sequentialize } from "@grammyjs/runner";
import { Bot, type BotConfig, type Context, GrammyError, HttpError } from "grammy";
import type { Config } from "../config.js";
import { findArticle, latestArticles } from "../digest/post.js";
import type { Logger } from "../log.js";
import type { Parkbot } from "../parkbot.js";
import { isEnglish } from "../search/normalize.js";
import { answerInChat, Conversations } from "./answer-flow.js";
import { appendFeedback } from "./feedback.js";
import { citedIdsFromKeyboard, examplesKeyboard, parseButton } from "./keyboard.js";
import { RateLimiter } from "./rate-limit.js";
import { escapeHtml, renderAnswer, renderDigest, renderInlineResult, renderParagraph } from "./render.js";
import { aboutLines, examples, texts, uiLang } from "./texts.js";

export interface BotDeps {
  config: Config;
  /** The knowledge base and answerers; `current` may be swapped by a reload while the bot runs. */
  knowledge: { current: Parkbot };
  log: Logger;
  /** Where 👍/👎 go (JSON Lines). */
  feedbackFile: string;
  now?: () => number;
  /** Every update's work is handed here, so a graceful stop can wait for answers still being written. */
  track?: (work: Promise<void>) => void;
  /**
   * Webhook mode: return at once instead of awaiting the work, so Telegram's webhook call is answered promptly
   * rather than held while an LLM writes.
   */
  respondAtOnce?: boolean;
  /** Admin /reload: read the knowledge base again. */
  reload?: () => Promise<{ before: number; after: number }>;
  /** Admin /digest_now: post channel digests now. */
  postDigests?: () => Promise<string>;
}

/** The commands shown in Telegram's menu (registered at start-up, when the server allows it). */
export const COMMANDS = [
  { command: "ask", description: "提问 / ask a question" },
  { command: "digest", description: "最新文章摘要 / latest news digest" },
  { command: "summary", description: "一篇文章的摘要 / one article's digest" },
  { command: "help", description: "使用说明 / help" },
  { command: "about", description: "知识库收录的文章 / what the bot knows" },
  { command: "start", description: "开始 / start" },
];

/**
 * The Telegram bot as grammY middleware: one handler per kind of update, each doing one thing. It only
 * translates between Telegram and the core — what is true is decided by the answerer, how it looks by render.ts.
 */
export function createBot(token: string, deps: BotDeps, botConfig: BotConfig<Context> = {}): Bot {
  const { config, knowledge, log } = deps;
  const kb = () => knowledge.current;
  const bot = new Bot(token, {
    ...botConfig,
    client: { apiRoot: config.telegramApiRoot, ...botConfig.client },
  });
  const limiter = new RateLimiter(config.rateLimitPerMinute, 60_000, deps.now);
  const flow = {
    parkbot: kb,
    limiter,
    maxQuestionChars: config.maxQuestionChars,
    log,
    conversations: new Conversations(),
  };
  const lexicon = () => kb().offline.lexicon;
  const html = { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true } };

  const reportFailure = (updateId: number, error: unknown) => {
    const what =
      error instanceof GrammyError || error instanceof HttpError || error instanceof Error
        ? error.message
        : error;
    log.error(`update ${updateId} failed: ${String(what)}`);
  };
  bot.catch((error) => reportFailure(error.ctx.update.update_id, error.error));

  const { track, respondAtOnce } = deps;
  if (track) {
    bot.use((ctx, next) => {
      const work = next();
      track(work.catch(() => {}));
      if (!respondAtOnce) return work;
      void work.catch((error: unknown) => reportFailure(ctx.update.update_id, error));
    });
  }
  // Updates of one chat in order (a question before its follow-up); chats in parallel.
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));

  // An edited question is ignored: the answer to the first version stands, and nothing is answered twice.
  bot.on(["edited_message", "edited_channel_post"], () => {});

  bot.use(async (ctx, next) => {
    if (isAllowed(ctx, config)) return next();
    const lang = uiLang(ctx.from?.language_code);
    if (ctx.inlineQuery) return void (await ctx.answerInlineQuery([], { cache_time: 60 }));
    if (ctx.callbackQuery) return void (await ctx.answerCallbackQuery({ text: texts.notAllowed[lang] }));
    if (ctx.chat?.type === "private") await ctx.reply(texts.notAllowed[lang]);
  });

  bot.command("start", async (ctx) => {
    const lang = uiLang(ctx.from?.language_code);
    await ctx.reply(escapeHtml(texts.welcome[lang]), {
      ...html,
      reply_markup: examplesKeyboard(examples(lexicon(), lang)),
    });
  });

  bot.command("help", async (ctx) => {
    await ctx.reply(escapeHtml(texts.help[uiLang(ctx.from?.language_code)]), html);
  });

  bot.command("about", async (ctx) => {
    const lang = uiLang(ctx.from?.language_code);
    const lines = [texts.aboutHeading[lang], ...aboutLines(kb().articles)];
    for (const part of renderAnswer({ ...refusal(lines.join("\n")) }, lang)) await ctx.reply(part, html);
  });

  const isAdmin = (ctx: Context) => ctx.from !== undefined && config.adminUserIds.includes(ctx.from.id);

  bot.command("stats", async (ctx) => {
    const lang = uiLang(ctx.from?.language_code);
    if (!isAdmin(ctx)) return void (await ctx.reply(texts.adminOnly[lang]));
    const parkbot = kb();
    const model = parkbot.online?.stats;
    const lines = [
      (({ articles, aboutZone, sentences }) =>
        `articles: ${articles} (${aboutZone} about the zone), sentences: ${sentences}`)(
        parkbot.offline.stats(),
      ),
      model
        ? `model calls: ${model.modelCalls}, failed: ${model.modelFailures}, rejected by the guard: ${model.guardRejections}`
        : "offline (no LLM configured)",
    ];
    await ctx.reply(escapeHtml(lines.join("\n")), html);
  });

  bot.command("digest", async (ctx) => {
    const parkbot = kb();
    for (const article of latestArticles(parkbot.articles, config.digestLatest)) {
      const item = await parkbot.summarizer.summarize(article.id);
      for (const part of renderDigest(item, "zh")) await ctx.reply(part, html);
    }
  });

  bot.command("summary", async (ctx) => {
    const lang = uiLang(ctx.from?.language_code);
    const query = ctx.match.trim();
    if (!query) return void (await ctx.reply(texts.summaryUsage[lang]));
    const parkbot = kb();
    const article = findArticle(parkbot.articles, query);
    if (!article) return void (await ctx.reply(texts.summaryNotFound[lang]));
    for (const part of renderDigest(await parkbot.summarizer.summarize(article.id), "zh"))
      await ctx.reply(part, html);
  });

  bot.command("digest_now", async (ctx) => {
    const lang = uiLang(ctx.from?.language_code);
    if (!isAdmin(ctx)) return void (await ctx.reply(texts.adminOnly[lang]));
    await ctx.reply(deps.postDigests ? await deps.postDigests() : "digests are not set up in this process");
  });

  bot.command("reload", async (ctx) => {
    const lang = uiLang(ctx.from?.language_code);
    if (!isAdmin(ctx)) return void (await ctx.reply(texts.adminOnly[lang]));
    if (!deps.reload) return void (await ctx.reply("reload is not available"));
    const { before, after } = await deps.reload();
    await ctx.reply(texts.reloaded[lang](before, after));
  });

  bot.command("ask", async (ctx) => {
    const question = ctx.match.trim();
    if (!question) return void (await ctx.reply(texts.emptyAsk[uiLang(ctx.from?.language_code)]));
    await answerInChat(ctx, question, flow);
  });

  // Private chats: any text is a question.
  bot.chatType("private").on("message:text", async (ctx) => {
    if (ctx.msg.text.startsWith("/"))
      return void (await ctx.reply(escapeHtml(texts.help[uiLang(ctx.from.language_code)]), html));
    await answerInChat(ctx, ctx.msg.text, flow);
  });

  // Groups: only when addressed — a mention of the bot, or a reply to one of its messages. Other chatter: silence.
  bot.chatType(["group", "supergroup"]).on("message:text", async (ctx) => {
    const username = ctx.me.username;
    const mentioned = (ctx.msg.entities ?? []).some(
      (e) =>
        e.type === "mention" &&
        ctx.msg.text.slice(e.offset + 1, e.offset + e.length).toLowerCase() === username.toLowerCase(),
    );
    const repliedToBot = ctx.msg.reply_to_message?.from?.id === ctx.me.id;
    if (!mentioned && !repliedToBot) return;
    const question = ctx.msg.text.replace(new RegExp(`@${username}\\b`, "gi"), " ").trim();
    if (!question)
      return void (await ctx.reply(escapeHtml(texts.help[uiLang(ctx.from.language_code)]), html));
    await answerInChat(ctx, question, flow);
  });

  // Stickers, photos, voice…: a one-line hint in private chats (and in groups only when replying to the bot).
  bot.on("message", async (ctx) => {
    const addressed = ctx.chat.type === "private" || ctx.msg.reply_to_message?.from?.id === ctx.me.id;
    if (addressed && !ctx.msg.text) await ctx.reply(texts.notText[uiLang(ctx.from?.language_code)]);
  });

  bot.on("inline_query", async (ctx) => {
    const question = ctx.inlineQuery.query.trim();
    if (!question || [...question].length > config.maxQuestionChars) {
      return void (await ctx.answerInlineQuery([], { cache_time: 10 }));
    }
    if (!limiter.take(ctx.from.id).allowed) return void (await ctx.answerInlineQuery([], { cache_time: 5 }));
    // Offline on purpose: Telegram re-asks while the user types and drops answers slower than a few seconds, so
    // an LLM call per keystroke would cost money and still arrive too late.
    const answer = await kb().offline.answer(question);
    const result = renderInlineResult(answer, isEnglish(question) ? "en" : "zh");
    await ctx.answerInlineQuery(
      [
        {
          type: "article",
          id: `a${ctx.inlineQuery.id}`.slice(0, 64),
          title: result.title,
          description: result.description,
          input_message_content: { message_text: result.html, ...html },
        },
      ],
      { cache_time: 300, is_personal: false },
    );
  });

  bot.on("callback_query:data", async (ctx) => {
    const lang = uiLang(ctx.from.language_code);
    const press = parseButton(ctx.callbackQuery.data);
    const message = ctx.callbackQuery.message;
    switch (press.kind) {
      case "source": {
        const sentence = kb().offline.sentence(press.sentenceId);
        await ctx.answerCallbackQuery();
        const parts = sentence
          ? renderParagraph(sentence.article, press.sentenceId, lang)
          : [escapeHtml(texts.staleButton[lang])];
        for (const part of parts) {
          await ctx.reply(part, {
            ...html,
            ...(message
              ? { reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true } }
              : {}),
          });
        }
        return;
      }
      case "feedback": {
        const asked = message && "reply_to_message" in message ? message.reply_to_message : undefined;
        const question = (asked?.text ?? "").replace(/^\/ask(@\w+)?\s*/i, "").trim();
        await appendFeedback(deps.feedbackFile, {
          at: new Date(deps.now?.() ?? Date.now()).toISOString(),
          vote: press.vote,
          question,
          citations: citedIdsFromKeyboard(message?.reply_markup?.inline_keyboard),
          mode: press.mode,
          chatType: ctx.chat?.type ?? "unknown",
        });
        await ctx.answerCallbackQuery({ text: texts.feedbackThanks[lang] });
        return;
      }
      case "example": {
        const question = examples(lexicon(), lang)[press.index];
        await ctx.answerCallbackQuery();
        if (question) await answerInChat(ctx, question, flow);
        return;
      }
      default:
        await ctx.answerCallbackQuery({ text: texts.staleButton[lang] });
    }
  });

  return bot;
}

/** With ALLOWED_CHAT_IDS / ALLOWED_USER_IDS set, only those chats or users (either list admits). */
function isAllowed(ctx: Context, config: Config): boolean {
  const { allowedChatIds, allowedUserIds } = config;
  if (allowedChatIds.length === 0 && allowedUserIds.length === 0) return true;
  if (ctx.chat && allowedChatIds.includes(ctx.chat.id)) return true;
  if (ctx.from && allowedUserIds.includes(ctx.from.id)) return true;
  return false;
}

function refusal(text: string) {
  return { question: "", answered: false, answer: text, citations: [], mode: "offline" as const, ms: 0 };
}
