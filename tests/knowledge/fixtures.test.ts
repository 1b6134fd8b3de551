import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Article } from "../../src/knowledge/article.js";
import { formatIngestReport, type IngestReport, ingest } from "../../src/knowledge/ingest.js";
import { loadKnowledge } from "../../src/knowledge/load.js";

/**
 * Generality: synthetic scrapes in tests/fixtures/raw (all about the fictional 示例科技园 / Example Park), each
 * with a different layout, ingested together into a temp knowledge directory.
 */
const FIXTURES = fileURLToPath(new URL("../fixtures/raw", import.meta.url));

let dir: string;
let report: IngestReport;
let articles: Map<string, Article>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "parkbot-fixtures-"));
  await cp(FIXTURES, join(dir, "raw"), { recursive: true });
  report = await ingest(dir);
  articles = new Map((await loadKnowledge(dir)).map((a) => [a.id, a]));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sentences(id: string): string[] {
  const article = articles.get(id);
  if (!article) throw new Error(`no article ${id}`);
  return article.paragraphs.flatMap((p) => p.sentences.map((s) => s.text));
}

function allText(id: string): string {
  const article = articles.get(id);
  return JSON.stringify(article?.paragraphs ?? []);
}

describe("ingest of the synthetic fixtures", () => {
  it("writes the good files and rejects the broken ones, naming each file", async () => {
    expect(report.articles.map((a) => a.id).sort()).toEqual([
      "example-park-fund",
      "example-park-hant",
      "example-park-notes",
      "example-park-open-day",
    ]);
    expect(report.articles.every((a) => a.status === "written")).toBe(true);
    expect(report.rejected).toMatchObject([
      {
        raw: join(dir, "raw", "105_broken-no-date.txt"),
        error: `${join(dir, "raw", "105_broken-no-date.txt")}: missing date (the page does not state it; add it to raw/sources.json)`,
        missing: { fields: ["date"], stanza: '"105_broken-no-date.txt": {"date": "YYYY-MM-DD"}' },
      },
      {
        raw: join(dir, "raw", "106_broken-front-matter.md"),
        error: expect.stringMatching(/106_broken-front-matter\.md: unparsable front matter: .+/),
      },
    ]);
    for (const r of report.rejected) expect(r.error).not.toContain("\n");
    expect((await readdir(dir)).filter((n) => n.endsWith(".json")).sort()).toEqual([
      "example-park-fund.json",
      "example-park-hant.json",
      "example-park-notes.json",
      "example-park-open-day.json",
    ]);
    const text = formatIngestReport(report);
    expect(text).toContain("! rejected ");
    expect(text).toContain("105_broken-no-date.txt: missing date");
    expect(text).toContain('add to sources.json: "105_broken-no-date.txt": {"date": "YYYY-MM-DD"}');
    expect(text).toMatch(/4 articles \(4 written, 0 unchanged\), 0 merged, 2 rejected/);
  });

  it("never lets the synthetic-data marker into article text", () => {
    for (const id of articles.keys()) expect(allText(id)).not.toMatch(/SYNTHETIC/);
  });
});

describe("HTML page with header, nav, sidebar and footer", () => {
  const id = "example-park-open-day";

  it("takes metadata from the markup and the 来源/发布时间 line", () => {
    const a = articles.get(id);
    expect(a?.title).toBe("示例科技园举办首届开放日"); // <title> without `_园区动态_示例科技园管委会`
    expect(a?.date).toBe("2022-05-06");
    expect(a?.source).toBe("示例科技园管委会");
    expect(a?.url).toBe("https://park.example.org/news/2022/0506-open-day.html");
    expect(a?.lang).toBe("zh-Hans");
  });

  it("keeps only the article body, with captions as figures", () => {
    expect(articles.get(id)?.figures.map((f) => f.caption)).toEqual([
      "图1 开放日活动现场",
      "图2 市民参观智能制造展区",
    ]);
    expect(sentences(id)).toEqual([
      "5月6日,示例科技园举办首届开放日活动,约300名市民走进园区参观。",
      "活动设置了12个展区,集中展示园区企业的新产品和新技术。",
      "在智能制造展区,参观者体验了示例机器人公司研发的协作机械臂。",
      "园区负责人表示:“开放日今后将每年举办一次。”",
      "据介绍,园区目前共有企业86家,其中高新技术企业31家。",
      "下一步,示例科技园将继续完善公共服务平台,吸引更多创新型企业入驻。",
    ]);
    expect(allText(id)).not.toMatch(/首页|热门文章|版权所有|分享到|上一篇|浏览次数|当前位置|analytics/);
  });
});

