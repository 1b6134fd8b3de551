import { InlineKeyboard } from "grammy";
import type { Answer } from "../answer/schema.js";
import { texts, type UiLang } from "./texts.js";

/**
 * Buttons under an answer: 原文 per cited sentence (up to three) and 👍/👎. Everything a button needs is in its
 * callback data or in the message it sits on (the asked question is the message it replies to), so buttons keep
 * working after a restart. A vote's mode comes from the bot's record of what it sent (SentAnswers), never from the
 * button.
 */
const SOURCE = "src:";
const FEEDBACK = "fb:";
/** Telegram's limit for callback_data, in bytes. */
const MAX_CALLBACK_BYTES = 64;

export function answerKeyboard(answer: Answer, lang: UiLang): InlineKeyboard | undefined {
  if (!answer.answered) return undefined;
  const keyboard = new InlineKeyboard();
  for (const citation of answer.citations.slice(0, 3)) {
    const data = `${SOURCE}${citation.id}`;
    if (Buffer.byteLength(data) <= MAX_CALLBACK_BYTES) {
      keyboard.text(`${texts.sourceButton[lang]} [${citation.n}]`, data);
    }
  }
  return keyboard.row().text("👍", `${FEEDBACK}up`).text("👎", `${FEEDBACK}down`);
}

export type ButtonPress =
  | { kind: "source"; sentenceId: string }
  | { kind: "feedback"; vote: "up" | "down" }
  | { kind: "example"; index: number }
  | { kind: "unknown" };

export function parseButton(data: string): ButtonPress {
  if (data.startsWith(SOURCE)) return { kind: "source", sentenceId: data.slice(SOURCE.length) };
  // Buttons sent before votes were filed by the bot's own record still carry a mode (`fb:up:online`); it is
  // ignored — a client can forge callback data.
  const feedback = /^fb:(up|down)(?::\w{1,20})?$/.exec(data);
  if (feedback) return { kind: "feedback", vote: feedback[1] as "up" | "down" };
  const example = /^ex:(\d)$/.exec(data);
  if (example) return { kind: "example", index: Number(example[1]) };
  return { kind: "unknown" };
}

/** The example-question buttons under /start. */
export function examplesKeyboard(questions: readonly string[]): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  questions.slice(0, 3).forEach((q, i) => {
    keyboard.text(q, `ex:${i}`).row();
  });
  return keyboard;
}

/** The cited sentence ids of an answer message, read back from its 原文 buttons. */
export function citedIdsFromKeyboard(rows: ReadonlyArray<ReadonlyArray<object>> | undefined): string[] {
  return (rows ?? []).flat().flatMap((button) => {
    const data = "callback_data" in button ? String(button.callback_data) : "";
    return data.startsWith(SOURCE) ? [data.slice(SOURCE.length)] : [];
  });
}
