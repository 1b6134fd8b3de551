import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MockEmbeddingModelV3 } from "ai/test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmbeddingRanker } from "../../src/search/embeddings.js";
import { reciprocalRankFusion } from "../../src/search/fusion.js";
import { realAnswerer } from "../helpers/real-kb.js";
import { callSizes, embeddedTexts, stubEmbed, stubEmbeddingModel } from "../helpers/stub-embeddings.js";

describe("reciprocalRankFusion", () => {
  it("scores each id Σ 1/(k + rank) over the lists, best first", () => {
    // a = 1/61 + 1/62, c = 1/63 + 1/61, b = 1/62, d = 1/63
    expect(
      reciprocalRankFusion([
        ["a", "b", "c"],
        ["c", "a", "d"],
      ]),
    ).toEqual(["a", "c", "b", "d"]);
  });

  it("lets agreement between lists beat one list's first place", () => {
    // x: 1/61 only; y: 1/62 + 1/62 (second in both)
    expect(
      reciprocalRankFusion([
        ["x", "y"],
        ["z", "y"],
      ]),
    ).toEqual(["y", "x", "z"]);
  });

  it("breaks ties by first appearance", () => {
    expect(
      reciprocalRankFusion([
        ["a", "b"],
        ["b", "a"],
      ]),
    ).toEqual(["a", "b"]);
    expect(reciprocalRankFusion([["p"], ["q"], ["r"]])).toEqual(["p", "q", "r"]);
  });

  it("uses k: a small k makes first place count for more", () => {
    const lists = [
      ["a", "b", "c"],
      ["b", "c", "a"],
      ["c", "a", "b"],
      ["a", "c", "b"],
    ];
    // k = 60: a = 1/61·2 + 1/62 + 1/63, c = 1/61 + 1/62·2 + 1/63 — a first either way; check the exact order.
    expect(reciprocalRankFusion(lists)).toEqual(["a", "c", "b"]);
    expect(reciprocalRankFusion([["a", "b"], ["b"], ["a"]], 0)).toEqual(["a", "b"]);
    // k = 0, ranks 1 vs 2+2: 1/1 = 1 > 1/2 + 1/2? equal — first appearance decides.
    expect(
      reciprocalRankFusion(
        [
          ["a", "b"],
          ["c", "b"],
        ],
        0,
      ),
    ).toEqual(["a", "b", "c"]);
  });

  it("counts an id listed twice in one list once, at its best rank; handles empty input", () => {
    expect(reciprocalRankFusion([["a", "a", "b"], ["b"]])).toEqual(["b", "a"]);
    expect(reciprocalRankFusion([])).toEqual([]);
    expect(reciprocalRankFusion([[], []])).toEqual([]);
  });
});

