import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type EvalItem,
  loadQuestionSet,
  parseQuestionSet,
  QuestionSetError,
} from "../../src/eval/question-set.js";
import { toSimplified } from "../../src/text/simplify.js";

const QUESTIONS = "tests/eval/questions.jsonl";
const RAW = "knowledge/raw/000_b860dba5ce0ec7a0.txt";

const line = (o: Record<string, unknown>) => JSON.stringify(o);
const ok = {
  id: "q1",
  q: "衡阳高新区多大？",
  type: "answer",
  kw: ["170\\.57"],
  gold: ["规划面积170.57平方公里"],
};

describe("parseQuestionSet", () => {
  it("parses valid lines and skips blank ones", () => {
    const text = `${line(ok)}\n\n${line({ id: "q2", q: "你好", type: "abstain", kw: [], gold: [] })}\n`;
    const items = parseQuestionSet(text, "x.jsonl");
    expect(items.map((i) => i.id)).toEqual(["q1", "q2"]);
    expect(items[1]?.type).toBe("abstain");
  });

  it("names file and line for bad JSON", () => {
    const text = `${line(ok)}\n{"id": "q2", "q": oops}\n`;
    expect(() => parseQuestionSet(text, "x.jsonl")).toThrow(/^x\.jsonl:2: invalid JSON/);
  });

  it("names file and line for a schema violation, on one line", () => {
    const text = `${line(ok)}\n\n${line({ id: "q3", q: "x", type: "answer", kw: ["a"], gold: [] })}`;
    let error: unknown;
    try {
      parseQuestionSet(text, "x.jsonl");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QuestionSetError);
    const e = error as QuestionSetError;
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/^x\.jsonl:3: invalid item \(q3\): gold: /);
    expect(e.message).not.toContain("\n");
  });

  it("rejects unknown types, unknown keys and kw on abstain items", () => {
    expect(() => parseQuestionSet(line({ ...ok, type: "other" }), "f")).toThrow(/^f:1: invalid item .*type/);
    expect(() => parseQuestionSet(line({ ...ok, extra: 1 }), "f")).toThrow(/^f:1: /);
    expect(() => parseQuestionSet(line({ ...ok, type: "abstain" }), "f")).toThrow(
      /^f:1: .*kw: must be empty/,
    );
  });

  it("names file and line for an invalid regex", () => {
    const text = `${line(ok)}\n${line({ ...ok, id: "q2", kw: ["170", "(unclosed"] })}`;
    expect(() => parseQuestionSet(text, "x.jsonl")).toThrow(
      /^x\.jsonl:2: q2 kw\[1\] \/\(unclosed\/ is not a valid regex/,
    );
  });

  it("names both lines for a duplicate id", () => {
    const text = `${line(ok)}\n${line({ ...ok, id: "q2" })}\n${line(ok)}`;
    expect(() => parseQuestionSet(text, "x.jsonl")).toThrow("x.jsonl:3: duplicate id q1 (first on line 1)");
  });

  it("rejects an empty set", () => {
    expect(() => parseQuestionSet("\n\n", "x.jsonl")).toThrow("x.jsonl: no questions");
  });
});

describe("loadQuestionSet", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "parkbot-eval-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads a file and reports errors with its path", async () => {
    const good = join(dir, "good.jsonl");
    await writeFile(good, `\uFEFF${line(ok)}\r\n`);
    expect(await loadQuestionSet(good)).toHaveLength(1);

    const bad = join(dir, "bad.jsonl");
    await writeFile(bad, `${line(ok)}\nnot json\n`);
    await expect(loadQuestionSet(bad)).rejects.toThrow(`${bad}:2: invalid JSON`);
    await expect(loadQuestionSet(join(dir, "missing.jsonl"))).rejects.toThrow(/missing\.jsonl: cannot read/);
  });
});

