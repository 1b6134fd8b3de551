import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Article } from "../../src/knowledge/article.js";
import { loadKnowledge, loadKnowledgeSync } from "../../src/knowledge/load.js";
import type { Logger } from "../../src/log.js";
import { INDEX_CACHE_FILE, openKnowledgeIndex, openSentenceIndex } from "../../src/search/index-cache.js";
import { loadLexicon } from "../../src/search/lexicon.js";
import { decodeSnapshotFile, encodeSnapshotFile, readSnapshotMeta } from "../../src/search/snapshot-file.js";
import { ZONE_KB } from "../helpers/zone-kb.js";

/**
 * The index snapshot under DATA_DIR: used when it fits the articles, lexicon and code; rebuilt (with a line
 * saying why) when stale or corrupt, never trusted. SYNTHETIC articles about the fictional 示例高新区.
 */
function article(id: string, sentences: string[]): Article {
  return {
    id,
    title: `示例高新区测试文章 ${id}`,
    date: "2024-01-01",
    source: "示例测试网",
    url: `https://${id}.example.org/`,
    raw: `raw/${id}.txt`,
    lang: "zh-Hans",
    figures: [],
    paragraphs: [{ id: "p1", sentences: sentences.map((text, i) => ({ id: `${id}#p1s${i + 1}`, text })) }],
  };
}

let dataDir: string;
let lines: string[];
const log: Logger = {
  debug: (m) => lines.push(`debug ${m}`),
  info: (m) => lines.push(`info ${m}`),
  warn: (m) => lines.push(`warn ${m}`),
  error: (m) => lines.push(`error ${m}`),
};
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "parkbot-index-cache-"));
  lines = [];
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

const ARTICLES = [
  article("a", ["示例高新区规划面积12.5平方公里。", "样本经开区规划面积38.6平方公里。"]),
  article("b", ["示例高新区距示例火车站8公里。"]),
];
const lexicon = () => loadLexicon(undefined, `${ZONE_KB}/zone.json`);
const built = () => lines.some((l) => l.includes("built the index"));

