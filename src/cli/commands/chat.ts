import type { Answerer } from "../../answer/answerer.js";
import { runChat } from "../chat-loop.js";
import { type Command, type CommandContext, debugLog, errorLine, expectNoArguments } from "../command.js";
import { openAnswerer } from "../open-answerer.js";
import { answerLines } from "./ask.js";

/** `parkbot chat`: the interactive chat on a terminal; with piped stdin it answers line by line like `ask`. */
export const chat: Command = async (context) => {
  expectNoArguments(context.args);
  const { answerer } = await openAnswerer(
    context.config,
    { online: true, stderr: context.stderr },
    debugLog(context),
  );
  await terminalSession(context, answerer);
  return 0;
};

/** The bot in the terminal: a chat on a TTY, else one answer per stdin line (what `start` falls back to). */
export async function terminalSession(context: CommandContext, answerer: Answerer): Promise<void> {
  if (context.stdin.isTTY) {
    await runChat(answerer, { input: context.stdin, output: context.stdout, terminal: true }, (error) =>
      errorLine(error, context.config),
    );
  } else {
    await answerLines(answerer, context.stdin, context.stdout, { json: false, conversation: true });
  }
}
