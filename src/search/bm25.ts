import { type PackedPostings, Postings } from "./postings.js";

/**
 * BM25+ over short documents (sentences), scored exactly as MiniSearch 7 scores one field with exact terms
 * (k 1.2, b 0.7, δ 0.5; document length = distinct terms; the sum over matched query terms times their number) —
 * the scoring the answerer was measured with — but stored in `Postings`, so that a saved index loads by reading
 * a few arrays back instead of rebuilding a tree of maps (MiniSearch's loadJSON: 2.3 s at 100,000 sentences).
 */
export class Bm25 {
  private constructor(
    /** Document ids by position. */
    private readonly ids: string[],
    /** Distinct terms per document. */
    private readonly lengths: Uint16Array,
    private readonly averageLength: number,
    private readonly postings: Postings,
  ) {}

  /** Indexes documents, each with the terms of its text (duplicates count as term frequency). */
  static build(docs: ReadonlyArray<{ id: string; terms: readonly string[] }>): Bm25 {
    const lists = new Map<string, number[]>();
    const counts = new Map<string, number[]>();
    const lengths = new Uint16Array(docs.length);
    let total = 0;
    docs.forEach((doc, at) => {
      const tf = new Map<string, number>();
      for (const term of doc.terms) if (term) tf.set(term, (tf.get(term) ?? 0) + 1);
      lengths[at] = Math.min(tf.size, 65535);
      total += tf.size;
      for (const [term, n] of tf) {
        const list = lists.get(term);
        if (list) {
          list.push(at);
          counts.get(term)?.push(n);
        } else {
          lists.set(term, [at]);
          counts.set(term, [n]);
        }
      }
    });
    const average = docs.length > 0 ? total / docs.length : 0;
    return new Bm25(
      docs.map((d) => d.id),
      lengths,
      average,
      Postings.pack(lists, counts),
    );
  }

  get size(): number {
    return this.ids.length;
  }

  /**
   * Documents matching any of the terms, best first. `boost` scales a document's score (doubtful sentences);
   * `filter` keeps only some ids. Ties keep the order in which documents were first matched.
   */
  search(
    terms: readonly string[],
    options: { filter?: (id: string) => boolean; boost?: (id: string) => number } = {},
  ): Array<{ id: string; score: number }> {
    const n = this.ids.length;
    const matched = new Map<number, { score: number; terms: number }>();
    for (const term of new Set(terms)) {
      const docs = this.postings.get(term);
      if (docs.length === 0) continue;
      const tfs = this.postings.countsOf(term);
      const idf = Math.log(1 + (n - docs.length + 0.5) / (docs.length + 0.5));
      for (let i = 0; i < docs.length; i++) {
        const at = docs[i] as number;
        const tf = tfs[i] as number;
        const length = this.lengths[at] as number;
        const raw = idf * (D + (tf * (K + 1)) / (tf + K * (1 - B + (B * length) / this.averageLength)));
        const score = raw * (options.boost ? options.boost(this.ids[at] as string) : 1);
        const seen = matched.get(at);
        if (seen) {
          seen.score += score;
          seen.terms += 1;
        } else matched.set(at, { score, terms: 1 });
      }
    }
    const out: Array<{ id: string; score: number }> = [];
    for (const [at, { score, terms: count }] of matched) {
      const id = this.ids[at] as string;
      if (!options.filter || options.filter(id)) out.push({ id, score: score * count });
    }
    return out.sort((a, b) => b.score - a.score);
  }

  /** Its parts, for a snapshot file. */
  toParts(): PackedBm25 {
    return {
      ids: this.ids,
      lengths: this.lengths,
      averageLength: this.averageLength,
      postings: this.postings.toParts(),
    };
  }

  static fromParts(packed: PackedBm25): Bm25 {
    return new Bm25(packed.ids, packed.lengths, packed.averageLength, Postings.fromParts(packed.postings));
  }
}

export interface PackedBm25 {
  ids: string[];
  lengths: Uint16Array;
  averageLength: number;
  postings: PackedPostings;
}

/** MiniSearch's BM25+ parameters. */
const K = 1.2;
const B = 0.7;
const D = 0.5;
