import { beforeAll, describe, expect, it } from "vitest";
import type { OfflineAnswerer } from "../../src/answer/offline/offline-answerer.js";
import { rewriteQuestion } from "../../src/search/rewrite.js";
import { realAnswerer } from "../helpers/real-kb.js";

let bot: OfflineAnswerer;
beforeAll(async () => {
  bot = await realAnswerer();
});
const rewrite = (q: string) => rewriteQuestion(q, bot.lexicon, bot.index);

describe("rewriteQuestion", () => {
  it("fixes pinyin-input typos to words the knowledge base uses", () => {
    expect(rewrite("高心区啥时候成立").text).toContain("高新区");
    expect(rewrite("衡杨高新区").text).toBe("衡阳高新区");
    expect(rewrite("啥时候成力的").text).toBe("啥时候成立的");
    expect(rewrite("横阳高新区的898创新中心").text).toContain("衡阳高新区");
    expect(rewrite("管委会副主人是谁").text).toContain("管委会副主任");
    expect(rewrite("南岳鸡场多远").text).toContain("南岳机场");
  });

  it("never fixes across the edges of words the knowledge base uses", () => {
    // 区未 sounds like 区位 (in the article) but is the end of 高新区 and the start of 未来.
    expect(rewrite("高新区未来怎么发展").text).toContain("未来");
    // 冰在 sounds like 并在 (in the article), but 肖冰 is spelled as the article spells it.
    expect(rewrite("肖冰在高新区担任什么职务").text).toContain("肖冰在");
    // 区未 sounds like 区位, but 区 belongs to 高新区 and 未 to 未来.
    expect(rewrite("高新区未来的产业").corrections).toEqual([]);
    // 一下 is an ordinary word, not a typo for 以下.
    expect(rewrite("介绍一下").corrections).toEqual([]);
  });

  it("folds the park's names to one", () => {
    for (const name of ["衡阳国家高新区", "衡阳高新技术产业开发区", "Hengyang High-tech Zone"]) {
      expect(rewrite(`${name}有多大`).text).toContain("衡阳高新区");
    }
  });

  it("translates English through the glossary and reports words it has none for", () => {
    const r = rewrite("How far is Nanyue Airport from the zone for Tesla trucks?");
    expect(r.english).toBe(true);
    expect(r.text).toContain("南岳机场");
    expect(r.unknownEnglish.names).toContain("tesla");
    expect(r.unknownEnglish.words).toContain("trucks");
  });

  it("reads only the first 1,000 characters of a huge question", () => {
    expect(rewrite("面积".repeat(10_000)).folded.length).toBe(1000);
  });
});
