import { Bot, type BotConfig } from "grammy";
import type { Update } from "grammy/types";
import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import type { Parkbot } from "../parkbot.js";
import { Conversations } from "./answer-flow.js";
import { inChatOrder } from "./chat-order.js";
import { type BotContext, provideContext } from "./context.js";
import { accessControl } from "./features/access.js";
import { type AdminActions, adminCommands } from "./features/admin.js";
import { buttons } from "./features/buttons.js";
import { digestCommands } from "./features/digests.js";
import { infoCommands } from "./features/info.js";
import { inlineAnswers } from "./features/inline.js";
import { type IntakeActions, intake } from "./features/intake.js";
import { questions } from "./features/questions.js";
import { FeedbackStore } from "./feedback.js";
import { RateLimiter } from "./rate-limit.js";
import { SentAnswers } from "./sent-answers.js";

export interface BotDeps extends AdminActions {
  /** News intake (links and files from admins, watched sources); absent → those messages get a refusal. */
  intake?: IntakeActions;
  config: Config;
  /** The knowledge base and answerers; `current` may be swapped by a reload while the bot runs. */
  knowledge: { current: Parkbot };
  log: Logger;
  /** Where 👍/👎 go (JSON Lines, one line per voter and answer). */
  feedbackFile: string;
  now?: () => number;
  /** Every update's work is handed here, so a graceful stop can wait for answers still being written. */
  track?: (update: Update, work: Promise<void>) => void;
  /**
   * Webhook mode: return at once instead of awaiting the work, so Telegram's webhook call is answered promptly
   * rather than held while an LLM writes.
   */
  respondAtOnce?: boolean;
}

/** The commands shown in Telegram's menu (registered at start-up, when the server allows it). */
export const COMMANDS = [
  { command: "ask", description: "提问 / ask a question" },
  { command: "digest", description: "最新文章摘要 / latest news digest" },
  { command: "summary", description: "一篇文章的摘要 / one article's digest" },
  { command: "help", description: "使用说明 / help" },
  { command: "about", description: "知识库收录的文章 / what the bot knows" },
  { command: "sources", description: "关注的新闻来源 / watched news sources" },
  { command: "start", description: "开始 / start" },
];

/** /digest and /summary per user per minute: each may cost a model call per article. */
const DIGEST_COMMANDS_PER_MINUTE = 4;

/**
 * The Telegram bot, assembled from one composer per concern (features/). It only translates between Telegram and
 * the core — what is true is decided by the answerer, how it looks by render.ts.
 */
export function createBot(
  token: string,
  deps: BotDeps,
  botConfig: BotConfig<BotContext> = {},
): Bot<BotContext> {
  const { config, log } = deps;
  const bot = new Bot<BotContext>(token, {
    ...botConfig,
    client: { apiRoot: config.telegramApiRoot, ...botConfig.client },
  });
  const sentAnswers = new SentAnswers();
  const flow = {
    limiter: new RateLimiter(config.rateLimitPerMinute, 60_000, deps.now),
    maxQuestionChars: config.maxQuestionChars,
    log,
    conversations: new Conversations(),
    sentAnswers,
  };

  bot.catch((error) => log.error(failure(error.ctx, error.error)));
  const { track, respondAtOnce } = deps;
  if (track) {
    bot.use((ctx, next) => {
      const work = next();
      track(ctx.update, work);
      if (!respondAtOnce) return work;
      void work.catch((error: unknown) => log.error(failure(ctx, error)));
    });
  }
  // One asker's updates in order (a question before its follow-up), askers in parallel; a chat's replies in the
  // order its updates arrived (chat-order.ts).
  bot.use(inChatOrder(log, { modelTimeoutMs: config.llmTimeoutMs }));
  // An edited question is ignored: the answer to the first version stands, and nothing is answered twice.
  bot.on(["edited_message", "edited_channel_post"], () => {});
  bot.use(provideContext(deps.knowledge));
  bot.use(accessControl(config));

  bot.use(infoCommands());
  bot.use(adminCommands(config, deps, log));
  bot.use(digestCommands(config, new RateLimiter(DIGEST_COMMANDS_PER_MINUTE, 60_000, deps.now)));
  bot.use(intake(config, deps.intake, log));
  bot.use(questions(flow));
  bot.use(inlineAnswers(config, new RateLimiter(config.rateLimitPerMinute, 60_000, deps.now)));
  bot.use(buttons({ flow, feedback: new FeedbackStore(deps.feedbackFile, deps.now), sentAnswers, log }));
  return bot;
}

/** One line per failed update, with its update and chat id: an answer that could not be sent can be traced. */
function failure(ctx: BotContext, error: unknown): string {
  const why = error instanceof Error ? error.message : String(error);
  return `update ${ctx.update.update_id} failed: ${why} (chat ${ctx.chat?.id ?? "none"})`;
}
