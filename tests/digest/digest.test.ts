import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { renderDigest } from "../../src/bot/render.js";
import { balanceCheck } from "../../src/bot/split.js";
import { type DigestItem, DigestItemSchema } from "../../src/digest/digest.js";
import { withDigestLock } from "../../src/digest/lock.js";
import { offlineDigest } from "../../src/digest/offline-summary.js";
import { DigestSummarizer, loadSummaryPrompt } from "../../src/digest/online-summary.js";
import { findArticle, latestArticles, postDigests, unpostedArticles } from "../../src/digest/post.js";
import { progressOf, readState, statePath } from "../../src/digest/state.js";
import type { Article } from "../../src/knowledge/article.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { silentLogger } from "../../src/log.js";
import { loadLexicon } from "../../src/search/lexicon.js";
import { replyingModel } from "../helpers/mock-model.js";

// SYNTHETIC articles about a fictional park (tests/fixtures/articles), plus the real seed for figures.
let fixtures: Article[];
let seed: Article;
beforeAll(async () => {
  fixtures = await loadKnowledge("tests/fixtures/articles");
  [seed] = (await loadKnowledge("knowledge")) as [Article];
});

const tempState = async () => statePath(await mkdtemp(join(tmpdir(), "parkbot-digest-")));
const offlineSummarizer = () => ({
  summarize: async (id: string) => offlineDigest(fixtures.find((a) => a.id === id) as Article),
});

function sender(failFor: number[] = [], crashAfter = Number.POSITIVE_INFINITY) {
  const sent: Array<{ chatId: number; html: string }> = [];
  return {
    sent,
    send: async (chatId: number, html: string) => {
      if (failFor.includes(chatId)) throw new Error("Forbidden: bot was kicked from the channel chat (403)");
      if (sent.length >= crashAfter) throw new Error("crash");
      sent.push({ chatId, html });
    },
  };
}

describe("the offline digest", () => {
  it("keeps the lead, 3–5 points in article order, each citing its verbatim sentence", () => {
    const item = offlineDigest(seed);
    expect(DigestItemSchema.parse(item)).toEqual(item);
    expect(item.points.length).toBeGreaterThanOrEqual(3);
    expect(item.points.length).toBeLessThanOrEqual(5);
    const sentences = new Map(seed.paragraphs.flatMap((p) => p.sentences).map((s) => [s.id, s.text]));
    const ids = item.points.map((p) => p.citations[0]?.id ?? "");
    expect(ids[0]).toBe(`${seed.id}#p1s1`);
    expect([...ids].sort()).toEqual(ids);
    for (const point of item.points) {
      for (const c of point.citations) expect(c.text).toBe(sentences.get(c.id));
      // A point is cut from its sentence: every figure in it is verbatim there.
      for (const n of point.text.match(/\d+(?:\.\d+)?/g) ?? []) expect(point.citations[0]?.text).toContain(n);
    }
    expect(item.points.map((p) => p.text).join()).toMatch(/1992年.*8公里.*20公里/s);
  });
});

describe("the online digest", () => {
  async function summarizer(reply: string) {
    return new DigestSummarizer({
      articles: () => [seed],
      lexicon: await loadLexicon(),
      log: silentLogger,
      llm: {
        model: replyingModel(() => reply),
        mode: "json-schema",
        timeoutMs: 2000,
        prompt: await loadSummaryPrompt(),
      },
    });
  }

  it("uses the model's points when every figure is in the sentences they cite", async () => {
    const reply = JSON.stringify({
      headline: "衡阳高新区启动“十四五”规划编制",
      points: [
        { text: "衡阳高新区规划面积170.57平方公里。", citations: ["S3"] },
        { text: "7月21日召开“十四五”规划编制动员会。", citations: ["S9"] },
        { text: "距南岳机场20公里。", citations: ["S5"] },
      ],
    });
    const item = await (await summarizer(reply)).summarize(seed.id);
    expect(item.mode).toBe("online");
    expect(item.points[0]?.citations[0]).toEqual({
      id: `${seed.id}#p1s3`,
      text: "高新区位于衡阳市城区的西南部,规划面积170.57平方公里。",
    });
  });

  it.each([
    ["an invented figure", { text: "规划面积999平方公里。", citations: ["S3"] }, "ungrounded number"],
    [
      "a figure cited to the wrong sentence",
      { text: "规划面积170.57平方公里。", citations: ["S1"] },
      "ungrounded number",
    ],
    ["an unknown handle", { text: "规划面积170.57平方公里。", citations: ["S40"] }, "invalid citation"],
  ])("falls back to the offline digest on %s", async (_, point, reason) => {
    const item = await (
      await summarizer(JSON.stringify({ headline: "衡阳高新区", points: [point] }))
    ).summarize(seed.id);
    expect(item).toMatchObject({ mode: "offline", fallback: reason });
    expect(JSON.stringify(item)).not.toContain("999");
  });
});

