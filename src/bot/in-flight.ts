import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Update } from "grammy/types";
import { writeFileAtomically } from "../files/atomic-write.js";

/**
 * The updates being handled right now. A graceful stop waits for them for a grace period; those still unfinished
 * then are saved under DATA_DIR and handled again at the next start — Telegram will not send them again, since
 * the runner has already confirmed them.
 */
export class InFlight {
  private readonly work = new Map<number, { update: Update; done: Promise<void> }>();

  track(update: Update, work: Promise<void>): void {
    const done = work.catch(() => {});
    this.work.set(update.update_id, { update, done });
    void done.finally(() => this.work.delete(update.update_id));
  }

  get size(): number {
    return this.work.size;
  }

  /** Waits until all tracked work is done or `graceMs` has passed; resolves with the updates still unfinished. */
  async drain(graceMs: number): Promise<Update[]> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.work.values()].map((w) => w.done)),
      new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
    ]);
    clearTimeout(timer);
    return [...this.work.values()].map((w) => w.update);
  }
}

const FILE = "unfinished-updates.json";
/** Older than this, a question is stale: answering it after a long outage would surprise more than help. */
const MAX_AGE_MS = 60 * 60_000;

export async function saveUnfinished(dataDir: string, updates: Update[], now = Date.now()): Promise<void> {
  if (updates.length === 0) return;
  const previous = await readUnfinished(dataDir, now);
  const all = [...previous, ...updates.map((update) => ({ savedAt: now, update }))];
  await writeFileAtomically(join(dataDir, FILE), `${JSON.stringify(all)}\n`);
}

/** The updates a previous run left unfinished (fresh ones only); the file is removed once read. */
export async function takeUnfinished(dataDir: string, now = Date.now()): Promise<Update[]> {
  const saved = await readUnfinished(dataDir, now);
  await rm(join(dataDir, FILE), { force: true });
  return saved.map((s) => s.update);
}

async function readUnfinished(
  dataDir: string,
  now: number,
): Promise<Array<{ savedAt: number; update: Update }>> {
  let text: string;
  try {
    text = await readFile(join(dataDir, FILE), "utf8");
  } catch {
    return [];
  }
  try {
    const saved = JSON.parse(text) as Array<{ savedAt: number; update: Update }>;
    return Array.isArray(saved)
      ? saved.filter((s) => typeof s?.update?.update_id === "number" && now - s.savedAt < MAX_AGE_MS)
      : [];
  } catch {
    return []; // a torn file: the questions in it are lost, which the stop that wrote it has already logged
  }
}
