import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { autoRetry } from "@grammyjs/auto-retry";
import { type RunnerHandle, run } from "@grammyjs/runner";
import { Cron } from "croner";
import { HttpError, webhookCallback } from "grammy";
import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import type { ParkbotHolder } from "../parkbot.js";
import { COMMANDS, createBot } from "./create-bot.js";
import { describeReport, postDigestsNow } from "./digest-service.js";

const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "inline_query"] as const;
/** How long a stop waits for answers still being written before it gives up on them. */
const STOP_GRACE_MS = 4000;

export interface RunningBot {
  username: string;
  mode: "polling" | "webhook";
  /** Port the webhook server listens on (webhook mode). */
  port?: number;
  stop(): Promise<void>;
}

/**
 * Starts the Telegram bot: long polling (grammY runner) by default, a webhook server when WEBHOOK_URL is set.
 * Optional calls (command menu) may fail without stopping start-up; the token is checked with getMe first.
 */
export async function startTelegramBot(
  config: Config,
  holder: ParkbotHolder,
  log: Logger,
): Promise<RunningBot> {
  const token = config.telegramBotToken;
  if (!token) throw new Error("TELEGRAM_BOT_TOKEN is not set");
  const mode = config.webhookUrl ? "webhook" : "polling";
  const tasks = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    tasks.add(work);
    void work.finally(() => tasks.delete(work));
  };
  const reload = async () => {
    const result = await holder.reload();
    log.info(`knowledge base reloaded: ${result.before} → ${result.after} articles`);
    return result;
  };
  let postNow: () => Promise<string> = async () => "not ready";
  const bot = createBot(token, {
    config,
    knowledge: holder,
    log,
    feedbackFile: join(config.dataDir, "feedback.jsonl"),
    track,
    respondAtOnce: mode === "webhook",
    reload,
    postDigests: () => postNow(),
  });
  postNow = async () => {
    const report = await postDigestsNow({ config, knowledge: holder, api: bot.api, log });
    if (report === "busy") return "another digest run is in progress";
    if (report === "no chats") return "no DIGEST_CHAT_IDS configured";
    return describeReport(report);
  };
  // One getMe, without retries (grammY's own init() retries network errors for ever): a wrong token or an
  // unreachable TELEGRAM_API_ROOT must fail start-up at once.
  try {
    bot.botInfo = await bot.api.getMe();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(
      error instanceof HttpError
        ? `cannot reach the Telegram Bot API at ${config.telegramApiRoot} (getMe failed: ${why})`
        : `Telegram did not accept the bot token (getMe failed: ${why})`,
    );
  }
  bot.api.config.use(telegramRetries());
  bot.api
    .setMyCommands(COMMANDS)
    .catch((error: unknown) => log.debug(`command menu not registered: ${String(error)}`));

  const drain = async () => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...tasks]),
      new Promise((r) => (timer = setTimeout(r, STOP_GRACE_MS))),
    ]);
    clearTimeout(timer);
  };

  // After `npm run ingest`: SIGHUP (or admin /reload) reads the knowledge base again; each scheduled digest run
  // reloads first, so a new article is answered from and posted without a restart.
  const onHangup = () => {
    reload().catch((error: unknown) =>
      log.error(`reload failed: ${error instanceof Error ? error.message : error}`),
    );
  };
  process.on("SIGHUP", onHangup);
  const schedule = config.digestCron
    ? new Cron(config.digestCron, { timezone: config.digestTz, protect: true }, async () => {
        try {
          await reload();
          await postNow();
        } catch (error) {
          log.error(`scheduled digest failed: ${error instanceof Error ? error.message : error}`);
        }
      })
    : undefined;
  const stopExtras = () => {
    schedule?.stop();
    process.off("SIGHUP", onHangup);
  };

  const parkbot = holder.current;
  const { articles, sentences } = parkbot.offline.stats();
  const describe = `${articles} articles, ${sentences} sentences`;
  const answers = parkbot.online ? `online (${config.openaiModel}, offline fallback)` : "offline";
  const digests = schedule
    ? `; digests to ${config.digestChatIds.length} chat(s) on "${config.digestCron}" (${config.digestTz})`
    : "";
  if (mode === "webhook") {
    const url = new URL(config.webhookUrl as string);
    const handle = webhookCallback(bot, "http", {
      secretToken: config.webhookSecret,
      onTimeout: "return",
      timeoutMilliseconds: 5000,
    });
    const server: Server = createServer((req, res) => {
      if (req.method !== "POST" || (req.url ?? "").split("?")[0] !== url.pathname) {
        res.statusCode = 404;
        res.end();
        return;
      }
      handle(req, res).catch((error: unknown) => {
        log.warn(`webhook request failed: ${error instanceof Error ? error.message : error}`);
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.webhookPort, resolve);
    });
    const port = (server.address() as { port: number }).port;
    await bot.api.setWebhook(url.href, {
      secret_token: config.webhookSecret,
      allowed_updates: [...ALLOWED_UPDATES],
    });
    log.info(
      `parkbot @${bot.botInfo.username} running: webhook on port ${port}; ${describe}; answers ${answers}${digests}`,
    );
    return {
      username: bot.botInfo.username,
      mode,
      port,
      stop: async () => {
        stopExtras();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await drain();
      },
    };
  }

  await bot.api
    .deleteWebhook()
    .catch((error: unknown) => log.debug(`deleteWebhook failed: ${String(error)}`));
  const runner: RunnerHandle = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
  log.info(`parkbot @${bot.botInfo.username} running: polling; ${describe}; answers ${answers}${digests}`);
  return {
    username: bot.botInfo.username,
    mode,
    stop: async () => {
      stopExtras();
      // Stop fetching, then let the answers being written finish (runner.stop() does not wait for them).
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([runner.stop(), new Promise((r) => (timer = setTimeout(r, STOP_GRACE_MS)))]);
      clearTimeout(timer);
      await drain();
    },
  };
}

/**
 * 429 (flood control) and 5xx from Telegram: wait and retry (up to 3 times) instead of losing the message. Network
 * errors are not retried here — the auto-retry plugin would retry them without limit and hang the caller; the
 * runner retries its own polling anyway.
 */
export function telegramRetries() {
  return autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowHttpErrors: true });
}
