import { describe, expect, it } from "vitest";
import type { Answer, Citation } from "../../src/answer/schema.js";
import { renderAnswerText } from "../../src/render/terminal.js";

const article = {
  id: "achie-2020-07-21",
  title: "抢抓“十四五”发展新机遇,衡阳高新区加速产业集群化发展",
  date: "2020-07-21",
  source: "中国高新院 (achie.org)",
  url: "http://www.achie.org/news/gt/202007259845.html",
};

function citation(n: number, text: string, sentence: string): Citation {
  return { n, id: `achie-2020-07-21#p1s${sentence}`, text, article };
}

const answered: Answer = {
  question: "衡阳高新区规划面积有多大?成立于哪一年?",
  answered: true,
  answer: "衡阳高新区规划面积170.57平方公里[1],于1992年经省人民政府批准成立[2]。",
  // Deliberately out of order: sources are listed by number.
  citations: [
    citation(2, "衡阳高新区于1992年经省人民政府批准成立,2012年8月19日经国务院批准升级为国家高新区。", "1"),
    citation(1, "高新区位于衡阳市城区的西南部,规划面积170.57平方公里。", "3"),
  ],
  mode: "offline",
  ms: 3,
};

describe("renderAnswerText", () => {
  it("prints the answer, a blank line, then each source by number with its article and url", () => {
    expect(renderAnswerText(answered)).toBe(
      [
        "衡阳高新区规划面积170.57平方公里[1],于1992年经省人民政府批准成立[2]。",
        "",
        "来源:",
        "[1] 「高新区位于衡阳市城区的西南部,规划面积170.57平方公里。」",
        `    ${article.title} — 中国高新院 (achie.org), 2020-07-21`,
        "    http://www.achie.org/news/gt/202007259845.html",
        "[2] 「衡阳高新区于1992年经省人民政府批准成立,2012年8月19日经国务院批准升级为国家高新区。」",
        `    ${article.title} — 中国高新院 (achie.org), 2020-07-21`,
        "    http://www.achie.org/news/gt/202007259845.html",
      ].join("\n"),
    );
  });

  it("labels the sources in English for an English question and skips an empty url", () => {
    const english: Answer = {
      ...answered,
      question: "How big is the zone?",
      answer: "The planned area is 170.57 km²: 「规划面积170.57平方公里」[1]",
      citations: [{ ...citation(1, "规划面积170.57平方公里。", "3"), article: { ...article, url: "" } }],
    };
    expect(renderAnswerText(english).split("\n")).toEqual([
      "The planned area is 170.57 km²: 「规划面积170.57平方公里」[1]",
      "",
      "Sources:",
      "[1] 「规划面积170.57平方公里。」",
      `    ${article.title} — 中国高新院 (achie.org), 2020-07-21`,
    ]);
  });

  it("prints only the text of a refusal", () => {
    const refusal: Answer = {
      question: "衡阳今天天气怎么样?",
      answered: false,
      answer: "知识库里没有找到能回答这个问题的内容。",
      citations: [],
      mode: "offline",
      ms: 1,
    };
    expect(renderAnswerText(refusal)).toBe("知识库里没有找到能回答这个问题的内容。");
  });

  it("drops terminal control characters coming from scraped text", () => {
    const hostile: Answer = {
      ...answered,
      answer: "规划面积170.57平方公里\u001b[2J[1]。",
      citations: [citation(1, "规划面积\u001b[31m170.57\u0007平方公里。", "3")],
    };
    const text = renderAnswerText(hostile);
    expect(text).not.toContain("\u001b");
    expect(text).not.toContain("\u0007");
    expect(text).toContain("[1] 「规划面积[31m170.57平方公里。」");
  });
});
