import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { IndexedSentence } from "../../search/sentence-index.js";

/** System prompts for the answer call, one per output protocol. Loaded once at start-up from `prompts/`. */
export interface AnswerPrompts {
  /** For JSON output (schema or object mode). */
  json: string;
  /** For plain text with [S1] markers (text mode and streaming). */
  text: string;
}

/** `prompts/` at the package root, from src/answer/online (tests) or dist/answer/online. */
export const DEFAULT_PROMPTS_DIR = fileURLToPath(new URL("../../../prompts/", import.meta.url));

async function read(dir: string, name: string): Promise<string> {
  try {
    return (await readFile(join(dir, name), "utf8")).trim();
  } catch (error) {
    throw new Error(
      `${join(dir, name)}: cannot read prompt (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
}

export async function loadAnswerPrompts(dir: string = DEFAULT_PROMPTS_DIR): Promise<AnswerPrompts> {
  const [base, json, text] = await Promise.all([
    read(dir, "answer.md"),
    read(dir, "answer-format-json.md"),
    read(dir, "answer-format-text.md"),
  ]);
  if (!base.includes("{{format}}"))
    throw new Error(`${join(dir, "answer.md")}: missing the {{format}} placeholder`);
  return { json: base.replace("{{format}}", json), text: base.replace("{{format}}", text) };
}

/** A retrieved sentence as the model sees it: a short handle instead of the long id. */
export interface Candidate {
  handle: string;
  sentence: IndexedSentence;
}

export function toCandidates(sentences: readonly IndexedSentence[]): Candidate[] {
  return sentences.map((sentence, i) => ({ handle: `S${i + 1}`, sentence }));
}

/**
 * The user message: the question and the sentences as one JSON document, so knowledge-base text (and the
 * question) reach the model as quoted data, never as instructions.
 */
export function answerRequest(question: string, candidates: readonly Candidate[]): string {
  const data = {
    question,
    sentences: candidates.map((c) => ({
      handle: c.handle,
      text: c.sentence.text,
      article: `${c.sentence.article.title} (${c.sentence.article.source}, ${c.sentence.article.date})`,
    })),
  };
  return JSON.stringify(data, null, 1);
}
