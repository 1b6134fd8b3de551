import { describe, expect, it } from "vitest";
import type { Answer, Citation } from "../../src/answer/schema.js";
import type { EvalItem } from "../../src/eval/question-set.js";
import {
  displayWidth,
  type EvalSummary,
  fitColumns,
  formatEvalTable,
  type ItemResult,
  percentile,
  scoreItem,
  summarize,
} from "../../src/eval/score.js";

const S_AREA = "高新区位于衡阳市城区的西南部,规划面积170.57平方公里。";
const S_DIST =
  "蒸水河穿境而过,湘桂铁路、衡昆高速公路、衡邵高速公路、潭衡高速公路、衡炎高速公路等主要交通线路环绕而行;距衡阳火车站8公里、南岳机场20公里、高铁衡阳东站13公里。";
const S_FOUND =
  "衡阳高新区于1992年经省人民政府批准成立,2012年8月19日经国务院批准升级为国家高新区(以下统称高新区)。";

function cite(n: number, text: string): Citation {
  return {
    n,
    id: `000-b860dba5ce0ec7a0#p1s${n}`,
    text,
    article: { id: "000-b860dba5ce0ec7a0", title: "t", date: "2020-07-21", source: "中国高新院", url: "" },
  };
}

function answer(text: string, citations: string[] = [], answered = true, ms = 10): Answer {
  return {
    question: "q",
    answered,
    answer: text,
    citations: citations.map((c, i) => cite(i + 1, c)),
    mode: "offline",
    ms,
  };
}

const area: EvalItem = {
  id: "q1",
  q: "衡阳高新区多大？",
  type: "answer",
  kw: ["170\\.57"],
  gold: ["规划面积170.57平方公里"],
};
const airport: EvalItem = {
  id: "q2",
  q: "How far is the zone from Nanyue Airport?",
  type: "answer",
  kw: ["(?<!\\d)20(?!\\d)"],
  gold: ["南岳机场20公里"],
};
const founded: EvalItem = {
  id: "q3",
  q: "哪年升级?",
  type: "answer",
  kw: ["2012", "国务院"],
  gold: ["2012年8月19日"],
};
const meta: EvalItem = {
  id: "q4",
  q: "什么时候发布的？",
  type: "meta",
  kw: ["2020-0?7-21|2020年7月21日"],
  gold: [],
};
const abstain: EvalItem = { id: "q5", q: "衡阳高新区的GDP是多少？", type: "abstain", kw: [], gold: [] };