/** The article's 11 sentences: the first copy of its 4 indented paragraphs, split after `。`. */
function articleSentences(raw: string): string[] {
  const paragraphs = [
    ...new Set(
      raw
        .split("\n")
        .filter((l) => /^\s{2}\S/.test(l) && l.length > 60)
        .map((l) => l.trim()),
    ),
  ];
  return paragraphs.flatMap((p) => p.split(/(?<=。)/).filter((s) => s.trim() !== ""));
}

describe("tests/eval/questions.jsonl", async () => {
  const items: EvalItem[] = await loadQuestionSet(QUESTIONS);
  const raw = await readFile(RAW, "utf8");
  const sentences = articleSentences(raw);
  const isEnglish = (q: string) => !/\p{Script=Han}/u.test(q) && /[a-z]{3}/i.test(q);
  const isTraditional = (q: string) => toSimplified(q) !== q;

  it("has enough questions of each kind", () => {
    expect(items.filter((i) => i.type !== "abstain").length).toBeGreaterThanOrEqual(60);
    expect(items.filter((i) => i.type === "meta").length).toBeGreaterThanOrEqual(3);
    expect(items.filter((i) => i.type === "abstain").length).toBeGreaterThanOrEqual(15);
  });

  it("numbers ids q1… in order without gaps", () => {
    expect(items.map((i) => i.id)).toEqual(items.map((_, n) => `q${n + 1}`));
    expect(new Set(items.map((i) => i.q)).size).toBe(items.length);
  });

  it("compiles every kw regex case-insensitively", () => {
    for (const item of items) for (const kw of item.kw) expect(() => new RegExp(kw, "i")).not.toThrow();
  });

  it("varies language and input: traditional, English, pinyin typos", () => {
    expect(items.filter((i) => isTraditional(i.q)).length).toBeGreaterThanOrEqual(8);
    expect(items.filter((i) => isEnglish(i.q)).length).toBeGreaterThanOrEqual(10);
    expect(items.filter((i) => /衡杨|高心区|搞新区/.test(i.q)).length).toBeGreaterThanOrEqual(4);
    expect(items.filter((i) => i.type === "abstain" && isEnglish(i.q)).length).toBeGreaterThan(0);
    expect(items.filter((i) => i.type === "abstain" && isTraditional(i.q)).length).toBeGreaterThan(0);
  });

  it("finds the article's 11 sentences in the raw file", () => {
    expect(sentences).toHaveLength(11);
  });

  it("quotes every gold substring verbatim from the raw article, each within exactly one sentence", () => {
    for (const item of items)
      for (const gold of item.gold) {
        expect(raw, `${item.id} gold ${gold}`).toContain(gold);
        expect(
          sentences.filter((s) => s.includes(gold)),
          `${item.id} gold ${gold}`,
        ).toHaveLength(1);
      }
  });

  it("covers every sentence of the article with some answer question", () => {
    const golds = items.flatMap((i) => i.gold);
    const uncovered = sentences.filter((s) => !golds.some((g) => s.includes(g)));
    expect(uncovered).toEqual([]);
  });

  it("has kw that a quote of the supporting sentence satisfies", () => {
    // A correct answer may simply quote the gold sentence; its key facts must then be there.
    for (const item of items.filter((i) => i.type === "answer")) {
      const support = sentences.filter((s) => item.gold.some((g) => s.includes(g))).join("");
      for (const kw of item.kw) expect(new RegExp(kw, "i").test(support), `${item.id} /${kw}/`).toBe(true);
    }
  });

  it("has distance questions whose kw single out the right figure", () => {
    const figures = { 距衡阳火车站8公里: "8", 南岳机场20公里: "20", 高铁衡阳东站13公里: "13" };
    for (const [gold, km] of Object.entries(figures)) {
      const asked = items.filter((i) => i.gold.includes(gold));
      expect(asked.length, gold).toBeGreaterThanOrEqual(2);
      for (const item of asked)
        for (const [other, otherKm] of Object.entries(figures)) {
          const text = `约${otherKm}公里`;
          expect(
            item.kw.every((kw) => new RegExp(kw, "i").test(text)),
            `${item.id} vs ${other}`,
          ).toBe(otherKm === km);
        }
    }
  });
});
