import { sequentialize } from "@grammyjs/runner";
import type { Context, MiddlewareFn, Transformer } from "grammy";
import type { Logger } from "../log.js";
import { ChatQueue, type Turn } from "./chat-queue.js";

/** How long one update may hold its chat's replies, at least: longer than an answer normally takes. */
const MIN_HOLD_MS = 30_000;

/**
 * Order without waiting on each other's model (issue 11, item 9). Two rules, for every kind of update:
 *
 * 1. Work is sequential per asker (`askerKey`): one person's updates run one after the other — a follow-up sees
 *    the exchange before it, a button press comes after the answer it is under — but the members of a group are
 *    answered concurrently, so the 8th of 8 questions waits for its own model call, not for seven others.
 * 2. What a chat sees keeps arrival order: each update takes a turn in its chat's queue on arrival (before any
 *    waiting), and its messages (`send…`, copy, forward) are held until the updates before it have sent theirs.
 *    Commands and buttons go through the same queue: they are quick, and a /help that arrived after a question
 *    is answered after it. What is not a message — typing, drafts, callback answers, inline results — goes at
 *    once. An update that fails still gives up its turn; one that hangs gives it up after `maxHoldMs`.
 *
 * Updates without a chat (inline queries) only have rule 1.
 */
export function inChatOrder<C extends Context>(
  log: Logger,
  options: { modelTimeoutMs?: number; maxHoldMs?: number } = {},
): MiddlewareFn<C> {
  // A slow but working answer must keep its place: hold at least as long as a model call may legitimately take.
  const maxHoldMs = options.maxHoldMs ?? Math.max(MIN_HOLD_MS, (options.modelTimeoutMs ?? 0) + 15_000);
  const queue = new ChatQueue(log, maxHoldMs);
  const oneAtATime = sequentialize<C>(askerKey);
  return (ctx, next) => {
    const chat = ctx.chat?.id;
    if (chat === undefined) return oneAtATime(ctx, next);
    // Taken synchronously, so turns follow the order updates reach the bot.
    const turn = queue.take(String(chat));
    ctx.api.config.use(holdMessages(turn));
    return oneAtATime(ctx, next).finally(turn.done);
  };
}

/**
 * Whose updates must not overlap: a person in a group (their own follow-ups), a whole private chat, a user
 * outside chats. Also the key of a follow-up's previous exchange, so both rules agree on who "the asker" is.
 */
export function askerKey(ctx: Context): string | undefined {
  const chat = ctx.chat;
  const user = ctx.from?.id;
  if (!chat) return user === undefined ? undefined : `user ${user}`;
  // Channel posts have no sender: the channel is one asker.
  if (chat.type === "private" || user === undefined) return `chat ${chat.id}`;
  return `chat ${chat.id} user ${user}`;
}

/** Bot API methods that put a message in a chat — not the passing ones (typing, drafts). */
function isChatMessage(method: string): boolean {
  if (method === "sendChatAction" || method.endsWith("Draft")) return false;
  return method.startsWith("send") || /^(?:copy|forward)Messages?$/.test(method);
}

/** An API transformer for one update's context: its chat messages wait for the update's turn. */
function holdMessages(turn: Turn): Transformer {
  return async (prev, method, payload, signal) => {
    if (isChatMessage(method)) await turn.ready;
    return prev(method, payload, signal);
  };
}