describe("traditional-Chinese repost with its own chrome and mobile copy", () => {
  const id = "example-park-hant";

  it("is detected as zh-Hant and keeps the first copy's metadata", () => {
    const a = articles.get(id);
    expect(a?.lang).toBe("zh-Hant");
    expect(a?.title).toBe("示例科技園第二期孵化大樓啟用");
    // The mobile copy says 2022-06-09 / 示例新聞網手機版; the first (desktop) copy wins.
    expect(a?.date).toBe("2022-06-08");
    expect(a?.source).toBe("示例新聞網");
    expect(a?.url).toBe("https://news.example.net/hant/2022/0608-incubator.html");
  });

  it("drops chrome and the duplicate copy, keeping the text as published", () => {
    expect(articles.get(id)?.figures.map((f) => f.caption)).toEqual(["圖1 示例科技園第二期孵化大樓外景"]);
    expect(sentences(id)).toEqual([
      "示例科技園第二期孵化大樓於6月8日正式啟用,總建築面積約2.5萬平方米。",
      "「我們將為初創企業提供更多空間。」",
      "園區負責人表示。",
      "大樓共有18層,其中3層用於共享實驗室。",
      "首批入駐企業共有26家!",
      "另有40家企業正在洽談?",
    ]);
    expect(allText(id)).not.toMatch(/示例新聞網|首頁|返回頂部|分享到|閱讀|您的位置/);
    const removed = report.articles.find((a) => a.id === id)?.removed ?? {};
    expect(removed["duplicate copy"]).toBe(3);
    expect(removed.breadcrumb).toBe(2);
  });
});

describe("copy with a 发布时间:2021年3月5日 date line", () => {
  const id = "example-park-fund";

  it("normalises the date and finds title and source", () => {
    const a = articles.get(id);
    expect(a?.date).toBe("2021-03-05");
    expect(a?.title).toBe("示例科技园设立青年创业基金");
    expect(a?.source).toBe("示例科技园门户网");
    expect(a?.figures).toEqual([]);
    expect(a?.paragraphs.map((p) => p.sentences.length)).toEqual([2, 1]);
    expect(allText(id)).not.toMatch(/字体|上一篇|下一篇|门户网|作者/);
  });
});

describe("Markdown with front matter", () => {
  const id = "example-park-notes";

  it("uses the front matter and turns images/图N lines into figures", () => {
    const a = articles.get(id);
    expect(a?.title).toBe("示例科技园人才公寓交付使用");
    expect(a?.date).toBe("2021-09-15");
    expect(a?.source).toBe("示例科技园管委会");
    expect(a?.url).toBe("https://park.example.org/news/2021/0915-apartments.html");
    // ![图1 …] has no caption line after it; ![公寓样板间] is followed by its 图2 caption, which wins.
    expect(a?.figures.map((f) => f.caption)).toEqual(["图1 人才公寓外景", "图2 公寓样板间"]);
  });

  it("joins soft-wrapped lines, drops the title heading and inline markup", () => {
    expect(articles.get(id)?.paragraphs.map((p) => p.sentences.map((s) => s.text))).toEqual([
      [
        "9月15日,示例科技园人才公寓正式交付使用,共提供住房420套。",
        "公寓距园区主入口约800米,配套建设了食堂和健身房。",
      ],
      [
        "Example Park says the apartments are rented at 70% of the market price.",
        "Applications open on October 1.",
      ],
      ["据示例科技园管委会介绍,首批入住人员将于10月上旬确定。"],
    ]);
  });
});

describe("a second run", () => {
  it("is byte-identical and reports every article unchanged", async () => {
    const before = await Promise.all(report.articles.map((a) => readFile(a.output)));
    const again = await ingest(dir);
    expect(again.articles.map((a) => a.status)).toEqual(report.articles.map(() => "unchanged"));
    expect(again.rejected).toHaveLength(2);
    const after = await Promise.all(again.articles.map((a) => readFile(a.output)));
    expect(after).toEqual(before);
  });
});
