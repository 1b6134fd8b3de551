import type { Logger } from "../log.js";

/** One update's place in its chat's order of replies. */
export interface Turn {
  /** Resolves when every earlier update of the chat has sent its replies (or its time was up). */
  readonly ready: Promise<void>;
  /** This update will send nothing more: the next one may go. Safe to call more than once. */
  done(): void;
}

/**
 * Replies of a chat in the order their updates arrived, while the answers are worked out concurrently: each
 * update takes a turn on arrival, and its messages wait until the turns before it are done.
 *
 * A turn holds its chat for at most `maxHoldMs` after the turns before it are done. An update that never finishes
 * — a send that hangs, an answer that fails without saying so — then costs the chat that long, not for ever: the
 * queue logs it and moves on, and that update's message, should it come at all, comes late and out of order.
 */
export class ChatQueue {
  private readonly chats = new Map<string, { last: Promise<void>; turns: number }>();

  constructor(
    private readonly log: Logger,
    private readonly maxHoldMs = 30_000,
  ) {}

  take(chat: string): Turn {
    const entry = this.chats.get(chat) ?? { last: Promise.resolve(), turns: 0 };
    this.chats.set(chat, entry);
    const ready = entry.last;
    let done!: () => void;
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    const released = ready.then(() => this.hold(chat, finished));
    entry.last = released;
    entry.turns++;
    // Forget a chat once its last turn is over: the map holds only chats with replies under way.
    void released.then(() => {
      if (--entry.turns === 0 && this.chats.get(chat) === entry) this.chats.delete(chat);
    });
    return { ready, done };
  }

  /** Number of chats with turns not yet over (for tests and diagnostics). */
  get size(): number {
    return this.chats.size;
  }

  /** Waits for the turn to finish, at most `maxHoldMs`. */
  private async hold(chat: string, finished: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<true>((resolve) => {
      timer = setTimeout(() => resolve(true), this.maxHoldMs);
      timer.unref?.(); // a stuck turn must not keep the process alive at shutdown
    });
    const late = await Promise.race([finished.then(() => false), expired]);
    clearTimeout(timer);
    if (late)
      this.log.warn(
        `chat ${chat}: an update held its replies for ${Math.round(this.maxHoldMs / 1000)} s; the next ones go ahead`,
      );
  }
}
