import { mkdir, readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { CircuitBreaker } from "../../src/answer/online/breaker.js";
import { OnlineAnswerer } from "../../src/answer/online/online-answerer.js";
import { loadAnswerPrompts } from "../../src/answer/online/prompts.js";
import { CachedSummarizer } from "../../src/digest/cached-summary.js";
import { OfflineSummarizer } from "../../src/digest/offline-summary.js";
import { silentLogger } from "../../src/log.js";
import type { Parkbot } from "../../src/parkbot.js";
import { botHarness } from "../helpers/bot-harness.js";
import { handleOf, replyingModel } from "../helpers/mock-model.js";
import { realAnswerer } from "../helpers/real-kb.js";

let parkbot: Parkbot;
beforeAll(async () => {
  const offline = await realAnswerer();
  const summarizer = new OfflineSummarizer(() => offline.articles);
  parkbot = { articles: offline.articles, offline, answerer: offline, summarizer };
});
const SEED_AREA = "b860dba5ce0ec7a0#p1s3";

type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };

describe("private chats", () => {
  it("/start welcomes in Chinese with three example questions as buttons", async () => {
    const h = await botHarness(parkbot);
    await h.privateText("/start", { entities: [{ type: "bot_command", offset: 0, length: 6 }] });
    const [msg] = h.sent();
    expect(msg).toMatchObject({ chat_id: 7, parse_mode: "HTML" });
    expect(msg?.text).toContain("衡阳高新区问答助手");
    const buttons = (msg?.reply_markup as Keyboard | undefined)?.inline_keyboard.flat() ?? [];
    expect(buttons.map((b) => b.text)).toEqual(parkbot.offline.lexicon.examples.zh);
    expect(buttons.map((b) => b.callback_data)).toEqual(["ex:0", "ex:1", "ex:2"]);
  });

  it("/start speaks English to users whose language is English", async () => {
    const h = await botHarness(parkbot);
    await h.privateText("/start", {
      lang: "en-GB",
      entities: [{ type: "bot_command", offset: 0, length: 6 }],
    });
    expect(h.sent()[0]?.text).toMatch(/^Hello!/);
  });

  it("answers a question with the cited sentence, replying to it, with source and feedback buttons", async () => {
    const h = await botHarness(parkbot);
    await h.privateText("衡阳高新区规划面积有多大?");
    expect(h.sent("sendChatAction")).toEqual([{ chat_id: 7, action: "typing" }]);
    const [msg] = h.sent();
    expect(msg).toMatchObject({
      chat_id: 7,
      parse_mode: "HTML",
      reply_parameters: { message_id: expect.any(Number), allow_sending_without_reply: true },
    });
    expect(msg?.text).toContain("规划面积170.57平方公里。[1]");
    expect(msg?.text).toContain(
      "<blockquote>高新区位于衡阳市城区的西南部,规划面积170.57平方公里。</blockquote>",
    );
    expect(msg?.text).toContain('<a href="http://www.achie.org/news/gt/202007259845.html">');
    const buttons = (msg?.reply_markup as Keyboard | undefined)?.inline_keyboard.flat() ?? [];
    expect(buttons).toEqual([
      { text: "原文 [1]", callback_data: `src:${SEED_AREA}` },
      { text: "👍", callback_data: "fb:up" },
      { text: "👎", callback_data: "fb:down" },
    ]);
  });

  it("refuses politely, without buttons, when the knowledge base does not say", async () => {
    const h = await botHarness(parkbot);
    await h.privateText("衡阳高新区的GDP是多少?");
    const [msg] = h.sent();
    expect(msg?.text).toMatch(/^抱歉，知识库里没有/);
    expect(msg?.reply_markup).toBeUndefined();
  });

  it("escapes HTML from users and answers the question inside it", async () => {
    const h = await botHarness(parkbot);
    await h.privateText("<b>高新区</b> & <script>多大</script>?");
    const text = String(h.sent()[0]?.text);
    expect(text).toContain("170.57");
    expect(text).not.toContain("<script>");
    expect(text).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
  });

  it("gives a one-line hint for stickers and ignores edited messages", async () => {
    const h = await botHarness(parkbot);
    await h.sticker();
    expect(h.sent()).toEqual([
      { chat_id: 7, text: "我只能读文字问题，请用文字提问，例如：衡阳高新区规划面积有多大?" },
    ]);
    h.clear();
    await h.edited("衡阳高新区规划面积有多大?");
    expect(h.calls).toEqual([]);
  });

  it("refuses questions over the length limit politely", async () => {
    const h = await botHarness(parkbot, { env: { MAX_QUESTION_CHARS: "50" } });
    await h.privateText("衡阳高新区".repeat(20));
    expect(h.sent()[0]?.text).toBe("问题太长了（100 字）。请把问题控制在 50 字以内，一次问一件事。");
  });

  it("rate-limits each user with a friendly message", async () => {
    let clock = 0;
    const h = await botHarness(parkbot, { env: { RATE_LIMIT_PER_MINUTE: "2" }, now: () => clock });
    await h.privateText("衡阳高新区规划面积有多大?");
    await h.privateText("衡阳高新区规划面积有多大?");
    h.clear();
    clock = 30_000;
    await h.privateText("衡阳高新区规划面积有多大?");
    expect(h.sent()[0]?.text).toBe("提问有点快了，请 30 秒后再问。");
    await h.privateText("离南岳机场多远?", { userId: 9 }); // another user is not limited
    expect(h.sent()[1]?.text).toContain("20公里");
    clock = 61_000;
    h.clear();
    await h.privateText("衡阳高新区规划面积有多大?");
    expect(h.sent()[0]?.text).toContain("170.57");
  });

  it("still answers when optional calls (typing) fail", async () => {
    const h = await botHarness(parkbot, { failing: ["sendChatAction", "setMyCommands"] });
    await h.privateText("衡阳高新区规划面积有多大?");
    expect(h.sent()[0]?.text).toContain("170.57");
  });

  it("refuses chats and users outside the allow lists", async () => {
    const h = await botHarness(parkbot, { env: { ALLOWED_USER_IDS: "1,2" } });
    await h.privateText("衡阳高新区规划面积有多大?");
    expect(h.sent()).toEqual([{ chat_id: 7, text: "抱歉，这个机器人只对指定的群组和用户开放。" }]);
    const ok = await botHarness(parkbot, { env: { ALLOWED_USER_IDS: "7" } });
    await ok.privateText("衡阳高新区规划面积有多大?");
    expect(ok.sent()[0]?.text).toContain("170.57");
  });

  it("lets an admin in without also listing them in ALLOWED_USER_IDS", async () => {
    const h = await botHarness(parkbot, { env: { ALLOWED_USER_IDS: "1", ADMIN_USER_IDS: "7" } });
    await h.privateText("衡阳高新区规划面积有多大?");
    expect(h.sent()[0]?.text).toContain("170.57");
  });
});

