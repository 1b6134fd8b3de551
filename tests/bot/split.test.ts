import { describe, expect, it } from "vitest";
import { balanceCheck, splitLongBlock, splitMessages } from "../../src/bot/split.js";

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

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function expectValidPieces(pieces: string[], limit: number, source: string): void {
  expect(pieces.length).toBeGreaterThan(0);
  for (const piece of pieces) {
    expect(piece.length).toBeLessThanOrEqual(limit);
    expect(balanceCheck(piece), piece).toBe(true);
    // Checked without the module's tokenizer too: no half entity, no half tag.
    expect(piece).not.toMatch(/&(?!(?:amp|lt|gt|quot);)/);
    expect(piece).not.toMatch(/<(?![a-z/][^<>]*>)/);
    expect(LONE_SURROGATE.test(piece)).toBe(false);
  }
  expect(visible(pieces.join(""))).toBe(visible(source));
}

describe("balanceCheck", () => {
  it("accepts nested, closed tags with entities and attributes", () => {
    expect(balanceCheck('<b>a <i>b</i></b> &amp; <a href="http://x.cn/?a=1&amp;b=2">c</a>')).toBe(true);
    expect(balanceCheck("<blockquote expandable>引用</blockquote>")).toBe(true);
    expect(balanceCheck("plain text")).toBe(true);
  });

  it("rejects crossed, unclosed or stray closing tags", () => {
    expect(balanceCheck("<b>a <i>b</b></i>")).toBe(false);
    expect(balanceCheck("<b>a")).toBe(false);
    expect(balanceCheck("a</b>")).toBe(false);
  });

  it("rejects half a tag or half an entity", () => {
    expect(balanceCheck('<a hre="x">')).toBe(false);
    expect(balanceCheck("<a hre")).toBe(false);
    expect(balanceCheck("a &am")).toBe(false);
    expect(balanceCheck("1 < 2")).toBe(false);
  });
});

describe("splitMessages", () => {
  it("does what its doc example says", () => {
    expect(splitMessages(["衡阳高新区规划面积170.57平方公里[1]。", "<b>来源</b>"])).toEqual([
      "衡阳高新区规划面积170.57平方公里[1]。\n\n<b>来源</b>",
    ]);
  });

  it("packs blocks into one message joined by a blank line", () => {
    expect(splitMessages(["一", "<b>二</b>", "三"])).toEqual(["一\n\n<b>二</b>\n\n三"]);
  });

  it("starts a new message when the next block does not fit, never splitting a block", () => {
    const blocks = Array.from({ length: 10 }, (_, i) => `<blockquote>${String(i).repeat(20)}</blockquote>`);
    // Each block is 45 characters; two joined are 92, three 139: two per message.
    const messages = splitMessages(blocks, 100);
    expect(messages).toHaveLength(5);
    for (const block of blocks) expect(messages.filter((m) => m.includes(block))).toHaveLength(1);
    expect(messages.join("\n\n")).toBe(blocks.join("\n\n"));
  });

  it("counts the join: a block that fits only without it goes to the next message", () => {
    expect(splitMessages(["a".repeat(5), "b".repeat(4)], 10)).toEqual(["aaaaa", "bbbb"]);
    expect(splitMessages(["a".repeat(5), "b".repeat(3)], 10)).toEqual(["aaaaa\n\nbbb"]);
  });

  it("drops empty blocks, and gives no message for no content", () => {
    expect(splitMessages(["", "a", "  ", "b"])).toEqual(["a\n\nb"]);
    expect(splitMessages([])).toEqual([]);
  });

  it("cuts a block longer than the limit, starting it in the room left and packing what follows", () => {
    const long = `<i>${"长句子。".repeat(28)}</i>`;
    const messages = splitMessages(["开头", long, "结尾"], 50);
    // "开头" and the join leave 46: the first piece takes 9 sentences; the next ones 10 and 9.
    expect(messages[0]).toBe(`开头\n\n<i>${"长句子。".repeat(9)}</i>`);
    expect(messages.at(-1)).toBe(`<i>${"长句子。".repeat(9)}</i>\n\n结尾`);
    expectValidPieces(messages, 50, `开头${long}结尾`);
  });

  it("starts a long block in a new message when less than a quarter of the last one is free", () => {
    const long = `<i>${"长句子。".repeat(28)}</i>`;
    const messages = splitMessages(["开".repeat(40), long], 50);
    expect(messages[0]).toBe("开".repeat(40));
    expectValidPieces(messages, 50, `${"开".repeat(40)}${long}`);
  });
});