describe("index cache", () => {
  it("builds and saves the index once, then answers the same from the snapshot", async () => {
    const first = await openSentenceIndex(ARTICLES, await lexicon(), { dataDir, log });
    expect(built()).toBe(true);
    lines = [];
    const second = await openSentenceIndex(ARTICLES, await lexicon(), { dataDir, log });
    expect(built()).toBe(false);
    const ids = (index: typeof first) => index.search("规划面积", 5, "示例高新区").map((h) => h.sentence.id);
    expect(ids(second)).toEqual(ids(first));
    expect(second.sentences.map((s) => [s.id, s.subjects])).toEqual(
      first.sentences.map((s) => [s.id, s.subjects]),
    );
    expect(second.vocabularyOf("样本经开区").includes("38.6")).toBe(true);
  });

  it("rebuilds when an article changed, and answers from the new text", async () => {
    await openSentenceIndex(ARTICLES, await lexicon(), { dataDir, log });
    lines = [];
    const changed = [article("a", ["示例高新区规划面积15.8平方公里。"]), ...ARTICLES.slice(1)];
    const index = await openSentenceIndex(changed, await lexicon(), { dataDir, log });
    expect(built()).toBe(true);
    expect(index.search("规划面积", 5, "示例高新区")[0]?.sentence.text).toContain("15.8");
  });

  it("keys a knowledge base loaded from files by the files: the same files load the snapshot, an edit rebuilds", async () => {
    const dir = await mkdtemp(join(tmpdir(), "parkbot-index-files-"));
    for (const a of ARTICLES) await writeFile(join(dir, `${a.id}.json`), JSON.stringify(a));
    await openSentenceIndex(loadKnowledgeSync(dir), await lexicon(), { dataDir, log });
    lines = [];
    await openSentenceIndex(await loadKnowledge(dir), await lexicon(), { dataDir, log });
    expect(built()).toBe(false);
    const edited = article("a", ["示例高新区规划面积15.8平方公里。"]);
    await writeFile(join(dir, "a.json"), JSON.stringify(edited));
    const index = await openSentenceIndex(loadKnowledgeSync(dir), await lexicon(), { dataDir, log });
    expect(built()).toBe(true);
    expect(index.search("规划面积", 5, "示例高新区")[0]?.sentence.text).toContain("15.8");
    await rm(dir, { recursive: true, force: true });
  });

  it("takes the articles from the snapshot while the files are as they were, and reads them when one changed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "parkbot-index-stamp-"));
    for (const a of ARTICLES) await writeFile(join(dir, `${a.id}.json`), JSON.stringify(a));
    let reads = 0;
    const load = async () => {
      reads++;
      return loadKnowledgeSync(dir);
    };
    const first = await openKnowledgeIndex(dir, await lexicon(), load, { dataDir, log });
    const second = await openKnowledgeIndex(dir, await lexicon(), load, { dataDir, log });
    expect(reads).toBe(1);
    expect(second.articles).toEqual(first.articles);
    expect(second.index.search("规划面积", 5, "示例高新区").map((h) => h.sentence.id)).toEqual(
      first.index.search("规划面积", 5, "示例高新区").map((h) => h.sentence.id),
    );
    // An edit (new size and time) is read, and so is a malformed file, which loading reports by name.
    await writeFile(join(dir, "a.json"), JSON.stringify(article("a", ["示例高新区规划面积15.8平方公里。"])));
    const third = await openKnowledgeIndex(dir, await lexicon(), load, { dataDir, log });
    expect(reads).toBe(2);
    expect(third.index.search("规划面积", 5, "示例高新区")[0]?.sentence.text).toContain("15.8");
    await writeFile(join(dir, "b.json"), "{ not json");
    await expect(openKnowledgeIndex(dir, await lexicon(), load, { dataDir, log })).rejects.toThrow(/b\.json/);
    await rm(dir, { recursive: true, force: true });
  });

  it("rebuilds a truncated snapshot, saying which file", async () => {
    await openSentenceIndex(ARTICLES, await lexicon(), { dataDir, log });
    const file = join(dataDir, INDEX_CACHE_FILE);
    const whole = await readFile(file);
    await writeFile(file, whole.subarray(0, whole.byteLength - 16));
    lines = [];
    const index = await openSentenceIndex(ARTICLES, await lexicon(), { dataDir, log });
    expect(lines.some((l) => l.startsWith("warn") && l.includes(INDEX_CACHE_FILE))).toBe(true);
    expect(index.sentences.length).toBe(3);
  });

  it("rebuilds a corrupt snapshot, saying which file, and replaces it", async () => {
    await writeFile(join(dataDir, INDEX_CACHE_FILE), '{"format":1,"key":"x", "snapsh');
    const index = await openSentenceIndex(ARTICLES, await lexicon(), { dataDir, log });
    expect(lines.some((l) => l.startsWith("warn") && l.includes(INDEX_CACHE_FILE))).toBe(true);
    expect(index.sentences.length).toBe(3);
    const saved = readSnapshotMeta(await readFile(join(dataDir, INDEX_CACHE_FILE))) as { key: string };
    expect(saved.key).toMatch(/^[0-9a-f]{64}$/);
  });

  it("rebuilds a snapshot whose key matches but whose sentences do not", async () => {
    await openSentenceIndex(ARTICLES, await lexicon(), { dataDir, log });
    const file = join(dataDir, INDEX_CACHE_FILE);
    const bytes = await readFile(file);
    const saved = decodeSnapshotFile(bytes) as { snapshot: { sentences: { targets: Uint8Array } } };
    // The snapshot now says the first sentence is not indexed, and so it holds one sentence too many.
    saved.snapshot.sentences.targets = saved.snapshot.sentences.targets.map((t, i) => (i === 0 ? 0 : t));
    await writeFile(file, encodeSnapshotFile(saved, readSnapshotMeta(bytes)));
    lines = [];
    const index = await openSentenceIndex(ARTICLES, await lexicon(), { dataDir, log });
    expect(lines.some((l) => l.startsWith("warn") && l.includes("does not fit"))).toBe(true);
    expect(index.byId.has("a#p1s1")).toBe(true);
  });

  it("keeps answering when the snapshot cannot be written", async () => {
    const unwritable = join(dataDir, "file-not-dir");
    await writeFile(unwritable, "");
    const index = await openSentenceIndex(ARTICLES, await lexicon(), { dataDir: unwritable, log });
    expect(index.sentences.length).toBe(3);
    expect(lines.some((l) => l.startsWith("warn") && l.includes("could not save"))).toBe(true);
  });
});

describe("building in steps", () => {
  it("builds the same index as the constructor while other work keeps running", async () => {
    const many = Array.from({ length: 40 }, (_, n) =>
      article(
        `m${n}`,
        Array.from({ length: 30 }, (_, i) => `示例高新区第${n}篇第${i}句，规划面积${n}.${i}平方公里。`),
      ),
    );
    let ticks = 0;
    let running = true;
    const tick = () => {
      ticks++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const stepped = await openSentenceIndex(many, await lexicon(), { log, inSteps: true });
    running = false;
    const direct = await openSentenceIndex(many, await lexicon(), { log });
    expect(ticks).toBeGreaterThan(3);
    const ids = (index: typeof direct) =>
      index.search("规划面积 3.7", 5, "示例高新区").map((h) => h.sentence.id);
    expect(ids(stepped)).toEqual(ids(direct));
    expect(stepped.sentences.length).toBe(direct.sentences.length);
  });
});