describe("groups", () => {
  it("stays silent on chatter", async () => {
    const h = await botHarness(parkbot);
    await h.groupText("今天中午吃什么? 衡阳高新区规划面积有多大?");
    expect(h.calls).toEqual([]);
  });

  it("answers a mention, replying to the asking message", async () => {
    const h = await botHarness(parkbot);
    await h.groupText("@ParkTestBot 衡阳高新区规划面积有多大?", {
      entities: [{ type: "mention", offset: 0, length: 12 }],
    });
    const [msg] = h.sent();
    expect(msg).toMatchObject({ chat_id: -100123, reply_parameters: { message_id: expect.any(Number) } });
    expect(msg?.text).toContain("170.57");
  });

  it("answers /ask@BotName and replies to the bot's own messages", async () => {
    const h = await botHarness(parkbot);
    await h.groupText("/ask@ParkTestBot 离南岳机场多远?", {
      entities: [{ type: "bot_command", offset: 0, length: 16 }],
    });
    expect(h.sent()[0]?.text).toContain("南岳机场20公里");
    h.clear();
    await h.groupText("那离火车站呢?多远", { replyToBot: true });
    expect(h.sent()[0]?.text).toContain("8公里");
  });

  it("/ask with no question explains how to ask", async () => {
    const h = await botHarness(parkbot);
    await h.groupText("/ask", { entities: [{ type: "bot_command", offset: 0, length: 4 }] });
    expect(h.sent()[0]?.text).toContain("/ask 衡阳高新区规划面积有多大?");
  });
});

