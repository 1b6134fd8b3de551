/**
 * An immutable inverted list — key → positions (and, optionally, a count per position) — packed into a few
 * typed arrays and one string of sorted keys, so that saving it is writing those arrays and loading it is
 * reading them back: no per-key objects to rebuild, which is what makes loading a general-purpose index slow
 * at 100,000 sentences. Keys are found by binary search.
 */
export class Postings {
  private constructor(
    /** All keys, sorted, joined. */
    private readonly keys: string,
    /** Where each key starts in `keys` (one more entry than keys, for the end). */
    private readonly keyStarts: Int32Array,
    /** Where each key's positions start in `positions` (one more entry than keys). */
    private readonly starts: Int32Array,
    private readonly positions: Int32Array,
    /** A count per position (term frequency), or empty. */
    private readonly counts: Uint16Array,
  ) {}

  /** Packs a map of key → positions (ascending) and, when given, key → count per position. */
  static pack(
    lists: ReadonlyMap<string, ArrayLike<number>>,
    counts?: ReadonlyMap<string, ArrayLike<number>>,
  ) {
    const sorted = [...lists.keys()].sort();
    const keyStarts = new Int32Array(sorted.length + 1);
    const starts = new Int32Array(sorted.length + 1);
    let total = 0;
    let chars = 0;
    sorted.forEach((key, i) => {
      keyStarts[i] = chars;
      chars += key.length;
      starts[i] = total;
      total += lists.get(key)?.length ?? 0;
    });
    keyStarts[sorted.length] = chars;
    starts[sorted.length] = total;
    const positions = new Int32Array(total);
    const tfs = new Uint16Array(counts ? total : 0);
    sorted.forEach((key, i) => {
      const at = starts[i] as number;
      positions.set(lists.get(key) as ArrayLike<number>, at);
      if (counts)
        tfs.set(
          Array.from(counts.get(key) ?? [], (n) => Math.min(n, 65535)),
          at,
        );
    });
    return new Postings(sorted.join(""), keyStarts, starts, positions, tfs);
  }

  /** Number of keys. */
  get size(): number {
    return this.keyStarts.length - 1;
  }

  /** The positions of a key (ascending), as a view; empty when the key is absent. */
  get(key: string): Int32Array {
    const i = this.find(key);
    return i < 0 ? EMPTY : this.positions.subarray(this.starts[i], this.starts[i + 1]);
  }

  /** The counts of a key's positions, in the same order; empty when absent or when no counts were packed. */
  countsOf(key: string): Uint16Array {
    const i = this.find(key);
    return i < 0 || this.counts.length === 0
      ? EMPTY_COUNTS
      : this.counts.subarray(this.starts[i], this.starts[i + 1]);
  }

  has(key: string): boolean {
    return this.find(key) >= 0;
  }

  /** Its parts, for a snapshot file (`snapshot-file.ts` stores the typed arrays as raw bytes). */
  toParts(): PackedPostings {
    return {
      keys: this.keys,
      keyStarts: this.keyStarts,
      starts: this.starts,
      positions: this.positions,
      counts: this.counts,
    };
  }

  static fromParts(packed: PackedPostings): Postings {
    return new Postings(packed.keys, packed.keyStarts, packed.starts, packed.positions, packed.counts);
  }

  private keyAt(i: number): string {
    return this.keys.slice(this.keyStarts[i], this.keyStarts[i + 1]);
  }

  private find(key: string): number {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.keyAt(mid);
      if (k === key) return mid;
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

export interface PackedPostings {
  keys: string;
  keyStarts: Int32Array;
  starts: Int32Array;
  positions: Int32Array;
  counts: Uint16Array;
}

const EMPTY = new Int32Array(0);
const EMPTY_COUNTS = new Uint16Array(0);
