import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";

/** One 👍/👎: the question, the answer's cited sentence ids and mode — no other message text. */
export interface FeedbackRecord {
  at: string;
  vote: "up" | "down";
  question: string;
  citations: string[];
  mode: string;
  chatType: string;
}

/** Appends one JSON line per vote (JSON Lines: easy to grep, append-only, safe to read while written). */
export async function appendFeedback(file: string, record: FeedbackRecord): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(record)}\n`, "utf8");
}