describe("buttons", () => {
  it("原文 shows the whole paragraph with the cited sentence in bold", async () => {
    const h = await botHarness(parkbot);
    await h.callback(`src:${SEED_AREA}`);
    expect(h.sent("answerCallbackQuery")).toHaveLength(1);
    const text = String(h.sent()[0]?.text);
    expect(text).toContain("<b>高新区位于衡阳市城区的西南部,规划面积170.57平方公里。</b>");
    expect(text).toContain("衡阳高新区于1992年经省人民政府批准成立");
  });

  /** The answer the harness sent last to chat 7, as the message a 👍 press carries. */
  const answerMessage = (h: Awaited<ReturnType<typeof botHarness>>, userId = 7) => {
    const sendCalls = h.calls.filter((c) => c.method === "sendMessage");
    const index = h.calls.indexOf(sendCalls.at(-1) as (typeof h.calls)[number]);
    const payload = h.calls[index]?.payload as { reply_markup?: unknown; text?: string };
    // The harness numbers sent messages from 1000 in order.
    return {
      message_id: 1000 + sendCalls.length - 1,
      reply_markup: payload.reply_markup,
      text: payload.text,
      reply_to_message: {
        message_id: 1,
        date: 0,
        chat: { id: 7, type: "private" },
        from: { id: userId, is_bot: false, first_name: "Ann" },
        text: "衡阳高新区规划面积有多大?",
      },
    };
  };
  const feedbackLines = async (file: string) =>
    (await readFile(file, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));

  it("👍 files the question, cited ids and the answer's own mode — nothing else", async () => {
    const h = await botHarness(parkbot);
    await h.privateText("衡阳高新区规划面积有多大?");
    await h.callback("fb:up", answerMessage(h));
    expect(h.sent("answerCallbackQuery")[0]).toMatchObject({ text: "谢谢反馈！" });
    expect(await feedbackLines(h.feedbackFile)).toEqual([
      {
        at: expect.any(String),
        vote: "up",
        answer: "7:1000",
        voter: expect.stringMatching(/^[0-9a-f]{12}$/),
        question: "衡阳高新区规划面积有多大?",
        citations: [SEED_AREA],
        mode: "offline",
        chatType: "private",
      },
    ]);
  });

  it("keeps one vote per user and answer: 50 presses are one line, a change replaces it", async () => {
    const h = await botHarness(parkbot);
    await h.privateText("衡阳高新区规划面积有多大?");
    const message = answerMessage(h);
    for (let i = 0; i < 50; i++) await h.callback("fb:up", message);
    expect(await feedbackLines(h.feedbackFile)).toHaveLength(1);
    await h.callback("fb:down", message);
    const lines = await feedbackLines(h.feedbackFile);
    expect(lines.map((l) => l.vote)).toEqual(["down"]);
    expect(h.sent("answerCallbackQuery")).toHaveLength(51);
  });

  it("a forged press cannot set the mode or store a huge question", async () => {
    const h = await botHarness(parkbot);
    const huge = "问".repeat(1_000_000);
    await h.callback("fb:up:online", {
      message_id: 4242,
      reply_markup: { inline_keyboard: [[{ text: "x", callback_data: `src:${"y".repeat(5000)}` }]] },
      reply_to_message: {
        message_id: 1,
        date: 0,
        chat: { id: 7, type: "private" },
        from: { id: 7, is_bot: false, first_name: "Ann" },
        text: huge,
      },
    });
    const [line] = await feedbackLines(h.feedbackFile);
    expect(line.mode).toBe("unknown");
    expect(line.question.length).toBeLessThanOrEqual(500);
    expect(JSON.stringify(line).length).toBeLessThan(2000);
  });

  it("does not store someone else's question from a group", async () => {
    const h = await botHarness(parkbot);
    await h.callback("fb:down", {
      message_id: 77,
      chat: { id: -100123, type: "supergroup", title: "Park staff" },
      reply_to_message: {
        message_id: 1,
        date: 0,
        chat: { id: -100123, type: "supergroup" },
        from: { id: 99, is_bot: false, first_name: "Bo" },
        text: "Bo 的问题：衡阳高新区规划面积有多大?",
      },
    });
    const [line] = await feedbackLines(h.feedbackFile);
    expect(line).not.toHaveProperty("question");
    expect(line.chatType).toBe("supergroup");
  });

  it("says so, and stops the spinner, when the feedback cannot be saved", async () => {
    const h = await botHarness(parkbot);
    // A directory where the file should be: every write fails, as on a read-only or full disk.
    await mkdir(h.feedbackFile, { recursive: true });
    await h.privateText("衡阳高新区规划面积有多大?");
    await h.callback("fb:up", answerMessage(h));
    expect(h.sent("answerCallbackQuery")).toEqual([
      expect.objectContaining({ text: expect.stringContaining("没能保存") }),
    ]);
  });

  it("原文 on a message Telegram does not include (inline mode) shows the quote in an alert", async () => {
    const h = await botHarness(parkbot);
    await h.bot.handleUpdate({
      update_id: 9999,
      callback_query: {
        id: "cbx",
        from: { id: 7, is_bot: false, first_name: "Ann", language_code: "zh" },
        chat_instance: "ci",
        inline_message_id: "im1",
        data: `src:${SEED_AREA}`,
      },
    } as never);
    expect(h.sent("answerCallbackQuery")).toEqual([
      expect.objectContaining({ show_alert: true, text: expect.stringContaining("170.57") }),
    ]);
    expect(h.sent()).toEqual([]);
  });

  it("an example button asks its question", async () => {
    const h = await botHarness(parkbot);
    await h.callback("ex:0");
    expect(h.sent()[0]?.text).toContain("170.57");
  });
});

