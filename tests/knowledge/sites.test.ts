import { readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Article } from "../../src/knowledge/article.js";
import { formatIngestReport, type IngestReport, ingest, isOutOfDate } from "../../src/knowledge/ingest.js";
import { loadKnowledge } from "../../src/knowledge/load.js";

/**
 * Golden test of ingest over pages "from many sites" (tests/fixtures/sites: synthetic pages about the fictional
 * 示例高新区, see its README). expected.json was written from the cleaning spec, not from this code's output.
 */
const SITES = fileURLToPath(new URL("../fixtures/sites", import.meta.url));

interface Expected {
  id?: string;
  title?: string;
  date?: string;
  source?: string;
  url?: string;
  sentences?: string[];
  headings?: string[];
  fragments?: string[];
  removedKinds?: string[];
  mustNotContain?: string[];
  encodeAs?: string;
  duplicateOf?: string;
  rejected?: string;
}

let dir: string;
let report: IngestReport;
let articles: Map<string, Article>;
// Read at collection time so each page gets its own named test.
const expected = JSON.parse(readFileSync(join(SITES, "expected.json"), "utf8")) as Record<string, Expected>;

/** Copies the fixture pages into a fresh knowledge directory, re-encoding those marked `encodeAs`. */
async function layOut(target: string): Promise<void> {
  await mkdir(join(target, "raw"), { recursive: true });
  for (const name of await readdir(SITES)) {
    if (!/^\d{3}_/.test(name) && name !== "sources.json") continue;
    const encodeAs = expected[name]?.encodeAs;
    if (encodeAs) {
      const text = await readFile(join(SITES, name), "utf8");
      await writeFile(join(target, "raw", name), iconv.encode(text, encodeAs));
    } else await copyFile(join(SITES, name), join(target, "raw", name));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "parkbot-sites-"));
  await layOut(dir);
  report = await ingest(dir);
  articles = new Map((await loadKnowledge(dir)).map((a) => [a.id, a]));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function citable(article: Article): string[] {
  return article.paragraphs.flatMap((p) =>
    p.sentences.filter((s) => !s.flags?.includes("fragment")).map((s) => s.text),
  );
}

function fragments(article: Article): string[] {
  return article.paragraphs.flatMap((p) =>
    p.sentences.filter((s) => s.flags?.includes("fragment")).map((s) => s.text),
  );
}

function headings(article: Article): string[] {
  const out: string[] = [];
  for (const p of article.paragraphs) if (p.heading && out.at(-1) !== p.heading) out.push(p.heading);
  return out;
}

/** Every citable sentence and heading: where chrome must not end up (the title may repeat words of it). */
function allText(article: Article): string {
  return [...new Set(article.paragraphs.map((p) => p.heading ?? "")), ...citable(article)].join("\n");
}

