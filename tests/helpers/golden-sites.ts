import { readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Article } from "../../src/knowledge/article.js";
import { type IngestReport, ingest } from "../../src/knowledge/ingest.js";
import { loadKnowledge } from "../../src/knowledge/load.js";

/**
 * Golden ingest tests over a folder of synthetic pages "from many sites" (`tests/fixtures/<folder>`, each with a
 * README and an `expected.json` written from the cleaning spec, not from this code's output). One test per page:
 * cleaned with the expected metadata, sentences, headings and fragments; merged into its original; or rejected
 * with its reason.
 */
export interface Expected {
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
  /** The page is stored as UTF-8 and re-encoded by the test: an iconv name, or `utf-16le-bom`. */
  encodeAs?: string;
  duplicateOf?: string;
  rejected?: string;
}

/** The ingested folder, for extra tests of a suite. */
export interface GoldenRun {
  dir: string;
  report: IngestReport;
  articles: Map<string, Article>;
}

function encode(text: string, encoding: string): Uint8Array {
  if (encoding === "utf-16le-bom")
    return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
  return iconv.encode(text, encoding);
}

/**
 * Copies the pages of `tests/fixtures/<folder>` into `<target>/raw` (re-encoding those marked `encodeAs`) and
 * merges their sources.json into the one there; returns nothing. For knowledge bases made of several fixtures.
 */
export async function addFixturePages(folder: string, target: string): Promise<void> {
  const fixtures = fileURLToPath(new URL(`../fixtures/${folder}`, import.meta.url));
  const expectedFile = join(fixtures, "expected.json");
  const expected = (await readFile(expectedFile, "utf8").then(JSON.parse, () => ({}))) as Record<
    string,
    Expected
  >;
  const sourcesFile = join(target, "raw", "sources.json");
  const before = await readFile(sourcesFile, "utf8").then(JSON.parse, () => ({}));
  const pagesDir = (await readdir(fixtures)).includes("raw") ? join(fixtures, "raw") : fixtures;
  await layOut(pagesDir, expected, target);
  const added = await readFile(join(pagesDir, "sources.json"), "utf8").then(JSON.parse, () => ({}));
  await writeFile(sourcesFile, JSON.stringify({ ...before, ...added }));
}

/** Copies the fixture pages into a fresh knowledge directory, re-encoding those marked `encodeAs`. */
async function layOut(fixtures: string, expected: Record<string, Expected>, target: string): Promise<void> {
  await mkdir(join(target, "raw"), { recursive: true });
  for (const name of await readdir(fixtures)) {
    if (!/^\d{3}_/.test(name) && name !== "sources.json") continue;
    const encodeAs = expected[name]?.encodeAs;
    if (encodeAs)
      await writeFile(
        join(target, "raw", name),
        encode(await readFile(join(fixtures, name), "utf8"), encodeAs),
      );
    else await copyFile(join(fixtures, name), join(target, "raw", name));
  }
}

export function citable(article: Article): string[] {
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
export function allText(article: Article): string {
  return [...new Set(article.paragraphs.map((p) => p.heading ?? "")), ...citable(article)].join("\n");
}

/** Registers the golden suite for `tests/fixtures/<folder>`; returns the run for further tests. */
export function goldenIngestSuite(folder: string): GoldenRun {
  const fixtures = fileURLToPath(new URL(`../fixtures/${folder}`, import.meta.url));
  // Read at collection time so each page gets its own named test.
  const expected = JSON.parse(readFileSync(join(fixtures, "expected.json"), "utf8")) as Record<
    string,
    Expected
  >;
  const run = {} as GoldenRun;
  let report: IngestReport;
  let articles: Map<string, Article>;
  beforeAll(async () => {
    run.dir = await mkdtemp(join(tmpdir(), `parkbot-${folder}-`));
    await layOut(fixtures, expected, run.dir);
    run.report = report = await ingest(run.dir);
    run.articles = articles = new Map((await loadKnowledge(run.dir)).map((a) => [a.id, a]));
  });
  afterAll(async () => {
    await rm(run.dir, { recursive: true, force: true });
  });

  describe(`ingest of tests/fixtures/${folder} (golden)`, () => {
    it("handles every page in one run: cleaned, merged or rejected with its reason", () => {
      const outcomes = new Set([
        ...report.articles.map((a) => a.raw),
        ...report.merged.map((m) => m.raw),
        ...report.rejected.map((r) => r.raw),
      ]);
      for (const name of Object.keys(expected)) expect(outcomes, name).toContain(join(run.dir, "raw", name));
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
          for (const bad of want.mustNotContain ?? [])
            expect(allText(canonical as Article)).not.toContain(bad);
        });
        continue;
      }
      it(`${name}: metadata, sentences, headings, fragments and removals as expected`, () => {
        const article = articles.get(want.id ?? "");
        expect(article, `${name} should be an article`).toBeDefined();
        if (!article) return;
        expect({
          title: article.title,
          date: article.date,
          source: article.source,
          url: article.url,
        }).toEqual({
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
        expect(allText(article)).not.toMatch(/\p{Script=Han}[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]/u);
    });
  });
  return run;
}
