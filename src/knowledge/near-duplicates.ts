import { toSimplified } from "../text/simplify.js";
import { textKey } from "./normalise.js";

/**
 * Reposts and mirrors among cleaned articles: which texts are the same story, so that a copy becomes an
 * alternate source of one canonical article instead of a second article.
 *
 * Texts are compared as sets of character shingles of their folded form, so script (繁/简), punctuation width,
 * spacing and removed annotations make no difference, while a changed or added sentence changes only the
 * shingles it covers. Comparing every pair of sets is quadratic, so MinHash signatures with LSH banding pick the
 * candidate pairs and only those are compared exactly.
 */

/** Whitespace, punctuation, symbols and invisible format characters: layout, not content. */
const NOT_CONTENT = /[\s\p{P}\p{S}\p{Cf}]/gu;

/**
 * Text folded for comparison: traditional→simplified, NFKC width folding, lowercase, all whitespace and
 * punctuation (Unicode P and S categories) removed.
 */
export function foldForComparison(text: string): string {
  // Punctuation goes after the conversion: OpenCC converts some characters by phrase, and gluing the words on
  // either side of a comma together could make a phrase that is not in the text.
  return toSimplified(textKey(text)).replace(NOT_CONTENT, "");
}

export interface DuplicateCandidate {
  /** The caller's id, e.g. the raw file name. Unique. */
  key: string;
  /** The article body, sentences joined. */
  text: string;
  /** `YYYY-MM-DD`; anything else counts as unknown and ranks after every known date. */
  date: string;
  url?: string;
  source?: string;
  /** Already published as a knowledge file before this run: keeps sentence ids stable, so it stays canonical. */
  existing?: boolean;
  /** 0..1 quality figure, higher is better. */
  quality?: number;
}

export interface DuplicateGroup {
  canonical: string;
  /**
   * The other members, by key. `similarity` is the Jaccard similarity to the canonical, which can be low for a
   * member linked through a third one, or through the containment rule.
   */
  duplicates: Array<{ key: string; similarity: number }>;
}

export interface NearDuplicateOptions {
  /**
   * Shingle length in characters. Default 5: two- and three-character shingles are mostly shared vocabulary
   * (高新区, 平方公里), which makes unrelated articles about the same zone look alike; five characters, about a
   * word pair, is specific to a passage yet short enough that one changed character only disturbs five shingles.
   */
  shingle?: number;
  /**
   * Jaccard similarity at or above which two texts are the same story. Default 0.7: a repost that lost or gained
   * a sentence out of about ten stays near 0.8, while an article quoting two or three sentences of another stays
   * well under 0.3.
   */
  jaccard?: number;
  /**
   * Share of the smaller text's shingles found in the larger at or above which the smaller is a copy (with
   * additions) of the larger. Default 0.85: a mirror that adds an editor's note or site boilerplate has a low
   * Jaccard but is almost wholly inside the original; the slack allows a few edited characters.
   */
  containment?: number;
  /**
   * The containment rule applies only when the smaller text has at least this share of the larger's shingles.
   * Default 0.6: without it an encyclopedia page that includes a whole news story would be a copy of that story;
   * at 0.6 the larger text adds at most two thirds on top of the story, so it is still that story.
   */
  minLengthRatio?: number;
}

const DEFAULTS: Required<NearDuplicateOptions> = {
  shingle: 5,
  jaccard: 0.7,
  containment: 0.85,
  minLengthRatio: 0.6,
};

/** Texts shorter than this once folded (a title, a caption) share too little to tell a copy from a coincidence. */
const MIN_FOLDED_LENGTH = 20;

/**
 * MinHash functions per text; a multiple of 4, see minHashSignatures. With 128, bands that keep unrelated texts
 * apart catch a pair at the weakest similarity the defaults accept only 99% of the time (measured: 1 pair in
 * 400 missed at Jaccard 0.5); 192 makes that 99.9% for half again the hashing time.
 */
const NUM_HASHES = 192;

/** Chance, at the weakest similarity the rules accept, that a true pair shares an LSH band. */
const TARGET_RECALL = 0.995;

