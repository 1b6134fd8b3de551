import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BotProcess,
  EMULATOR_BOT,
  type Emulator,
  startBot,
  startEmulator,
  TEST_TOKEN,
  type UserOptions,
  waitUntil,
} from "../helpers/telegram-emulator.js";

/**
 * The real bot process (`node dist/cli/main.js start`, long polling with the grammY runner) against a Bot API
 * emulator over HTTP. What each handler sends is tested in tests/bot/handlers.test.ts; these tests prove the
 * built process starts, talks the Bot API, survives the methods the emulator lacks, and stops cleanly.
 * One emulator and one bot process per describe block.
 */

const AREA_SENTENCE = "高新区位于衡阳市城区的西南部,规划面积170.57平方公里。";
const ZONE = JSON.parse(readFileSync(new URL("../../lexicon/zone.json", import.meta.url), "utf8")) as {
  canonical: string;
};
/** The example questions as the bot shows them: `{zone}` is the zone's name. */
const EXAMPLES = {
  zh: (
    JSON.parse(readFileSync(new URL("../../lexicon/examples.json", import.meta.url), "utf8")) as {
      zh: string[];
    }
  ).zh.map((q) => q.replaceAll("{zone}", ZONE.canonical)),
};
const TOKEN_SECRET = TEST_TOKEN.split(":")[1] as string;
/** How long "no reply" is waited for. */
const SILENCE_MS = 1500;

const alice: UserOptions = { userId: 101, chatId: 101 };
const group: UserOptions = { userId: 102, chatId: -1001, type: "group", chatTitle: "园区群" };
const errorLines = (lines: string[]) => lines.filter((line) => /^(error|warn) /.test(line));

describe("polling bot on the emulator", () => {
  let emulator: Emulator;
  let bot: BotProcess;

  beforeAll(async () => {
    emulator = await startEmulator();
    bot = await startBot({ apiRoot: emulator.apiRoot });
  }, 20_000);
  afterAll(async () => {
    await bot?.stop(2000);
    await emulator?.stop();
  });

  it("starts with getMe through the emulator and says polling, the knowledge base size and offline", async () => {
    expect(bot.username).toBe(EMULATOR_BOT.username);
    expect(bot.startLine).toMatch(
      /^info parkbot @TestNameBot running: polling; [1-9]\d* articles, [1-9]\d* sentences; answers offline$/,
    );
    expect(emulator.calls[0]).toMatchObject({ method: "getMe", status: 200 });
    // Polling starts only after any webhook is removed.
    expect(emulator.calls.find((c) => c.method === "deleteWebhook")?.status).toBe(200);
    const { requested } = emulator;
    await waitUntil("the bot polls", () => requested.includes("getUpdates"));
    expect(requested.indexOf("deleteWebhook")).toBeLessThan(requested.indexOf("getUpdates"));
    // The command menu is optional: the emulator lacks setMyCommands (HTTP 500) and the bot runs anyway.
    await waitUntil("setMyCommands was tried", () =>
      emulator.calls.some((c) => c.method === "setMyCommands"),
    );
    expect(emulator.calls.find((c) => c.method === "setMyCommands")?.status).toBe(500);
  });

  it("/start gets the welcome with the three example questions as buttons", async () => {
    const asked = await emulator.send(alice, "/start", {
      entities: [{ type: "bot_command", offset: 0, length: 6 }],
    });
    const [welcome] = await emulator.waitForSent(alice.chatId, asked);
    expect(welcome?.text).toContain("衡阳高新区问答助手");
    expect(welcome?.parse_mode).toBe("HTML");
    const buttons = welcome?.reply_markup?.inline_keyboard?.flat() ?? [];
    expect(buttons.map((b) => b.text)).toEqual(EXAMPLES.zh);
    expect(buttons.map((b) => b.callback_data)).toEqual(["ex:0", "ex:1", "ex:2"]);
  });

  it("answers a question with the cited sentence, as HTML, replying to it — though sendChatAction fails", async () => {
    const asked = await emulator.send(alice, "衡阳高新区规划面积有多大?");
    const [answer] = await emulator.waitForSent(alice.chatId, asked);
    expect(answer?.text).toContain("170.57");
    expect(answer?.text).toContain(AREA_SENTENCE);
    expect(answer?.parse_mode).toBe("HTML");
    expect(answer?.reply_parameters?.message_id).toBe(asked);
    // "typing" was asked for and refused by the emulator; the answer came all the same.
    const typing = emulator.calls.filter((c) => c.method === "sendChatAction");
    expect(typing.length).toBeGreaterThan(0);
    expect(typing[0]).toMatchObject({ status: 500, payload: { chat_id: alice.chatId, action: "typing" } });
  });

  it("refuses politely what the knowledge base does not say", async () => {
    const asked = await emulator.send(alice, "衡阳高新区的GDP是多少?");
    const [refusal] = await emulator.waitForSent(alice.chatId, asked);
    expect(refusal?.text).toMatch(/^抱歉/);
    expect(refusal?.reply_parameters?.message_id).toBe(asked);
  });

  it("answers HTML-hostile input without sending raw markup back, and without logging an error", async () => {
    const logged = bot.lines().length;
    const asked = await emulator.send(alice, "<b>高新区</b> & <script>多大</script>?");
    const [answer] = await emulator.waitForSent(alice.chatId, asked);
    expect(answer?.text).toContain("170.57");
    expect(answer?.text).not.toContain("<script>");
    expect(answer?.text).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#\d+;)/);
    // Anything the bot sent for this question, not only the first message.
    for (const message of emulator.sent(alice.chatId).filter((m) => m.messageId > asked)) {
      expect(message.text).not.toContain("<script>");
    }
    expect(errorLines(bot.lines().slice(logged))).toEqual([]);
  });

  it("stays silent on group chatter and answers when mentioned (mention entity passed through)", async () => {
    const chatter = await emulator.send(group, "今天天气不错,中午吃什么?");
    await waitUntil("the bot fetched the chatter", () => emulator.fetched(chatter));
    await new Promise((r) => setTimeout(r, SILENCE_MS));
    expect(emulator.sent(group.chatId).filter((m) => m.messageId > chatter)).toEqual([]);

    const mention = `@${bot.username}`;
    const asked = await emulator.send(group, `${mention} 离南岳机场多远?`, {
      entities: [{ type: "mention", offset: 0, length: mention.length }],
    });
    const [answer] = await emulator.waitForSent(group.chatId, asked);
    expect(answer?.text).toContain("20公里");
    expect(answer?.reply_parameters?.message_id).toBe(asked);
    expect(emulator.sent(group.chatId).filter((m) => m.reply_parameters?.message_id === chatter)).toEqual([]);
  });

  it("answers /ask@<bot> in a group", async () => {
    const command = `/ask@${bot.username}`;
    const asked = await emulator.send(group, `${command} 衡阳高新区规划面积有多大?`, {
      entities: [{ type: "bot_command", offset: 0, length: command.length }],
    });
    const [answer] = await emulator.waitForSent(group.chatId, asked);
    expect(answer?.text).toContain("170.57");
    expect(answer?.reply_parameters?.message_id).toBe(asked);
  });

  it("stops on SIGTERM: exit code 0 within a few seconds, 'stopped' logged, no error, token never printed", async () => {
    const { code, signal, ms } = await bot.stop();
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(ms).toBeLessThan(6000);
    expect(bot.lines()).toContain("info SIGTERM: stopping");
    expect(bot.lines().at(-1)).toBe("info stopped");
    expect(errorLines(bot.lines())).toEqual([]);
    for (const output of [bot.stderr(), bot.stdout()]) {
      expect(output).not.toContain(TEST_TOKEN);
      expect(output).not.toContain(TOKEN_SECRET);
    }
  });
});

