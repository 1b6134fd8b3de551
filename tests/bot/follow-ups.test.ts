import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Answer } from "../../src/answer/schema.js";
import { Conversations } from "../../src/bot/answer-flow.js";
import { OfflineSummarizer } from "../../src/digest/offline-summary.js";
import type { Parkbot } from "../../src/parkbot.js";
import { botHarness } from "../helpers/bot-harness.js";
import { openZoneKb, type ZoneKb } from "../helpers/zone-kb.js";

/** Follow-up questions in Telegram chats, over the many-article fixture (synthetic, fictional parks). */
let kb: ZoneKb;
let parkbot: Parkbot;
beforeAll(async () => {
  kb = await openZoneKb();
  const { offline } = kb;
  parkbot = {
    articles: offline.articles,
    offline,
    answerer: offline,
    summarizer: new OfflineSummarizer(() => offline.articles),
  };
});
afterAll(() => kb.cleanup());

describe("follow-ups in a chat", () => {
  it("answers 'and how far is it from the airport?' about the park the chat was about, chat by chat", async () => {
    const h = await botHarness(parkbot);
    await h.privateText("样本经开区规划面积多大？", { userId: 7 });
    await h.privateText("那它离机场多远?", { userId: 7 });
    await h.privateText("那它离机场多远?", { userId: 8 });
    const [, followUp, otherChat] = h.sent();
    expect(followUp?.chat_id).toBe(7);
    expect(followUp?.text).toContain("18公里");
    // Another chat never asked about 样本经开区: its follow-up is about the zone.
    expect(otherChat?.chat_id).toBe(8);
    expect(otherChat?.text).not.toContain("18公里");
  });
});

describe("follow-ups in a group, where members are answered concurrently", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("a member's follow-up is about their own previous question, not the last one asked in the group", async () => {
    // Answers take 3 s (virtual): the three questions are under way at once, and the follow-up must still wait
    // for its asker's first answer — and take that answer's subject, not the other member's.
    const slow: Parkbot = {
      ...parkbot,
      answerer: {
        answer: async (question, options) => {
          await new Promise((resolve) => setTimeout(resolve, 3000));
          return parkbot.offline.answer(question, options);
        },
      },
    };
    const h = await botHarness(slow);
    vi.useFakeTimers();
    const asked = [
      h.groupText("样本经开区规划面积多大？", { userId: 21, replyToBot: true }),
      h.groupText("演示工业园规划面积多大？", { userId: 22, replyToBot: true }),
      h.groupText("那它离机场多远?", { userId: 21, replyToBot: true }),
    ];
    await vi.runAllTimersAsync();
    await Promise.all(asked);
    const replies = h.sent();
    const to = (message: number) =>
      replies.find((m) => (m.reply_parameters as { message_id: number }).message_id === message);
    expect(replies).toHaveLength(3);
    expect(to(1)?.text).toContain("38.6");
    expect(to(2)?.text).toContain("6.2");
    expect(to(3)?.text).toContain("18公里");
    // Sent in the order asked.
    expect(replies.map((m) => (m.reply_parameters as { message_id: number }).message_id)).toEqual([1, 2, 3]);
  });
});

describe("Conversations", () => {
  const exchange = (question: string) => ({ previous: { question, answer: {} as Answer } });

  it("forgets an exchange older than its age limit", () => {
    let now = 0;
    const c = new Conversations(10, 1000, () => now);
    c.remember(1, exchange("a"));
    now = 999;
    expect(c.get(1)?.previous?.question).toBe("a");
    now = 1001;
    expect(c.get(1)).toBeUndefined();
  });

  it("keeps at most its number of chats, forgetting the least recently used", () => {
    const c = new Conversations(2, 60_000, () => 0);
    c.remember(1, exchange("a"));
    c.remember(2, exchange("b"));
    c.remember(1, exchange("a2"));
    c.remember(3, exchange("c"));
    expect(c.get(2)).toBeUndefined();
    expect(c.get(1)?.previous?.question).toBe("a2");
    expect(c.get(3)?.previous?.question).toBe("c");
  });

  it("keeps members of one group apart when keyed by asker", () => {
    const c = new Conversations(10, 60_000, () => 0);
    c.remember("chat -1 user 1", exchange("a"));
    c.remember("chat -1 user 2", exchange("b"));
    expect(c.get("chat -1 user 1")?.previous?.question).toBe("a");
    expect(c.get("chat -1 user 2")?.previous?.question).toBe("b");
  });
});