describe("choosing articles", () => {
  it("/digest lists the newest first; /summary finds by id or title words", () => {
    expect(latestArticles(fixtures, 2).map((a) => a.id)).toEqual(["demo-b", "demo-a"]);
    expect(findArticle(fixtures, "demo-c")?.id).toBe("demo-c");
    expect(findArticle(fixtures, "孵化中心落成")?.id).toBe("demo-b");
    expect(findArticle(fixtures, "")).toBeUndefined();
  });
});

describe("posting to channels", () => {
  const render = (item: DigestItem) => renderDigest(item, "zh");

  it("posts each article once per chat, oldest first, and nothing when nothing is new", async () => {
    const stateFile = await tempState();
    const out = sender();
    const plan = {
      chatIds: [-1001],
      articles: fixtures,
      summarizer: offlineSummarizer(),
      render,
      send: out.send,
      stateFile,
      log: silentLogger,
    };
    const first = await postDigests(plan);
    expect(first.posted.map((p) => p.articleId)).toEqual(["demo-c", "demo-a", "demo-b"]);
    expect(out.sent.map((s) => s.html.match(/<a href="https:\/\/example.test\/([\w-]+)"/)?.[1])).toEqual([
      "demo-c",
      "demo-a",
      "demo-b",
    ]);
    const again = await postDigests(plan);
    expect(again).toEqual({ posted: [], failed: [] });
    expect(out.sent).toHaveLength(3);
  });

  it("posts only the new article after one is added", async () => {
    const stateFile = await tempState();
    const out = sender();
    const older = fixtures.filter((a) => a.id !== "demo-b");
    await postDigests({
      chatIds: [1],
      articles: older,
      summarizer: offlineSummarizer(),
      render,
      send: out.send,
      stateFile,
      log: silentLogger,
    });
    out.sent.splice(0);
    const report = await postDigests({
      chatIds: [1],
      articles: fixtures,
      summarizer: offlineSummarizer(),
      render,
      send: out.send,
      stateFile,
      log: silentLogger,
    });
    expect(report.posted.map((p) => p.articleId)).toEqual(["demo-b"]);
    expect(await unpostedArticles(fixtures, [1], stateFile)).toEqual([]);
  });

  it("keeps separate histories per chat", async () => {
    const stateFile = await tempState();
    const out = sender();
    await postDigests({
      chatIds: [1],
      articles: fixtures.slice(0, 1),
      summarizer: offlineSummarizer(),
      render,
      send: out.send,
      stateFile,
      log: silentLogger,
    });
    out.sent.splice(0);
    await postDigests({
      chatIds: [1, 2],
      articles: fixtures,
      summarizer: offlineSummarizer(),
      render,
      send: out.send,
      stateFile,
      log: silentLogger,
    });
    const perChat = (chat: number) => out.sent.filter((s) => s.chatId === chat).length;
    expect(perChat(2)).toBe(3);
    expect(perChat(1)).toBe(2);
  });

  it("a failing chat is reported, does not block the others, and is retried on the next run", async () => {
    const stateFile = await tempState();
    const lines: string[] = [];
    const log = { ...silentLogger, warn: (m: string) => lines.push(m) };
    const broken = sender([-666]);
    const report = await postDigests({
      chatIds: [-666, 5],
      articles: fixtures,
      summarizer: offlineSummarizer(),
      render,
      send: broken.send,
      stateFile,
      log,
    });
    expect(report.failed).toEqual([
      { chatId: -666, articleId: "demo-c", reason: expect.stringContaining("403") },
    ]);
    expect(broken.sent.filter((s) => s.chatId === 5)).toHaveLength(3);
    expect(lines[0]).toContain("chat -666");
    const healed = sender();
    const retry = await postDigests({
      chatIds: [-666, 5],
      articles: fixtures,
      summarizer: offlineSummarizer(),
      render,
      send: healed.send,
      stateFile,
      log,
    });
    expect(retry.posted.map((p) => [p.chatId, p.articleId])).toEqual([
      [-666, "demo-c"],
      [-666, "demo-a"],
      [-666, "demo-b"],
    ]);
    expect(healed.sent.every((s) => s.chatId === -666)).toBe(true);
  });

  it("after a crash between two sends the state shows exactly what was sent, and the rest follows once", async () => {
    const stateFile = await tempState();
    const crashing = sender([], 2);
    await postDigests({
      chatIds: [1],
      articles: fixtures,
      summarizer: offlineSummarizer(),
      render,
      send: crashing.send,
      stateFile,
      log: silentLogger,
    });
    const state = await readState(stateFile);
    // The failed send is not known to have delivered nothing (only Telegram refusing says so): it stays in flight.
    expect(state.chats["1"]).toEqual({
      "demo-c": { sent: 1, total: 1, at: expect.any(String) },
      "demo-a": { sent: 1, total: 1, at: expect.any(String) },
      "demo-b": { sent: 0, total: 1, at: expect.any(String), sending: 0 },
    });
    const resumed = sender();
    await postDigests({
      chatIds: [1],
      articles: fixtures,
      summarizer: offlineSummarizer(),
      render,
      send: resumed.send,
      stateFile,
      log: silentLogger,
    });
    expect(resumed.sent).toHaveLength(1);
    expect(resumed.sent[0]?.html).toContain("demo-b");
    expect(JSON.parse(await readFile(stateFile, "utf8")).chats["1"]["demo-b"]).toMatchObject({
      sent: 1,
      total: 1,
    });
  });

  it("splits a long digest under 4096 characters, between points, and resumes mid-article after a crash", async () => {
    const long: DigestItem = {
      ...offlineDigest(fixtures[0] as Article),
      points: Array.from({ length: 5 }, (_, i) => ({
        text: `要点${i}`,
        citations: [{ id: `x#p1s${i}`, text: "长句。".repeat(500) }],
      })),
    };
    const messages = renderDigest(long, "zh");
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.length).toBeLessThanOrEqual(4096);
      expect(balanceCheck(m)).toBe(true);
    }
    const stateFile = await tempState();
    const plan = {
      chatIds: [1],
      articles: [fixtures[0] as Article],
      summarizer: { summarize: async () => long },
      render,
      stateFile,
      log: silentLogger,
    };
    const crashing = sender([], 1);
    await postDigests({ ...plan, send: crashing.send });
    const resumed = sender();
    await postDigests({ ...plan, send: resumed.send });
    expect([...crashing.sent, ...resumed.sent].map((s) => s.html)).toEqual(messages);
  });

  it("saves each message as sending before its send call and as sent after it", async () => {
    const stateFile = await tempState();
    const seenDuringSend: unknown[] = [];
    await postDigests({
      chatIds: [1],
      articles: fixtures.slice(0, 1),
      summarizer: offlineSummarizer(),
      render,
      send: async () => {
        seenDuringSend.push(progressOf(await readState(stateFile), 1, fixtures[0]?.id ?? ""));
      },
      stateFile,
      log: silentLogger,
    });
    expect(seenDuringSend).toEqual([{ sent: 0, total: 1, at: expect.any(String), sending: 0 }]);
    const after = progressOf(await readState(stateFile), 1, fixtures[0]?.id ?? "");
    expect(after).toEqual({ sent: 1, total: 1, at: expect.any(String) });
    expect(JSON.parse(await readFile(stateFile, "utf8")).version).toBe(2);
  });

  it("a message whose send was cut off is sent again once, with a warning that it may be a duplicate", async () => {
    const stateFile = await tempState();
    const plan = {
      chatIds: [1],
      articles: fixtures,
      summarizer: offlineSummarizer(),
      render,
      stateFile,
      log: silentLogger,
    };
    // The process "dies" during the second send: the call never returns, nothing after it runs.
    const delivered: string[] = [];
    const dying = postDigests({
      ...plan,
      send: async (_chat, html) => {
        delivered.push(html);
        if (delivered.length === 2) await new Promise(() => {});
      },
    });
    await vi.waitFor(() => expect(delivered).toHaveLength(2));
    void dying;
    const crashed = await readState(stateFile);
    expect(crashed.chats["1"]?.["demo-a"]).toMatchObject({ sent: 0, sending: 0 });

    const warnings: string[] = [];
    const rerun = sender();
    await postDigests({ ...plan, send: rerun.send, log: { ...silentLogger, warn: (m) => warnings.push(m) } });
    // demo-a again (once: it may or may not have arrived), then demo-b.
    expect(rerun.sent.map((s) => s.html)).toEqual([delivered[1], expect.stringContaining("demo-b")]);
    expect(warnings).toEqual([expect.stringMatching(/message 1\/1 of demo-a.*may have it twice/)]);
    // At most one duplicate for the one crash; every article reached the chat.
    const all = [...delivered, ...rerun.sent.map((s) => s.html)];
    expect(all.length - new Set(all).size).toBe(1);
    expect(new Set(all).size).toBe(3);
    expect(await unpostedArticles(fixtures, [1], stateFile)).toEqual([]);
  });

  it("a send that Telegram refused is not in flight: the retry carries no duplicate warning", async () => {
    const stateFile = await tempState();
    const warnings: string[] = [];
    const log = { ...silentLogger, warn: (m: string) => warnings.push(m) };
    const plan = {
      chatIds: [-666],
      articles: fixtures,
      summarizer: offlineSummarizer(),
      render,
      stateFile,
      log,
    };
    await postDigests({ ...plan, send: sender([-666]).send, deliveredNothing: () => true });
    expect(progressOf(await readState(stateFile), -666, "demo-c")).toEqual({
      sent: 0,
      total: 1,
      at: expect.any(String),
    });
    warnings.splice(0);
    await postDigests({ ...plan, send: sender().send });
    expect(warnings).toEqual([]);
  });

  it("reads a version 1 state file as version 2 with nothing in flight, and writes version 2", async () => {
    const stateFile = await tempState();
    const at = "2024-01-01T00:00:00.000Z";
    const v1 = { version: 1, chats: { "1": { "demo-c": { sent: 1, total: 1, at } } } };
    await writeFile(stateFile, JSON.stringify(v1));
    expect(await readState(stateFile)).toEqual({ ...v1, version: 2 });
    const out = sender();
    const report = await postDigests({
      chatIds: [1],
      articles: fixtures,
      summarizer: offlineSummarizer(),
      render,
      send: out.send,
      stateFile,
      log: silentLogger,
    });
    expect(report.posted.map((p) => p.articleId)).toEqual(["demo-a", "demo-b"]);
    const written = JSON.parse(await readFile(stateFile, "utf8"));
    expect(written.version).toBe(2);
    expect(written.chats["1"]["demo-c"]).toEqual({ sent: 1, total: 1, at });
  });

  it("refuses a state file from a newer version instead of re-posting", async () => {
    const stateFile = await tempState();
    await writeFile(stateFile, JSON.stringify({ version: 3, chats: {} }));
    await expect(readState(stateFile)).rejects.toThrow(`${stateFile}: digest state version 3 is newer`);
  });

  it("a second run while one holds the lock does nothing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "parkbot-lock-"));
    const inner = withDigestLock(dir, async () => withDigestLock(dir, async () => "ran"));
    expect(await inner).toBe("busy");
    expect(await withDigestLock(dir, async () => "ran")).toBe("ran");
  });
});
