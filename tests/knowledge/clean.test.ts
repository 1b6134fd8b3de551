import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { articleIdFromFileName } from "../../src/knowledge/article-id.js";
import { cleanRaw } from "../../src/knowledge/clean.js";
import { stripSiteSuffix } from "../../src/knowledge/clean-html.js";
import { normaliseDate } from "../../src/knowledge/dates.js";
import { CleanError, KnowledgeError } from "../../src/knowledge/errors.js";
import { ingest } from "../../src/knowledge/ingest.js";
import { isViewCounterLine, parseMetadataLine } from "../../src/knowledge/metadata-line.js";

/** A small synthetic txt scrape about the fictional 示例科技园. */
const TXT = [
  "当前位置:首页 > 园区动态 >",
  "",
  "示例科技园举办植树活动",
  "",
  "来源:示例科技园管委会 日期:2023-03-12 点击:17",
  "",
  "\u3000\u30003月12日,示例科技园组织员工植树200棵。\u00a0 ",
  "",
].join("\n");

describe("metadata parsing", () => {
  it("normalises the date formats pages print", () => {
    expect(normaliseDate("2020-07-21")).toBe("2020-07-21");
    expect(normaliseDate("发布时间:2021年3月5日 10:20")).toBe("2021-03-05");
    expect(normaliseDate("2021/3/5")).toBe("2021-03-05");
    expect(normaliseDate("2022-05-06T09:30:00+08:00")).toBe("2022-05-06");
    expect(normaliseDate("2021年2月30日")).toBeUndefined();
    expect(normaliseDate("规划面积170.57平方公里")).toBeUndefined();
  });

  it("reads source/date/counter lines in both layouts", () => {
    expect(parseMetadataLine("来源:中国高新院 achie.org 日期:2020-07-21 点击:")).toEqual({
      source: "中国高新院 (achie.org)",
      date: "2020-07-21",
      counter: "点击:",
    });
    expect(parseMetadataLine("2020-07-21 来源:中国高新院 achie.org 点击:")).toEqual({
      source: "中国高新院 (achie.org)",
      date: "2020-07-21",
      counter: "点击:",
    });
    expect(parseMetadataLine("發佈時間:2022年6月8日 來源:示例新聞網 閱讀:321")).toEqual({
      source: "示例新聞網",
      date: "2022-06-08",
      counter: "閱讀:321",
    });
    expect(parseMetadataLine("2021-03-05 10:20")).toEqual({ date: "2021-03-05", dateOnly: true });
  });

  it("reads English dates and labels, and bracketed or posted-at date lines", () => {
    expect(normaliseDate("15 July 2015")).toBe("2015-07-15");
    expect(normaliseDate("July 15, 2015")).toBe("2015-07-15");
    expect(normaliseDate("Sept. 3rd, 2019")).toBe("2019-09-03");
    expect(parseMetadataLine("Updated: 15 July 2021")).toEqual({ date: "2021-07-15" });
    expect(parseMetadataLine("Source: Shili Daily  Date: July 15, 2021")).toEqual({
      source: "Shili Daily",
      date: "2021-07-15",
    });
    expect(parseMetadataLine("（来源：示例日报）")).toEqual({ source: "示例日报" });
    expect(parseMetadataLine("回答于 2021-06-30")).toEqual({ date: "2021-06-30", dateOnly: true });
    expect(parseMetadataLine("发布时间：2021年3月5日 作者：王示例")).toEqual({
      date: "2021-03-05",
      author: "王示例",
    });
    // An infobox fact is not the page's date line.
    expect(parseMetadataLine("成立时间：1998年")).toBeUndefined();
  });

  it("does not take prose for a metadata line", () => {
    expect(parseMetadataLine("7月21日,衡阳高新区召开动员会。来源:会议纪要")).toBeUndefined();
    expect(parseMetadataLine("会议时间:2020年7月21日,地点在管委会。")).toBeUndefined();
    expect(parseMetadataLine("示例科技园举办植树活动")).toBeUndefined();
  });

  it("recognises bare view counters", () => {
    expect(isViewCounterLine("点击:")).toBe(true);
    expect(isViewCounterLine("阅读:1024")).toBe(true);
    expect(isViewCounterLine("浏览次数:56次")).toBe(true);
    expect(isViewCounterLine("点击这里查看详情")).toBe(false);
  });

  it("strips site suffixes from page titles", () => {
    expect(stripSiteSuffix("示例科技园举办开放日_园区动态_示例科技园")).toBe("示例科技园举办开放日");
    expect(stripSiteSuffix("Example Park opens - Example News")).toBe("Example Park opens");
    expect(stripSiteSuffix("示例科技园举办开放日")).toBe("示例科技园举办开放日");
    expect(stripSiteSuffix("示例科技园举办开放日--示例日报数字报")).toBe("示例科技园举办开放日");
    expect(stripSiteSuffix("投资者常见问题解答-示例市人民政府")).toBe("投资者常见问题解答");
    expect(stripSiteSuffix("示例高新区2021-2025年发展规划")).toBe("示例高新区2021-2025年发展规划");
  });

  it("derives article ids from file names", () => {
    expect(articleIdFromFileName("000_b860dba5ce0ec7a0.txt")).toBe("b860dba5ce0ec7a0");
    expect(articleIdFromFileName("012_Example Park_2021.HTML")).toBe("example-park-2021");
    expect(articleIdFromFileName("2021-report.md")).toBe("2021-report");
  });
});

