import type { Logger } from "../log.js";

/**
 * Shows an answer while the model writes it (Bot API sendMessageDraft). It sends the text it is given as is: the
 * caller gives only text that has passed the answer's guard (`AnswerStream.verified`), never the model's raw text.
 * Drafts are optional: at most one call in flight, at least `intervalMs` apart (newer text replaces older while
 * waiting, and the newest goes out when the interval is over even if nothing newer comes), and the first failure —
 * an older or self-hosted Bot API server, an emulator — turns drafts off for this answer. Never throws, never
 * blocks the final message by more than the one call in flight.
 */
export class DraftSender {
  private pending: string | undefined;
  private inFlight: Promise<void> | undefined;
  private lastSent = 0;
  private disabled = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (text: string) => Promise<unknown>,
    private readonly log: Logger,
    private readonly intervalMs = 600,
    private readonly now: () => number = Date.now,
  ) {}

  update(text: string): void {
    if (this.disabled || text.trim() === "") return;
    this.pending = text.slice(0, 4096);
    this.pump();
  }

  /**
   * Stops drafting and waits for a call in flight, so the final message lands after the last draft — but never
   * longer than `maxWaitMs`: a hung draft call must not hold the answer.
   */
  async finish(maxWaitMs = 1500): Promise<void> {
    this.disabled = true;
    this.pending = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.inFlight) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.inFlight,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs))),
    ]);
    clearTimeout(timer);
  }

  private pump(): void {
    if (this.inFlight || this.pending === undefined || this.disabled) return;
    const wait = this.intervalMs - (this.now() - this.lastSent);
    if (wait > 0) {
      // Verified drafts come a sentence at a time: the newest must not wait for a next one that may never come.
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, wait);
      return;
    }
    const text = this.pending;
    this.pending = undefined;
    this.lastSent = this.now();
    this.inFlight = this.send(text)
      .then(
        () => undefined,
        (error: unknown) => {
          this.disabled = true;
          this.log.debug(`drafts off for this answer: ${error instanceof Error ? error.message : error}`);
        },
      )
      .finally(() => {
        this.inFlight = undefined;
        this.pump();
      });
  }
}