describe("inline mode", () => {
  it("offers the answer with its sources as an article result", async () => {
    const h = await botHarness(parkbot);
    await h.inline("衡阳高新区规划面积有多大?");
    const [call] = h.sent("answerInlineQuery");
    const results = call?.results as Array<{
      type: string;
      title: string;
      input_message_content: { message_text: string; parse_mode: string };
    }>;
    expect(results).toHaveLength(1);
    expect(results[0]?.type).toBe("article");
    expect(results[0]?.input_message_content.parse_mode).toBe("HTML");
    expect(results[0]?.input_message_content.message_text).toContain(
      "<blockquote>高新区位于衡阳市城区的西南部",
    );
  });
});

describe("with an LLM: drafts while it writes, then the verified answer", () => {
  async function onlineParkbot(): Promise<Parkbot> {
    const model = replyingModel(
      (d) => `衡阳高新区规划面积为170.57平方公里[${handleOf(d, "规划面积170.57")}]。`,
    );
    const online = new OnlineAnswerer({
      offline: parkbot.offline,
      model,
      prompts: await loadAnswerPrompts(),
      mode: "text",
      timeoutMs: 2000,
      breaker: new CircuitBreaker(3, 60_000),
      log: silentLogger,
    });
    return { ...parkbot, online, answerer: online };
  }

  it("streams drafts in private chats and sends the final message", async () => {
    const h = await botHarness(await onlineParkbot());
    await h.privateText("衡阳高新区规划面积有多大?");
    expect(h.sent("sendMessageDraft").length).toBeGreaterThan(0);
    expect(h.sent()[0]?.text).toContain("衡阳高新区规划面积为170.57平方公里[1]。");
  });

  it("loses nothing when the server has no sendMessageDraft", async () => {
    const h = await botHarness(await onlineParkbot(), { failing: ["sendMessageDraft", "sendChatAction"] });
    await h.privateText("衡阳高新区规划面积有多大?");
    expect(h.sent("sendMessageDraft")).toHaveLength(1); // tried once, then drafts are off
    expect(h.sent()[0]?.text).toContain("170.57平方公里[1]");
  });
});

describe("digests in chats", () => {
  it("/digest sends the newest article's digest with its cited sentences", async () => {
    const h = await botHarness(parkbot);
    await h.privateText("/digest", { entities: [{ type: "bot_command", offset: 0, length: 7 }] });
    const text = h
      .sent()
      .map((m) => String(m.text))
      .join("\n");
    expect(text).toContain('<b><a href="http://www.achie.org/news/gt/202007259845.html">');
    expect(text).toContain("<blockquote expandable>衡阳高新区于1992年经省人民政府批准成立");
    expect(h.sent().every((m) => m.parse_mode === "HTML")).toBe(true);
  });

  it("/summary finds an article by words from its title, and says so when none matches", async () => {
    const h = await botHarness(parkbot);
    await h.privateText("/summary 十四五", { entities: [{ type: "bot_command", offset: 0, length: 8 }] });
    expect(String(h.sent()[0]?.text)).toContain("1.");
    h.clear();
    await h.privateText("/summary 特斯拉工厂", { entities: [{ type: "bot_command", offset: 0, length: 8 }] });
    expect(h.sent()[0]?.text).toBe("没有找到这篇文章。文章列表见 /about。");
  });

  it("/digest_now and /reload are for admins only", async () => {
    let posted = 0;
    const h = await botHarness(parkbot, { env: { ADMIN_USER_IDS: "99" } });
    await h.privateText("/digest_now", { entities: [{ type: "bot_command", offset: 0, length: 11 }] });
    expect(h.sent()[0]?.text).toBe("这个命令只有管理员可以使用。");
    const admin = await botHarness(parkbot, {
      env: { ADMIN_USER_IDS: "7" },
      postDigests: async () => `posted ${++posted}`,
    });
    await admin.privateText("/digest_now", { entities: [{ type: "bot_command", offset: 0, length: 11 }] });
    expect(admin.sent()[0]?.text).toBe("posted 1");
    const reloaded = await botHarness(parkbot, {
      env: { ADMIN_USER_IDS: "7" },
      reload: async () => ({ before: 1, after: 2 }),
    });
    await reloaded.privateText("/reload", { entities: [{ type: "bot_command", offset: 0, length: 7 }] });
    expect(reloaded.sent()[0]?.text).toBe("知识库已重新加载：1 → 2 篇文章。");
  });
});