describe("cleanRaw", () => {
  it("normalises whitespace but keeps the sentence text", () => {
    const { article, removed } = cleanRaw({
      fileName: "200_tree-day.txt",
      content: TXT,
      meta: { url: "https://park.example.org/tree.html" },
    });
    expect(article.id).toBe("tree-day");
    expect(article.title).toBe("示例科技园举办植树活动");
    expect(article.paragraphs).toEqual([
      { id: "p1", sentences: [{ id: "tree-day#p1s1", text: "3月12日,示例科技园组织员工植树200棵。" }] },
    ]);
    expect(removed).toContainEqual({ reason: "view counter", text: "点击:17" });
    expect(removed).toContainEqual({ reason: "breadcrumb", text: "当前位置:首页 > 园区动态 >" });
  });

  it("lets sources.json fields override extracted ones", () => {
    const { article } = cleanRaw({
      fileName: "tree-day.txt",
      content: TXT,
      meta: { url: "https://x.example.org/", title: "改过的标题", date: "2023年3月13日", source: "示例来源" },
    });
    expect([article.title, article.date, article.source, article.url]).toEqual([
      "改过的标题",
      "2023-03-13",
      "示例来源",
      "https://x.example.org/",
    ]);
  });

  it("throws one-line CleanErrors naming the file", () => {
    const cases: Array<[string, string, RegExp]> = [
      ["a.pdf", TXT, /^raw\/a\.pdf: unsupported file type/],
      [
        "b.txt",
        TXT,
        /^raw\/b\.txt: missing url \(the page does not state it; add it to raw\/sources\.json\)$/,
      ],
      // Every missing field at once, not one per run.
      ["c.txt", TXT.replace("日期:2023-03-12 ", ""), /^raw\/c\.txt: missing date, url /],
      ["d.txt", "来源:示例 日期:2023-03-12\n", /^raw\/d\.txt: missing title, url /],
      ["e.md", "没有前置元数据的一行字\n", /^raw\/e\.md: missing date, source, url /],
      ["f.md", "---\ntitle: x\n---\n正文。\n", /^raw\/f\.md: missing date, source, url /],
      [
        "g.md",
        "---\ntitle: x\ndate: someday\n---\n正文。\n",
        /^raw\/g\.md: front matter date is not a date: someday$/,
      ],
      ["示例.txt", TXT, /cannot derive an article id/],
    ];
    for (const [fileName, content, pattern] of cases) {
      let error: unknown;
      try {
        cleanRaw({ fileName, content, path: `raw/${fileName}` });
      } catch (e) {
        error = e;
      }
      expect(error, fileName).toBeInstanceOf(CleanError);
      expect((error as Error).message, fileName).toMatch(pattern);
    }
    expect(() =>
      cleanRaw({
        fileName: "g.txt",
        content: "示例科技园举办植树活动\n来源:示例 日期:2023-03-12\n",
        meta: { url: "u" },
      }),
    ).toThrow(/^raw\/g\.txt: no body text found$/);
  });

  it("cleans an HTML page whose article holds an <h1> and the byline", () => {
    const html = `<!DOCTYPE html><!-- SYNTHETIC TEST DATA --><html><head><title>示例园区新闻 - 示例站</title>
      <meta name="PubDate" content="2023-04-01 08:00"><meta property="og:url" content="https://park.example.org/a.html">
      </head><body><div class="nav">首页</div><article><h1>示例园区新闻</h1><p>来源:示例站 点击:3</p>
      <p>示例园区今天开园。园区共有10家企业。</p></article></body></html>`;
    const { article, removed } = cleanRaw({ fileName: "h.html", content: html });
    expect([article.title, article.date, article.source, article.url]).toEqual([
      "示例园区新闻",
      "2023-04-01",
      "示例站",
      "https://park.example.org/a.html",
    ]);
    expect(article.paragraphs[0]?.sentences.map((s) => s.text)).toEqual([
      "示例园区今天开园。",
      "园区共有10家企业。",
    ]);
    expect(removed.map((r) => r.reason)).toContain("repeated title");
  });

  it("keeps table rows with figures and units (not a table of contents)", () => {
    // SYNTHETIC test page about a fictional park.
    const html = `<!DOCTYPE html><html><head><title>Shili Investment Guide</title>
      <meta name="dc.date" content="2019-06-20"></head><body><article><h1>Shili Investment Guide</h1>
      <p>Shili High-tech Zone lies in the northeast of Shili City and covers 12.5 square kilometres.</p>
      <table><tr><th>Destination</th><th>Distance</th><th>Driving time</th></tr>
      <tr><td>Shili Port Area (river port)</td><td>24 km</td><td>30 minutes</td></tr>
      <tr><td>Shili city center</td><td>14 km</td><td>20 minutes</td></tr></table>
      <p>The zone hosts more than 1,000 companies.</p></article></body></html>`;
    const { article } = cleanRaw({
      fileName: "g.html",
      content: html,
      meta: { url: "https://park.example.org/g.html", source: "Invest Shili" },
    });
    const texts = article.paragraphs.flatMap((p) => p.sentences.map((s) => s.text));
    expect(texts).toContain("Shili Port Area (river port) 24 km 30 minutes");
    expect(texts).toContain("Shili city center 14 km 20 minutes");
  });

  it("dates a page by when it was last changed when it says nothing else, and reads <meta name=url>", () => {
    // SYNTHETIC test page about a fictional park.
    const html = `<!DOCTYPE html><html><head><title>示例高新技术产业开发区</title>
      <meta property="article:modified_time" content="2024-12-02T10:00:00+08:00">
      <meta name="url" content="https://wiki.example.org/shili-htz"></head><body><article><h1>示例高新技术产业开发区</h1>
      <p>示例高新技术产业开发区位于示例市城区东北部，规划面积12.5平方公里。</p>
      <p>园区于2003年经示例省人民政府批准设立。</p></article></body></html>`;
    const { article } = cleanRaw({ fileName: "wiki.html", content: html });
    expect(article.date).toBe("2024-12-02");
    expect(article.url).toBe("https://wiki.example.org/shili-htz");
  });

  it("keeps short English sentences with a figure (not a table of contents)", () => {
    // SYNTHETIC test page about a fictional park.
    const html = `<!DOCTYPE html><html><head><title>Shili Zone Profile</title>
      <meta name="dc.date" content="2020-01-01"></head><body><article><h1>Shili Zone Profile</h1>
      <p>Shili High-tech Zone lies in the northeast of Shili City. It covers 12.5 square kilometres.</p>
      <p>Downtown Shili is 15 km away.</p><p>The zone hosts more than 1,000 companies.</p>
      <p>Shili East Railway Station is 8 km from the zone.</p></article></body></html>`;
    const { article } = cleanRaw({
      fileName: "e.html",
      content: html,
      meta: { url: "https://park.example.org/e.html", source: "Invest Shili" },
    });
    const texts = article.paragraphs.flatMap((p) => p.sentences.map((s) => s.text));
    expect(texts).toContain("Downtown Shili is 15 km away.");
    expect(texts).toContain("Shili East Railway Station is 8 km from the zone.");
  });

  it("reads an FAQ's questions and answers as sentences, a bare-hyphen site suffix, <meta name=source>, WeChat calls to action", () => {
    // SYNTHETIC test page about a fictional park.
    const html = `<!DOCTYPE html><html><head><title>投资者常见问题解答-示例市人民政府</title>
      <meta name="source" content="示例高新区招商服务中心"><meta name="PubDate" content="2025-04-08"></head><body>
      <article><h1>投资者常见问题解答</h1>
      <dl><dt>问：园区标准厂房租金多少？</dt><dd>答：园区标准厂房租金为每月每平方米15元。</dd></dl>
      <p>该项目建成后可形成年产eVTOL飞行器300架的能力。</p>
      <p>👇 点击下方“阅读原文”，了解更多政策详情</p></article></body></html>`;
    const { article } = cleanRaw({
      fileName: "f.html",
      content: html,
      meta: { url: "https://park.example.org/f.html" },
    });
    expect([article.title, article.source]).toEqual(["投资者常见问题解答", "示例高新区招商服务中心"]);
    const sentences = article.paragraphs.flatMap((p) => p.sentences);
    expect(sentences.map((s) => s.text)).toEqual([
      "问：园区标准厂房租金多少？",
      "答：园区标准厂房租金为每月每平方米15元。",
      "该项目建成后可形成年产eVTOL飞行器300架的能力。",
    ]);
    expect(sentences.every((s) => !s.flags?.includes("junk"))).toBe(true);
  });

  it("names the outlet, not the reporter who shares its line", () => {
    const txt =
      "SYNTHETIC TEST DATA (虚构测试资料)\n示例园区举办招聘会\n来源：示例晚报 记者 张示例　发布时间：2024-03-01\n示例园区今天举办招聘会。";
    const { article } = cleanRaw({
      fileName: "r.txt",
      content: txt,
      meta: { url: "https://park.example.org/r" },
    });
    expect(article.source).toBe("示例晚报");
  });

  it("removes pinyin printed after whole words and in <ruby> readings, keeping real brackets", () => {
    // SYNTHETIC test page about a fictional park.
    const html = `<!DOCTYPE html><!-- SYNTHETIC TEST DATA --><html><head><title>示例园区新闻</title>
      <meta name="PubDate" content="2023-04-01 08:00"></head><body><article><h1>示例园区新闻</h1>
      <p>示例高新区(shì lì gāo xīn qū)今年新增企业(qǐ yè)20家，地区生产总值(GDP)增长8%。</p>
      <p><ruby>示例<rt>shì lì</rt></ruby>高新区共有研发机构(yán fā jī gòu)31家。</p></article></body></html>`;
    const { article } = cleanRaw({
      fileName: "p.html",
      content: html,
      meta: { url: "https://park.example.org/p.html", source: "示例站" },
    });
    expect(article.paragraphs.flatMap((p) => p.sentences.map((s) => s.text))).toEqual([
      "示例高新区今年新增企业20家，地区生产总值(GDP)增长8%。",
      "示例高新区共有研发机构31家。",
    ]);
  });
});

