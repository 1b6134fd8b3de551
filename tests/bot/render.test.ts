import { describe, expect, it } from "vitest";
import type { Answer, Citation } from "../../src/answer/schema.js";
import { escapeHtml, renderAnswer, renderInlineResult, renderParagraph } from "../../src/bot/render.js";
import { balanceCheck } from "../../src/bot/split.js";
import type { Article } from "../../src/knowledge/article.js";

const article = {
  id: "achie-2020-07-21",
  title: "抢抓“十四五”发展新机遇,衡阳高新区加速产业集群化发展",
  date: "2020-07-21",
  source: "中国高新院 (achie.org)",
  url: "http://www.achie.org/news/gt/202007259845.html",
};
const SOURCE_LINE = `<a href="${article.url}">${article.title}</a> · 中国高新院 (achie.org) · 2020-07-21`;

function citation(n: number, text: string, overrides: Partial<Citation["article"]> = {}): Citation {
  return { n, id: `achie-2020-07-21#p1s${n}`, text, article: { ...article, ...overrides } };
}

function answerWith(text: string, citations: Citation[], question = "衡阳高新区规划面积有多大?"): Answer {
  return { question, answered: true, answer: text, citations, mode: "offline", ms: 3 };
}

const HOSTILE = "<b>高新区</b> & <script>多大</script>?";
const HOSTILE_ESCAPED = "&lt;b&gt;高新区&lt;/b&gt; &amp; &lt;script&gt;多大&lt;/script&gt;?";

/** Visible text: tags removed, entities decoded, whitespace dropped (joins and cuts only move whitespace). */
function visible(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, "");
}

/** What a reader should see, built from the Answer's fields rather than from the renderer. */
function expectedVisible(answer: Answer, heading: string): string {
  const parts = [answer.answer, heading];
  for (const c of [...answer.citations].sort((a, b) => a.n - b.n)) {
    parts.push(`[${c.n}]`, c.text, c.article.title, "·", c.article.source, "·", c.article.date);
  }
  return parts.join("").replace(/\s+/g, "");
}

function expectValidMessages(messages: string[]): void {
  expect(messages.length).toBeGreaterThan(0);
  for (const message of messages) {
    expect(message.length).toBeLessThanOrEqual(4096);
    expect(balanceCheck(message)).toBe(true);
  }
}

describe("escapeHtml", () => {
  it("escapes exactly <, > and &, leaving quotes alone", () => {
    expect(escapeHtml(`${HOSTILE} "引号" 'x'`)).toBe(`${HOSTILE_ESCAPED} "引号" 'x'`);
  });

  it("escapes an existing entity again, so the reader sees what the source said", () => {
    expect(escapeHtml("&amp;")).toBe("&amp;amp;");
  });
});

