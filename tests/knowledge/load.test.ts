import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import iconv from "iconv-lite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Article } from "../../src/knowledge/article.js";
import { KnowledgeError } from "../../src/knowledge/errors.js";
import { loadKnowledge, loadKnowledgeSync } from "../../src/knowledge/load.js";
import { serialiseArticle } from "../../src/knowledge/serialise.js";

const SEED_JSON = fileURLToPath(new URL("../../knowledge/b860dba5ce0ec7a0.json", import.meta.url));

function article(id: string, date: string): Article {
  return {
    id,
    title: `示例标题 ${id}`,
    date,
    source: "示例科技园管委会",
    url: `https://park.example.org/${id}.html`,
    raw: `raw/${id}.txt`,
    lang: "zh-Hans",
    figures: [],
    paragraphs: [{ id: "p1", sentences: [{ id: `${id}#p1s1`, text: "示例句子。" }] }],
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "parkbot-load-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function expectKnowledgeError(pattern: RegExp): Promise<KnowledgeError> {
  const error = await loadKnowledge(dir).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KnowledgeError);
  expect((error as Error).message).toMatch(pattern);
  expect((error as Error).message).not.toContain("\n");
  // The sync variant behaves the same.
  expect(() => loadKnowledgeSync(dir)).toThrow(pattern);
  return error as KnowledgeError;
}

describe("loadKnowledge", () => {
  it("loads the articles directly in the directory, newest first then by id, ignoring subfolders", async () => {
    await writeFile(join(dir, "b.json"), serialiseArticle(article("b", "2021-01-01")));
    await writeFile(join(dir, "a.json"), serialiseArticle(article("a", "2021-01-01")));
    await writeFile(join(dir, "c.json"), serialiseArticle(article("c", "2022-06-30")));
    await writeFile(join(dir, "notes.txt"), "not an article");
    await mkdir(join(dir, "raw"));
    await writeFile(join(dir, "raw", "sources.json"), "{}");
    expect((await loadKnowledge(dir)).map((a) => a.id)).toEqual(["c", "a", "b"]);
    expect(loadKnowledgeSync(dir).map((a) => a.id)).toEqual(["c", "a", "b"]);
  });

  it("loads the real seed article", async () => {
    await writeFile(join(dir, "b860dba5ce0ec7a0.json"), await readFile(SEED_JSON));
    const [seed] = await loadKnowledge(dir);
    expect(seed?.paragraphs.flatMap((p) => p.sentences)).toHaveLength(11);
  });

  it("reads cleaned files as UTF-8 only: a file re-saved as GBK is an error naming it, not garbled titles", async () => {
    const gbk = iconv.encode(serialiseArticle(article("gbk", "2021-01-01")), "gbk");
    await writeFile(join(dir, "gbk.json"), gbk);
    await expectKnowledgeError(/gbk\.json: not valid UTF-8/);
  });

  it("names the file on invalid JSON", async () => {
    await writeFile(join(dir, "broken.json"), '{ "id": "broken", ');
    await expectKnowledgeError(/broken\.json: invalid JSON: /);
  });

  it("names the file and the first schema problem compactly", async () => {
    const bad = { ...article("x", "2021-01-01"), paragraphs: [{ id: "p1", sentences: "oops" }] };
    await writeFile(join(dir, "x.json"), JSON.stringify(bad));
    const error = await expectKnowledgeError(/x\.json: paragraphs\.0\.sentences: expected array/);
    expect(error.message).toBe(
      `${join(dir, "x.json")}: paragraphs.0.sentences: expected array, received string`,
    );
  });

  it("rejects a bad date format", async () => {
    await writeFile(join(dir, "d.json"), JSON.stringify(article("d", "2021/01/01")));
    await expectKnowledgeError(/d\.json: date: /);
  });

  it("rejects duplicate ids, naming both files", async () => {
    await writeFile(join(dir, "one.json"), serialiseArticle(article("same", "2021-01-01")));
    await writeFile(join(dir, "two.json"), serialiseArticle(article("same", "2021-02-02")));
    await expectKnowledgeError(/two\.json: duplicate article id "same" \(also in .*one\.json\)/);
  });

  it("rejects sentence ids that belong to another article", async () => {
    const a = article("mine", "2021-01-01");
    a.paragraphs[0] = { id: "p1", sentences: [{ id: "other#p1s1", text: "示例句子。" }] };
    await writeFile(join(dir, "mine.json"), JSON.stringify(a));
    await expectKnowledgeError(/mine\.json: paragraphs\.0\.sentences\.0\.id: "other#p1s1" does not belong/);
  });

  it("names the directory when it cannot be read", async () => {
    await expect(loadKnowledge(join(dir, "missing"))).rejects.toThrow(/missing: cannot read directory/);
  });
});
