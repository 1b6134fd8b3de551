/**
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher, 2009): merges ranked lists of ids into one, each id scoring
 * Σ 1 / (k + rank) over the lists it appears in (rank 1-based). Ties keep the order of first appearance (list by
 * list, best first).
 *
 * Why RRF: BM25 scores are unbounded and depend on the query's length and term rarity, cosine similarities live in
 * [-1, 1] and cluster differently per embedding model — adding or averaging them would need a calibration that
 * holds for neither. RRF uses ranks only, so it needs none, and `k` (60, the paper's value) damps the difference
 * between neighbouring ranks so that agreement between lists outweighs a single list's first place.
 *
 * @example
 * reciprocalRankFusion([
 *   ["a", "b", "c"], // BM25
 *   ["c", "a", "d"], // embeddings
 * ]);
 * // → ["a", "c", "b", "d"]: a = 1/61 + 1/62, c = 1/63 + 1/61, b = 1/62, d = 1/63
 */
export function reciprocalRankFusion(lists: readonly (readonly string[])[], k = 60): string[] {
  const scores = new Map<string, number>();
  for (const list of lists) {
    const seen = new Set<string>();
    list.forEach((id, index) => {
      // An id listed twice in one list counts once, at its best rank.
      if (seen.has(id)) return;
      seen.add(id);
      scores.set(id, (scores.get(id) ?? 0) + 1 / (k + index + 1));
    });
  }
  // Map iteration order is insertion order = first appearance; Array.prototype.sort is stable.
  return [...scores.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
}
