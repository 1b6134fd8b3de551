import { mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";

/**
 * What was posted where: per chat, per article, how many of its messages went out and whether all did. Shared
 * by the running bot and `parkbot digest`; written atomically (temp file, then rename) after every successful
 * send, so a crash or a second run never posts a message twice and never forgets one that was sent.
 */
const ProgressSchema = z.object({
  sent: z.number().int().nonnegative(),
  total: z.number().int().positive(),
  at: z.string(),
});
const StateSchema = z.object({
  version: z.literal(1),
  chats: z.record(z.string(), z.record(z.string(), ProgressSchema)),
});
export type DigestState = z.infer<typeof StateSchema>;
export type Progress = z.infer<typeof ProgressSchema>;

export const emptyState = (): DigestState => ({ version: 1, chats: {} });

export function statePath(dataDir: string): string {
  return join(dataDir, "digest-state.json");
}

/** Reads the state; a missing file is an empty state, a malformed one is an error naming the file. */
export async function readState(file: string): Promise<DigestState> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return emptyState();
    throw new Error(`${file}: cannot read digest state (${(error as Error).message})`);
  }
  try {
    return StateSchema.parse(JSON.parse(text));
  } catch {
    // Refusing to guess: posting everything again is worse than stopping with a clear message.
    throw new Error(`${file}: digest state is malformed; fix or delete it (deleting re-posts every article)`);
  }
}

export async function writeState(file: string, state: DigestState): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`, "utf8");
  await rename(temp, file);
}

export function progressOf(state: DigestState, chatId: number, articleId: string): Progress | undefined {
  return state.chats[String(chatId)]?.[articleId];
}

export function isPosted(state: DigestState, chatId: number, articleId: string): boolean {
  const p = progressOf(state, chatId, articleId);
  return p !== undefined && p.sent >= p.total;
}

export function recordSent(
  state: DigestState,
  chatId: number,
  articleId: string,
  sent: number,
  total: number,
  at: Date,
): void {
  const key = String(chatId);
  state.chats[key] ??= {};
  const chat = state.chats[key];
  chat[articleId] = { sent, total, at: at.toISOString() };
}

/**
 * An exclusive lock (a file created with O_EXCL) so the bot's schedule and a `parkbot digest` run never post at
 * the same time. A lock older than `staleMs` is from a crashed run and is taken over.
 */
export async function withDigestLock<T>(
  dataDir: string,
  work: () => Promise<T>,
  staleMs = 10 * 60_000,
): Promise<T | "busy"> {
  const lock = join(dataDir, "digest.lock");
  await mkdir(dataDir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lock, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      try {
        return await work();
      } finally {
        await rm(lock, { force: true });
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age < staleMs) return "busy";
      await rm(lock, { force: true });
    }
  }
  return "busy";
}