describe("admin actions always answer", () => {
  const command = (name: string) => ({ entities: [{ type: "bot_command", offset: 0, length: name.length }] });

  it("/reload with a broken knowledge file says it failed, why, and that the old knowledge base stays", async () => {
    const errors: string[] = [];
    const h = await botHarness(parkbot, {
      env: { ADMIN_USER_IDS: "7" },
      log: { ...silentLogger, error: (m) => errors.push(m) },
      reload: async () => {
        throw new Error("knowledge/articles/x.json: not valid JSON (line 3)");
      },
    });
    await h.privateText("/reload", command("/reload"));
    expect(h.sent()[0]?.text).toBe(
      "重新加载失败，继续使用原来的知识库：knowledge/articles/x.json: not valid JSON (line 3)",
    );
    expect(errors).toEqual([expect.stringContaining("x.json")]);
  });

  it("/digest_now that cannot write its state says so, with the token redacted", async () => {
    const h = await botHarness(parkbot, {
      env: { ADMIN_USER_IDS: "7" },
      postDigests: async () => {
        throw new Error("cannot write /data/digest-state.json: read-only file system (bot123456:TEST-token)");
      },
    });
    await h.privateText("/digest_now", command("/digest_now"));
    const text = String(h.sent()[0]?.text);
    expect(text).toMatch(/^没有完成：cannot write \/data\/digest-state.json: read-only file system/);
    expect(text).not.toContain("TEST-token");
  });
});

describe("cost limits", () => {
  const command = (name: string) => ({ entities: [{ type: "bot_command", offset: 0, length: name.length }] });

  it("/digest and /summary have their own rate budget, and each article is summarised once", async () => {
    let calls = 0;
    const summarizer = new CachedSummarizer({
      summarize: async (id) => {
        calls++;
        return parkbot.summarizer.summarize(id);
      },
    });
    const h = await botHarness({ ...parkbot, summarizer });
    for (let i = 0; i < 10; i++) await h.privateText("/digest", command("/digest"));
    expect(calls).toBe(1);
    const limited = h.sent().filter((m) => String(m.text).startsWith("提问有点快了"));
    expect(limited.length).toBe(6); // 4 per minute
    h.clear();
    // …and questions still have their whole budget.
    await h.privateText("衡阳高新区规划面积有多大?");
    expect(h.sent()[0]?.text).toContain("170.57");
  });

  it("inline queries have their own budget: typing one inline question does not lock the user out of chats", async () => {
    const h = await botHarness(parkbot, { env: { RATE_LIMIT_PER_MINUTE: "3" } });
    for (const partial of ["衡", "衡阳", "衡阳高新", "衡阳高新区", "衡阳高新区规划面积"])
      await h.inline(partial);
    await h.privateText("衡阳高新区规划面积有多大?");
    expect(h.sent()[0]?.text).toContain("170.57");
  });
});

describe("resilience", () => {
  it("one failing update is logged in one line (as the runner reports it) and the bot goes on", async () => {
    const errors: string[] = [];
    const h = await botHarness(parkbot, {
      failing: ["sendMessage"],
      log: { ...silentLogger, error: (m) => errors.push(m) },
    });
    // The runner hands a failed update to bot.errorHandler (bot.catch) and carries on with the next one.
    await h.privateText("衡阳高新区规划面积有多大?").catch((error) => h.bot.errorHandler(error));
    expect(errors).toEqual([expect.stringMatching(/^update \d+ failed: .*sendMessage/)]);
    expect(errors[0]).not.toContain("TEST-token");
    h.clear();
    await h.privateText("离南岳机场多远?").catch((error) => h.bot.errorHandler(error));
    expect(h.sent()).toHaveLength(1); // the next update is still handled
  });
});