describe("renderAnswer", () => {
  it("escapes HTML-hostile text in the answer and in the quote, keeping the markers", () => {
    const messages = renderAnswer(answerWith(`${HOSTILE}[1]`, [citation(1, HOSTILE)]), "zh");
    expect(messages).toEqual([
      `${HOSTILE_ESCAPED}[1]\n\n<b>来源</b>\n\n[1]\n<blockquote>${HOSTILE_ESCAPED}</blockquote>\n${SOURCE_LINE}`,
    ]);
    expectValidMessages(messages);
  });

  it("keeps the answer's [n] markers and lists the sources by number", () => {
    const answer = answerWith("衡阳高新区规划面积170.57平方公里[1],于1992年经省人民政府批准成立[2]。", [
      citation(2, "衡阳高新区于1992年经省人民政府批准成立。"),
      citation(1, "高新区位于衡阳市城区的西南部,规划面积170.57平方公里。"),
    ]);
    const [message = ""] = renderAnswer(answer, "zh");
    expect(message.startsWith(`${answer.answer}\n\n<b>来源</b>\n\n[1]\n`)).toBe(true);
    expect(message.indexOf("[1]\n<blockquote")).toBeLessThan(message.indexOf("[2]\n<blockquote"));
  });

  it("uses an English heading for an English reader, still quoting the Chinese source", () => {
    const [message = ""] = renderAnswer(
      answerWith("It covers 170.57 km² [1].", [citation(1, "规划面积170.57平方公里。")]),
      "en",
    );
    expect(message).toContain("\n\n<b>Sources</b>\n\n[1]\n<blockquote>规划面积170.57平方公里。</blockquote>");
    expect(message).not.toContain("来源");
  });

  describe("folding quotes", () => {
    it("shows one quote of 150 characters open", () => {
      const [message = ""] = renderAnswer(answerWith("答[1]", [citation(1, "高".repeat(150))]), "zh");
      expect(message).toContain(`<blockquote>${"高".repeat(150)}</blockquote>`);
    });

    it("folds one quote longer than 150 characters", () => {
      const [message = ""] = renderAnswer(answerWith("答[1]", [citation(1, "高".repeat(151))]), "zh");
      expect(message).toContain(`<blockquote expandable>${"高".repeat(151)}</blockquote>`);
    });

    it("counts characters, not UTF-16 units: 150 rare Han characters stay open", () => {
      const [message = ""] = renderAnswer(answerWith("答[1]", [citation(1, "𠀀".repeat(150))]), "zh");
      expect(message).toContain("<blockquote>𠀀");
    });

    it("folds every quote when there are two or more", () => {
      const [message = ""] = renderAnswer(
        answerWith("答[1][2]", [citation(1, "短句一。"), citation(2, "短句二。")]),
        "zh",
      );
      expect(message).toContain("[1]\n<blockquote expandable>短句一。</blockquote>");
      expect(message).toContain("[2]\n<blockquote expandable>短句二。</blockquote>");
      expect(message).not.toContain("<blockquote>");
    });
  });

  describe("the source line", () => {
    it("links the title, escaping title, source and date, and the url as an attribute", () => {
      const c = citation(1, "句子。", {
        title: 'A <b> & "C"',
        source: "X & Y",
        date: "2020-07-21",
        url: 'https://example.com/?a=1&b="2"',
      });
      const [message = ""] = renderAnswer(answerWith("答[1]", [c]), "zh");
      expect(
        message.endsWith(
          '\n<a href="https://example.com/?a=1&amp;b=&quot;2&quot;">A &lt;b&gt; &amp; "C"</a> · X &amp; Y · 2020-07-21',
        ),
      ).toBe(true);
    });

    it.each([
      ["empty", ""],
      ["javascript:", "javascript:alert(1)"],
      ["relative", "/news/1.html"],
      ["ftp", "ftp://example.com/a"],
    ])("shows the title without a link for a %s url", (_, url) => {
      const [message = ""] = renderAnswer(answerWith("答[1]", [citation(1, "句子。", { url })]), "zh");
      expect(message.endsWith(`</blockquote>\n${article.title} · 中国高新院 (achie.org) · 2020-07-21`)).toBe(
        true,
      );
      expect(message).not.toContain("<a ");
    });
  });

  it("renders a meta citation (the article itself, quoted by title) like any other", () => {
    const meta: Citation = { n: 1, id: article.id, text: article.title, article };
    const [message = ""] = renderAnswer(answerWith("知识库里有这篇文章[1]。", [meta]), "zh");
    expect(message).toBe(
      `知识库里有这篇文章[1]。\n\n<b>来源</b>\n\n[1]\n<blockquote>${article.title}</blockquote>\n${SOURCE_LINE}`,
    );
  });

  it("renders a refusal as its escaped text alone, line breaks kept", () => {
    const refusal: Answer = {
      question: "北京高新区多大?",
      answered: false,
      answer: "抱歉，<知识库>里没有 & 相关内容。\n可以问：\n• 规划面积?",
      citations: [],
      mode: "offline",
      ms: 1,
    };
    expect(renderAnswer(refusal, "zh")).toEqual([
      "抱歉，&lt;知识库&gt;里没有 &amp; 相关内容。\n可以问：\n• 规划面积?",
    ]);
  });

  it("splits 30 long citations into valid messages without breaking a citation or losing text", () => {
    const citations = Array.from({ length: 30 }, (_, i) =>
      citation(i + 1, `第${i + 1}句：高新区 & <园区> 的发展，${"产业集群化发展。".repeat(35)}`),
    );
    const answer = answerWith(citations.map((c) => `要点${c.n}[${c.n}]`).join(","), citations);
    const messages = renderAnswer(answer, "zh");

    expect(messages.length).toBeGreaterThan(2);
    expectValidMessages(messages);
    for (const c of citations) {
      const block = `[${c.n}]\n<blockquote expandable>${escapeHtml(c.text)}</blockquote>\n${SOURCE_LINE}`;
      expect(messages.filter((m) => m.includes(block))).toHaveLength(1);
    }
    // The heading stays with the first source rather than closing a message on its own.
    expect(messages.some((m) => m.includes("<b>来源</b>\n\n[1]\n"))).toBe(true);
    expect(visible(messages.join(""))).toBe(expectedVisible(answer, "来源"));
  });

  it("splits one 10,000-character quote into valid messages, each piece still folded", () => {
    const sentence = `${"衡阳高新区 & 产业园区，".repeat(833)}完。`;
    expect(sentence.length).toBeGreaterThanOrEqual(10_000);
    const answer = answerWith("答[1]", [citation(1, sentence)]);
    const messages = renderAnswer(answer, "zh");

    expect(messages.length).toBeGreaterThanOrEqual(3);
    expectValidMessages(messages);
    // The quote starts right under the answer rather than in a message of its own.
    expect(messages[0]?.startsWith("答[1]\n\n<b>来源</b>\n\n[1]\n<blockquote expandable>衡阳高新区")).toBe(
      true,
    );
    for (const message of messages.slice(1)) expect(message.startsWith("<blockquote expandable>")).toBe(true);
    expect(messages.at(-1)?.endsWith(`完。</blockquote>\n${SOURCE_LINE}`)).toBe(true);
    expect(visible(messages.join(""))).toBe(expectedVisible(answer, "来源"));
  });
});

