import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Article } from "../../src/knowledge/article.js";
import { formatIngestReport, ingest, isOutOfDate } from "../../src/knowledge/ingest.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { goldenIngestSuite } from "../helpers/golden-sites.js";

/**
 * Ingest over pages "from many sites" (tests/fixtures/sites: synthetic pages about the fictional 示例高新区, see
 * its README): the golden per-page suite, then what the report says and how re-ingesting keeps knowledge/ true.
 */
const SITES = fileURLToPath(new URL("../fixtures/sites", import.meta.url));
const run = goldenIngestSuite("sites");

describe("the ingest report and re-ingesting tests/fixtures/sites", () => {
  it("reports each page's encoding, metadata origins and quality", () => {
    const gbk = run.report.articles.find((a) => a.raw.endsWith("206_shili-zone-gbk.html"));
    expect(gbk?.encoding).toMatchObject({ encoding: "gb18030", how: "declared" });
    const big5 = run.report.articles.find((a) => a.raw.endsWith("207_shili-zone-big5.txt"));
    expect(big5?.encoding).toMatchObject({ encoding: "big5", how: "detected" });
    const md = run.report.articles.find((a) => a.raw.endsWith("210_shili-zone-md-bare.md"));
    expect(md?.meta.url.origin).toBe("sources.json");
    expect(md?.meta.title.origin).toBe("page");
    for (const a of run.report.articles) expect(a.quality).toBeGreaterThanOrEqual(0.5);
    const text = formatIngestReport(run.report);
    expect(text).toMatch(/= merged .*202_shili-zone-repost-hant\.html into shili-zone-original/);
    expect(text).toMatch(/add to sources\.json: "214_shili-no-metadata\.txt": \{"date": "YYYY-MM-DD"/);
  });

  it("keeps an existing article canonical when an earlier-dated copy arrives later, so its sentence ids stay", async () => {
    const before = await readFile(join(run.dir, "shili-zone-original.json"), "utf8");
    const copy = (await readFile(join(SITES, "204_shili-zone-mirror.txt"), "utf8")).replace(
      "2023年3月9日",
      "2019年1月2日",
    );
    await writeFile(join(run.dir, "raw", "299_early-copy.txt"), copy);
    const sources = JSON.parse(await readFile(join(run.dir, "raw", "sources.json"), "utf8"));
    sources["299_early-copy.txt"] = { url: "https://early.example.net/copy.html" };
    await writeFile(join(run.dir, "raw", "sources.json"), JSON.stringify(sources));
    try {
      const result = await ingest(run.dir);
      expect(result.merged.find((m) => m.raw.endsWith("299_early-copy.txt"))?.into).toBe(
        "shili-zone-original",
      );
      const after = JSON.parse(await readFile(join(run.dir, "shili-zone-original.json"), "utf8")) as Article;
      const ids = (a: Article) => a.paragraphs.flatMap((p) => p.sentences.map((s) => `${s.id} ${s.text}`));
      expect(ids(after)).toEqual(ids(JSON.parse(before)));
      expect(after.alsoAt?.[0]).toMatchObject({ date: "2019-01-02", raw: "raw/299_early-copy.txt" });
    } finally {
      await rm(join(run.dir, "raw", "299_early-copy.txt"));
      delete sources["299_early-copy.txt"];
      await writeFile(join(run.dir, "raw", "sources.json"), JSON.stringify(sources));
      await ingest(run.dir);
    }
    expect(await readFile(join(run.dir, "shili-zone-original.json"), "utf8")).toBe(before);
  });

  it("removes an article when its raw file is deleted, and says so", async () => {
    const raw = join(run.dir, "raw", "213_shili-other-topic.html");
    const kept = await readFile(raw);
    await rm(raw);
    try {
      const result = await ingest(run.dir);
      expect(result.removed).toEqual([
        {
          file: join(run.dir, "shili-other-topic.json"),
          id: "shili-other-topic",
          reason: "its raw file raw/213_shili-other-topic.html is gone",
        },
      ]);
      expect((await loadKnowledge(run.dir)).map((a) => a.id)).not.toContain("shili-other-topic");
    } finally {
      await writeFile(raw, kept);
      await ingest(run.dir);
    }
  });

  it("is idempotent: a second run writes nothing, and --check finds nothing out of date", async () => {
    const again = await ingest(run.dir);
    expect(again.articles.every((a) => a.status === "unchanged")).toBe(true);
    expect(again.removed).toEqual([]);
    expect(isOutOfDate(await ingest(run.dir, { check: true }))).toBe(false);
  });
});
