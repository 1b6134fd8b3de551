import { cp, mkdtemp, readFile, rm, stat, unlink, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { cleanRaw } from "../../src/knowledge/clean.js";
import { formatIngestReport, ingest } from "../../src/knowledge/ingest.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { serialiseArticle } from "../../src/knowledge/serialise.js";
import { readSources } from "../../src/knowledge/sources.js";

const KNOWLEDGE = fileURLToPath(new URL("../../knowledge", import.meta.url));
const SEED = "000_b860dba5ce0ec7a0.txt";
const SEED_ID = "b860dba5ce0ec7a0";
const TITLE = "抢抓“十四五”发展新机遇,衡阳高新区加速产业集群化发展";

async function cleanSeed() {
  const sources = await readSources(join(KNOWLEDGE, "raw", "sources.json"));
  const content = await readFile(join(KNOWLEDGE, "raw", SEED), "utf8");
  return cleanRaw({ fileName: SEED, content, meta: sources[SEED] });
}

describe("seed article (golden)", () => {
  it("has the page's metadata", async () => {
    const { article } = await cleanSeed();
    expect(article.id).toBe(SEED_ID);
    expect(article.title).toBe(TITLE);
    expect(article.date).toBe("2020-07-21");
    expect(article.source).toBe("中国高新院 (achie.org)");
    expect(article.url).toBe("http://www.achie.org/news/gt/202007259845.html");
    expect(article.raw).toBe(`raw/${SEED}`);
    expect(article.lang).toBe("zh-Hans");
  });

  it("is 4 paragraphs and 11 sentences, verbatim, with positional ids", async () => {
    const { article } = await cleanSeed();
    expect(article.paragraphs.map((p) => p.sentences.length)).toEqual([6, 2, 2, 1]);
    const sentences = article.paragraphs.flatMap((p) => p.sentences);
    expect(sentences).toHaveLength(11);
    const byId = new Map(sentences.map((s) => [s.id, s.text]));
    expect(byId.get(`${SEED_ID}#p1s1`)).toBe(
      "衡阳高新区于1992年经省人民政府批准成立,2012年8月19日经国务院批准升级为国家高新区(以下统称高新区)。",
    );
    expect(byId.get(`${SEED_ID}#p1s3`)).toBe("高新区位于衡阳市城区的西南部,规划面积170.57平方公里。");
    expect(byId.get(`${SEED_ID}#p3s2`)).toMatch(/^随后,项目组对湖南乐福地.*跑出衡阳高新区“加速度”。$/);
    expect(byId.get(`${SEED_ID}#p4s1`)).toMatch(/^下一阶段,我院项目组.*国家级创新型科技园区。$/);
    article.paragraphs.forEach((p, i) => {
      expect(p.id).toBe(`p${i + 1}`);
      p.sentences.forEach((s, j) => {
        expect(s.id).toBe(`${SEED_ID}#p${i + 1}s${j + 1}`);
      });
    });
  });

  it("keeps the two figure captions out of the body", async () => {
    const { article } = await cleanSeed();
    expect(article.figures).toEqual([
      { id: "fig1", caption: "图1 衡阳高新区“十四五”规划动员会" },
      { id: "fig2", caption: "图2 项目组一行到衡阳高新区企业调研" },
    ]);
  });

  it("has no duplicated text and no chrome", async () => {
    const { article, removed } = await cleanSeed();
    const texts = article.paragraphs.flatMap((p) => p.sentences.map((s) => s.text));
    expect(new Set(texts).size).toBe(texts.length);
    for (const text of texts) {
      expect(text).not.toMatch(/点击|当前位置|Network|来源:|主页 >|\u00a0|\u3000/);
      expect(text).not.toBe(TITLE);
      expect(text).toBe(text.trim());
    }
    const reasons = new Set(removed.map((r) => r.reason));
    for (const reason of ["navigation", "breadcrumb", "view counter", "repeated title", "duplicate copy"]) {
      expect(reasons).toContain(reason);
    }
  });
});

describe("committed knowledge", () => {
  it("knowledge/b860dba5ce0ec7a0.json is exactly what cleaning the raw file gives (no hand edits)", async () => {
    const committed = await readFile(join(KNOWLEDGE, `${SEED_ID}.json`), "utf8");
    expect(committed).toBe(serialiseArticle((await cleanSeed()).article));
  });

  it("loads and validates", async () => {
    const articles = await loadKnowledge(KNOWLEDGE);
    expect(articles.map((a) => a.id)).toContain(SEED_ID);
  });
});

describe("ingest on a copy of the knowledge directory", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("finds everything up to date, regenerates byte-identically, and never touches raw files", async () => {
    dir = await mkdtemp(join(tmpdir(), "parkbot-knowledge-"));
    await cp(KNOWLEDGE, dir, { recursive: true });
    const rawBefore = await readFile(join(dir, "raw", SEED));
    const committed = await readFile(join(dir, `${SEED_ID}.json`));

    const first = await ingest(dir);
    expect(first.rejected).toEqual([]);
    expect(first.removed).toEqual([]);
    expect(first.merged).toEqual([]);
    expect(first.articles.every((a) => a.status === "unchanged")).toBe(true);

    const out = join(dir, `${SEED_ID}.json`);
    await unlink(out);
    const second = await ingest(dir);
    expect(second.articles.find((a) => a.id === SEED_ID)?.status).toBe("written");
    expect(await readFile(out)).toEqual(committed);

    // An unchanged file is not rewritten: its old mtime survives the next run.
    const past = new Date("2001-01-01T00:00:00Z");
    await utimes(out, past, past);
    const third = await ingest(dir);
    const seed = third.articles.find((a) => a.id === SEED_ID);
    expect(seed?.status).toBe("unchanged");
    expect((await stat(out)).mtime.getTime()).toBe(past.getTime());
    expect(await readFile(out)).toEqual(committed);
    expect(await readFile(join(dir, "raw", SEED))).toEqual(rawBefore);

    const text = formatIngestReport(third);
    expect(text).toContain(
      `+ ${SEED_ID} ${TITLE} (2020-07-21): 4 paragraphs, 11 sentences, 2 figures, quality 1.00 [unchanged]`,
    );
    expect(text).toMatch(/removed duplicate copy ×\d+: /);
    expect(text).toMatch(/\(0 written, \d+ unchanged\), 0 merged, 0 rejected/);
  });
});