describe("HTML metadata sources", () => {
  it("reads JSON-LD (in @graph) for date, headline and author, and the site from the title suffix", () => {
    const html = `<!DOCTYPE html><html><head><title>示例高新区新建研发中心 - 示例门户网</title>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},
{"@type":"NewsArticle","headline":"示例高新区新建研发中心","datePublished":"2022-04-07T09:12:00+08:00",
"author":{"@type":"Person","name":"王示例"}}]}</script>
<script type="application/ld+json">{ broken json</script></head><body><article><h1>示例高新区新建研发中心</h1>
<p>示例高新区新建的研发中心今天投入使用,总建筑面积约1.2万平方米。中心共有实验室18间,可容纳研发人员600人。</p>
<p>园区负责人表示,研发中心将向区内企业开放共享。</p></article></body></html>`;
    const { article, origins } = cleanRaw({
      fileName: "ld.html",
      content: html,
      meta: { url: "https://x.example.org/a" },
    });
    expect(article).toMatchObject({
      title: "示例高新区新建研发中心",
      date: "2022-04-07",
      source: "示例门户网",
      author: "王示例",
    });
    expect(origins).toEqual({ title: "page", date: "page", source: "page", url: "sources.json" });
  });

  it("infers a missing date from the url path and a missing source from its host, and says so", () => {
    const txt = "示例高新区新建研发中心\n\n示例高新区新建的研发中心今天投入使用,总建筑面积约1.2万平方米。\n";
    const { article, origins } = cleanRaw({
      fileName: "u.txt",
      content: txt,
      meta: { url: "https://www.news.example.org/zwgk/202112/t20211219_1024.html" },
    });
    expect(article).toMatchObject({ date: "2021-12-19", source: "news.example.org" });
    expect(origins).toMatchObject({ date: "inferred", source: "inferred", url: "sources.json" });
  });
});

