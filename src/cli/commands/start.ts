import { startTelegramBot } from "../../bot/run.js";
import { assertWritable } from "../../files/writable.js";
import { type Logger, routeConsole } from "../../log.js";
import type { ParkbotHolder } from "../../parkbot.js";
import { type Command, type CommandContext, debugLog, expectNoArguments, writeLine } from "../command.js";
import { openAnswerer } from "../open-answerer.js";
import { terminalSession } from "./chat.js";

const TERMINAL_NOTICE =
  "parkbot is running in the terminal. To connect Telegram, set TELEGRAM_BOT_TOKEN (from @BotFather) in .env and run `npm start` again.";

/**
 * `parkbot start`: the bot. On Telegram when TELEGRAM_BOT_TOKEN is set, else in the terminal (a chat on a TTY,
 * one answer per line when stdin is piped).
 */
export const start: Command = async (context) => {
  expectNoArguments(context.args);
  const { answerer, holder, logger } = await openAnswerer(
    context.config,
    { online: true, stderr: context.stderr },
    debugLog(context),
  );
  if (context.config.telegramBotToken) {
    await runOnTelegram(context, holder, logger);
  } else {
    writeLine(context.stderr, TERMINAL_NOTICE);
    await terminalSession(context, answerer);
  }
  return 0;
};

/** Runs the Telegram bot until SIGINT or SIGTERM, then stops it gracefully (answers in progress get a few seconds). */
async function runOnTelegram(context: CommandContext, holder: ParkbotHolder, log: Logger): Promise<void> {
  await assertWritable(context.config.dataDir, "DATA_DIR");
  routeConsole(log);
  const bot = await startTelegramBot(context.config, holder, log);
  const signal = await new Promise<string>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  log.info(`${signal}: stopping`);
  await bot.stop();
  log.info("stopped");
}
