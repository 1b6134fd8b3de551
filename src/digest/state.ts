import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";

/**
 * What was posted where: per chat, per article, how many of its messages went out and which one, if any, was
 * being sent. Shared by the running bot and `parkbot digest`; written atomically (temp file, then rename) before
 * and after every send, so a crash leaves a state that says exactly what is known and what is uncertain.
 *
 * Version 2 added `sending`. A version 1 file is read as version 2 with nothing in flight (version 1 wrote only
 * after a send, so it never knew of one). Version 1 code refuses a version 2 file as malformed rather than
 * ignoring the in-flight mark.
 */
const ProgressV1Schema = z.object({
  /** Messages of this article confirmed sent to this chat (the first `sent` of `total`). */
  sent: z.number().int().nonnegative(),
  total: z.number().int().positive(),
  at: z.string(),
});
const ProgressSchema = ProgressV1Schema.extend({
  /**
   * The index of the message whose send call started and has not been confirmed (always `sent`). Left behind
   * only when a run stopped during the call — the message may or may not have reached the chat.
   */
  sending: z.number().int().nonnegative().optional(),
});
const StateV1Schema = z.object({
  version: z.literal(1),
  chats: z.record(z.string(), z.record(z.string(), ProgressV1Schema)),
});
const StateSchema = z.object({
  version: z.literal(2),
  chats: z.record(z.string(), z.record(z.string(), ProgressSchema)),
});
export type DigestState = z.infer<typeof StateSchema>;
export type Progress = z.infer<typeof ProgressSchema>;

export const STATE_VERSION = 2;
export const emptyState = (): DigestState => ({ version: 2, chats: {} });

export function statePath(dataDir: string): string {
  return join(dataDir, "digest-state.json");
}

/**
 * One line naming the file and what went wrong, e.g. `cannot write /x/digest-state.json: permission denied`:
 * shown as is by the CLI and by the bot's /digest_now, so it carries no stack and no errno prefix.
 */
export function fileError(action: string, file: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  // Node's file errors read "EACCES: permission denied, open '/x/y'"; the middle part is the reason.
  const reason = /^E[A-Z]+: ([^,\n]+)/.exec(message)?.[1] ?? message.split("\n")[0];
  return new Error(`${action} ${file}: ${reason}`, { cause: error });
}

/** Reads the state; a missing file is an empty state, a malformed one is an error naming the file. */
export async function readState(file: string): Promise<DigestState> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return emptyState();
    throw fileError("cannot read", file, error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const version = (json as { version?: unknown } | undefined)?.version;
  if (typeof version === "number" && version > STATE_VERSION) {
    throw new Error(`${file}: digest state version ${version} is newer than this parkbot understands`);
  }
  const current = StateSchema.safeParse(json);
  if (current.success) return current.data;
  const v1 = StateV1Schema.safeParse(json);
  if (v1.success) return { version: 2, chats: v1.data.chats };
  // Refusing to guess: posting everything again is worse than stopping with a clear message.
  throw new Error(`${file}: digest state is malformed; fix or delete it (deleting re-posts every article)`);
}

export async function writeState(file: string, state: DigestState): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`, "utf8");
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => {}); // a half-written temp file is no use to anyone
    throw fileError("cannot write", file, error);
  }
}

export function progressOf(state: DigestState, chatId: number, articleId: string): Progress | undefined {
  return state.chats[String(chatId)]?.[articleId];
}

export function isPosted(state: DigestState, chatId: number, articleId: string): boolean {
  const p = progressOf(state, chatId, articleId);
  return p !== undefined && p.sent >= p.total;
}

function setProgress(state: DigestState, chatId: number, articleId: string, progress: Progress): void {
  const key = String(chatId);
  state.chats[key] ??= {};
  const chat = state.chats[key];
  chat[articleId] = progress;
}

/** The first `sent` messages of the article are confirmed in the chat, and none is in flight. */
export function recordSent(
  state: DigestState,
  chatId: number,
  articleId: string,
  sent: number,
  total: number,
  at: Date,
): void {
  setProgress(state, chatId, articleId, { sent, total, at: at.toISOString() });
}

/** Message `index` (after `index` confirmed ones) is about to be sent: saved before the send call is made. */
export function recordSending(
  state: DigestState,
  chatId: number,
  articleId: string,
  index: number,
  total: number,
  at: Date,
): void {
  setProgress(state, chatId, articleId, { sent: index, total, at: at.toISOString(), sending: index });
}
