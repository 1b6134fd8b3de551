import { createInterface } from "node:readline/promises";
import type { Answerer, Conversation } from "../answer/answerer.js";
import { renderAnswerText } from "../render/terminal.js";
import { writeLine } from "./command.js";

const WELCOME = "parkbot — ask about 衡阳高新区. /help for help; /quit or Ctrl-D to leave.";
const CHAT_HELP = [
  "Type a question and press Enter, e.g. 衡阳高新区规划面积有多大?",
  "Each [n] in an answer points to a source sentence listed under it, quoted word for word.",
  "↑/↓ go through earlier questions. /help shows this, /quit (or Ctrl-D) leaves.",
].join("\n");

/**
 * The chat loop: prompt, answer, repeat until `/quit`, Ctrl-D or Ctrl-C. readline keeps the history. A failed
 * question is reported and the chat goes on.
 *
 * @example
 * await runChat(answerer, { input: process.stdin, output: process.stdout, terminal: true }, String);
 */
export async function runChat(
  answerer: Answerer,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; terminal: boolean },
  describeError: (error: unknown) => string,
): Promise<void> {
  const rl = createInterface({
    input: io.input,
    output: io.output,
    terminal: io.terminal,
    prompt: "> ",
    historySize: 500,
    removeHistoryDuplicates: true,
  });
  // Without a listener readline would only pause on Ctrl-C; leaving is what a user expects.
  rl.on("SIGINT", () => rl.close());

  writeLine(io.output, WELCOME);
  rl.prompt();
  // Follow-ups ("那它离机场多远?") read the previous exchange.
  const conversation: Conversation = {};
  try {
    for await (const raw of rl) {
      const line = raw.trim();
      if (line === "/quit" || line === "/exit") break;
      if (line === "/help") writeLine(io.output, CHAT_HELP);
      else if (line.startsWith("/"))
        writeLine(io.output, `Unknown command ${line}. /help lists the commands.`);
      else if (line) {
        try {
          const answer = await answerer.answer(line, { conversation });
          conversation.previous = { question: line, answer };
          writeLine(io.output, `${renderAnswerText(answer)}\n`);
        } catch (error) {
          writeLine(io.output, `Sorry, that question failed: ${describeError(error)}`);
        }
      }
      rl.prompt();
    }
  } finally {
    rl.close();
  }
  if (io.terminal) writeLine(io.output);
}