describe("ingest edge cases", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function knowledgeDir(files: Record<string, string | Uint8Array>): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), "parkbot-ingest-"));
    await mkdir(join(dir, "raw"));
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, "raw", name), content);
    return dir;
  }

  it("rejects the second file that cleans to an existing id, ignores unknown types, leaves foreign files alone", async () => {
    const d = await knowledgeDir({
      "001_tree.txt": TXT,
      "002_tree.txt": TXT,
      "notes.docx": "binary-ish",
      // No encoding reads these bytes (0xFF is not a lead byte in UTF-8, GB18030 or Big5).
      "003_garbage.txt": new Uint8Array([0x80, 0xff, 0x81, 0xfe, 0xff]),
      "sources.json": JSON.stringify({
        "001_tree.txt": { url: "https://park.example.org/1" },
        "002_tree.txt": { url: "https://park.example.org/2" },
        "gone.txt": { url: "https://park.example.org/gone" },
      }),
    });
    await writeFile(join(d, "old.json"), "{}");
    const report = await ingest(d);
    expect(report.articles.map((a) => a.id)).toEqual(["tree"]);
    expect(report.rejected.map((r) => r.error)).toEqual([
      `${join(d, "raw", "002_tree.txt")}: article id "tree" is already produced by ${join(d, "raw", "001_tree.txt")}`,
      `${join(d, "raw", "003_garbage.txt")}: cannot decode: tried utf-8, gb18030, big5 (no charset declared; no BOM or zero bytes, so not UTF-16)`,
    ]);
    expect(report.ignored).toEqual([join(d, "raw", "notes.docx")]);
    // old.json is not an article ingest wrote (no id, no raw): left alone.
    expect(report.removed).toEqual([]);
    expect(report.warnings).toEqual([expect.stringContaining("entry for missing file gone.txt")]);
    expect(JSON.parse(await readFile(join(d, "tree.json"), "utf8")).url).toBe("https://park.example.org/1");
    expect((await readdir(d)).sort()).toEqual(["old.json", "raw", "tree.json"]);
  });

  it("fails as a whole, naming the directory, when raw/ is missing", async () => {
    dir = await mkdtemp(join(tmpdir(), "parkbot-ingest-"));
    await expect(ingest(dir)).rejects.toThrow(KnowledgeError);
    await expect(ingest(dir)).rejects.toThrow(/raw: cannot read directory/);
  });

  it("fails as a whole, naming the file, when sources.json is invalid", async () => {
    const d = await knowledgeDir({
      "001_tree.txt": TXT,
      "sources.json": '{ "001_tree.txt": { "link": "x" } }',
    });
    const error = await ingest(d).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KnowledgeError);
    expect((error as Error).message).toMatch(/sources\.json: 001_tree\.txt/);
  });
});

