import { existsSync } from "node:fs";
import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { lockPath, STALE_MS, withDigestLock } from "../../src/digest/lock.js";
import { postDigests } from "../../src/digest/post.js";
import { statePath } from "../../src/digest/state.js";
import type { Article } from "../../src/knowledge/article.js";
import { silentLogger } from "../../src/log.js";
import { idleProcess, lockLeftBy, untilReal } from "./lock-helpers.js";

const tempDir = () => mkdtemp(join(tmpdir(), "parkbot-lock-"));
const ran = async () => "ran";

afterEach(() => {
  vi.useRealTimers();
});

describe("the digest lock", () => {
  it("is held while its holder lives and taken over at once when it is killed (no 10-minute wait)", async () => {
    const dir = await tempDir();
    const holder = await idleProcess();
    try {
      await lockLeftBy(dir, { pid: holder.pid });
      expect(await withDigestLock(dir, ran)).toBe("busy");
    } finally {
      await holder.kill9();
    }
    expect(await withDigestLock(dir, ran)).toBe("ran");
    expect(existsSync(lockPath(dir))).toBe(false);
  });

  it("a version 1 lock (a bare pid) is honoured while that pid lives and taken over once it is gone", async () => {
    const dir = await tempDir();
    await lockLeftBy(dir, { legacyPid: process.pid }, 60_000);
    expect(await withDigestLock(dir, ran)).toBe("busy");
    const gone = await idleProcess();
    await gone.kill9();
    await lockLeftBy(dir, { legacyPid: gone.pid });
    expect(await withDigestLock(dir, ran)).toBe("ran");
  });

  it("a lock left by an earlier process that had our pid (a restart) is not taken for ours", async () => {
    const dir = await tempDir();
    await lockLeftBy(dir, { pid: process.pid });
    expect(await withDigestLock(dir, ran)).toBe("ran");
  });

  it("a lock from another host or container is honoured until it has not been refreshed for staleMs", async () => {
    const dir = await tempDir();
    await lockLeftBy(dir, { pid: 4242, pidSpace: "another container" }, STALE_MS / 2);
    expect(await withDigestLock(dir, ran)).toBe("busy");
    await lockLeftBy(dir, { pid: 4242, pidSpace: "another container" }, STALE_MS + 1000);
    expect(await withDigestLock(dir, ran)).toBe("ran");
  });

  it("a run longer than 10 minutes keeps its lock fresh, so a second run is busy (issue 11: 206 duplicates)", async () => {
    const dir = await tempDir();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    let finish = () => {};
    const first = withDigestLock(
      dir,
      () => new Promise<string>((resolve) => (finish = () => resolve("done"))),
    );
    await untilReal("the first run holds the lock", () => existsSync(lockPath(dir)));
    const refreshed = async () => Date.now() - (await stat(lockPath(dir))).mtimeMs < 5000;
    for (let elapsed = 0; elapsed < 11 * 60_000; elapsed += 5000) {
      await vi.advanceTimersByTimeAsync(5000);
      // Each step lets the holder's refresh (real file I/O) finish before the clock moves on. No refresh at all
      // (a lock that is never refreshed): skip to the end, where the second run must still find it held.
      const ok = await untilReal("the lock was refreshed", refreshed, 500).then(
        () => true,
        () => false,
      );
      if (!ok) {
        await vi.advanceTimersByTimeAsync(11 * 60_000 - elapsed);
        break;
      }
    }
    expect(await withDigestLock(dir, async () => "second")).toBe("busy");
    expect(await refreshed()).toBe(true);
    finish();
    expect(await first).toBe("done");
    expect(existsSync(lockPath(dir))).toBe(false);
  });

  it("a holder that loses its lock is told (signal aborted, a warning) and leaves the new owner's lock alone", async () => {
    const dir = await tempDir();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const warnings: string[] = [];
    const reason = await withDigestLock(
      dir,
      async (lock) => {
        // Another run judged this one dead (say, frozen for longer than staleMs) and took the lock.
        await writeFile(lockPath(dir), JSON.stringify({ pid: 1, pidSpace: "elsewhere", token: "t" }));
        await vi.advanceTimersByTimeAsync(STALE_MS / 4);
        await untilReal("the loss is noticed", () => lock.signal.aborted);
        return (lock.signal.reason as Error).message;
      },
      { log: { ...silentLogger, warn: (m) => warnings.push(m) } },
    );
    expect(reason).toBe(
      `digest lock ${lockPath(dir)} lost (another run took it over); stopped before the next message`,
    );
    expect(warnings).toEqual([expect.stringContaining("lost (another run took it over)")]);
    expect(await readFile(lockPath(dir), "utf8")).toContain("elsewhere");
  });

  it("posting stops before the next send once the lock is lost", async () => {
    const dir = await tempDir();
    const sent: string[] = [];
    const lost = new AbortController();
    lost.abort(new Error("digest lock lost"));
    const article = { id: "a", title: "t", date: "2024-01-01" } as unknown as Article;
    await expect(
      postDigests({
        chatIds: [1],
        articles: [article],
        summarizer: { summarize: async () => ({}) as never },
        render: () => ["message"],
        send: async (_chat, html) => {
          sent.push(html);
        },
        stateFile: statePath(dir),
        log: silentLogger,
        signal: lost.signal,
      }),
    ).rejects.toThrow("digest lock lost");
    expect(sent).toEqual([]);
  });

  it("is removed however the work ends", async () => {
    const dir = await tempDir();
    await expect(
      withDigestLock(dir, async () => {
        throw new Error("summarizer down");
      }),
    ).rejects.toThrow("summarizer down");
    expect(existsSync(lockPath(dir))).toBe(false);
  });
});
