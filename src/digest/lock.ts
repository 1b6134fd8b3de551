import { randomUUID } from "node:crypto";
import { readFileSync, readlinkSync } from "node:fs";
import { link, mkdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { type Logger, silentLogger } from "../log.js";
import { fileError } from "./state.js";

/**
 * One digest run at a time per DATA_DIR, so the bot's schedule, /digest_now and `parkbot digest` never post
 * concurrently. The lock must be held exactly while its holder lives:
 *
 * - `DATA_DIR/digest.lock` is created exclusively (O_EXCL) with its holder in it: `{ pid, pidSpace, token }`.
 * - While held, its mtime is refreshed every `staleMs / 4`, however long the run takes.
 * - A lock is stale — taken over at once — when its holder's pid means something here (same {@link PID_SPACE})
 *   and that process is gone (kill -9, OOM), or is this very process without having taken it (an earlier
 *   process that had our pid). Otherwise it is stale when its mtime is older than `staleMs`: a holder in another
 *   container or on another host that died, a pid reused by another program, a holder frozen for that long, or
 *   a lock whose holder line was never written. Trusting a live-looking pid over the mtime could block digests
 *   for as long as an unrelated program kept that pid; trusting the mtime alone made every rerun after a crash
 *   wait (it was 10 minutes).
 *
 * Why not proper-lockfile: it locks with a directory and checks, when it refreshes, that the directory's mtime is
 * still the one it set; writing the holder into that directory changes the mtime (so it reports the lock as
 * compromised) and then its rmdir cannot remove it. A holder line in a second file would not appear atomically
 * with the lock, so a contender could read a dead run's holder beside a live run's lock. A file that holds its
 * holder, as below, needs no dependency.
 *
 * The name `digest.lock` is the one version 1 used (a file holding a bare pid, never refreshed, stale after 10
 * minutes): an old and a new version running side by side during an upgrade still exclude each other.
 */
export const STALE_MS = 15_000;

/**
 * Where a pid names the same process: one kernel boot (boot_id) and one pid namespace (each container has its
 * own). Two containers sharing a DATA_DIR volume, or two machines both called "localhost", differ here even when
 * their hostnames agree. Elsewhere than Linux, the hostname is all there is.
 */
export const PID_SPACE = (() => {
  try {
    const boot = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    return `${hostname()} ${boot} ${readlinkSync("/proc/self/ns/pid")}`;
  } catch {
    return hostname();
  }
})();
/** Tokens of the locks this process holds now: a lock naming our pid and another token is an earlier process's. */
const heldHere = new Set<string>();
/** A version 1 lock is never refreshed, so it keeps the rule it was written under. */
const LEGACY_STALE_MS = 10 * 60_000;

export interface HeldLock {
  /**
   * Aborted if the lock is lost while held (removed, or taken over after a freeze longer than `staleMs`): the
   * work must then stop before its next send, as another run may be posting.
   */
  signal: AbortSignal;
}

export interface LockOptions {
  staleMs?: number;
  /** Where a lost lock or a failed refresh is reported (never thrown: they happen in a timer). */
  log?: Logger;
}

export function lockPath(dataDir: string): string {
  return join(dataDir, "digest.lock");
}

/**
 * Runs `work` holding the digest lock, or returns "busy" when a live run holds it. Any failure while taking the
 * lock (unwritable DATA_DIR, full disk) is a one-line error naming the file, and leaves no lock behind; the lock
 * is released however `work` ends.
 */
export async function withDigestLock<T>(
  dataDir: string,
  work: (lock: HeldLock) => Promise<T>,
  options: LockOptions = {},
): Promise<T | "busy"> {
  const staleMs = options.staleMs ?? STALE_MS;
  const log = options.log ?? silentLogger;
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (error) {
    throw fileError("cannot create", dataDir, error);
  }
  const file = lockPath(dataDir);
  const token = randomUUID();
  const holder = JSON.stringify({
    pid: process.pid,
    pidSpace: PID_SPACE,
    token,
    since: new Date().toISOString(),
  });
  heldHere.add(token); // before the file exists, so a run in this process never judges it an earlier process's
  let taken = false;
  try {
    taken = (await acquire(file, holder, staleMs)) === "taken";
  } finally {
    if (!taken) heldHere.delete(token);
  }
  if (!taken) return "busy";

  const lost = new AbortController();
  const stopRefreshing = keepFresh(file, holder, staleMs / 4, log, (why) => {
    if (lost.signal.aborted) return;
    log.warn(`digest lock ${file} lost (${why}); stopping before the next message`);
    lost.abort(new Error(`digest lock ${file} lost (${why}); stopped before the next message`));
  });
  try {
    return await work({ signal: lost.signal });
  } finally {
    stopRefreshing();
    heldHere.delete(token);
    await release(file, holder, log);
  }
}

/** Creates the lock holding `holder`, taking over a stale one (at most once: a second contender means busy). */
async function acquire(file: string, holder: string, staleMs: number): Promise<"taken" | "busy"> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, holder, { flag: "wx" });
      return "taken";
    } catch (error) {
      const { code, syscall } = error as NodeJS.ErrnoException;
      if (code !== "EEXIST") {
        // Failing after open() (a full disk on write), the file is ours and empty or cut short: remove it.
        if (syscall !== "open") await rm(file, { force: true }).catch(() => {});
        throw fileError("cannot write", file, error);
      }
    }
    const seen = await look(file).catch((error: unknown) => {
      throw fileError("cannot read", file, error);
    });
    if (seen === undefined) continue; // released between our create and our look
    if (!isStale(seen, staleMs)) return "busy";
    if (!(await removeIfUnchanged(file, seen))) return "busy";
  }
  return "busy";
}

