import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOfflineAnswerer, type OfflineAnswerer } from "../../src/answer/offline/offline-answerer.js";
import { loadQuestionSet } from "../../src/eval/question-set.js";
import { scoreItem, summarize } from "../../src/eval/score.js";
import { ingest } from "../../src/knowledge/ingest.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { loadLexicon } from "../../src/search/lexicon.js";
import { addFixturePages } from "../helpers/golden-sites.js";

/**
 * The regression property over many articles: every existing question set, asked of the real knowledge base
 * with synthetic fixture articles added as distractors (the pages of tests/fixtures/sites, sites-b, zone-kb and
 * zone-kb-2, 44 articles about fictional parks: 示例高新区, 范例高新区, 样本经开区, 模拟经开区, 演示工业园… —
 * reposts, pinyin copies, English pages, conflicting figures). An answer about 衡阳高新区 must never come from
 * them. zone-kb-3 stays out: it is the held-out knowledge base.
 *
 * The goal is 0.95 for every set, and every set reaches it (measured 2026-11-28, session 5: main 1.0, b 0.971,
 * c 1.0, d 0.973, e 0.971, f 0.988, g 1.0). The floors are those less a small margin: they stop a regression, and are
 * raised as the answerer improves — never lowered to let a change through. No answer may cite a fixture.
 */
let dir: string;
let answerer: OfflineAnswerer;
/** The real articles: the only ones an answer about 衡阳高新区 may cite. */
let REAL: Set<string>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "parkbot-distractors-"));
  await cp("knowledge/raw", join(dir, "raw"), { recursive: true });
  for (const folder of ["sites", "sites-b", "zone-kb", "zone-kb-2"]) await addFixturePages(folder, dir);
  await ingest(dir);
  answerer = createOfflineAnswerer(await loadKnowledge(dir), await loadLexicon());
  REAL = new Set((await loadKnowledge("knowledge")).map((a) => a.id));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each([
  ["tests/eval/questions.jsonl", 0.98],
  ["tests/eval/questions-b.jsonl", 0.96],
  ["tests/eval/questions-c.jsonl", 0.98],
  ["tests/eval/questions-d.jsonl", 0.96],
  ["tests/eval/questions-e.jsonl", 0.96],
  ["tests/eval/questions-f.jsonl", 0.97],
  ["tests/eval/questions-g.jsonl", 0.98],
])("%s with 44 distractor articles", (file, minimum) => {
  it(`scores at least ${minimum} and never cites a fixture article`, async () => {
    const items = await loadQuestionSet(file);
    const results = [];
    const cited = new Set<string>();
    for (const item of items) {
      const answer = await answerer.answer(item.q);
      for (const c of answer.citations) if (!REAL.has(c.article.id)) cited.add(`${item.id} → ${c.id}`);
      results.push(scoreItem(item, answer));
    }
    const summary = summarize(results);
    const failures = results.filter((r) => !r.pass).map((r) => `${r.id} ${r.q}: ${r.why}`);
    expect(summary.overall ?? 0, failures.join("\n")).toBeGreaterThanOrEqual(minimum);
    expect([...cited]).toEqual([]);
  });
});
