import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { writeFileAtomically } from "../files/atomic-write.js";

/**
 * One 👍/👎 on one answer. The voter is kept only as a short hash of their id (enough to keep one vote per person
 * and answer, not to find them); the question only when the voter asked it themselves — someone else's question
 * in a group is not theirs to hand over.
 */
export interface FeedbackRecord {
  at: string;
  vote: "up" | "down";
  /** The answer message voted on: `chatId:messageId`. */
  answer: string;
  voter: string;
  question?: string;
  citations: string[];
  /** How the answer was made (`online`/`offline`), from the bot's own record; `unknown` after a restart. */
  mode: string;
  chatType: string;
}

/** Bounds: what one press may add to the file, and how much the file may hold. */
export const FEEDBACK_LIMITS = {
  questionChars: 500,
  citations: 3,
  citationChars: 120,
  votes: 10_000,
  /** Votes older than this are dropped the next time the file is written. */
  retentionDays: 180,
} as const;

/**
 * The feedback file (JSON Lines, `DATA_DIR/feedback.jsonl`): one line per voter and answer, the newest vote
 * winning. Pressing 👍 500 times leaves one line; changing it to 👎 replaces it. The file is rewritten atomically
 * (temp file, rename) and only when a vote changed. Writes are serialised within the process.
 */
export class FeedbackStore {
  private votes: Map<string, FeedbackRecord> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a vote; resolves with whether the file changed. Rejects when it cannot be written. */
  vote(input: {
    vote: "up" | "down";
    chatId: number;
    messageId: number;
    voterId: number;
    question?: string;
    citations: readonly string[];
    mode: string;
    chatType: string;
  }): Promise<boolean> {
    const record: FeedbackRecord = {
      at: new Date(this.now()).toISOString(),
      vote: input.vote,
      answer: `${input.chatId}:${input.messageId}`,
      voter: pseudonym(input.voterId),
      ...(input.question
        ? { question: [...input.question].slice(0, FEEDBACK_LIMITS.questionChars).join("") }
        : {}),
      citations: input.citations
        .slice(0, FEEDBACK_LIMITS.citations)
        .map((id) => id.slice(0, FEEDBACK_LIMITS.citationChars)),
      mode: input.mode.slice(0, 20),
      chatType: input.chatType.slice(0, 20),
    };
    const run = this.queue.then(() => this.store(record));
    this.queue = run.catch(() => {});
    return run;
  }

  private async store(record: FeedbackRecord): Promise<boolean> {
    const votes = await this.load();
    const key = `${record.answer}|${record.voter}`;
    const previous = votes.get(key);
    if (previous && previous.vote === record.vote) return false;
    const next = new Map(votes);
    next.delete(key);
    next.set(key, record);
    const oldest = this.now() - FEEDBACK_LIMITS.retentionDays * 86_400_000;
    for (const [k, v] of next) if (Date.parse(v.at) < oldest) next.delete(k);
    while (next.size > FEEDBACK_LIMITS.votes) next.delete(next.keys().next().value as string);
    await writeFileAtomically(this.file, [...next.values()].map((v) => `${JSON.stringify(v)}\n`).join(""));
    this.votes = next;
    return true;
  }

  private async load(): Promise<Map<string, FeedbackRecord>> {
    if (this.votes) return this.votes;
    const votes = new Map<string, FeedbackRecord>();
    let text = "";
    try {
      text = await readFile(this.file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      try {
        const record = JSON.parse(line) as FeedbackRecord;
        // Lines from before votes were keyed (no `answer`) are kept as they were, each on its own.
        votes.set(record.answer ? `${record.answer}|${record.voter}` : `legacy:${votes.size}`, record);
      } catch {
        // A torn or hand-edited line is dropped rather than stopping every later vote.
      }
    }
    this.votes = votes;
    return votes;
  }
}

function pseudonym(userId: number): string {
  return createHash("sha256").update(`parkbot-voter:${userId}`).digest("hex").slice(0, 12);
}