describe("splitLongBlock", () => {
  it("does what its doc example says", () => {
    expect(splitLongBlock("<b>一句话。两句话。</b>", 12)).toEqual(["<b>一句话。</b>", "<b>两句话。</b>"]);
  });

  it("prefers a paragraph break over a sentence end", () => {
    const block = `${"第一段的话。".repeat(6)}\n\n${"第二段。".repeat(6)}`;
    expect(splitLongBlock(block, 50)).toEqual(["第一段的话。".repeat(6), "第二段。".repeat(6)]);
  });

  it("skips a break that would leave the piece less than half full", () => {
    const block = `短。\n\n${"长".repeat(100)}`;
    const [first] = splitLongBlock(block, 50);
    expect(first).toBe(`短。\n\n${"长".repeat(46)}`);
  });

  it("cuts after sentence-final punctuation, closing quotes included", () => {
    const block = "甲说：“规划面积170.57平方公里。”乙说：“1992年成立。”丙说：“2012年升级。”";
    // The first two sentences take 34 characters; the third would not fit.
    const pieces = splitLongBlock(block, 36);
    expect(pieces).toEqual(["甲说：“规划面积170.57平方公里。”乙说：“1992年成立。”", "丙说：“2012年升级。”"]);
  });

  it("treats an English full stop as a sentence end only before a space", () => {
    const block = "The zone covers 170.57 square km. It was founded in 1992. It was upgraded in 2012.";
    const pieces = splitLongBlock(block, 60);
    expect(pieces).toEqual([
      "The zone covers 170.57 square km. It was founded in 1992.",
      "It was upgraded in 2012.",
    ]);
  });

  it("cuts at the limit when there is no break at all, losing nothing", () => {
    const block = "高".repeat(25);
    expect(splitLongBlock(block, 10)).toEqual(["高".repeat(10), "高".repeat(10), "高".repeat(5)]);
  });

  it("closes open tags at a cut and reopens them, attributes and all", () => {
    const block =
      '<blockquote expandable><a href="http://x.cn/?a=1&amp;b=2">一二三四五。六七八九十。</a></blockquote>';
    // Exactly one sentence with the reopened and closed tags fits.
    const pieces = splitLongBlock(block, 81);
    expect(pieces).toEqual([
      '<blockquote expandable><a href="http://x.cn/?a=1&amp;b=2">一二三四五。</a></blockquote>',
      '<blockquote expandable><a href="http://x.cn/?a=1&amp;b=2">六七八九十。</a></blockquote>',
    ]);
  });

  it("never cuts inside an entity, whatever the limit", () => {
    const block = `<b>${"A&amp;B &lt;c&gt; ".repeat(40)}</b>`;
    for (let limit = 12; limit <= 120; limit++) {
      const pieces = splitLongBlock(block, limit);
      expectValidPieces(pieces, limit, block);
    }
  });

  it("never cuts inside a tag, whatever the limit", () => {
    const link = '<a href="https://www.example.com/news/2020/07/21/article.html">链接</a>';
    const block = `<i>${`文字${link}和<u>下划线</u>`.repeat(20)}</i>`;
    for (let limit = 90; limit <= 300; limit += 7) {
      const pieces = splitLongBlock(block, limit);
      expectValidPieces(pieces, limit, block);
      // Every anchor that opens in a piece is the whole original tag.
      for (const piece of pieces) {
        for (const tag of piece.match(/<a [^>]*>/g) ?? []) {
          expect(tag).toBe('<a href="https://www.example.com/news/2020/07/21/article.html">');
        }
      }
    }
  });

  it("never separates the halves of a surrogate pair", () => {
    const block = "🏭园区𠀀".repeat(50);
    for (let limit = 5; limit <= 40; limit++) expectValidPieces(splitLongBlock(block, limit), limit, block);
  });

  it("drops whitespace at a cut so a reopened quote does not start with blank lines", () => {
    const block = `<blockquote>${"一句话。".repeat(5)}\n\n${"两句话。".repeat(5)}</blockquote>`;
    // 45 is one paragraph in its quote: the cut must land on the blank line and drop it.
    const pieces = splitLongBlock(block, 45);
    expect(pieces).toEqual([
      `<blockquote>${"一句话。".repeat(5)}</blockquote>`,
      `<blockquote>${"两句话。".repeat(5)}</blockquote>`,
    ]);
  });

  it("throws when the open tags alone leave no room for text", () => {
    const block = `<a href="https://example.com/${"x".repeat(100)}">${"字".repeat(50)}</a>`;
    expect(() => splitLongBlock(block, 60)).toThrow(RangeError);
  });
});
