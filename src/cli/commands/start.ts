import type { Answerer } from "../../answer/answerer.js";
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
  const { answerer } = await openAnswerer(
    context.config,
    { online: true, stderr: context.stderr },
    debugLog(context),
  );
  if (context.config.telegramBotToken) {
    await startTelegram(context, answerer);
  } else {
    writeLine(context.stderr, TERMINAL_NOTICE);
    await terminalSession(context, answerer);
  }
  return 0;
};

/** Placeholder until the Telegram adapter lands: says so and runs the terminal session instead. */
async function startTelegram(context: CommandContext, answerer: Answerer): Promise<void> {
  writeLine(
    context.stderr,
    "The Telegram adapter is not part of this build yet; running in the terminal instead.",
  );
  await terminalSession(context, answerer);
}