/**
 * A candidate pair whose MinHash estimate falls this far below the weakest accepted Jaccard is dropped without
 * the exact comparison. The estimate's standard deviation is at most 0.036 with 192 hashes, so 0.2 (5.5σ)
 * loses no true pair while sparing the exact comparison for pairs that met in a band by chance.
 */
const ESTIMATE_MARGIN = 0.2;

interface Doc {
  item: DuplicateCandidate;
  folded: string;
  /** Built on first exact comparison; most texts are never in a candidate pair. */
  shingles?: Set<string>;
}

/**
 * Groups of reposts among `items`. Two texts are linked when their shingle sets have Jaccard ≥ `jaccard`, or
 * the smaller is ≥ `containment` inside the larger while being ≥ `minLengthRatio` of its size; a group is a
 * connected component of links, so a chain of copies ends up in one group even when its ends differ more.
 * Items that are in no group are not returned. Output is sorted by canonical key and does not depend on input
 * order. Keys must be unique.
 */
export function findNearDuplicates(
  items: readonly DuplicateCandidate[],
  options: NearDuplicateOptions = {},
): DuplicateGroup[] {
  const opts = resolveOptions(options);
  // Work in key order so that nothing downstream (bucket order, union-find roots) depends on input order.
  const sorted = [...items].sort((a, b) => compareKeys(a.key, b.key));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]?.key === sorted[i - 1]?.key)
      throw new Error(`findNearDuplicates: duplicate key ${sorted[i]?.key}`);
  }

  const docs: Doc[] = [];
  for (const item of sorted) {
    const folded = foldForComparison(item.text);
    if (folded.length >= MIN_FOLDED_LENGTH && folded.length >= opts.shingle) docs.push({ item, folded });
  }
  if (docs.length < 2) return [];

  const links = new UnionFind(docs.length);
  // Identical folded texts are linked outright and only one of them goes through MinHash: a site that serves
  // the same page under hundreds of urls would otherwise fill one LSH bucket with every pair of them.
  const representatives: number[] = [];
  const byFolded = new Map<string, number>();
  docs.forEach((doc, i) => {
    const first = byFolded.get(doc.folded);
    if (first === undefined) {
      byFolded.set(doc.folded, i);
      representatives.push(i);
    } else links.union(first, i);
  });

  const unique = representatives.map((i) => docs[i] as Doc);
  const signatures = minHashSignatures(unique, opts.shingle);
  const minJaccard = weakestAcceptedJaccard(opts);
  const n = unique.length;
  const seen = new Set<number>();
  for (const bucket of candidateBuckets(signatures, n, bandRows(minJaccard))) {
    for (let x = 0; x < bucket.length; x++) {
      for (let y = x + 1; y < bucket.length; y++) {
        const a = bucket[x] as number;
        const b = bucket[y] as number;
        const i = representatives[a] as number;
        const j = representatives[b] as number;
        // Already in one group through other links, comparing them could not change the groups. This also
        // keeps a cluster of many near-identical pages linear after its first band.
        if (links.find(i) === links.find(j)) continue;
        const code = a * n + b;
        if (seen.has(code)) continue;
        seen.add(code);
        if (estimatedJaccard(signatures, a, b) < minJaccard - ESTIMATE_MARGIN) continue;
        if (isDuplicatePair(docs[i] as Doc, docs[j] as Doc, opts)) links.union(i, j);
      }
    }
  }

  const components = new Map<number, Doc[]>();
  docs.forEach((doc, i) => {
    const root = links.find(i);
    const members = components.get(root);
    if (members) members.push(doc);
    else components.set(root, [doc]);
  });

  const groups: DuplicateGroup[] = [];
  for (const members of components.values()) {
    if (members.length < 2) continue;
    const canonical = chooseCanonical(members);
    const duplicates = members
      .filter((doc) => doc !== canonical)
      .map((doc) => ({ key: doc.item.key, similarity: shingleStats(canonical, doc, opts.shingle).jaccard }))
      .sort((a, b) => compareKeys(a.key, b.key));
    groups.push({ canonical: canonical.item.key, duplicates });
  }
  return groups.sort((a, b) => compareKeys(a.canonical, b.canonical));
}

/** Union-find whose root is always the smallest index, so components do not depend on the order of unions. */
class UnionFind {
  private readonly parent: number[];

