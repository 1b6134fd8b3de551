import { z } from "zod";

/** What the model is asked to return (JSON modes), and what text mode is parsed into. */
export const ModelOutputSchema = z.object({
  answered: z.boolean(),
  answer: z.string(),
  citations: z.array(z.string()),
});
export type ModelOutput = z.infer<typeof ModelOutputSchema>;

/** The text-mode reply for "the sentences do not say". */
export const NO_ANSWER = "NO_ANSWER";

/** Handles in square brackets: [S1], [S1, S2], [S1][S3]. */
const MARKER = /\[\s*(S\d+(?:\s*[,，、;]\s*S\d+)*)\s*\]/gi;

/** Handles the text cites, in order of first appearance. */
export function markerHandles(text: string): string[] {
  const seen: string[] = [];
  for (const match of text.matchAll(MARKER)) {
    for (const handle of (match[1] ?? "").split(/\s*[,，、;]\s*/)) {
      const h = handle.toUpperCase();
      if (!seen.includes(h)) seen.push(h);
    }
  }
  return seen;
}

/** Replaces each [S…] marker using `number(handle)`; [S1, S3] becomes [1][2]. */
export function renumberMarkers(text: string, number: (handle: string) => number): string {
  return text.replace(MARKER, (_, inner: string) =>
    inner
      .split(/\s*[,，、;]\s*/)
      .map((h) => `[${number(h.toUpperCase())}]`)
      .join(""),
  );
}

/** Text mode: the reply is the answer itself, or NO_ANSWER. */
export function parseTextAnswer(text: string): ModelOutput {
  const answer = text.trim();
  if (answer === "" || answer.toUpperCase().startsWith(NO_ANSWER))
    return { answered: false, answer: "", citations: [] };
  return { answered: true, answer, citations: markerHandles(answer) };
}