describe("headlines and table rows of real government pages", () => {
  // SYNTHETIC test pages about a fictional park.
  const page = (title: string, h1: string, body: string) =>
    `<!DOCTYPE html><html><head><title>${title}</title><meta name="dc.date" content="2024-06-21"></head>
      <body><article><h1>${h1}</h1>${body}</article></body></html>`;
  const prose =
    "<p>示例高新区位于示例市城区东北部，规划面积12.5平方公里。</p><p>园区于2003年经示例省人民政府批准设立。</p>";

  it("takes the <h1> headline when the <title> cut it at its own dash, or left a column name on it", () => {
    const dash = cleanRaw({
      fileName: "a.html",
      content: page(
        "三园协同 各展所长——示例高新区、样本经开区发展观察_示例日报",
        "三园协同 各展所长——示例高新区、样本经开区发展观察",
        prose,
      ),
      meta: { url: "https://park.example.org/a.html", source: "示例日报" },
    });
    expect(dash.article.title).toBe("三园协同 各展所长——示例高新区、样本经开区发展观察");
    const column = cleanRaw({
      fileName: "b.html",
      content: page("2019年示例高新区统计公报-统计信息-示例高新区管委会", "2019年示例高新区统计公报", prose),
      meta: { url: "https://park.example.org/b.html", source: "示例高新区管委会" },
    });
    expect(column.article.title).toBe("2019年示例高新区统计公报");
  });

  it("keeps a table's data rows, even without figures, drops its header row, and does not judge the page by them", () => {
    const table = `<table><tr><th>姓名</th><th>职务</th><th>工作分工</th></tr>
      <tr><td>樊示例</td><td>党工委书记</td><td>主持党工委全面工作</td></tr>
      <tr><td>岑示例</td><td>管委会副主任</td><td>负责科技创新、人才工作</td></tr>
      <tr><td>贺示例</td><td>管委会副主任</td><td>负责招商引资</td></tr>
      <tr><td>郑示例</td><td>纪工委书记</td><td>负责纪检监察工作</td></tr></table>`;
    const { article, removed } = cleanRaw({
      fileName: "c.html",
      content: page("领导信息_示例高新区", "领导信息", `${prose}${table}`),
      meta: { url: "https://park.example.org/c.html", source: "示例高新区" },
    });
    const texts = article.paragraphs.flatMap((p) => p.sentences.map((s) => s.text));
    expect(texts).toContain("樊示例 党工委书记 主持党工委全面工作");
    expect(texts).toContain("岑示例 管委会副主任 负责科技创新、人才工作");
    expect(texts).not.toContain("姓名 职务 工作分工");
    expect(removed.some((r) => r.text === "姓名 职务 工作分工")).toBe(true);
    // (Two sentences of prose and four rows without full stops: still an article.)
    expect(article.quality).toBe(1);
    expect(texts.at(-1)).toBe("郑示例 纪工委书记 负责纪检监察工作");
  });
});