describe("scoreItem", () => {
  it("passes an answer with the key fact and a gold citation", () => {
    const r = scoreItem(area, answer("规划面积170.57平方公里[1]。", [S_AREA], true, 42));
    expect(r).toEqual({
      id: "q1",
      type: "answer",
      q: "衡阳高新区多大？",
      pass: true,
      answered: true,
      top1Gold: true,
      goldCitations: 1,
      citations: 1,
      ms: 42,
    });
    expect(r).not.toHaveProperty("why");
  });

  it("fails when a kw is missing, naming the regex", () => {
    const r = scoreItem(area, answer("大约170平方公里[1]。", [S_AREA]));
    expect(r.pass).toBe(false);
    expect(r.why).toBe("kw /170\\.57/ missing");
    expect(r.top1Gold).toBe(true);
  });

  it("names every missing kw", () => {
    const r = scoreItem(founded, answer("1992年成立[1]。", [S_FOUND]));
    expect(r.why).toBe("kw /2012/ /国务院/ missing");
  });

  it("fails when no citation contains a gold substring", () => {
    const r = scoreItem(area, answer("规划面积170.57平方公里[1]。", [S_DIST]));
    expect(r).toMatchObject({
      pass: false,
      why: "no gold citation",
      goldCitations: 0,
      citations: 1,
      top1Gold: false,
    });
    expect(scoreItem(area, answer("规划面积170.57平方公里。")).why).toBe("no citations");
  });

  it("reports kw and citation problems together", () => {
    expect(scoreItem(area, answer("不知道多大", [S_DIST])).why).toBe(
      "kw /170\\.57/ missing; no gold citation",
    );
  });

  it("counts gold citations and whether the first one is gold", () => {
    const r = scoreItem(area, answer("170.57平方公里[2]", [S_DIST, S_AREA, S_AREA]));
    expect(r).toMatchObject({ pass: true, goldCitations: 2, citations: 3, top1Gold: false });
  });

  it("fails a refused answer item", () => {
    const r = scoreItem(area, answer("抱歉，资料里没有提到。", [], false));
    expect(r).toMatchObject({ pass: false, why: "refused", answered: false, top1Gold: false });
  });

  it("doesn't let a citation marker stand in for a number", () => {
    expect(scoreItem(airport, answer("About 8 km from the station [20].", [S_DIST])).why).toBe(
      "kw /(?<!\\d)20(?!\\d)/ missing",
    );
    expect(scoreItem(airport, answer("About 20 km[1] (南岳机场20公里).", [S_DIST])).pass).toBe(true);
    expect(scoreItem(airport, answer("It is 2020 km away.", [S_DIST])).pass).toBe(false);
  });

  it("accepts traditional-script and full-width answers and citations", () => {
    expect(scoreItem(founded, answer("2012年經國務院批准升級[1]", [S_FOUND])).pass).toBe(true);
    expect(
      scoreItem(
        area,
        answer("規劃面積１７０．５７平方公里", ["高新區位於衡陽市城區的西南部，規劃面積170.57平方公里。"]),
      ).pass,
    ).toBe(true);
  });

  it("matches kw case-insensitively", () => {
    const item: EvalItem = { ...meta, kw: ["july 21, 2020"] };
    expect(scoreItem(item, answer("Published on July 21, 2020.")).pass).toBe(true);
  });

  it("scores meta items on kw only", () => {
    const r = scoreItem(meta, answer("发布于2020-07-21。"));
    expect(r).toMatchObject({ pass: true, top1Gold: null, goldCitations: 0, citations: 0 });
    expect(scoreItem(meta, answer("发布于2020年。")).why).toMatch(/^kw .* missing$/);
    expect(scoreItem(meta, answer("", [], false)).why).toBe("refused");
  });

  it("passes a refusal for an abstain item and fails an answer", () => {
    expect(scoreItem(abstain, answer("资料里没有这方面的信息。", [], false))).toMatchObject({
      pass: true,
      answered: false,
      top1Gold: null,
    });
    const r = scoreItem(abstain, answer("GDP是100亿元[1]。", [S_AREA]));
    expect(r).toMatchObject({ pass: false, why: "answered but should abstain", answered: true });
  });
});

function result(partial: Partial<ItemResult> & Pick<ItemResult, "id" | "type" | "pass">): ItemResult {
  return { q: "q", answered: true, top1Gold: null, goldCitations: 0, citations: 0, ms: 0, ...partial };
}

describe("percentile", () => {
  it("uses nearest rank", () => {
    const values = [50, 10, 40, 20, 30];
    expect(percentile(values, 50)).toBe(30);
    expect(percentile(values, 95)).toBe(50);
    expect(percentile(values, 20)).toBe(10);
    expect(percentile(values, 21)).toBe(20);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNull();
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
  });
});

