import { describe, expect, it } from "vitest";
import {
  CITIES,
  generateCorpus,
  MAX_ARTICLE,
  MAX_CHARS,
  MIN_ARTICLE,
  MIN_CHARS,
  PARK_KINDS,
  SYNTHETIC_MARK,
  SYNTHETIC_SOURCE,
} from "../../src/bench/synthetic-corpus.js";
import { ArticleSchema } from "../../src/knowledge/article.js";
import { loadLexicon } from "../../src/search/lexicon.js";
import { parkMentions, zoneNames } from "../../src/search/subjects.js";

/** The distractor corpus of the scale benchmark: only the generator, no timings. */
const texts = (seed: number, n: number) =>
  generateCorpus(n, seed).flatMap((a) => a.paragraphs.flatMap((p) => p.sentences.map((s) => s.text)));

describe("generateCorpus", () => {
  it("gives the same corpus for the same seed, and another for another seed", () => {
    expect(generateCorpus(500, 7)).toEqual(generateCorpus(500, 7));
    expect(texts(1, 500)).not.toEqual(texts(2, 500));
  });

  it.each([1, 9, 10, 41, 1000, 2345])("writes exactly %i sentences in articles of 10–40", (n) => {
    const articles = generateCorpus(n, 3);
    const counts = articles.map((a) => a.paragraphs.reduce((k, p) => k + p.sentences.length, 0));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(n);
    if (n >= MIN_ARTICLE)
      for (const c of counts) {
        expect(c).toBeGreaterThanOrEqual(MIN_ARTICLE);
        expect(c).toBeLessThanOrEqual(MAX_ARTICLE);
      }
  });

  it("writes valid articles in several paragraphs, with sentences of 20–80 characters", () => {
    const articles = generateCorpus(3000, 5);
    expect(new Set(articles.map((a) => a.id)).size).toBe(articles.length);
    for (const article of articles) {
      expect(ArticleSchema.parse(article)).toEqual(article);
      if (article.paragraphs.reduce((k, p) => k + p.sentences.length, 0) >= 16)
        expect(article.paragraphs.length).toBeGreaterThan(1);
      for (const p of article.paragraphs)
        for (const s of p.sentences) {
          expect(s.id.startsWith(`${article.id}#${p.id}s`)).toBe(true);
          expect(s.text.length).toBeGreaterThanOrEqual(MIN_CHARS);
          expect(s.text.length).toBeLessThanOrEqual(MAX_CHARS);
          expect(s.text).toMatch(/。$/);
        }
    }
    // Few exact repeats: the index keeps one sentence per text, and a corpus of N must stay near N.
    const all = articles.flatMap((a) => a.paragraphs.flatMap((p) => p.sentences.map((s) => s.text)));
    expect(new Set(all).size / all.length).toBeGreaterThan(0.98);
  });

  it("marks every article synthetic: title, source and an example.org url", () => {
    for (const article of generateCorpus(2000, 11)) {
      expect(article.title.startsWith(SYNTHETIC_MARK)).toBe(true);
      expect(article.source).toBe(SYNTHETIC_SOURCE);
      expect(article.source).toMatch(/synthetic/);
      expect(new URL(article.url).hostname).toMatch(/(^|\.)example\.org$/);
    }
  });

  it("states areas, founding years, distances and company counts of fictional parks", () => {
    const all = texts(1, 5000);
    const park = new RegExp(`(?:${CITIES.join("|")})(?:${PARK_KINDS.join("|")})`);
    const aboutPark = all.filter((t) => park.test(t));
    expect(aboutPark.length).toBeGreaterThan(all.length / 5);
    const kinds = {
      area: /规划面积\d+(\.\d+)?平方公里/,
      founded: /(?:于|成立于)(?:19|20)\d\d年/,
      distance: /距.+?\d+公里/,
      companies: /企业\d+家/,
    };
    for (const [kind, pattern] of Object.entries(kinds))
      expect(aboutPark.filter((t) => pattern.test(t)).length, kind).toBeGreaterThan(20);
    // Generic economy and technology news too, naming no park.
    expect(all.length - aboutPark.length).toBeGreaterThan(all.length / 5);
  });

  it("names only its invented places, never the zone of the real knowledge base", () => {
    for (const t of texts(1, 5000)) expect(t).not.toMatch(/衡阳|湖南|南岳/);
  });

  it("names parks the park recogniser reads as places, so their facts never count as the zone's", async () => {
    // A name segmentation cannot read as a place would leave 该区-like bare references, attributed to the zone.
    const zone = zoneNames((await loadLexicon()).zone);
    const unread = CITIES.flatMap((city) =>
      PARK_KINDS.flatMap((kind) =>
        [`截至2022年底,${city}${kind}共有各类企业4533家。`, `${city}${kind}位于${city}市城区东部。`].filter(
          (text) => !parkMentions(text, zone)[0]?.subject?.startsWith(city),
        ),
      ),
    );
    expect(unread).toEqual([]);
  });
});
