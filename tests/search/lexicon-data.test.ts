import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../src/knowledge/ingest.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { fold } from "../../src/search/normalize.js";
import { isDictionaryWord, tagWords } from "../../src/search/segment.js";

/**
 * lexicon/ is language data: words any article about any park could use. A synonym that maps a user's word to
 * a word only one article uses (高铁站 → 衡阳东站, 团队 → 项目组) fits the answerer to that article, and a
 * glossary entry that names a person is a fact, not language. These tests fail when such an entry comes back.
 */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

let texts: string[];
let dir: string;
beforeAll(async () => {
  // Every knowledge base at hand: the real one and the many-article fixture.
  dir = await mkdtemp(join(tmpdir(), "parkbot-lexicon-"));
  await cp(join(ROOT, "tests/fixtures/zone-kb/raw"), join(dir, "raw"), { recursive: true });
  await ingest(dir);
  const articles = [...(await loadKnowledge(join(ROOT, "knowledge"))), ...(await loadKnowledge(dir))];
  texts = articles.map((a) =>
    fold([a.title, ...a.paragraphs.flatMap((p) => p.sentences.map((s) => s.text))].join("\n")),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function json(name: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(ROOT, "lexicon", name), "utf8"));
}

describe("lexicon/ holds language data only", () => {
  it("maps synonyms only to dictionary words or to words several articles use", async () => {
    const { synonyms } = (await json("aliases.json")) as { synonyms: Record<string, string> };
    const fitted = Object.entries(synonyms).filter(([, value]) => {
      if (isDictionaryWord(value)) return false;
      return texts.filter((t) => t.includes(fold(value))).length < 2;
    });
    expect(fitted).toEqual([]);
  });

  it("translates English into words, never into a person's name or an article's figures", async () => {
    const glossary = (await json("glossary-en.json")) as Record<string, string>;
    const facts = Object.entries(glossary).filter(([, value]) => {
      const words = value.split(/\s+/).filter(Boolean);
      const person = words.some((w) => {
        const tagged = tagWords(w);
        return tagged.length === 1 && /^nr/.test(tagged[0]?.tag ?? "");
      });
      const figures = words.some((w) => /\d/.test(w) && !/^\d{1,2}月$/.test(w));
      return person || figures;
    });
    expect(facts).toEqual([]);
  });

  it("keeps the zone's identity in zone.json, not in aliases", async () => {
    const aliases = await json("aliases.json");
    expect(Object.keys(aliases).sort()).toEqual(["generic", "references", "synonyms"]);
    const zone = await json("zone.json");
    expect(zone.canonical).toBe("衡阳高新区");
  });
});