  constructor(size: number) {
    this.parent = Array.from({ length: size }, (_, i) => i);
  }

  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root] as number;
    // Path compression: later finds on this chain take one step.
    for (let at = i; at !== root; ) {
      const next = this.parent[at] as number;
      this.parent[at] = root;
      at = next;
    }
    return root;
  }

  union(i: number, j: number): void {
    const ri = this.find(i);
    const rj = this.find(j);
    if (ri !== rj) this.parent[Math.max(ri, rj)] = Math.min(ri, rj);
  }
}

function resolveOptions(options: NearDuplicateOptions): Required<NearDuplicateOptions> {
  const opts = { ...DEFAULTS };
  for (const [name, value] of Object.entries(options) as Array<
    [keyof NearDuplicateOptions, number | undefined]
  >) {
    if (value !== undefined) opts[name] = value;
  }
  if (!Number.isInteger(opts.shingle) || opts.shingle < 1) {
    throw new RangeError(`findNearDuplicates: shingle must be a positive integer, got ${opts.shingle}`);
  }
  for (const name of ["jaccard", "containment", "minLengthRatio"] as const) {
    const value = opts[name];
    // A threshold of 0 would link texts that share nothing, which no candidate search can find.
    if (!(value > 0 && value <= 1))
      throw new RangeError(`findNearDuplicates: ${name} must be in (0, 1], got ${value}`);
  }
  return opts;
}

/**
 * The lowest Jaccard a linked pair can have, which is what the candidate search must catch. A containment link
 * with containment c and length ratio ρ has Jaccard cρ/(1+ρ−cρ), which grows with ρ, so the weakest is at
 * ρ = minLengthRatio (0.468 with the defaults).
 */
function weakestAcceptedJaccard(opts: Required<NearDuplicateOptions>): number {
  const c = opts.containment;
  const r = opts.minLengthRatio;
  return Math.min(opts.jaccard, (c * r) / (1 + r - c * r));
}

/**
 * Rows per LSH band: the most (fewest false candidates) that still gives TARGET_RECALL at `minJaccard`. Two
 * texts share a band of r rows with probability J^r, so they share any of b bands with 1 − (1 − J^r)^b. With
 * the defaults that is 3 rows × 64 bands: 99.9% at J = 0.47, under 1% at J = 0.05.
 */
function bandRows(minJaccard: number): number {
  let rows = 1;
  for (let r = 2; r <= NUM_HASHES; r++) {
    const bands = Math.floor(NUM_HASHES / r);
    if (1 - (1 - minJaccard ** r) ** bands < TARGET_RECALL) break;
    rows = r;
  }
  return rows;
}

/** murmur3's 32-bit finaliser: every input bit affects every output bit. */
function fmix32(h: number): number {
  let v = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  v = Math.imul(v ^ (v >>> 13), 0xc2b2ae35);
  return (v ^ (v >>> 16)) >>> 0;
}

/**
 * Xor seeds and odd multipliers of the MinHash permutations, from a fixed counter so that results are the same
 * on every run and machine.
 */
const [SEEDS, MULTIPLIERS] = ((): [Uint32Array, Uint32Array] => {
  const seeds = new Uint32Array(NUM_HASHES);
  const multipliers = new Uint32Array(NUM_HASHES);
  let counter = 0x2545f491;
  const next = () => {
    counter = (counter + 0x9e3779b9) | 0;
    return fmix32(counter);
  };
  for (let i = 0; i < NUM_HASHES; i++) {
    seeds[i] = next();
    multipliers[i] = next() | 1;
  }
  return [seeds, multipliers];
})();

/**
 * MinHash signatures, NUM_HASHES per doc, in one flat array. A shingle is hashed to 32 bits with FNV-1a and
 * then murmur3's finaliser (FNV alone leaves similar shingles with similar hashes). MinHash function i is
 * x ↦ (x ⊕ seedᵢ)·aᵢ mod 2³² with odd aᵢ: both steps are invertible, so each is a seeded permutation of the
 * 32-bit values, and Math.imul keeps the product exact. The textbook (a·x + b) mod p needs products beyond
 * 2⁵³, so split multiplications and floating-point remainders: measured about 20× slower. On generated sets
 * the estimate's error matches the binomial error of an ideal MinHash.
 */