describe("polling bot with RATE_LIMIT_PER_MINUTE=2 and LOG_LEVEL=debug", () => {
  let emulator: Emulator;
  let bot: BotProcess;

  beforeAll(async () => {
    emulator = await startEmulator();
    bot = await startBot({
      apiRoot: emulator.apiRoot,
      env: { RATE_LIMIT_PER_MINUTE: "2", LOG_LEVEL: "debug" },
    });
  }, 20_000);
  afterAll(async () => {
    await bot?.stop(2000);
    await emulator?.stop();
  });

  it("answers two questions a minute per user, then asks the third to wait", async () => {
    const bob: UserOptions = { userId: 201, chatId: 201 };
    for (const question of ["衡阳高新区规划面积有多大?", "高新区离南岳机场多远?"]) {
      const asked = await emulator.send(bob, question);
      const [answer] = await emulator.waitForSent(bob.chatId, asked);
      expect(answer?.text).not.toContain("秒后再问");
    }
    const asked = await emulator.send(bob, "衡阳高新区是什么时候成立的?");
    const [limited] = await emulator.waitForSent(bob.chatId, asked);
    const seconds = Number(/请 (\d+) 秒后再问/.exec(limited?.text ?? "")?.[1]);
    expect(limited?.text).toMatch(/请 \d+ 秒后再问/);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(limited?.reply_parameters?.message_id).toBe(asked);

    // The limit is per user: someone else is still answered.
    const carol: UserOptions = { userId: 202, chatId: 202 };
    const other = await emulator.send(carol, "衡阳高新区规划面积有多大?");
    const [answer] = await emulator.waitForSent(carol.chatId, other);
    expect(answer?.text).toContain("170.57");
  });

  it("logs the failed optional calls at debug level, never with the token, and stops cleanly", async () => {
    await bot.waitForLine(/^debug command menu not registered: /);
    await bot.waitForLine(/^debug typing action failed: /);
    const { code, ms } = await bot.stop();
    expect(code).toBe(0);
    expect(ms).toBeLessThan(6000);
    expect(bot.lines().at(-1)).toBe("info stopped");
    expect(errorLines(bot.lines())).toEqual([]);
    for (const output of [bot.stderr(), bot.stdout()]) {
      expect(output).not.toContain(TEST_TOKEN);
      expect(output).not.toContain(TOKEN_SECRET);
    }
  });
});

/** start.ts promises that on SIGINT/SIGTERM answers in progress get a few seconds to finish; in polling mode too. */
describe("polling bot stopped while answering", () => {
  let emulator: Emulator;
  let bot: BotProcess;

  beforeAll(async () => {
    emulator = await startEmulator();
    bot = await startBot({ apiRoot: emulator.apiRoot });
  }, 20_000);
  afterAll(async () => {
    await bot?.stop(2000);
    await emulator?.stop();
  });

  it("on SIGTERM finishes the answer in progress before exiting", async () => {
    const dana: UserOptions = { userId: 301, chatId: 301 };
    emulator.delay("sendMessage", 1000);
    const asked = await emulator.send(dana, "衡阳高新区规划面积有多大?");
    await waitUntil("the answer is being sent", () => emulator.requested.includes("sendMessage"));
    const { code } = await bot.stop();
    expect(code).toBe(0);
    expect(emulator.sent(dana.chatId).filter((m) => m.messageId > asked)).toHaveLength(1);
  });
});
