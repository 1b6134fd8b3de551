import MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import { Bm25, type PackedBm25 } from "../../src/search/bm25.js";
import { type PackedPostings, Postings } from "../../src/search/postings.js";
import { indexTerms } from "../../src/search/segment.js";
import { decodeSnapshotFile, encodeSnapshotFile } from "../../src/search/snapshot-file.js";

/**
 * The packed BM25 scores as MiniSearch 7 does for one field with exact terms (the scoring the answer sets were
 * measured with), and survives saving and loading. SYNTHETIC sentences about the fictional 示例高新区.
 */
const SENTENCES = [
  "示例高新区规划面积12.5平方公里,建成区面积7.8平方公里。",
  "示例高新区距示例火车站8公里,距示例机场35公里。",
  "样本经开区规划面积38.6平方公里。",
  "园区现有企业1520家,其中高新技术企业108家。",
  "示例高新区于2003年经示例省人民政府批准设立。",
  "园区距示例港12公里,货车10分钟即可驶上高速。",
  "示例示例示例高新区高新区。",
];
const docs = SENTENCES.map((text, i) => ({ id: `s${i}`, text }));
const QUERIES = ["规划面积 平方公里", "示例机场 距 公里", "高新技术企业 企业", "示例", "不存在的词"];

describe("Bm25", () => {
  const ours = Bm25.build(docs.map((d) => ({ id: d.id, terms: indexTerms(d.text) })));
  const theirs = new MiniSearch({ fields: ["text"], tokenize: indexTerms, processTerm: (t: string) => t });
  theirs.addAll(docs);

  it.each(QUERIES)("ranks and scores %s as MiniSearch does", (query) => {
    const terms = [...new Set(indexTerms(query))];
    const expected = theirs
      .search(terms.join(" "), { tokenize: (q: string) => q.split(" ") })
      .map((h) => [h.id, h.score]);
    const got = ours.search(terms).map((h) => [h.id, h.score]);
    expect(got.map(([id]) => id)).toEqual(expected.map(([id]) => id));
    for (const [i, [, score]] of got.entries()) expect(score).toBeCloseTo(expected[i]?.[1] as number, 9);
  });

  it("filters and boosts by id", () => {
    const terms = indexTerms("规划面积");
    expect(ours.search(terms, { filter: (id) => id !== "s0" }).map((h) => h.id)).not.toContain("s0");
    const halved = ours.search(terms, { boost: (id) => (id === "s0" ? 0.5 : 1) });
    const plain = ours.search(terms);
    expect(halved.find((h) => h.id === "s0")?.score).toBeCloseTo(
      (plain.find((h) => h.id === "s0")?.score ?? 0) / 2,
      9,
    );
  });

  it("answers the same after a round trip through a snapshot file", () => {
    const back = Bm25.fromParts(decodeSnapshotFile(encodeSnapshotFile(ours.toParts())) as PackedBm25);
    for (const q of QUERIES) expect(back.search(indexTerms(q))).toEqual(ours.search(indexTerms(q)));
  });
});

describe("Postings", () => {
  it("finds every key and only those, before and after a round trip through a snapshot file", () => {
    const lists = new Map<string, number[]>([
      ["高新", [0, 3, 9]],
      ["新区", [0, 3]],
      ["a", [7]],
      ["港", [2]],
    ]);
    const packed = Postings.pack(lists);
    const back = Postings.fromParts(
      decodeSnapshotFile(encodeSnapshotFile(packed.toParts())) as PackedPostings,
    );
    for (const p of [packed, back]) {
      for (const [key, list] of lists) expect([...p.get(key)]).toEqual(list);
      expect(p.has("不在")).toBe(false);
      expect(p.get("不在").length).toBe(0);
    }
  });
});
