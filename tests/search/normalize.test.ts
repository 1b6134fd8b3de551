import { describe, expect, it } from "vitest";
import { fold, isEnglish, replaceOutside } from "../../src/search/normalize.js";
import { cutWords, indexTerms } from "../../src/search/segment.js";

describe("fold", () => {
  it("folds traditional to simplified, full width to half width, and case", () => {
    expect(fold("衡陽高新區的規劃面積？")).toBe("衡阳高新区的规划面积?");
    expect(fold("ＧＤＰ　１７０．５７")).toBe("gdp 170.57");
  });
});

describe("replaceOutside", () => {
  it("does not rewrite an occurrence that is already inside the target", () => {
    expect(replaceOutside("金字招牌和招牌", "招牌", "金字招牌")).toBe("金字招牌和金字招牌");
  });
});

describe("isEnglish", () => {
  it("is true only for Latin text without Chinese", () => {
    expect(isEnglish("how big is it?")).toBe(true);
    expect(isEnglish("how big is 高新区?")).toBe(false);
    expect(isEnglish("170.57")).toBe(false);
  });
});

describe("segmentation", () => {
  it("keeps the park's words whole, unlike Intl.Segmenter", () => {
    expect(cutWords("距衡阳火车站8公里")).toEqual(["距", "衡阳", "火车站", "8", "公里"]);
  });
  it("indexes search-mode words and character bigrams", () => {
    const terms = indexTerms("高新区规划面积");
    expect(terms).toEqual(expect.arrayContaining(["高新区", "规划", "面积", "新区", "划面"]));
    expect(terms).not.toContain("高");
  });
});