// Synthetic article, made up for these tests: not from the knowledge base.
const synthetic: Article = {
  id: "synthetic-2024-01-01",
  title: "合成文章 <测试>",
  date: "2024-01-01",
  source: "测试来源 & Co",
  url: "https://example.com/a?b=1&c=2",
  raw: "raw/synthetic.md",
  lang: "zh-Hans",
  figures: [],
  paragraphs: [
    { id: "p1", sentences: [{ id: "synthetic-2024-01-01#p1s1", text: "第一段。" }] },
    {
      id: "p2",
      sentences: [
        { id: "synthetic-2024-01-01#p2s1", text: "园区面积<很大>。" },
        { id: "synthetic-2024-01-01#p2s2", text: "企业 & 人才很多。" },
        { id: "synthetic-2024-01-01#p2s3", text: "交通便利。" },
      ],
    },
  ],
};

describe("renderParagraph", () => {
  const heading =
    '<b><a href="https://example.com/a?b=1&amp;c=2">合成文章 &lt;测试&gt;</a></b>\n测试来源 &amp; Co · 2024-01-01';

  it("shows the whole paragraph under the linked title, with the cited sentence in bold", () => {
    expect(renderParagraph(synthetic, "synthetic-2024-01-01#p2s2", "zh")).toEqual([
      `${heading}\n\n园区面积&lt;很大&gt;。<b>企业 &amp; 人才很多。</b>交通便利。`,
    ]);
  });

  it("bolds the first sentence of a paragraph too", () => {
    const [message = ""] = renderParagraph(synthetic, "synthetic-2024-01-01#p2s1", "zh");
    expect(message.endsWith("\n\n<b>园区面积&lt;很大&gt;。</b>企业 &amp; 人才很多。交通便利。")).toBe(true);
  });

  it("says politely when the sentence is not there, in the reader's language", () => {
    const [zh, ...zhRest] = renderParagraph(synthetic, "synthetic-2024-01-01#p9s1", "zh");
    const [en] = renderParagraph(synthetic, "synthetic-2024-01-01#p9s1", "en");
    expect(zhRest).toEqual([]);
    expect(zh).toContain("抱歉");
    expect(en).toMatch(/^Sorry/);
    expect(zh).not.toContain("园区");
  });

  it("splits a very long paragraph into valid messages, the bold sentence reopened where cut", () => {
    const long: Article = {
      ...synthetic,
      paragraphs: [
        {
          id: "p1",
          sentences: [
            { id: "synthetic-2024-01-01#p1s1", text: "前文。".repeat(1000) },
            { id: "synthetic-2024-01-01#p1s2", text: "引用的句子，".repeat(1000) },
          ],
        },
      ],
    };
    const messages = renderParagraph(long, "synthetic-2024-01-01#p1s2", "zh");
    expectValidMessages(messages);
    expect(messages.join("").match(/<b>引用的句子/g)?.length).toBeGreaterThanOrEqual(2);
  });
});

describe("renderInlineResult", () => {
  const short = answerWith("衡阳高新区规划面积170.57平方公里[1]。", [
    citation(1, "规划面积170.57平方公里。"),
  ]);

  it("uses the question as title, the answer without markers as description, and the answer message as html", () => {
    expect(renderInlineResult(short, "zh")).toEqual({
      title: "衡阳高新区规划面积有多大?",
      description: "衡阳高新区规划面积170.57平方公里。",
      html: renderAnswer(short, "zh")[0],
    });
  });

  it("drops an English marker with the space before it", () => {
    const english = answerWith(
      "It covers 170.57 km² [1].",
      [citation(1, "规划面积170.57平方公里。")],
      "How big?",
    );
    expect(renderInlineResult(english, "en").description).toBe("It covers 170.57 km².");
  });

  it("truncates a long question and answer to one line each", () => {
    const long = answerWith(
      `${"很长的回答，".repeat(40)}[1]`,
      [citation(1, "句子。")],
      `${"很长的问题\n".repeat(20)}?`,
    );
    const { title, description } = renderInlineResult(long, "zh");
    expect([...title].length).toBeLessThanOrEqual(60);
    expect(title.endsWith("…")).toBe(true);
    expect(title).not.toContain("\n");
    expect([...description].length).toBeLessThanOrEqual(120);
    expect(description).not.toMatch(/\[\d+\]/);
  });

  it("gives a title even for an empty question", () => {
    expect(renderInlineResult({ ...short, question: "" }, "zh").title).not.toBe("");
  });

  it("cuts an answer too long for one message to a single valid message ending in …", () => {
    const citations = Array.from({ length: 30 }, (_, i) => citation(i + 1, "产业集群化发展。".repeat(40)));
    const { html } = renderInlineResult(answerWith("答[1]", citations), "zh");
    expect(html.length).toBeLessThanOrEqual(4096);
    expect(html.length).toBeGreaterThan(2048);
    expect(balanceCheck(html)).toBe(true);
    expect(html.startsWith("答[1]\n\n<b>来源</b>")).toBe(true);
    expect(html.endsWith("\n…")).toBe(true);
  });
});
