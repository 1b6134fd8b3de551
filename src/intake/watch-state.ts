import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { writeFileAtomically } from "../files/atomic-write.js";
import { formatZodIssue } from "../knowledge/errors.js";
import type { Logger } from "../log.js";

/** `DATA_DIR/sources-state.json`: what the watcher remembers about each source between runs. */
export const WATCH_STATE_FILE = "sources-state.json";

/** Article urls remembered per source: a feed lists its newest 10–50, so this covers many feed lengths of history. */
export const MAX_SEEN = 500;

const BACKOFF_BASE_MS = 15 * 60_000;
const BACKOFF_MAX_MS = 24 * 3_600_000;

const SourceStateSchema = z.object({
  /** The url this state is about: a source pointed elsewhere starts over (its validators mean nothing there). */
  url: z.string(),
  lastCheckedAt: z.string().optional(),
  /** Validators of the last feed or listing page fully handled, for a conditional GET. */
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  /** Item urls already handled (added, a repost, or permanently refused), newest first. */
  seen: z.array(z.string()).default([]),
  lastNewAt: z.string().optional(),
  lastNewTitle: z.string().optional(),
  /** Consecutive failed checks, since when, and the last error; no check before `backoffUntil`. */
  failures: z.number().int().min(0).default(0),
  failingSince: z.string().optional(),
  lastError: z.string().optional(),
  backoffUntil: z.string().optional(),
});
export type SourceState = z.infer<typeof SourceStateSchema>;

const WatchStateSchema = z.object({
  version: z.literal(1),
  /** By source name. */
  sources: z.record(z.string(), SourceStateSchema),
});
export type WatchState = z.infer<typeof WatchStateSchema>;

export function watchStatePath(dataDir: string): string {
  return join(dataDir, WATCH_STATE_FILE);
}

/**
 * The state, or an empty one when there is none yet. A damaged file is reported and replaced by an empty state
 * rather than stopping every future fetch: nothing is lost that matters, since an article already added is
 * recognised by its url in knowledge/raw/sources.json and never added twice.
 */
export async function readWatchState(dataDir: string, log?: Logger): Promise<WatchState> {
  const file = watchStatePath(dataDir);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return emptyState();
    throw new Error(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  let problem: string;
  try {
    const parsed = WatchStateSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    problem = formatZodIssue(parsed.error);
  } catch (error) {
    problem = `invalid JSON: ${(error as Error).message}`;
  }
  log?.warn(`${file}: ${problem}; starting from an empty state (articles already added stay recognised)`);
  return emptyState();
}

export async function writeWatchState(dataDir: string, state: WatchState): Promise<void> {
  await writeFileAtomically(watchStatePath(dataDir), `${JSON.stringify(state, null, 2)}\n`);
}

function emptyState(): WatchState {
  return { version: 1, sources: {} };
}

/** Wait after the n-th consecutive failure: 15 min, 30 min, 1 h, 2 h … at most a day. */
export function backoffMs(failures: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
}

/** The earliest time the source may be checked again (backoff, or `every` after the last check), if any. */
export function nextCheckAt(state: SourceState | undefined, everyMs: number | undefined): Date | undefined {
  const times: number[] = [];
  if (state?.backoffUntil) times.push(Date.parse(state.backoffUntil));
  if (state?.lastCheckedAt && everyMs) times.push(Date.parse(state.lastCheckedAt) + everyMs);
  const latest = Math.max(...times.filter(Number.isFinite));
  return Number.isFinite(latest) ? new Date(latest) : undefined;
}
