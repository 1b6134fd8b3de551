import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BotProcess,
  type Emulator,
  freePort,
  startBot,
  startEmulator,
  TEST_TOKEN,
  waitUntil,
} from "../helpers/telegram-emulator.js";

/**
 * The real bot process in webhook mode: it registers its webhook with the emulator (which only records it) and
 * serves updates on WEBHOOK_PORT. The tests post Telegram updates to it themselves, as Telegram would, and read
 * what the bot sent from the emulator.
 */

const HOOK_URL = "https://example.test/tg-hook";
const SECRET = "e2e-webhook_Secret-42";
/** sendMessage is held this long by the emulator, so answering takes longer than the webhook call may. */
const SLOW_SEND_MS = 1500;

let nextUpdate = 1;
let nextMessage = 1;
function questionUpdate(chatId: number, text: string) {
  const message_id = nextMessage++;
  return {
    message_id,
    update: {
      update_id: nextUpdate++,
      message: {
        message_id,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: "private", first_name: "Dana" },
        from: { id: chatId, is_bot: false, first_name: "Dana", language_code: "zh-hans" },
        text,
      },
    },
  };
}

describe("webhook bot on the emulator", () => {
  let emulator: Emulator;
  let bot: BotProcess;
  let hookPort: number;
  let hook: string;

  const post = async (body: unknown, headers: Record<string, string> = {}, path = "/tg-hook") => {
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${hookPort}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started };
  };

  beforeAll(async () => {
    emulator = await startEmulator();
    hookPort = await freePort();
    hook = `http://127.0.0.1:${hookPort}/tg-hook`;
    bot = await startBot({
      apiRoot: emulator.apiRoot,
      env: { WEBHOOK_URL: HOOK_URL, WEBHOOK_SECRET: SECRET, WEBHOOK_PORT: String(hookPort) },
    });
  }, 20_000);
  afterAll(async () => {
    await bot?.stop(2000);
    await emulator?.stop();
  });

  it("registers its webhook (URL, secret, update kinds) and does not poll", async () => {
    expect(bot.startLine).toMatch(
      new RegExp(`^info parkbot @TestNameBot running: webhook on port ${hookPort}; .* answers offline$`),
    );
    expect(emulator.webhook()).toMatchObject({
      url: HOOK_URL,
      secret_token: SECRET,
      allowed_updates: expect.arrayContaining(["message", "callback_query"]),
    });
    expect(emulator.calls.find((c) => c.method === "setWebhook")?.status).toBe(200);
    expect(emulator.requested).not.toContain("getUpdates");
    expect(emulator.requested).not.toContain("deleteWebhook");
  });

  it("rejects updates with a wrong or missing secret (401) and answers none of them", async () => {
    const chatId = 301;
    const wrong = await post(questionUpdate(chatId, "衡阳高新区规划面积有多大?").update, {
      "X-Telegram-Bot-Api-Secret-Token": "not-the-secret",
    });
    const missing = await post(questionUpdate(chatId, "衡阳高新区规划面积有多大?").update);
    expect([wrong.status, missing.status]).toEqual([401, 401]);
    await new Promise((r) => setTimeout(r, 500));
    expect(emulator.sent(chatId)).toEqual([]);
    expect(emulator.requested).not.toContain("sendMessage");
    expect(emulator.requested).not.toContain("sendChatAction");
  });

  it("404s a GET and any other path", async () => {
    const get = await fetch(hook);
    await get.arrayBuffer();
    expect(get.status).toBe(404);
    const { status } = await post(
      questionUpdate(302, "衡阳高新区规划面积有多大?").update,
      {
        "X-Telegram-Bot-Api-Secret-Token": SECRET,
      },
      "/other",
    );
    expect(status).toBe(404);
    await new Promise((r) => setTimeout(r, 300));
    expect(emulator.sent(302)).toEqual([]);
  });

  it("acknowledges a question at once (200) and sends the answer afterwards", async () => {
    const chatId = 303;
    emulator.delay("sendMessage", SLOW_SEND_MS);
    try {
      const { update, message_id } = questionUpdate(chatId, "衡阳高新区规划面积有多大?");
      const { status, ms } = await post(update, { "X-Telegram-Bot-Api-Secret-Token": SECRET });
      expect(status).toBe(200);
      // Not held while the answer is written and sent (that takes SLOW_SEND_MS here).
      expect(ms).toBeLessThan(500);
      expect(emulator.sent(chatId)).toEqual([]);
      const [answer] = await emulator.waitForSent(chatId, 0, 1, SLOW_SEND_MS + 3000);
      expect(answer?.text).toContain("170.57");
      expect(answer?.parse_mode).toBe("HTML");
      expect(answer?.reply_parameters?.message_id).toBe(message_id);
    } finally {
      emulator.delay("sendMessage", 0);
    }
  });

  it("on SIGTERM finishes the answer in progress, then exits 0; secrets never printed", async () => {
    const chatId = 304;
    emulator.delay("sendMessage", SLOW_SEND_MS);
    const { update } = questionUpdate(chatId, "高新区离南岳机场多远?");
    const sends = emulator.requested.filter((m) => m === "sendMessage").length;
    expect((await post(update, { "X-Telegram-Bot-Api-Secret-Token": SECRET })).status).toBe(200);
    await waitUntil(
      "the answer is being sent",
      () => emulator.requested.filter((m) => m === "sendMessage").length > sends,
    );

    const { code, signal, ms } = await bot.stop();
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(ms).toBeLessThan(6000);
    expect(
      emulator
        .sent(chatId)
        .map((m) => m.text)
        .join("\n"),
    ).toContain("20公里");
    expect(bot.lines().at(-1)).toBe("info stopped");
    expect(bot.lines().filter((line) => /^(error|warn) /.test(line))).toEqual([]);
    for (const output of [bot.stderr(), bot.stdout()]) {
      expect(output).not.toContain(TEST_TOKEN);
      expect(output).not.toContain(SECRET);
    }
    // The port is released.
    await expect(fetch(hook, { method: "POST" })).rejects.toThrow();
  });
});