function minHashSignatures(docs: readonly Doc[], k: number): Uint32Array {
  const signatures = new Uint32Array(docs.length * NUM_HASHES);
  let hashes = new Uint32Array(1024);
  docs.forEach((doc, d) => {
    const text = doc.folded;
    const count = text.length - k + 1;
    if (hashes.length < count) hashes = new Uint32Array(count * 2);
    for (let p = 0; p < count; p++) {
      let h = 0x811c9dc5;
      for (let q = p; q < p + k; q++) h = Math.imul(h ^ text.charCodeAt(q), 0x01000193);
      hashes[p] = fmix32(h);
    }
    // Four functions per pass over the shingles: loads and loop overhead are shared, which halves the time.
    for (let i = 0; i < NUM_HASHES; i += 4) {
      const s0 = SEEDS[i] as number;
      const s1 = SEEDS[i + 1] as number;
      const s2 = SEEDS[i + 2] as number;
      const s3 = SEEDS[i + 3] as number;
      const m0 = MULTIPLIERS[i] as number;
      const m1 = MULTIPLIERS[i + 1] as number;
      const m2 = MULTIPLIERS[i + 2] as number;
      const m3 = MULTIPLIERS[i + 3] as number;
      let min0 = 0xffffffff;
      let min1 = 0xffffffff;
      let min2 = 0xffffffff;
      let min3 = 0xffffffff;
      for (let p = 0; p < count; p++) {
        const x = hashes[p] as number;
        const v0 = Math.imul(x ^ s0, m0) >>> 0;
        const v1 = Math.imul(x ^ s1, m1) >>> 0;
        const v2 = Math.imul(x ^ s2, m2) >>> 0;
        const v3 = Math.imul(x ^ s3, m3) >>> 0;
        if (v0 < min0) min0 = v0;
        if (v1 < min1) min1 = v1;
        if (v2 < min2) min2 = v2;
        if (v3 < min3) min3 = v3;
      }
      const at = d * NUM_HASHES + i;
      signatures[at] = min0;
      signatures[at + 1] = min1;
      signatures[at + 2] = min2;
      signatures[at + 3] = min3;
    }
  });
  return signatures;
}

/**
 * Buckets (ascending indices, at least two) of docs that agree on all rows of one band; a pair may share
 * several. Band values are hashed to 32 bits; a collision only adds a candidate, which the later checks drop.
 */
function* candidateBuckets(signatures: Uint32Array, n: number, rows: number): Generator<number[]> {
  const bands = Math.floor(NUM_HASHES / rows);
  for (let band = 0; band < bands; band++) {
    const buckets = new Map<number, number[]>();
    for (let d = 0; d < n; d++) {
      let h = 0x811c9dc5;
      const start = d * NUM_HASHES + band * rows;
      for (let r = start; r < start + rows; r++) h = Math.imul(h ^ (signatures[r] as number), 0x01000193);
      const bucket = buckets.get(h);
      if (bucket) bucket.push(d);
      else buckets.set(h, [d]);
    }
    for (const bucket of buckets.values()) if (bucket.length > 1) yield bucket;
  }
}

/** Share of MinHash values two docs agree on: an unbiased estimate of their Jaccard similarity. */
function estimatedJaccard(signatures: Uint32Array, i: number, j: number): number {
  let equal = 0;
  for (let h = 0; h < NUM_HASHES; h++) {
    if (signatures[i * NUM_HASHES + h] === signatures[j * NUM_HASHES + h]) equal++;
  }
  return equal / NUM_HASHES;
}

function shingleSet(doc: Doc, k: number): Set<string> {
  if (!doc.shingles) {
    doc.shingles = new Set();
    for (let p = 0; p + k <= doc.folded.length; p++) doc.shingles.add(doc.folded.slice(p, p + k));
  }
  return doc.shingles;
}

interface ShingleStats {
  jaccard: number;
  /** Share of the smaller set inside the larger. */
  containment: number;
  /** Size of the smaller set over size of the larger. */
  lengthRatio: number;
}

