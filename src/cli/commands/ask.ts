import { createInterface } from "node:readline";
import type { Answerer, Conversation } from "../../answer/answerer.js";
import type { Answer } from "../../answer/schema.js";
import { renderAnswerText } from "../../render/terminal.js";
import { stripControlChars } from "../../text/control-chars.js";
import { type Command, debugLog, parseCommandArgs, UsageError, writeLine } from "../command.js";
import { openAnswerer } from "../open-answerer.js";

export const EMPTY_QUESTION = 'Please type a question, e.g. parkbot ask "衡阳高新区规划面积有多大?"';

/**
 * `parkbot ask [--json] [--offline] [question…]`: answers the question given as arguments, or else each line
 * of stdin in order. Exit 0 whether answered or refused; 2 for an empty question.
 */
export const ask: Command = async (context) => {
  const { values, positionals } = parseCommandArgs(context.args, {
    json: { type: "boolean", default: false },
    offline: { type: "boolean", default: false },
  });
  const json = values.json;
  const online = !values.offline;

  // No argument at all means "read stdin"; an argument that is empty or blank is a mistake.
  const question = positionals.length > 0 ? positionals.join(" ").trim() : undefined;
  if (question === "") throw new UsageError(EMPTY_QUESTION);

  const { answerer } = await openAnswerer(
    context.config,
    { online, stderr: context.stderr },
    debugLog(context),
  );
  if (question !== undefined) {
    writeLine(context.stdout, formatAnswer(await answerer.answer(question), json));
    return 0;
  }
  if (context.stdin.isTTY) writeLine(context.stderr, "Type one question per line; Ctrl-D to finish.");
  const count = await answerLines(answerer, context.stdin, context.stdout, { json });
  if (count === 0) throw new UsageError(EMPTY_QUESTION);
  return 0;
};

/**
 * Answers each line of `input` in order, one after another, and prints each result as it comes: one JSON line
 * per Answer with `json`, else the question and its rendered answer, blocks separated by a blank line. With
 * `conversation` the lines are one chat: a follow-up reads the previous question and answer (`ask` answers each
 * line on its own). Returns how many questions were answered.
 */
export async function answerLines(
  answerer: Answerer,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  { json, conversation: chat = false }: { json: boolean; conversation?: boolean },
): Promise<number> {
  let count = 0;
  const conversation: Conversation = {};
  for await (const question of questionLines(input)) {
    const answer = await answerer.answer(question, chat ? { conversation } : {});
    if (chat) conversation.previous = { question, answer };
    if (json) writeLine(output, formatAnswer(answer, true));
    // The echo is the user's own line: its control characters (an escape sequence in a pasted file) are dropped
    // like those of every other text the terminal shows.
    else
      writeLine(
        output,
        `${count > 0 ? "\n" : ""}> ${stripControlChars(question)}\n${formatAnswer(answer, false)}`,
      );
    count++;
  }
  return count;
}

function formatAnswer(answer: Answer, json: boolean): string {
  return json ? JSON.stringify(answer) : renderAnswerText(answer);
}

/** The questions in a stream, one per line: trimmed, blank lines skipped, a leading byte-order mark dropped. */
async function* questionLines(input: NodeJS.ReadableStream): AsyncGenerator<string> {
  let first = true;
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    const question = (first ? line.replace(/^\uFEFF/, "") : line).trim();
    first = false;
    if (question) yield question;
  }
}
