import { describe, expect, it } from "vitest";
import { loadQuestionSet } from "../../src/eval/question-set.js";
import { scoreItem, summarize } from "../../src/eval/score.js";
import { realAnswerer } from "../helpers/real-kb.js";

/**
 * The quality gate: both question sets through the real offline answerer over the committed knowledge base.
 * questions.jsonl was written alongside the answerer; questions-b … -e were written independently of it, by
 * people who saw only the article (first contact: b 0.80, c 0.85, d 0.89, e 0.81 — e was written to break it —, f 0.90, g 0.90);
 * the misses they showed were fixed in general rules and lexicon data, never per question.
 */
describe.each([
  ["tests/eval/questions.jsonl", 0.95],
  ["tests/eval/questions-b.jsonl", 0.9],
  ["tests/eval/questions-c.jsonl", 0.9],
  ["tests/eval/questions-d.jsonl", 0.9],
  ["tests/eval/questions-e.jsonl", 0.9],
  ["tests/eval/questions-f.jsonl", 0.9],
  ["tests/eval/questions-g.jsonl", 0.9],
])("eval %s", (file, minimum) => {
  it(`scores at least ${minimum} overall and refuses every question it should`, async () => {
    const answerer = await realAnswerer();
    const items = await loadQuestionSet(file);
    const results = [];
    for (const item of items) results.push(scoreItem(item, await answerer.answer(item.q)));
    const summary = summarize(results);
    const failures = results.filter((r) => !r.pass).map((r) => `${r.id} ${r.q}: ${r.why}`);
    expect(summary.overall ?? 0, failures.join("\n")).toBeGreaterThanOrEqual(minimum);
    expect(summary.citationPrecision ?? 0).toBeGreaterThanOrEqual(0.8);
  });
});
