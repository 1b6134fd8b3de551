import { existsSync } from "node:fs";
import { chmod, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Api } from "grammy";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { postDigestsNow } from "../../src/bot/digest-service.js";
import type { Config } from "../../src/config.js";
import { lockPath, withDigestLock } from "../../src/digest/lock.js";
import { offlineDigest } from "../../src/digest/offline-summary.js";
import { statePath } from "../../src/digest/state.js";
import type { Article } from "../../src/knowledge/article.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { silentLogger } from "../../src/log.js";
import type { Parkbot } from "../../src/parkbot.js";

/**
 * Write failures injected under the code (a full disk, a permission refused), through `node:fs/promises` as
 * the digest modules import it — tests may run as root, where chmod stops nothing.
 */
const injected = vi.hoisted(() => ({
  failure: undefined as
    | { path: (file: string) => boolean; code: string; reason: string; createFirst?: boolean }
    | undefined,
}));
vi.mock("node:fs/promises", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs/promises")>();
  const writeFile: typeof fs.writeFile = async (file, data, options) => {
    const failure = injected.failure;
    if (!failure?.path(String(file))) return fs.writeFile(file, data, options);
    // A full disk fails the write after open() created the file: leave the empty file, as the kernel does.
    if (failure.createFirst) await fs.writeFile(file, "", options);
    throw Object.assign(new Error(`${failure.code}: ${failure.reason}, write`), {
      code: failure.code,
      syscall: failure.createFirst ? "write" : "open",
      path: String(file),
    });
  };
  return { ...fs, writeFile, default: { ...fs, writeFile } };
});

let fixtures: Article[];
beforeAll(async () => {
  fixtures = await loadKnowledge("tests/fixtures/articles");
});
afterEach(() => {
  injected.failure = undefined;
});

const tempDir = () => mkdtemp(join(tmpdir(), "parkbot-digest-fail-"));

/** postDigestsNow's options around a DATA_DIR, posting the fixtures to one chat through a recording api. */
function service(dataDir: string) {
  const sent: string[] = [];
  const api = {
    sendMessage: async (_chat: number, text: string) => {
      sent.push(text);
      return {};
    },
  } as unknown as Api;
  const summarizer = {
    summarize: async (id: string) => offlineDigest(fixtures.find((a) => a.id === id) as Article),
  };
  const options = {
    config: { digestChatIds: [-1001], dataDir } as Config,
    knowledge: { current: { articles: fixtures, summarizer } as unknown as Parkbot },
    api,
    log: silentLogger,
  };
  return { options, sent };
}

/** The error a promise rejects with (failing if it resolves); a run that hangs fails on the test's timeout. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

describe("a failure while taking the lock or writing state", () => {
  it("a full disk while writing the lock: a one-line error naming it, and no lock left behind", async () => {
    const dir = await tempDir();
    injected.failure = {
      path: (file) => file === lockPath(dir),
      code: "ENOSPC",
      reason: "no space left on device",
      createFirst: true,
    };
    const error = await rejection(withDigestLock(dir, async () => "ran"));
    expect(error.message).toBe(`cannot write ${lockPath(dir)}: no space left on device`);
    expect(existsSync(lockPath(dir))).toBe(false);
    injected.failure = undefined;
    expect(await withDigestLock(dir, async () => "ran")).toBe("ran"); // the next run is not refused
  });

  it("a full disk while writing state mid-run: a one-line error naming the state file, nothing sent unrecorded, no lock", async () => {
    const dir = await tempDir();
    const { options, sent } = service(dir);
    let writes = 0;
    // The lock and the first state writes succeed; the disk fills up on the third state write.
    injected.failure = {
      path: (file) => file.startsWith(`${statePath(dir)}.`) && ++writes >= 3,
      code: "ENOSPC",
      reason: "no space left on device",
      createFirst: true,
    };
    const error = await rejection(postDigestsNow(options));
    expect(error.message).toBe(`cannot write ${statePath(dir)}: no space left on device`);
    expect(error.message.split("\n")).toHaveLength(1);
    // Writes 1–2: sending/sent of the first message. Write 3 (sending of the second) failed: it was not sent.
    expect(sent).toHaveLength(1);
    expect(await readdir(dir)).toEqual(["digest-state.json"]); // no lock, no temp file
  });

  it("postDigestsNow with a DATA_DIR it may not write: rejects at once naming the lock file, leaves no lock", async () => {
    const dir = await tempDir();
    injected.failure = { path: (file) => file.startsWith(dir), code: "EACCES", reason: "permission denied" };
    const { options, sent } = service(dir);
    const error = await rejection(postDigestsNow(options));
    expect(error.message).toBe(`cannot write ${lockPath(dir)}: permission denied`);
    expect(sent).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  }, 2000);

  it("postDigestsNow with a read-only DATA_DIR (chmod): the same one line", async (context) => {
    const dir = await tempDir();
    await chmod(dir, 0o500);
    try {
      const probe = join(dir, "probe");
      const writable = await writeFile(probe, "").then(
        () => true,
        () => false,
      );
      if (writable) {
        await rm(probe);
        context.skip("this process writes despite chmod (root); covered by the injected EACCES above");
      }
      const { options } = service(dir);
      const error = await rejection(postDigestsNow(options));
      expect(error.message).toBe(`cannot write ${lockPath(dir)}: permission denied`);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await chmod(dir, 0o700);
    }
  }, 2000);

  it("postDigestsNow with a DATA_DIR under a regular file (unwritable even for root): one line naming it", async () => {
    const parent = await tempDir();
    await writeFile(join(parent, "file"), "");
    const dataDir = join(parent, "file", "data");
    const error = await rejection(postDigestsNow(service(dataDir).options));
    expect(error.message).toBe(`cannot create ${dataDir}: not a directory`);
  }, 2000);
});
