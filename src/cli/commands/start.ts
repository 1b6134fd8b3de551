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
  // Node's own report of an unhandled error prints the raw message and stack — a URL with the token in it
  // included. Through the logger instead: a stray rejection is logged and the bot keeps answering; an uncaught
  // exception leaves the process in an unknown state, so it is logged and the process exits for its supervisor.
  process.on("unhandledRejection", (reason) => log.error(`unhandled rejection: ${describe(reason)}`));
  process.on("uncaughtException", (error) => {
    log.error(`uncaught exception: ${describe(error)}`);
    process.exit(1);
  });
  const bot = await startTelegramBot(context.config, holder, log);
  const signal = await new Promise<string>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  log.info(`${signal}: stopping`);
  await bot.stop();
  log.info("stopped");
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
