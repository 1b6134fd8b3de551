import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FaultProxy, startFaultProxy } from "../helpers/fault-proxy.js";
import {
  type Emulator,
  type SpawnedBot,
  spawnBot,
  startBot,
  startEmulator,
  TEST_TOKEN,
  type UserOptions,
  waitUntil,
} from "../helpers/telegram-emulator.js";

/**
 * The bot process under network faults, with a fault-injecting TCP proxy between it and the Bot API emulator:
 * outages, connection resets on sends, a server that never answers, and a stop while sends are slow.
 */

const TOKEN_SECRET = TEST_TOKEN.split(":")[1] as string;
const alice: UserOptions = { userId: 101, chatId: 101 };

let emulator: Emulator | undefined;
let proxy: FaultProxy | undefined;
const bots: SpawnedBot[] = [];
afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.stop(1000);
  await proxy?.stop();
  await emulator?.stop();
  proxy = undefined;
  emulator = undefined;
});

const noSecretIn = (bot: SpawnedBot) => {
  for (const output of [bot.stderr(), bot.stdout()]) {
    expect(output).not.toContain(TEST_TOKEN);
    expect(output).not.toContain(TOKEN_SECRET);
    expect(output).not.toContain(encodeURIComponent(TEST_TOKEN));
  }
};

describe("the bot under network faults", () => {
  it("an outage of the Bot API is logged once, without the token, and answering resumes after it", async () => {
    emulator = await startEmulator();
    proxy = await startFaultProxy(emulator);
    const bot = await startBot({ apiRoot: proxy.apiRoot, env: { LOG_LEVEL: "debug" } });
    bots.push(bot);
    await waitUntil("the bot polls", () => emulator?.requested.includes("getUpdates") ?? false);

    proxy.outage(true);
    await bot.waitForLine(/^warn cannot fetch updates/, 5000);
    await new Promise((r) => setTimeout(r, 800)); // several failed polls
    proxy.outage(false);
    await bot.waitForLine(/^info Bot API reachable again/, 8000);

    const asked = await emulator.send(alice, "衡阳高新区规划面积有多大?");
    const [answer] = await emulator.waitForSent(alice.chatId, asked, 1, 8000);
    expect(answer?.text).toContain("170.57");
    await bot.stop(3000);
    expect(bot.lines().filter((l) => l.startsWith("warn cannot fetch updates"))).toHaveLength(1);
    noSecretIn(bot);
  }, 30_000);

  it("an answer whose send hits connection resets is sent again, once", async () => {
    emulator = await startEmulator();
    proxy = await startFaultProxy(emulator);
    const bot = await startBot({ apiRoot: proxy.apiRoot });
    bots.push(bot);
    proxy.resetNext("sendMessage", 2);
    const asked = await emulator.send(alice, "衡阳高新区规划面积有多大?");
    const [answer] = await emulator.waitForSent(alice.chatId, asked, 1, 10_000);
    expect(answer?.text).toContain("170.57");
    expect(proxy.resets.get("sendMessage")).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(emulator.sent(alice.chatId).filter((m) => m.messageId > asked)).toHaveLength(1);
    expect(bot.lines().filter((l) => /^warn sendMessage failed .*retry \d/.test(l))).toHaveLength(2);
    noSecretIn(bot);
  }, 30_000);

  it("start-up against a Bot API that accepts connections but never answers fails in seconds with one line", async () => {
    emulator = await startEmulator();
    proxy = await startFaultProxy(emulator);
    proxy.blackhole(true);
    const started = performance.now();
    const bot = await spawnBot({ apiRoot: proxy.apiRoot, env: { TELEGRAM_TIMEOUT_MS: "1500" } });
    bots.push(bot);
    expect(await bot.exited).toEqual({ code: 1, signal: null });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(bot.lines().filter((l) => l.startsWith("parkbot: "))).toEqual([
      expect.stringMatching(
        /^parkbot: the Telegram Bot API at http:\/\/127\.0\.0\.1:\d+ did not answer getMe within 1500 ms/,
      ),
    ]);
    noSecretIn(bot);
  }, 20_000);

  it("a stop while sends are slow saves the unanswered questions, and the next start answers them", async () => {
    emulator = await startEmulator();
    const dataDir = await mkdtemp(join(tmpdir(), "parkbot-stop-"));
    const env = { DATA_DIR: dataDir, SHUTDOWN_GRACE_MS: "300" };
    const first = await startBot({ apiRoot: emulator.apiRoot, env });
    bots.push(first);
    emulator.delay("sendMessage", 5000);
    const users = [101, 102, 103, 104, 105].map((id) => ({ userId: id, chatId: id }));
    const asked = await Promise.all(
      users.map((u) => emulator?.send(u, "衡阳高新区规划面积有多大?") as Promise<number>),
    );
    await waitUntil("every question is fetched", () => asked.every((id) => emulator?.fetched(id)), 8000);
    await waitUntil(
      "the answers are being sent",
      () => (emulator?.requested.filter((m) => m === "sendMessage").length ?? 0) >= 5,
      8000,
    );
    const exit = await first.stop(8000);
    expect(exit.code).toBe(0);
    expect(first.lines().find((l) => l.startsWith("warn 5 update(s) unfinished"))).toBeDefined();
    const saved = JSON.parse(await readFile(join(dataDir, "unfinished-updates.json"), "utf8"));
    expect(saved).toHaveLength(5);

    emulator.delay("sendMessage", 0);
    const second = await startBot({ apiRoot: emulator.apiRoot, env });
    bots.push(second);
    for (const user of users) {
      const [answer] = await emulator.waitForSent(user.chatId, 0, 1, 8000);
      expect(answer?.text).toContain("170.57");
    }
    expect(second.lines().some((l) => l.includes("handling 5 update(s) left unfinished"))).toBe(true);
    await second.stop(3000);
    await rm(dataDir, { recursive: true, force: true });
  }, 40_000);

  it("refuses to start, in one line, when DATA_DIR cannot be written", async () => {
    emulator = await startEmulator();
    const file = join(await mkdtemp(join(tmpdir(), "parkbot-ro-")), "not-a-folder");
    await writeFile(file, "x");
    const bot = await spawnBot({ apiRoot: emulator.apiRoot, env: { DATA_DIR: join(file, "data") } });
    bots.push(bot);
    expect((await bot.exited).code).toBe(1);
    expect(bot.lines().filter((l) => l.startsWith("parkbot: "))).toEqual([
      expect.stringMatching(/^parkbot: DATA_DIR .* is not writable \(ENOTDIR\)/),
    ]);
  }, 20_000);
});
