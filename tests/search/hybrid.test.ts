import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EvalItem, loadQuestionSet } from "../../src/eval/question-set.js";
import { containsGold } from "../../src/eval/score.js";
import { createEmbeddingRanker, type EmbeddingRanker } from "../../src/search/embeddings.js";
import { reciprocalRankFusion } from "../../src/search/fusion.js";
import { fold } from "../../src/search/normalize.js";
import { realAnswerer } from "../helpers/real-kb.js";
import { stubEmbeddingModel } from "../helpers/stub-embeddings.js";

const SETS = ["tests/eval/questions.jsonl", "tests/eval/questions-b.jsonl", "tests/eval/questions-c.jsonl"];
const K = 5;
/** How deep each list goes into the fusion (what the online answerer takes from each). */
const DEPTH = 20;

describe("hybrid retrieval (BM25 + stub embeddings, reciprocal rank fusion)", () => {
  let cacheDir: string;
  let ranker: EmbeddingRanker;
  let items: EvalItem[];

  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), "parkbot-hybrid-"));
    const { index } = await realAnswerer();
    ranker = await createEmbeddingRanker({
      model: stubEmbeddingModel(),
      modelName: "stub",
      sentences: index.sentences,
      cacheDir,
    });
    items = (await Promise.all(SETS.map(loadQuestionSet))).flat().filter((item) => item.type === "answer");
  });

  afterAll(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it(`is never worse than BM25 alone at recall@${K} over every answer item`, async () => {
    const answerer = await realAnswerer();
    const { index } = answerer;
    const textOf = (id: string) => index.byId.get(id)?.text ?? "";
    const cutoffs = [1, 3, K];
    const bm25Hits = cutoffs.map(() => 0);
    const hybridHits = cutoffs.map(() => 0);
    const lost: string[] = [];
    for (const item of items) {
      const query = answerer.explain(item.q).analysis.searchText || fold(item.q);
      const bm25 = index.search(query, DEPTH).map((h) => h.sentence.id);
      const similar = await ranker.rank(item.q, DEPTH);
      const hybrid = reciprocalRankFusion([bm25, similar]);
      const hit = (ids: string[], n: number) =>
        ids.slice(0, n).some((id) => containsGold(textOf(id), item.gold));
      cutoffs.forEach((n, c) => {
        if (hit(bm25, n)) bm25Hits[c] = (bm25Hits[c] ?? 0) + 1;
        if (hit(hybrid, n)) hybridHits[c] = (hybridHits[c] ?? 0) + 1;
      });
      if (hit(bm25, K) && !hit(hybrid, K)) lost.push(item.id);
    }
    // Only recall@K is asserted; the tighter cut-offs are printed because on an 11-sentence knowledge base top 5
    // is nearly half of it, and a lexical stub is a poor stand-in for a real model at the very top.
    const line = (c: number) =>
      `recall@${cutoffs[c]} BM25 ${bm25Hits[c]}/${items.length}, hybrid ${hybridHits[c]}/${items.length}`;
    console.info(
      `${cutoffs.map((_, c) => line(c)).join("; ")}${lost.length > 0 ? `; hybrid lost @${K}: ${lost.join(", ")}` : ""}`,
    );
    expect(items.length).toBeGreaterThan(100);
    // BM25 lists are short now that sentences are indexed without their paragraph (5 hits, not 11, for most
    // questions): a gold sentence BM25 alone ranks fifth can be pushed to sixth by two sentences both lists
    // agree on. One such item is the stub's price; more is a regression.
    expect(hybridHits[cutoffs.indexOf(K)]).toBeGreaterThanOrEqual(
      (bm25Hits[cutoffs.indexOf(K)] as number) - 1,
    );
  });
});
