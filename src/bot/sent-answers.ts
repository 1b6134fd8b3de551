import type { Answer } from "../answer/schema.js";

/** What the bot knows about an answer message it sent: enough to file a vote on it truthfully. */
export interface SentAnswer {
  mode: Answer["mode"];
  citations: string[];
  question: string;
  askedBy?: number;
}

/**
 * The answers sent since start-up, by `chatId:messageId` (bounded; the oldest are forgotten first). A 👍 reads the
 * answer's mode and citations here rather than from the button's data, which a client can forge.
 */
export class SentAnswers {
  private readonly byMessage = new Map<string, SentAnswer>();

  constructor(private readonly max = 10_000) {}

  remember(chatId: number, messageId: number, answer: SentAnswer): void {
    this.byMessage.set(`${chatId}:${messageId}`, answer);
    if (this.byMessage.size > this.max) this.byMessage.delete(this.byMessage.keys().next().value as string);
  }

  get(chatId: number, messageId: number): SentAnswer | undefined {
    return this.byMessage.get(`${chatId}:${messageId}`);
  }
}
