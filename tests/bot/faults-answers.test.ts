import { MockLanguageModelV3 } from "ai/test";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Answerer } from "../../src/answer/answerer.js";
import { CircuitBreaker } from "../../src/answer/online/breaker.js";
import { OnlineAnswerer } from "../../src/answer/online/online-answerer.js";
import { loadAnswerPrompts } from "../../src/answer/online/prompts.js";
import { sentenceEnds } from "../../src/answer/online/verified-drafts.js";
import { OfflineSummarizer } from "../../src/digest/offline-summary.js";
import { type Logger, silentLogger } from "../../src/log.js";
import type { Parkbot } from "../../src/parkbot.js";
import { botHarness } from "../helpers/bot-harness.js";
import { handleOf, type ShownData, shownData } from "../helpers/mock-model.js";
import { realAnswerer } from "../helpers/real-kb.js";

/**
 * Faults found by testing (issue 11): drafts that showed a model's invention (item 2), and a group whose
 * questions waited for each other's model calls (item 9). Virtual time throughout: no test waits for real.
 */

let parkbot: Parkbot;
beforeAll(async () => {
  const offline = await realAnswerer();
  parkbot = {
    articles: offline.articles,
    offline,
    answerer: offline,
    summarizer: new OfflineSummarizer(() => offline.articles),
  };
});
afterEach(() => {
  vi.useRealTimers();
});

const AREA_Q = "衡阳高新区规划面积有多大?";
const AREA = "规划面积170.57";
const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 10, text: 10, reasoning: 0 },
};
/** What a model's stream carries (the provider package is not a direct dependency; the mock's type says it). */
type StreamPart =
  Awaited<ReturnType<MockLanguageModelV3["doStream"]>>["stream"] extends ReadableStream<infer P> ? P : never;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A model that writes its reply a few characters every `msPerPiece` (doStream) or all at once after `ms`. */
function writingModel(reply: (data: ShownData) => string, msPerPiece = 300): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    doStream: async (options) => {
      const pieces = reply(shownData(options)).match(/[\s\S]{1,4}/g) ?? [];
      const parts: StreamPart[] = [
        { type: "stream-start", warnings: [] },
        { type: "text-start", id: "t" },
        ...pieces.map((delta) => ({ type: "text-delta" as const, id: "t", delta })),
        { type: "text-end", id: "t" },
        { type: "finish", usage, finishReason: { unified: "stop", raw: "stop" } },
      ];
      let next = 0;
      const stream = new ReadableStream<StreamPart>({
        async pull(controller) {
          const part = parts[next++];
          if (!part) return controller.close();
          if (part.type === "text-delta") await sleep(msPerPiece);
          controller.enqueue(part);
        },
      });
      return { stream };
    },
  });
}

/** A model that takes `delayMs(call)` to answer its call-th call (0-based), truthfully. */
function slowModel(delayMs: (call: number) => number): { model: MockLanguageModelV3; started: number[] } {
  const started: number[] = [];
  const model = new MockLanguageModelV3({
    doGenerate: async (options) => {
      const call = started.push(Date.now()) - 1;
      await sleep(delayMs(call));
      const text = `衡阳高新区规划面积为170.57平方公里[${handleOf(shownData(options), AREA)}]。`;
      return {
        content: [{ type: "text", text }],
        finishReason: { unified: "stop", raw: "stop" },
        usage,
        warnings: [],
      };
    },
  });
  return { model, started };
}

async function withModel(model: MockLanguageModelV3): Promise<Parkbot> {
  const online = new OnlineAnswerer({
    offline: parkbot.offline,
    model,
    prompts: await loadAnswerPrompts(),
    mode: "text",
    timeoutMs: 60_000,
    breaker: new CircuitBreaker(3, 60_000),
    log: silentLogger,
  });
  return { ...parkbot, online, answerer: online };
}

const draftTexts = (h: { sent: (m: string) => Array<Record<string, unknown>> }) =>
  h.sent("sendMessageDraft").map((p) => String(p.text));

describe("drafts show only verified text (item 2)", () => {
  it("drafts whole sentences only: a decimal point is no sentence end, markers after 。 belong to it", () => {
    expect(sentenceEnds("规划面积170.")).toEqual([]); // "170." may become 170.57
    expect(sentenceEnds("面积170.57平方公里。[S1]位于")).toEqual(["面积170.57平方公里。[S1]".length]);
    expect(sentenceEnds("面积170.57平方公里。[S")).toEqual(["面积170.57平方公里。".length]);
    expect(sentenceEnds("It covers 170.57 km2. It lies")).toEqual(["It covers 170.57 km2.".length]);
  });

  it("a model that invents 999平方公里: no draft ever shows 999, the final message is the offline answer", async () => {
    const h = await botHarness(
      await withModel(writingModel((d) => `衡阳高新区规划面积为999平方公里[${handleOf(d, AREA)}]。`)),
    );
    vi.useFakeTimers();
    const asked = h.privateText(AREA_Q);
    await vi.runAllTimersAsync();
    await asked;
    for (const text of draftTexts(h)) expect(text).not.toContain("999");
    const [final] = h.sent();
    expect(final?.text).toContain("170.57平方公里");
    expect(final?.text).not.toContain("999");
    expect(h.sent()).toHaveLength(1);
  });

  it("a true sentence is drafted, the invented one after it never is (and the final message falls back)", async () => {
    const h = await botHarness(
      await withModel(
        writingModel((d) => {
          const s = handleOf(d, AREA);
          return `衡阳高新区规划面积为170.57平方公里[${s}]。2023年实现地区生产总值999亿元[${s}]。`;
        }),
      ),
    );
    vi.useFakeTimers();
    const asked = h.privateText(AREA_Q);
    await vi.runAllTimersAsync();
    await asked;
    expect(draftTexts(h)).toEqual(["衡阳高新区规划面积为170.57平方公里[1]。"]);
    expect(h.sent()[0]?.text).not.toContain("999");
  });

  it("a truthful model's drafts are its verified sentences, growing a whole sentence at a time", async () => {
    const first = "衡阳高新区规划面积为170.57平方公里[1]。";
    const both = `${first}高新区位于衡阳市城区的西南部[1]。`;
    const h = await botHarness(
      await withModel(
        writingModel((d) => {
          const s = handleOf(d, AREA);
          return `衡阳高新区规划面积为170.57平方公里[${s}]。高新区位于衡阳市城区的西南部[${s}]。`;
        }, 400),
      ),
    );
    vi.useFakeTimers();
    const asked = h.privateText(AREA_Q);
    await vi.runAllTimersAsync();
    await asked;
    expect(draftTexts(h)).toEqual([first, both]);
    expect(h.sent()[0]?.text).toContain(both);
  });
});