/** Exact comparison on the shingle strings themselves, so hash collisions cannot make a pair. */
function shingleStats(a: Doc, b: Doc, k: number): ShingleStats {
  if (a.folded === b.folded) return { jaccard: 1, containment: 1, lengthRatio: 1 };
  const sa = shingleSet(a, k);
  const sb = shingleSet(b, k);
  const [small, large] = sa.size <= sb.size ? [sa, sb] : [sb, sa];
  let shared = 0;
  for (const shingle of small) if (large.has(shingle)) shared++;
  return {
    jaccard: shared / (small.size + large.size - shared),
    containment: shared / small.size,
    lengthRatio: small.size / large.size,
  };
}

function isDuplicatePair(a: Doc, b: Doc, opts: Required<NearDuplicateOptions>): boolean {
  const stats = shingleStats(a, b, opts.shingle);
  if (stats.jaccard >= opts.jaccard) return true;
  return stats.containment >= opts.containment && stats.lengthRatio >= opts.minLengthRatio;
}

interface Ranked {
  doc: Doc;
  existing: boolean;
  credited: boolean;
  date: string | undefined;
  quality: number;
  key: string;
}

/**
 * The member that stays the article, the others becoming its alternate sources: (1) one already published,
 * earliest first, since its sentence ids are cited already; (2) one the others credit — its url is in another
 * member's text or its host is in another member's source — since that is where the story came from; (3) the
 * earliest; (4) the best quality; (5) the smallest key, so the choice is always the same.
 */
function chooseCanonical(members: readonly Doc[]): Doc {
  const credited = creditedMembers(members);
  const ranked: Ranked[] = members.map((doc) => ({
    doc,
    existing: doc.item.existing === true,
    credited: credited.has(doc),
    date: /^\d{4}-\d{2}-\d{2}$/.test(doc.item.date) ? doc.item.date : undefined,
    // An unstated quality ranks below any stated one.
    quality: Number.isFinite(doc.item.quality) ? (doc.item.quality as number) : -1,
    key: doc.item.key,
  }));
  ranked.sort((a, b) => {
    if (a.existing !== b.existing) return a.existing ? -1 : 1;
    if (a.existing) {
      const byDate = compareDates(a.date, b.date);
      if (byDate !== 0) return byDate;
    }
    if (a.credited !== b.credited) return a.credited ? -1 : 1;
    return compareDates(a.date, b.date) || b.quality - a.quality || compareKeys(a.key, b.key);
  });
  return (ranked[0] as Ranked).doc;
}

/** Members whose url appears in another member's text, or whose host appears in another member's source. */
function creditedMembers(members: readonly Doc[]): Set<Doc> {
  const texts = members.map((doc) => doc.item.text.toLowerCase());
  const sources = members.map((doc) => (doc.item.source ?? "").toLowerCase());
  const credited = new Set<Doc>();
  members.forEach((doc, d) => {
    const link = urlLink(doc.item.url);
    const host = urlHost(doc.item.url);
    if (!link && !host) return;
    const isCredited = members.some(
      (_, o) =>
        o !== d &&
        ((link !== undefined && (texts[o] as string).includes(link)) ||
          (host !== undefined && (sources[o] as string).includes(host))),
    );
    if (isCredited) credited.add(doc);
  });
  return credited;
}

/**
 * The url as another page would quote it: without scheme, `www.` or trailing slash, lowercased, so that
 * `原文链接:http://example.gov.cn/a.html` credits `https://www.example.gov.cn/a.html`.
 */
function urlLink(url: string | undefined): string | undefined {
  const link = url
    ?.trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, "")
    .replace(/^www\./, "")
    .replace(/\/+$/, "");
  // A bare word is no url; requiring a dot keeps `index` or `#` from matching every text.
  return link?.includes(".") ? link : undefined;
}

/** The url's host without `www.`, as a source line names a site (`示例网 (example.gov.cn)`). */
function urlHost(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const host = new URL(url).hostname.toLowerCase().replace(/^www\./, "");
    return host.includes(".") ? host : undefined;
  } catch {
    return undefined;
  }
}

/** Earlier first; an unknown date after every known one. */
function compareDates(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? -1 : 1;
}

/** Code-unit order, not localeCompare: the same on every machine and locale. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