describe("createEmbeddingRanker", () => {
  let cacheDir: string;
  beforeEach(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), "parkbot-embeddings-"));
  });
  afterEach(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  const kbSentences = async () =>
    (await realAnswerer()).index.sentences.map(({ id, text }) => ({ id, text }));
  const cacheFiles = async () => readdir(join(cacheDir, "embeddings"));

  it("ranks the knowledge-base sentence most similar to the question first", async () => {
    const sentences = await kbSentences();
    const ranker = await createEmbeddingRanker({
      model: stubEmbeddingModel(),
      modelName: "stub",
      sentences,
      cacheDir,
    });
    const idOf = (substring: string) => sentences.find((s) => s.text.includes(substring))?.id;

    expect((await ranker.rank("距衡阳火车站、南岳机场和高铁衡阳东站各有多远？", 3))[0]).toBe(
      idOf("南岳机场20公里"),
    );
    expect((await ranker.rank("高新区的规划面积是多少平方公里？", 3))[0]).toBe(idOf("170.57平方公里"));
    expect((await ranker.rank("衡阳高新区有哪些金字招牌？", 3))[0]).toBe(idOf("金字招牌"));

    const all = await ranker.rank("衡阳高新区", 100);
    expect(all).toHaveLength(sentences.length);
    expect(new Set(all)).toEqual(new Set(sentences.map((s) => s.id)));
    expect(await ranker.rank("衡阳高新区", 2)).toHaveLength(2);
    expect(await ranker.rank("衡阳高新区", 0)).toEqual([]);
  });

  it("never sends more than 10 texts in one request, even when the model claims it takes 2048", async () => {
    const kb = await kbSentences();
    const model = stubEmbeddingModel({ maxEmbeddingsPerCall: 2048 });
    await createEmbeddingRanker({ model, modelName: "stub", sentences: kb, cacheDir });
    expect(Math.max(...callSizes(model))).toBeLessThanOrEqual(10);
    expect(embeddedTexts(model).sort()).toEqual(kb.map((s) => s.text).sort());

    const many = Array.from({ length: 37 }, (_, i) => ({
      id: `s${i}`,
      text: `第${i}句:高新区的第${i}号事实`,
    }));
    const big = stubEmbeddingModel();
    await createEmbeddingRanker({ model: big, modelName: "stub-many", sentences: many, cacheDir });
    expect(callSizes(big).every((n) => n >= 1 && n <= 10)).toBe(true);
    expect(callSizes(big).reduce((a, b) => a + b, 0)).toBe(37);
    expect(embeddedTexts(big).sort()).toEqual(many.map((s) => s.text).sort());
  });

  it("keeps at most two requests in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const model = new MockEmbeddingModelV3({
      maxEmbeddingsPerCall: 2048,
      supportsParallelCalls: true,
      doEmbed: async ({ values }) => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return { embeddings: values.map(stubEmbed), warnings: [] };
      },
    });
    const sentences = Array.from({ length: 55 }, (_, i) => ({ id: `s${i}`, text: `句子${i}` }));
    await createEmbeddingRanker({ model, modelName: "slow", sentences, cacheDir });
    expect(model.doEmbedCalls).toHaveLength(6);
    expect(peak).toBe(2);
  });

  it("embeds each distinct text once, even when sentences repeat it", async () => {
    const model = stubEmbeddingModel();
    const sentences = [
      { id: "a", text: "同一句话" },
      { id: "b", text: "同一句话" },
      { id: "c", text: "另一句话" },
    ];
    const ranker = await createEmbeddingRanker({ model, modelName: "stub", sentences, cacheDir });
    expect(embeddedTexts(model).sort()).toEqual(["另一句话", "同一句话"]);
    expect(await ranker.rank("同一句话", 3)).toEqual(["a", "b", "c"]);
  });

  it("caches sentence vectors on disk: a second ranker embeds only the question", async () => {
    const sentences = await kbSentences();
    const first = stubEmbeddingModel();
    const firstRanker = await createEmbeddingRanker({ model: first, modelName: "stub", sentences, cacheDir });
    expect(embeddedTexts(first)).toHaveLength(sentences.length);
    expect(await cacheFiles()).toEqual(["stub.json"]);

    const second = stubEmbeddingModel();
    const ranker = await createEmbeddingRanker({ model: second, modelName: "stub", sentences, cacheDir });
    expect(second.doEmbedCalls).toHaveLength(0);
    const question = "高新区的规划面积是多少？";
    expect(await ranker.rank(question, 5)).toEqual(await firstRanker.rank(question, 5));
    expect(embeddedTexts(second)).toEqual([question]);
    // Asked again: answered from the in-memory question cache.
    await ranker.rank(question, 5);
    expect(second.doEmbedCalls).toHaveLength(1);

    // Another model name never reuses these vectors.
    const other = stubEmbeddingModel();
    await createEmbeddingRanker({ model: other, modelName: "text-embedding-v3/1024", sentences, cacheDir });
    expect(embeddedTexts(other)).toHaveLength(sentences.length);
    expect(await cacheFiles()).toHaveLength(2);
  });

  it("re-embeds only a changed sentence, and drops vectors of sentences gone", async () => {
    const sentences = await kbSentences();
    await createEmbeddingRanker({ model: stubEmbeddingModel(), modelName: "stub", sentences, cacheDir });

    const changed = sentences.map((s, i) => (i === 2 ? { ...s, text: `${s.text}(已更新)` } : s));
    const model = stubEmbeddingModel();
    const ranker = await createEmbeddingRanker({ model, modelName: "stub", sentences: changed, cacheDir });
    expect(embeddedTexts(model)).toEqual([changed[2]?.text]);
    expect((await ranker.rank(changed[2]?.text ?? "", 1))[0]).toBe(changed[2]?.id);

    const cache = JSON.parse(await readFile(join(cacheDir, "embeddings", "stub.json"), "utf8"));
    expect(Object.keys(cache.vectors)).toHaveLength(sentences.length);
  });

  it("survives a corrupt cache file and rewrites it", async () => {
    const sentences = await kbSentences();
    await createEmbeddingRanker({ model: stubEmbeddingModel(), modelName: "stub", sentences, cacheDir });
    const file = join(cacheDir, "embeddings", "stub.json");

    for (const garbage of [
      '{"version": 1, "model": "stub", "vectors": {"x": ["not a number"]}}',
      "{ truncat",
    ]) {
      await writeFile(file, garbage, "utf8");
      const model = stubEmbeddingModel();
      const ranker = await createEmbeddingRanker({ model, modelName: "stub", sentences, cacheDir });
      expect(embeddedTexts(model)).toHaveLength(sentences.length);
      expect(await ranker.rank("衡阳高新区", 3)).toHaveLength(3);

      const again = stubEmbeddingModel();
      await createEmbeddingRanker({ model: again, modelName: "stub", sentences, cacheDir });
      expect(again.doEmbedCalls).toHaveLength(0);
    }
    // Written atomically: no temporary files left behind.
    expect(await cacheFiles()).toEqual(["stub.json"]);
  });

  it("rejects when the embedding model fails, so the caller can fall back to BM25", async () => {
    const sentences = await kbSentences();
    const model = stubEmbeddingModel({ fail: new Error("401 invalid api key") });
    await expect(createEmbeddingRanker({ model, modelName: "stub", sentences, cacheDir })).rejects.toThrow(
      "401 invalid api key",
    );
    await expect(readdir(join(cacheDir, "embeddings"))).rejects.toThrow();
  });

  it("rejects when the model returns the wrong number of vectors or a question of another dimension", async () => {
    const sentences = [
      { id: "a", text: "甲" },
      { id: "b", text: "乙" },
    ];
    const short = new MockEmbeddingModelV3({
      maxEmbeddingsPerCall: 2048,
      doEmbed: async () => ({ embeddings: [[1, 0]], warnings: [] }),
    });
    await expect(
      createEmbeddingRanker({ model: short, modelName: "short", sentences, cacheDir }),
    ).rejects.toThrow(/1 vectors for 2 texts/);

    let dimension = 3;
    const shifting = new MockEmbeddingModelV3({
      maxEmbeddingsPerCall: 2048,
      doEmbed: async ({ values }) => ({
        embeddings: values.map(() => new Array(dimension).fill(1)),
        warnings: [],
      }),
    });
    const ranker = await createEmbeddingRanker({
      model: shifting,
      modelName: "shifting",
      sentences,
      cacheDir,
    });
    dimension = 4;
    await expect(ranker.rank("问题", 2)).rejects.toThrow(/dimensions/);
  });

  it("embeds the sentences again when the model behind a name changed dimension", async () => {
    const sentences = [
      { id: "a", text: "甲" },
      { id: "b", text: "乙" },
    ];
    await createEmbeddingRanker({ model: stubEmbeddingModel(), modelName: "m", sentences, cacheDir });
    const small = new MockEmbeddingModelV3({
      maxEmbeddingsPerCall: 2048,
      doEmbed: async ({ values }) => ({ embeddings: values.map(() => [1, 0, 0]), warnings: [] }),
    });
    const withNew = [...sentences, { id: "c", text: "丙" }];
    const ranker = await createEmbeddingRanker({
      model: small,
      modelName: "m",
      sentences: withNew,
      cacheDir,
    });
    expect(embeddedTexts(small).sort()).toEqual(["丙", "乙", "甲"].sort());
    expect(await ranker.rank("问题", 3)).toHaveLength(3);
  });

  it("handles an empty knowledge base without calling the model", async () => {
    const model = stubEmbeddingModel();
    const ranker = await createEmbeddingRanker({ model, modelName: "stub", sentences: [], cacheDir });
    expect(await ranker.rank("衡阳高新区", 5)).toEqual([]);
    expect(model.doEmbedCalls).toHaveLength(0);
  });
});
