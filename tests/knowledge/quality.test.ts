import { describe, expect, it } from "vitest";
import { sentenceFlags } from "../../src/knowledge/quality.js";

describe("sentenceFlags", () => {
  it("flags letters and digits wedged into Chinese by anti-scraping tools", () => {
    expect(sentenceFlags("示例高新区规划面积x7Kq约为12.5平方公里。")).toContain("junk");
  });

  it("does not flag a figure written with a unit symbol, or an acronym", () => {
    for (const text of [
      "该项目建成后可形成年产储能电池8GWh的能力。",
      "新建500kV变电站一座。",
      "企业量产28nm芯片。",
      "园区5G基站全覆盖。",
    ])
      expect(sentenceFlags(text)).not.toContain("junk");
  });
});