describe("ingest of pages from many sites (golden)", () => {
  it("handles every page in one run: cleaned, merged or rejected with its reason", () => {
    const outcomes = new Set([
      ...report.articles.map((a) => a.raw),
      ...report.merged.map((m) => m.raw),
      ...report.rejected.map((r) => r.raw),
    ]);
    for (const name of Object.keys(expected)) expect(outcomes, name).toContain(join(dir, "raw", name));
  });

  for (const [name, want] of Object.entries(expected)) {
    if (want.rejected) {
      it(`${name}: rejected (${want.rejected})`, () => {
        const rejected = report.rejected.find((r) => r.raw.endsWith(name));
        expect(rejected?.error).toContain(want.rejected);
        expect(rejected?.error).not.toContain("\n");
      });
      continue;
    }
    if (want.duplicateOf) {
      it(`${name}: merged into ${want.duplicateOf}`, () => {
        const merged = report.merged.find((m) => m.raw.endsWith(name));
        expect(merged?.intoRaw.endsWith(want.duplicateOf ?? "")).toBe(true);
        const canonical = articles.get(merged?.into ?? "");
        expect(canonical?.alsoAt?.map((a) => a.raw)).toContain(`raw/${name}`);
        for (const bad of want.mustNotContain ?? []) expect(allText(canonical as Article)).not.toContain(bad);
      });
      continue;
    }
    it(`${name}: metadata, sentences, headings, fragments and removals as expected`, () => {
      const article = articles.get(want.id ?? "");
      expect(article, `${name} should be an article`).toBeDefined();
      if (!article) return;
      expect({ title: article.title, date: article.date, source: article.source, url: article.url }).toEqual({
        title: want.title,
        date: want.date,
        source: want.source,
        url: want.url,
      });
      expect(citable(article)).toEqual(want.sentences);
      expect(headings(article)).toEqual(want.headings ?? []);
      expect(fragments(article)).toEqual(want.fragments ?? []);
      const entry = report.articles.find((a) => a.id === article.id);
      for (const kind of want.removedKinds ?? [])
        expect(Object.keys(entry?.removed ?? {}), kind).toContain(kind);
      for (const bad of want.mustNotContain ?? []) expect(allText(article)).not.toContain(bad);
    });
  }

  it("leaves no pinyin annotation in any cleaned sentence", () => {
    for (const article of articles.values())
      expect(allText(article)).not.toMatch(/\p{Script=Han}[(（][a-z]{1,6}[)）]/u);
  });

  it("reports each page's encoding, metadata origins and quality", () => {
    const gbk = report.articles.find((a) => a.raw.endsWith("206_shili-zone-gbk.html"));
    expect(gbk?.encoding).toMatchObject({ encoding: "gb18030", how: "declared" });
    const big5 = report.articles.find((a) => a.raw.endsWith("207_shili-zone-big5.txt"));
    expect(big5?.encoding).toMatchObject({ encoding: "big5", how: "detected" });
    const md = report.articles.find((a) => a.raw.endsWith("210_shili-zone-md-bare.md"));
    expect(md?.meta.url.origin).toBe("sources.json");
    expect(md?.meta.title.origin).toBe("page");
    for (const a of report.articles) expect(a.quality).toBeGreaterThanOrEqual(0.5);
    const text = formatIngestReport(report);
    expect(text).toMatch(/= merged .*202_shili-zone-repost-hant\.html into shili-zone-original/);
    expect(text).toMatch(/add to sources\.json: "214_shili-no-metadata\.txt": \{"date": "YYYY-MM-DD"/);
  });

  it("keeps an existing article canonical when an earlier-dated copy arrives later, so its sentence ids stay", async () => {
    const before = await readFile(join(dir, "shili-zone-original.json"), "utf8");
    const copy = (await readFile(join(SITES, "204_shili-zone-mirror.txt"), "utf8")).replace(
      "2023年3月9日",
      "2019年1月2日",
    );
    await writeFile(join(dir, "raw", "299_early-copy.txt"), copy);
    const sources = JSON.parse(await readFile(join(dir, "raw", "sources.json"), "utf8"));
    sources["299_early-copy.txt"] = { url: "https://early.example.net/copy.html" };
    await writeFile(join(dir, "raw", "sources.json"), JSON.stringify(sources));
    try {
      const run = await ingest(dir);
      expect(run.merged.find((m) => m.raw.endsWith("299_early-copy.txt"))?.into).toBe("shili-zone-original");
      const after = JSON.parse(await readFile(join(dir, "shili-zone-original.json"), "utf8")) as Article;
      const ids = (a: Article) => a.paragraphs.flatMap((p) => p.sentences.map((s) => `${s.id} ${s.text}`));
      expect(ids(after)).toEqual(ids(JSON.parse(before)));
      expect(after.alsoAt?.[0]).toMatchObject({ date: "2019-01-02", raw: "raw/299_early-copy.txt" });
    } finally {
      await rm(join(dir, "raw", "299_early-copy.txt"));
      delete sources["299_early-copy.txt"];
      await writeFile(join(dir, "raw", "sources.json"), JSON.stringify(sources));
      await ingest(dir);
    }
    expect(await readFile(join(dir, "shili-zone-original.json"), "utf8")).toBe(before);
  });

  it("removes an article when its raw file is deleted, and says so", async () => {
    const raw = join(dir, "raw", "213_shili-other-topic.html");
    const kept = await readFile(raw);
    await rm(raw);
    try {
      const run = await ingest(dir);
      expect(run.removed).toEqual([
        {
          file: join(dir, "shili-other-topic.json"),
          id: "shili-other-topic",
          reason: "its raw file raw/213_shili-other-topic.html is gone",
        },
      ]);
      expect((await loadKnowledge(dir)).map((a) => a.id)).not.toContain("shili-other-topic");
    } finally {
      await writeFile(raw, kept);
      await ingest(dir);
    }
  });

  it("is idempotent: a second run writes nothing, and --check finds nothing out of date", async () => {
    const again = await ingest(dir);
    expect(again.articles.every((a) => a.status === "unchanged")).toBe(true);
    expect(again.removed).toEqual([]);
    expect(isOutOfDate(await ingest(dir, { check: true }))).toBe(false);
  });
});
