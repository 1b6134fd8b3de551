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
 * with every synthetic fixture article added as a distractor (30 pages about fictional parks: 示例高新区,
 * 样本高新区, 样本经开区, 演示工业园 — reposts, a pinyin copy, English pages, conflicting figures). An answer about
 * 衡阳高新区 must never come from them.
 *
 * The goal is 0.95 for every set. The floors below are what the answerer reaches today (measured 2026-11-28:
 * main 0.98, b 0.90, c 0.98, d 0.97, e 0.94, f 0.99, g 0.97 — the same as without distractors but for b and e)
 * less a small margin: they stop a regression, and
 * are raised as the answerer improves — never lowered to let a change through. No answer may cite a fixture.
 */
let dir: string;
let answerer: OfflineAnswerer;
/** The real articles: the only ones an answer about 衡阳高新区 may cite. */
let REAL: Set<string>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "parkbot-distractors-"));
  await cp("knowledge/raw", join(dir, "raw"), { recursive: true });
  for (const folder of ["sites", "sites-b", "zone-kb"]) await addFixturePages(folder, dir);
  await ingest(dir);
  answerer = createOfflineAnswerer(await loadKnowledge(dir), await loadLexicon());
  REAL = new Set((await loadKnowledge("knowledge")).map((a) => a.id));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each([
  ["tests/eval/questions.jsonl", 0.96],
  ["tests/eval/questions-b.jsonl", 0.88],
  ["tests/eval/questions-c.jsonl", 0.96],
  ["tests/eval/questions-d.jsonl", 0.95],
  ["tests/eval/questions-e.jsonl", 0.92],
  ["tests/eval/questions-f.jsonl", 0.96],
  ["tests/eval/questions-g.jsonl", 0.95],
])("%s with 30 distractor articles", (file, minimum) => {
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
