import { describe, expect, it } from "vitest";
import { splitSentences } from "../../src/knowledge/sentences.js";

describe("splitSentences", () => {
  it("splits Chinese text on 。!? and keeps ASCII commas inside sentences", () => {
    expect(splitSentences("交通网络四通八达,地理位置优越。区位优势明显!这是真的吗?是的。")).toEqual([
      "交通网络四通八达,地理位置优越。",
      "区位优势明显!",
      "这是真的吗?",
      "是的。",
    ]);
  });

  it("splits on full-width ！？ as pages print them, and keeps ；inside a sentence", () => {
    expect(splitSentences("首批入驻企业26家！还有吗？有，另有40家；正在洽谈。")).toEqual([
      "首批入驻企业26家！",
      "还有吗？",
      "有，另有40家；正在洽谈。",
    ]);
  });

  it("splits English at . ! ? before a capital, never after an abbreviation, an initial or inside a number", () => {
    expect(
      splitSentences(
        "The zone covers approx. 12.5 sq km. It was founded by Mr. Wang and J. Smith in 1998, e.g. with U.S. funds. Is it big? Yes!",
      ),
    ).toEqual([
      "The zone covers approx. 12.5 sq km.",
      "It was founded by Mr. Wang and J. Smith in 1998, e.g. with U.S. funds.",
      "Is it big?",
      "Yes!",
    ]);
  });

  it("never splits inside decimals", () => {
    expect(splitSentences("规划面积170.57平方公里。增长3.5%。")).toEqual([
      "规划面积170.57平方公里。",
      "增长3.5%。",
    ]);
  });

  it("keeps closing quotes and brackets with the sentence they close", () => {
    expect(splitSentences("他说:“开放日将每年举办一次。”据介绍,园区有86家企业。")).toEqual([
      "他说:“开放日将每年举办一次。”",
      "据介绍,园区有86家企业。",
    ]);
    expect(splitSentences("「我們將提供更多空間。」負責人表示。")).toEqual([
      "「我們將提供更多空間。」",
      "負責人表示。",
    ]);
    expect(splitSentences("(以上为初步数据。)下一步继续调研。")).toEqual([
      "(以上为初步数据。)",
      "下一步继续调研。",
    ]);
    expect(splitSentences("『好!』")).toEqual(["『好!』"]);
  });

  it("treats a run of enders as one boundary", () => {
    expect(splitSentences("真的吗?!当然。")).toEqual(["真的吗?!", "当然。"]);
  });

  it("splits English on .!? followed by a space or the end, not on decimals", () => {
    expect(splitSentences("The park covers 3.5 hectares. It opened in 2001! Is it big? Yes")).toEqual([
      "The park covers 3.5 hectares.",
      "It opened in 2001!",
      "Is it big?",
      "Yes",
    ]);
    expect(splitSentences('He said "it works." Then he left.')).toEqual([
      'He said "it works."',
      "Then he left.",
    ]);
  });

  it("splits on ASCII !? directly followed by Chinese, but not on a period there", () => {
    expect(splitSentences("太好了!我们出发。")).toEqual(["太好了!", "我们出发。"]);
    expect(splitSentences("见附件1.第二部分。")).toEqual(["见附件1.第二部分。"]);
  });

  it("does not split a list number from its item", () => {
    expect(splitSentences("1. Build the lab. 2. Hire staff.")).toEqual([
      "1. Build the lab.",
      "2. Hire staff.",
    ]);
  });

  it("trims and drops empty pieces", () => {
    expect(splitSentences("  第一句。  第二句。  ")).toEqual(["第一句。", "第二句。"]);
    expect(splitSentences("   ")).toEqual([]);
    expect(splitSentences("没有句号的标题")).toEqual(["没有句号的标题"]);
  });
});