/** A question to the bot in the test group, from member `userId`. */
const inGroup = (h: Awaited<ReturnType<typeof botHarness>>, text: string, userId: number) =>
  h.groupText(text, { userId, replyToBot: true });
/** The question message each reply answers, in the order the replies were sent. */
const repliedTo = (h: Awaited<ReturnType<typeof botHarness>>) =>
  h.sent().map((m) => (m.reply_parameters as { message_id: number } | undefined)?.message_id);

describe("a slow model does not serialise a group (item 9)", () => {
  it("8 members ask at once, 3 s per model call: answered concurrently in ~3 s, replies in arrival order", async () => {
    // The first question's call is the slowest: answers are ready in reverse order, and still sent in order.
    const { model, started } = slowModel((call) => 3000 - call * 100);
    const h = await botHarness(await withModel(model));
    vi.useFakeTimers();
    const t0 = Date.now();
    const asked = [1, 2, 3, 4, 5, 6, 7, 8].map((member) => inGroup(h, AREA_Q, 100 + member));
    await vi.advanceTimersByTimeAsync(10);
    expect(started).toHaveLength(8); // all 8 model calls under way before any has finished
    await vi.runAllTimersAsync();
    await Promise.all(asked);
    expect(Date.now() - t0).toBeLessThanOrEqual(3010); // not 8 × 3 s
    expect(repliedTo(h)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(h.sent().every((m) => String(m.text).includes("170.57平方公里[1]"))).toBe(true);
  });

  /** The offline answerer, taking `ms` per answer and failing for questions with 坏 in them. */
  const slowOffline = (ms: number): Answerer => ({
    answer: async (question, options) => {
      await sleep(ms);
      if (question.includes("坏")) throw new Error("answer failed");
      return parkbot.offline.answer(question, options);
    },
  });

  it("a question whose answer fails does not hold up the replies after it", async () => {
    const h = await botHarness({ ...parkbot, answerer: slowOffline(3000) });
    vi.useFakeTimers();
    const failing = inGroup(h, "坏问题", 101);
    const failed = expect(failing).rejects.toThrow("answer failed");
    const asked = [inGroup(h, AREA_Q, 102), inGroup(h, AREA_Q, 103)];
    await vi.advanceTimersByTimeAsync(3000);
    expect(repliedTo(h)).toEqual([2, 3]);
    await Promise.all(asked);
    await failed;
  });

  it("a send that hangs holds its chat for at most 30 s, then the replies after it go, in order", async () => {
    const warnings: string[] = [];
    const log: Logger = { ...silentLogger, warn: (line) => warnings.push(line) };
    const h = await botHarness({ ...parkbot, answerer: slowOffline(100) }, { log });
    // The reply to the first question never comes back from the Bot API.
    h.bot.api.config.use((prev, method, payload, signal) => {
      const to = (payload as { reply_parameters?: { message_id: number } }).reply_parameters?.message_id;
      return method === "sendMessage" && to === 1 ? new Promise(() => {}) : prev(method, payload, signal);
    });
    vi.useFakeTimers();
    void inGroup(h, AREA_Q, 101);
    const asked = [inGroup(h, AREA_Q, 102), inGroup(h, AREA_Q, 103)];
    await vi.advanceTimersByTimeAsync(29_000);
    expect(h.sent()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_200);
    expect(repliedTo(h)).toEqual([2, 3]);
    await Promise.all(asked);
    expect(warnings).toEqual([expect.stringMatching(/held its replies for 30 s/)]);
  });

  it("/help from one member while another's answer is being written comes after that answer", async () => {
    const h = await botHarness({ ...parkbot, answerer: slowOffline(3000) });
    vi.useFakeTimers();
    const question = inGroup(h, AREA_Q, 101);
    const help = h.groupText("/help", {
      userId: 102,
      entities: [{ type: "bot_command", offset: 0, length: 5 }],
    });
    await vi.runAllTimersAsync();
    await Promise.all([question, help]);
    const [answer, helpText] = h.sent();
    expect(answer?.text).toContain("170.57");
    expect(helpText?.text).not.toContain("170.57");
    expect(h.sent()).toHaveLength(2);
  });
});
