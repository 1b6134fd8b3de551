import type { MockLanguageModelV3 } from "ai/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OfflineAnswerer } from "../../src/answer/offline/offline-answerer.js";
import { CircuitBreaker } from "../../src/answer/online/breaker.js";
import { OnlineAnswerer } from "../../src/answer/online/online-answerer.js";
import { type AnswerPrompts, loadAnswerPrompts } from "../../src/answer/online/prompts.js";
import { silentLogger } from "../../src/log.js";
import { handleOf, replyingModel, shownData } from "../helpers/mock-model.js";
import { openZoneKb, type ZoneKb } from "../helpers/zone-kb.js";

/**
 * The online path over many articles (tests/fixtures/zone-kb: synthetic, fictional parks): questions the rules
 * cannot shape reach the model with sentences from several articles, each with its source and date; a model
 * that mixes up parks or figures is caught by the same guard, and the offline answer stands.
 */
let kb: ZoneKb;
let offline: OfflineAnswerer;
let prompts: AnswerPrompts;
beforeAll(async () => {
  kb = await openZoneKb();
  offline = kb.offline;
  prompts = await loadAnswerPrompts();
});
afterAll(() => kb.cleanup());

function online(model: MockLanguageModelV3): OnlineAnswerer {
  return new OnlineAnswerer({
    offline,
    model,
    prompts,
    mode: "json-schema",
    timeoutMs: 2000,
    breaker: new CircuitBreaker(3, 60_000),
    log: silentLogger,
  });
}

const json = (answer: string) => JSON.stringify({ answered: true, answer, citations: [] });
const TWO_FACTS = "示例高新区研发机构和高新技术企业分别有多少";

describe("online answers over many articles", () => {
  it("sends a question no one sentence answers to the model, with sentences about that park from several articles", async () => {
    let shown: Array<{ handle: string; text: string; article?: string }> = [];
    const model = replyingModel((d) => {
      shown = d.sentences;
      return json(
        `高新技术企业达到132家[${handleOf(d, "132家")}]，省级以上研发机构47个[${handleOf(d, "47个")}]。`,
      );
    });
    const a = await online(model).answer(TWO_FACTS);
    expect(a).toMatchObject({ mode: "online", answered: true });
    expect(a.citations.map((c) => c.article.date)).toEqual(["2025-01-22", "2025-01-22"]);
    const request = shownData(model.doGenerateCalls[0] as never) as unknown as {
      sentences: Array<{ article: string }>;
    };
    // Each sentence comes with its article, source and date; several articles are among them.
    expect(new Set(request.sentences.map((s) => s.article)).size).toBeGreaterThan(1);
    for (const s of request.sentences) expect(s.article).toMatch(/\(.+, \d{4}-\d{2}-\d{2}\)$/);
    for (const s of shown) expect(s.text).not.toMatch(/^样本经开区|演示工业园现有/);
  });

  it("asks the model to name disagreements between sources", () => {
    expect(prompts.json).toMatch(/different figures for the same thing/);
  });

  it("rejects a model answer that gives a neighbour's figure to the zone", async () => {
    const model = replyingModel((d) => json(`示例高新区规划面积38.6平方公里[${handleOf(d, "15.8")}]。`));
    const a = await online(model).answer("示例高新区规划面积有多大？");
    expect(a.mode).toBe("offline");
    expect(a.fallback).toMatch(/ungrounded number/);
    expect(a.answer).not.toContain("38.6");
  });

  it("rejects a model answer that names another park than its citations speak about", async () => {
    const model = replyingModel((d) => json(`样本经开区规划面积15.8平方公里[${handleOf(d, "15.8")}]。`));
    const a = await online(model).answer("示例高新区规划面积有多大？");
    expect(a).toMatchObject({ mode: "offline", fallback: "subject not in citations" });
  });

  it("rejects a date moved onto another event (a year is not a count)", async () => {
    const model = replyingModel((d) => json(`示例高新区有高新技术企业2003家[${handleOf(d, "2003年")}]。`));
    const a = await online(model).answer("示例高新区的高新技术企业有多少家？");
    expect(a.mode).toBe("offline");
    expect(a.answer).not.toContain("2003家");
  });

  it("accepts an answer that names the disagreement, each figure cited from its own source", async () => {
    const model = replyingModel((d) =>
      json(
        `最新资料称规划面积15.8平方公里[${handleOf(d, "15.8")}]，此前资料称12.5平方公里[${handleOf(d, "12.5平方公里")}]。`,
      ),
    );
    const a = await online(model).answer("示例高新区规划面积有多大？");
    expect(a).toMatchObject({ mode: "online", answered: true });
    expect(a.citations).toHaveLength(2);
  });
});