interface Seen {
  text: string;
  mtimeMs: number;
}

async function look(file: string): Promise<Seen | undefined> {
  try {
    const [text, { mtimeMs }] = await Promise.all([readFile(file, "utf8"), stat(file)]);
    return { text, mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

interface Holder {
  pid: number;
  pidSpace: string;
  token?: string;
  legacy: boolean;
}

/** The holder a lock names: JSON (this version), a bare pid (version 1), or nothing yet (being written). */
function holderOf(text: string): Holder | undefined {
  const validPid = (pid: unknown): pid is number => Number.isSafeInteger(pid) && (pid as number) > 0;
  // Version 1 did not record where; it assumed one host per DATA_DIR, and so does this.
  if (/^\d+$/.test(text.trim())) {
    const pid = Number(text.trim());
    return validPid(pid) ? { pid, pidSpace: PID_SPACE, legacy: true } : undefined;
  }
  try {
    const { pid, pidSpace, token } = JSON.parse(text) as {
      pid?: unknown;
      pidSpace?: unknown;
      token?: unknown;
    };
    if (!validPid(pid) || typeof pidSpace !== "string") return undefined;
    return { pid, pidSpace, token: typeof token === "string" ? token : undefined, legacy: false };
  } catch {
    return undefined;
  }
}

function isStale(seen: Seen, staleMs: number): boolean {
  const holder = holderOf(seen.text);
  if (holder?.pidSpace === PID_SPACE) {
    if (!isAlive(holder.pid)) return true;
    if (holder.pid === process.pid && !holder.legacy && !heldHere.has(holder.token ?? "")) return true;
  }
  return Date.now() - seen.mtimeMs > (holder?.legacy ? LEGACY_STALE_MS : staleMs);
}

/** Signal 0 checks that a process exists without touching it; EPERM means it exists under another user. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/**
 * Removes the stale lock we looked at — and only that one. Two runs may find the same dead lock at once; plain
 * rm would let the slower one delete the lock the faster one had just created. So the lock is moved aside
 * (rename is atomic), checked to be the one we judged, and put back (link never overwrites) if it was not.
 */
async function removeIfUnchanged(file: string, seen: Seen): Promise<boolean> {
  const aside = `${file}.${process.pid}.${randomUUID()}.stale`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return true; // someone else removed it
    throw fileError("cannot remove the stale lock", file, error);
  }
  const moved = await look(aside).catch(() => undefined);
  const same = moved?.text === seen.text && moved.mtimeMs === seen.mtimeMs;
  if (!same) await link(aside, file).catch(() => {}); // a run just took it: give it back
  await rm(aside, { force: true }).catch(() => {});
  return same;
}

/** Refreshes the lock's mtime until stopped; reports (never throws) a lock that is no longer ours. */
function keepFresh(
  file: string,
  holder: string,
  everyMs: number,
  log: Logger,
  onLost: (why: string) => void,
): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const refresh = async () => {
    try {
      const text = await readFile(file, "utf8");
      if (stopped) return;
      if (text !== holder) return onLost("another run took it over");
      const now = new Date();
      await utimes(file, now, now);
    } catch (error) {
      if (stopped) return;
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return onLost("it was removed");
      log.warn(`${fileError("cannot refresh the digest lock", file, error).message}; will try again`);
    }
    // The next refresh is armed after this one finished, so refreshes never overlap.
    if (!stopped) schedule();
  };
  const schedule = () => {
    timer = setTimeout(() => void refresh(), everyMs);
    timer.unref(); // a finished run must not be kept alive by its lock
  };
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** Removes the lock if it is still ours (after a takeover it belongs to the run that took it). */
async function release(file: string, holder: string, log: Logger): Promise<void> {
  try {
    if ((await readFile(file, "utf8")) === holder) await rm(file, { force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    log.warn(fileError("cannot remove the digest lock", file, error).message);
  }
}
