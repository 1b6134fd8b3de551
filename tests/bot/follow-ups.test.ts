import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
});
