import { join } from "node:path";
import { type RunnerHandle, run } from "@grammyjs/runner";
import { HttpError } from "grammy";
import type { Config } from "../config.js";
import type { AddInput } from "../intake/add.js";
import { zoneKeywords } from "../intake/keywords.js";
import type { Logger } from "../log.js";
import type { ParkbotHolder } from "../parkbot.js";
import { applyApiPolicy, CLIENT_TIMEOUT_SECONDS, DEFAULT_API_POLICY } from "./api-client.js";
import { COMMANDS, createBot } from "./create-bot.js";
import { describeReport, postDigestsNow } from "./digest-service.js";
import { InFlight, saveUnfinished, takeUnfinished } from "./in-flight.js";
import { IntakeService } from "./intake-service.js";
import { startSchedules } from "./schedule.js";
import { serveWebhook } from "./webhook.js";

const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "inline_query"] as const;

export interface RunningBot {
  username: string;
  mode: "polling" | "webhook";
  /** Port the webhook server listens on (webhook mode). */
  port?: number;
  /** Stops taking updates, lets answers in flight finish (up to the grace period), saves the rest. */
  stop(): Promise<void>;
}

/**
 * Starts the Telegram bot: long polling (grammY runner) by default, a webhook server when WEBHOOK_URL is set.
 * The token is checked with one getMe first; optional calls (command menu) may fail without stopping start-up.
 * Updates a previous run could not finish are handled first.
 */
export async function startTelegramBot(
  config: Config,
  holder: ParkbotHolder,
  log: Logger,
): Promise<RunningBot> {
  const token = config.telegramBotToken;
  if (!token) throw new Error("TELEGRAM_BOT_TOKEN is not set");
  const mode = config.webhookUrl ? "webhook" : "polling";
  const inFlight = new InFlight();
  const reload = async () => {
    const result = await holder.reload();
    log.info(`knowledge base reloaded: ${result.before} → ${result.after} articles`);
    return result;
  };
  let postNow: () => Promise<string> = async () => "not ready";
  let intake: IntakeService | undefined;
  const intakeActions = {
    addPages: (inputs: AddInput[]) => (intake as IntakeService).addPages(inputs),
    fetchNow: () => (intake as IntakeService).fetchNow(),
    describeSources: () => (intake as IntakeService).describeSources(),
    download: (fileId: string, name: string) => (intake as IntakeService).download(fileId, name),
  };
  const bot = createBot(
    token,
    {
      config,
      knowledge: holder,
      log,
      feedbackFile: join(config.dataDir, "feedback.jsonl"),
      track: (update, work) => inFlight.track(update, work),
      respondAtOnce: mode === "webhook",
      reload,
      postDigests: () => postNow(),
      intake: intakeActions,
    },
    { client: { timeoutSeconds: CLIENT_TIMEOUT_SECONDS } },
  );
  intake = new IntakeService({
    config,
    api: bot.api,
    log,
    keywords: () => zoneKeywords(config.zoneFile),
    reload,
    postDigests: () => postNow(),
  });
  postNow = async () => {
    const report = await postDigestsNow({ config, knowledge: holder, api: bot.api, log });
    if (report === "busy") return "another digest run is in progress";
    if (report === "no chats") return "no DIGEST_CHAT_IDS configured";
    return describeReport(report);
  };

  // One getMe, without retries and with a short timeout (grammY's own init() retries network errors for ever and
  // waits up to 500 s for an answer): a wrong token or an unreachable TELEGRAM_API_ROOT fails start-up at once.
  try {
    type Signal = Parameters<typeof bot.api.getMe>[0]; // grammY's shim type; Node's AbortSignal at run time
    bot.botInfo = await bot.api.getMe(AbortSignal.timeout(config.telegramTimeoutMs) as unknown as Signal);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const timedOut = error instanceof HttpError && /abort|timeout/i.test(String(error.error));
    throw new Error(
      timedOut
        ? `the Telegram Bot API at ${config.telegramApiRoot} did not answer getMe within ${config.telegramTimeoutMs} ms (TELEGRAM_TIMEOUT_MS)`
        : error instanceof HttpError
          ? `cannot reach the Telegram Bot API at ${config.telegramApiRoot} (getMe failed: ${why})`
          : `Telegram did not accept the bot token (getMe failed: ${why})`,
    );
  }
  applyApiPolicy(bot.api, log, { ...DEFAULT_API_POLICY, callTimeoutMs: config.telegramTimeoutMs });
  bot.api
    .setMyCommands(COMMANDS)
    .catch((error: unknown) => log.debug(`command menu not registered: ${String(error)}`));

  const schedules = startSchedules(
    config,
    { reload, postDigests: () => postNow(), fetchSources: () => intakeActions.fetchNow() },
    log,
  );
  const stopWith = async (stopTaking: () => Promise<unknown>) => {
    schedules.stop();
    const grace = config.shutdownGraceMs;
    // Stop taking updates first (bounded: a hung long poll must not eat the grace period)…
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([stopTaking(), new Promise((r) => (timer = setTimeout(r, grace)))]);
    clearTimeout(timer);
    // …then let the answers being written finish, and keep what could not be finished for the next start.
    const unfinished = await inFlight.drain(grace);
    if (unfinished.length === 0) return;
    const ids = unfinished.map((u) => u.update_id).join(", ");
    try {
      await saveUnfinished(config.dataDir, unfinished);
      log.warn(
        `${unfinished.length} update(s) unfinished after ${grace} ms (${ids}); saved, handled at next start`,
      );
    } catch (error) {
      log.error(
        `${unfinished.length} update(s) dropped at stop (${ids}): cannot save them (${String(error)})`,
      );
    }
  };

  const { articles, sentences } = holder.current.offline.stats();
  const summary = `${articles} articles, ${sentences} sentences; answers ${
    holder.current.online ? `online (${config.openaiModel}, offline fallback)` : "offline"
  }${schedules.describe}`;
  const replay = await takeUnfinished(config.dataDir).catch(() => []);
  const handleReplays = () => {
    if (replay.length > 0) log.info(`handling ${replay.length} update(s) left unfinished by the last run`);
    for (const update of replay) void bot.handleUpdate(update);
  };

  if (mode === "webhook") {
    const server = await serveWebhook(bot, config, ALLOWED_UPDATES, log);
    log.info(`parkbot @${bot.botInfo.username} running: webhook on port ${server.port}; ${summary}`);
    handleReplays();
    return {
      username: bot.botInfo.username,
      mode,
      port: server.port,
      stop: () => stopWith(() => server.close()),
    };
  }

  await bot.api
    .deleteWebhook()
    .catch((error: unknown) => log.debug(`deleteWebhook failed: ${String(error)}`));
  handleReplays();
  // silent: the runner would print each failed getUpdates with its URL — and the token in it — to the console;
  // reportPollingOutages logs outages through the redacting logger instead.
  const runner: RunnerHandle = run(bot, {
    runner: { silent: true, fetch: { allowed_updates: [...ALLOWED_UPDATES] } },
  });
  log.info(`parkbot @${bot.botInfo.username} running: polling; ${summary}`);
  return {
    username: bot.botInfo.username,
    mode,
    stop: () => stopWith(() => runner.stop()),
  };
}
