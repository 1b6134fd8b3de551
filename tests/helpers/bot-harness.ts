import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Api } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { createBot } from "../../src/bot/create-bot.js";
import type { IntakeActions } from "../../src/bot/features/intake.js";
import { type Config, loadConfig } from "../../src/config.js";
import { type Logger, silentLogger } from "../../src/log.js";
import type { Parkbot } from "../../src/parkbot.js";

export const BOT: UserFromGetMe = {
  id: 4242,
  is_bot: true,
  first_name: "Park Bot",
  username: "ParkTestBot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
}

/**
 * The real bot (createBot) with grammY's API transformer as the seam: every Bot API call is recorded and
 * answered locally, so tests assert the exact payloads the bot sends. `failing` methods reject like a Bot API
 * server that lacks them.
 */
export async function botHarness(
  parkbot: Parkbot,
  options: {
    env?: Record<string, string>;
    failing?: string[];
    log?: Logger;
    now?: () => number;
    postDigests?: () => Promise<string>;
    reload?: () => Promise<{ before: number; after: number }>;
    /** News intake, built on the harness's own Api (so its calls are recorded too). */
    intake?: (api: Api, config: Config) => IntakeActions;
  } = {},
) {
  const calls: ApiCall[] = [];
  const dataDir = await mkdtemp(join(tmpdir(), "parkbot-bot-"));
  const config = loadConfig({ TELEGRAM_BOT_TOKEN: "123456:TEST-token", DATA_DIR: dataDir, ...options.env });
  const feedbackFile = join(dataDir, "feedback.jsonl");
  // The intake needs the bot's Api, which exists only once the bot does: the bot gets a forwarder.
  let intake: IntakeActions | undefined;
  const lazyIntake: IntakeActions = {
    addPages: (inputs) => (intake as IntakeActions).addPages(inputs),
    fetchNow: () => (intake as IntakeActions).fetchNow(),
    describeSources: () => (intake as IntakeActions).describeSources(),
    download: (fileId, name) => (intake as IntakeActions).download(fileId, name),
  };
  const bot = createBot(
    config.telegramBotToken as string,
    {
      config,
      knowledge: { current: parkbot },
      log: options.log ?? silentLogger,
      feedbackFile,
      now: options.now,
      postDigests: options.postDigests,
      reload: options.reload,
      intake: options.intake ? lazyIntake : undefined,
    },
    { botInfo: BOT },
  );
  let nextMessageId = 1000;
  bot.api.config.use(async (_prev, method, payload) => {
    calls.push({ method, payload: payload as Record<string, unknown> });
    if (options.failing?.includes(method)) {
      return {
        ok: false,
        error_code: 404,
        description: `Not Found: method ${method} not implemented`,
      } as never;
    }
    const p = payload as { chat_id?: number; text?: string };
    const result =
      method === "sendMessage"
        ? { message_id: nextMessageId++, date: 0, chat: { id: p.chat_id, type: "private" }, text: p.text }
        : true;
    return { ok: true, result } as never;
  });
  intake = options.intake?.(bot.api, config);
  await bot.init();

  let updateId = 1;
  let messageId = 1;
  const user = (lang = "zh-hans", id = 7) => ({ id, is_bot: false, first_name: "Ann", language_code: lang });
  const send = async (update: Omit<Update, "update_id">) => {
    await bot.handleUpdate({ update_id: updateId++, ...update } as Update);
  };

  return {
    bot,
    calls,
    config,
    feedbackFile,
    /** Calls of one method, payloads only. */
    sent: (method = "sendMessage") => calls.filter((c) => c.method === method).map((c) => c.payload),
    clear: () => calls.splice(0),
    privateText: (text: string, opts: { lang?: string; userId?: number; entities?: unknown[] } = {}) =>
      send({
        message: {
          message_id: messageId++,
          date: 0,
          chat: { id: opts.userId ?? 7, type: "private", first_name: "Ann" },
          from: user(opts.lang, opts.userId),
          text,
          ...(opts.entities ? { entities: opts.entities } : {}),
        },
      } as never),
    groupText: (text: string, opts: { entities?: unknown[]; replyToBot?: boolean; userId?: number } = {}) =>
      send({
        message: {
          message_id: messageId++,
          date: 0,
          chat: { id: -100123, type: "supergroup", title: "Park staff" },
          from: user("zh", opts.userId ?? 8),
          text,
          ...(opts.entities ? { entities: opts.entities } : {}),
          ...(opts.replyToBot
            ? {
                reply_to_message: {
                  message_id: 999,
                  date: 0,
                  chat: { id: -100123, type: "supergroup" },
                  from: BOT,
                  text: "…",
                },
              }
            : {}),
        },
      } as never),
    sticker: () =>
      send({
        message: {
          message_id: messageId++,
          date: 0,
          chat: { id: 7, type: "private", first_name: "Ann" },
          from: user(),
          sticker: {
            file_id: "s",
            file_unique_id: "s",
            type: "regular",
            width: 1,
            height: 1,
            is_animated: false,
            is_video: false,
          },
        },
      } as never),
    edited: (text: string) =>
      send({
        edited_message: {
          message_id: 1,
          date: 0,
          edit_date: 1,
          chat: { id: 7, type: "private", first_name: "Ann" },
          from: user(),
          text,
        },
      } as never),
    callback: (data: string, message?: Record<string, unknown>) =>
      send({
        callback_query: {
          id: `cb${updateId}`,
          from: user(),
          chat_instance: "ci",
          data,
          message: {
            message_id: 555,
            date: 0,
            chat: { id: 7, type: "private", first_name: "Ann" },
            ...message,
          },
        },
      } as never),
    inline: (query: string) =>
      send({ inline_query: { id: `iq${updateId}`, from: user(), query, offset: "" } } as never),
  };
}
