import { beforeAll, describe, expect, it } from "vitest";
import type { Article } from "../../src/knowledge/article.js";
import { loadLexicon, type Zone } from "../../src/search/lexicon.js";
import {
  articleSubject,
  parkMentions,
  sentenceSubjects,
  weakNameCounts,
  type ZoneNames,
  zoneNames,
} from "../../src/search/subjects.js";

/** Synthetic zone and text: the fictional 示例高新区 in 示例市, with neighbours named by pattern. */
const ZONE: Zone = {
  canonical: "示例高新区",
  englishName: "Shili High-tech Zone",
  aliases: ["示例高新技术产业开发区", "示例国家高新区"],
  english: ["shili high-tech zone"],
  city: "示例市",
  cityAliases: [],
  otherParks: ["演示工业园"],
};

let zone: ZoneNames;
beforeAll(() => {
  zone = zoneNames(ZONE);
});

const subjects = (text: string) => parkMentions(text, zone).map((m) => m.subject ?? "(ref)");

describe("parkMentions", () => {
  it("recognises the zone by any of its names, and by its city with a park kind", () => {
    expect(subjects("示例高新技术产业开发区成立于2003年。")).toEqual(["示例高新区"]);
    expect(subjects("位于示例市高新区的企业")).toEqual(["示例高新区"]);
    expect(subjects("Shili High-tech Zone covers 12.5 sq km.")).toEqual(["示例高新区"]);
  });

  it("recognises other parks by pattern: a place name before a park kind, folded to a short kind", () => {
    expect(subjects("株洲高新区规划面积35平方公里")).toEqual(["株洲高新区"]);
    expect(subjects("与样本经济技术开发区签约")).toEqual(["样本经开区"]);
    expect(subjects("和演示工业园相比")).toEqual(["演示工业园"]);
    expect(subjects("the Yangben Economic Development Zone was founded")).toEqual(["Yangben Zone"]);
  });

  it("reads bare kinds and references as references, and a rank as nothing", () => {
    expect(subjects("高新区位于城区西南部,该高新区交通便利")).toEqual(["(ref)", "(ref)"]);
    expect(subjects("经国务院批准升级为国家高新区")).toEqual([]);
    expect(subjects("全省高新区综合评价")).toEqual(["(ref)"]);
  });

  it("marks a common noun before a kind as a weak name, and reads any word so in a question", () => {
    const [helped] = parkMentions("调研结束后,助力高新区“十四五”规划编制", zone);
    expect(helped?.weak ?? false).toBe(true);
    expect(parkMentions("测试高新区的面积", zone, { loose: true })[0]?.subject).toBe("测试高新区");
  });
});

function article(title: string, paragraphs: string[][]): Article {
  return {
    id: "a",
    title,
    date: "2022-01-01",
    source: "示例网",
    url: "https://a.example.org/",
    raw: "raw/a.txt",
    lang: "zh-Hans",
    figures: [],
    paragraphs: paragraphs.map((sentences, p) => ({
      id: `p${p + 1}`,
      sentences: sentences.map((text, s) => ({ id: `a#p${p + 1}s${s + 1}`, text })),
    })),
  };
}

describe("sentence subjects", () => {
  it("resolves references to the park the paragraph was last about, and weak names only when repeated", () => {
    const a = article("三家园区发展情况比较", [
      ["示例高新区规划面积12.5平方公里。", "样本经开区位于样本市南部。", "该区规划面积38.6平方公里。"],
      ["园区现有企业1520家。", "助力高新区发展是共同目标。"],
      ["与样本经开区相比,示例高新区的企业更多。"],
    ]);
    const s = sentenceSubjects(a, zone);
    expect(s.get("a#p1s1")).toEqual(["示例高新区"]);
    expect(s.get("a#p1s2")).toEqual(["样本经开区"]);
    expect(s.get("a#p1s3")).toEqual(["样本经开区"]);
    // A new paragraph starts from the article's main subject; 助力 is said once, so it is no park's name.
    expect(s.get("a#p2s1")).toEqual(["示例高新区"]);
    expect(s.get("a#p2s2")).toEqual(["示例高新区"]);
    expect(s.get("a#p3s1")).toEqual(["样本经开区", "示例高新区"]);
  });

  it("takes an article's main subject from its title, else the park it names most, else the zone", async () => {
    expect(articleSubject(article("样本经开区新能源汽车基地开工", [["基地总投资80亿元。"]]), zone)).toBe(
      "样本经开区",
    );
    expect(articleSubject(article("一则通知", [["请各企业按时申报。"]]), zone)).toBe("示例高新区");
    const real = zoneNames((await loadLexicon()).zone);
    expect(articleSubject(article("衡阳高新区召开动员会", [["会议在高新区召开。"]]), real)).toBe(
      "衡阳高新区",
    );
  });
});

describe("park names that are also verbs", () => {
  it("names a park by a verb-like word only once the knowledge base repeats it", async () => {
    const zone = zoneNames((await loadLexicon()).zone);
    const [mention] = parkMentions("模拟经开区位于模拟市东部。", zone);
    expect(mention).toMatchObject({ subject: "模拟经开区", weak: true, verbal: true });
    const once = article("模拟经开区简介", [["模拟经开区位于模拟市东部。"]]);
    const counts = weakNameCounts([once], zone);
    expect(counts.get("模拟经开区")).toBeLessThan(2);
  });
});

describe("park names the dictionary does not know", () => {
  it("reads single characters before a kind as a weak name once repeated, so their facts are not the zone's", async () => {
    const zone = zoneNames((await loadLexicon()).zone);
    const [mention] = parkMentions("樾禾经济技术开发区规划面积20平方公里。", zone);
    expect(mention).toMatchObject({ subject: "樾禾经开区", weak: true });
    const a = article("三园区比较", [
      ["樾禾经济技术开发区规划面积20平方公里。", "樾禾经开区距樾禾机场9公里。"],
    ]);
    const subjects = sentenceSubjects(a, zone);
    expect(subjects.get("a#p1s1")).toEqual(["樾禾经开区"]);
  });
});

describe("other parks in the zone's city", () => {
  it("reads the city's name before another kind of park as another park, and before the zone's kind as the zone", async () => {
    const zone = zoneNames((await loadLexicon()).zone);
    expect(parkMentions("衡阳新区的面积", zone)[0]?.subject).toBe("衡阳新区");
    expect(parkMentions("衡阳综合保税区的面积", zone)[0]?.subject).toBe("衡阳综保区");
    expect(parkMentions("衡阳国家高新技术产业开发区的面积", zone)[0]?.subject).toBe(zone.canonical);
  });
});