describe("summarize", () => {
  const results: ItemResult[] = [
    result({ id: "q1", type: "answer", pass: true, top1Gold: true, goldCitations: 2, citations: 2, ms: 100 }),
    result({
      id: "q2",
      type: "answer",
      pass: false,
      top1Gold: false,
      goldCitations: 1,
      citations: 3,
      ms: 300,
    }),
    result({ id: "q3", type: "answer", pass: false, answered: false, top1Gold: false, ms: 50 }),
    result({ id: "q4", type: "meta", pass: true, citations: 5, ms: 200 }),
    result({ id: "q5", type: "abstain", pass: true, answered: false, ms: 10 }),
    result({ id: "q6", type: "abstain", pass: false, ms: 1000 }),
  ];

  it("computes the rates", () => {
    const s = summarize(results);
    expect(s).toMatchObject({ total: 6, passed: 3, latencyP50: 100, latencyP95: 1000 });
    expect(s.overall).toBeCloseTo(3 / 6);
    expect(s.answerAccuracy).toBeCloseTo(2 / 4);
    expect(s.refusalAccuracy).toBeCloseTo(1 / 2);
    // Pooled over answered answer items (q1, q2): (2 + 1) / (2 + 3). Meta citations don't count.
    expect(s.citationPrecision).toBeCloseTo(3 / 5);
    // Over all answer items, the refusal counting as a miss.
    expect(s.top1CitationAccuracy).toBeCloseTo(1 / 3);
  });

  it("gives null for empty groups", () => {
    const onlyAbstain = summarize([results[4] as ItemResult]);
    expect(onlyAbstain).toMatchObject({
      total: 1,
      passed: 1,
      overall: 1,
      answerAccuracy: null,
      refusalAccuracy: 1,
      citationPrecision: null,
      top1CitationAccuracy: null,
    });
    expect(summarize([])).toEqual({
      total: 0,
      passed: 0,
      overall: null,
      answerAccuracy: null,
      refusalAccuracy: null,
      citationPrecision: null,
      top1CitationAccuracy: null,
      latencyP50: null,
      latencyP95: null,
    });
  });

  it("gives null citation precision when answered items carry no citations", () => {
    const s = summarize([result({ id: "q1", type: "answer", pass: false, top1Gold: false })]);
    expect(s.citationPrecision).toBeNull();
    expect(s.top1CitationAccuracy).toBe(0);
  });
});

describe("formatEvalTable", () => {
  it("counts CJK characters as two columns", () => {
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("衡阳高新区")).toBe(10);
    expect(displayWidth("多大？")).toBe(6);
    expect(fitColumns("衡阳", 6)).toBe("衡阳  ");
    const cut = fitColumns("衡阳高新区规划面积是多少平方公里啊", 10);
    expect(cut).toBe("衡阳高新… ");
    expect(displayWidth(cut)).toBe(10);
    expect(displayWidth(fitColumns("衡阳高新区x规划", 10))).toBe(10);
  });

  it("prints one aligned row per question, then the metrics", () => {
    const rows: ItemResult[] = [
      result({
        id: "q1",
        type: "answer",
        q: "衡阳高新区规划面积是多少平方公里？请详细说明",
        pass: true,
        ms: 12,
      }),
      result({
        id: "q3",
        type: "answer",
        q: "高新区多大",
        pass: false,
        why: "kw /170\\.57/ missing",
        ms: 40,
      }),
      result({
        id: "q2",
        type: "answer",
        q: "How big is Hengyang High-tech Zone?",
        pass: false,
        why: "refused",
        ms: 1234,
      }),
      result({ id: "q10", type: "abstain", q: "你好", pass: true, answered: false, ms: 3 }),
    ];
    const summary: EvalSummary = summarize(rows);
    const text = formatEvalTable(rows, summary);
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^id\s+type\s+ok\s+ms\s+question\s+reason$/);
    const body = lines.slice(2, 6);
    expect(lines[1]).toMatch(/^-+$/);
    expect(body[0]).toMatch(/^q1 {3}answer {3}PASS {4}12 {2}衡阳高新区规划面积是多少平方… *$/);
    expect(body[2]).toMatch(/FAIL {2}1234 {2}How big is Hengyang High-tech… {2}refused$/);
    expect(body[1]).toMatch(/^q3 {3}answer {3}FAIL {4}40 {2}高新区多大 {20} {2}kw \/170\\\.57\/ missing$/);
    expect(body[3]).toMatch(/^q10 {2}abstain {2}PASS/);
    expect(lines[6]).toBe("");
    // The reason column starts at the same terminal column on every row, whatever the script of the question.
    const reasonAt = (row: string | undefined, why: string) =>
      displayWidth(row?.slice(0, row.indexOf(why)) ?? "");
    expect(reasonAt(body[2], "refused")).toBe(reasonAt(body[1], "kw "));
    expect(text).toContain("overall             50.0% (2/4)");
    expect(text).toContain("answer accuracy     33.3% (1/3 answer+meta)");
    expect(text).toContain("refusal accuracy    100.0% (1/1 abstain)");
    expect(text).toMatch(/citation precision +n\/a/);
    expect(text).toMatch(/latency p50 \/ p95 +12 ms \/ 1234 ms/);
  });
});
