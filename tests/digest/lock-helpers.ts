import { type ChildProcess, spawn } from "node:child_process";
import { utimes, writeFile } from "node:fs/promises";
import { lockPath, PID_SPACE } from "../../src/digest/lock.js";

/** Captured at import, before any test fakes timers: waiting for real file I/O needs the real clock. */
const realSetTimeout = globalThis.setTimeout;

/** Polls `condition` on the real clock (every 2 ms) until it holds; fails with `what` after `timeoutMs`. */
export async function untilReal(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 2000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => realSetTimeout(resolve, 2));
  }
}

/**
 * Leaves `DATA_DIR/digest.lock` as a run would that stopped holding it without releasing it: a run of this
 * version (`{ pid, pidSpace }`, this host and pid namespace unless given) or of version 1 (`legacyPid`: the bare
 * pid it wrote), last refreshed `ageMs` ago.
 */
export async function lockLeftBy(
  dataDir: string,
  holder: { pid: number; pidSpace?: string } | { legacyPid: number },
  ageMs = 0,
): Promise<void> {
  const file = lockPath(dataDir);
  const text =
    "legacyPid" in holder
      ? String(holder.legacyPid)
      : JSON.stringify({ pid: holder.pid, pidSpace: holder.pidSpace ?? PID_SPACE, token: "left-behind" });
  await writeFile(file, text);
  const at = new Date(Date.now() - ageMs);
  await utimes(file, at, at);
}

/** A process that lives until killed (an idle node), for a lock holder that can be kill -9'd. */
export async function idleProcess(): Promise<{ pid: number; kill9(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ["-e", "setInterval(() => {}, 60_000)"], {
    stdio: "ignore",
  });
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", reject);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    pid: child.pid as number,
    async kill9() {
      child.kill("SIGKILL");
      await exited;
    },
  };
}
