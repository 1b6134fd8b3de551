import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { freePort, type SpawnedBot, spawnBot, TEST_TOKEN } from "../helpers/telegram-emulator.js";

/** The bot process when the Bot API will not have it: it must say so and exit, not hang. */

const TOKEN_SECRET = TEST_TOKEN.split(":")[1] as string;

let bot: SpawnedBot | undefined;
let api: Server | undefined;
afterEach(async () => {
  await bot?.stop(1000);
  bot = undefined;
  await new Promise<void>((resolve) => (api ? api.close(() => resolve()) : resolve()));
  api?.closeAllConnections();
  api = undefined;
});

/** Resolves with the exit, or with "still running" after `ms`. */
const exitWithin = (spawned: SpawnedBot, ms: number) =>
  Promise.race([
    spawned.exited,
    new Promise<"still running">((r) => setTimeout(() => r("still running"), ms)),
  ]);

describe("start-up against a Bot API that will not have the bot", () => {
  it("exits 1 with one line when the token is rejected (getMe 401), without printing the token", async () => {
    api = createServer((_req, res) => {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: false, error_code: 401, description: "Unauthorized" }));
    });
    await new Promise<void>((resolve) => api?.listen(0, "127.0.0.1", resolve));
    const { port } = api.address() as { port: number };
    bot = await spawnBot({ apiRoot: `http://127.0.0.1:${port}` });

    expect(await exitWithin(bot, 8000)).toEqual({ code: 1, signal: null });
    const errors = bot.lines().filter((line) => line.startsWith("parkbot: "));
    expect(errors).toEqual([
      expect.stringMatching(/^parkbot: Telegram did not accept the bot token \(getMe failed: .*401.*\)$/),
    ]);
    expect(bot.stderr()).not.toMatch(/^\s+at /m);
    for (const output of [bot.stderr(), bot.stdout()]) {
      expect(output).not.toContain(TEST_TOKEN);
      expect(output).not.toContain(TOKEN_SECRET);
    }
  }, 10_000);

  /** A typo in TELEGRAM_API_ROOT, or no network: one getMe, then a clear error — never a silent hang. */
  it("exits with an error when the Bot API cannot be reached", async () => {
    const port = await freePort(); // nothing listens there
    bot = await spawnBot({ apiRoot: `http://127.0.0.1:${port}`, env: { LOG_LEVEL: "debug" } });
    const exit = await exitWithin(bot, 6000);
    expect(exit).not.toBe("still running");
    expect(bot.stderr()).toContain("getMe");
  }, 10_000);
});
