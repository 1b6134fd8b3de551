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

  /** Plain data for JSON (typed arrays as base64). */
  toJSON(): PackedPostings {
    return {
      keys: this.keys,
      keyStarts: toBase64(this.keyStarts),
      starts: toBase64(this.starts),
      positions: toBase64(this.positions),
      counts: toBase64(this.counts),
    };
  }

  static fromJSON(packed: PackedPostings): Postings {
    return new Postings(
      packed.keys,
      new Int32Array(fromBase64(packed.keyStarts)),
      new Int32Array(fromBase64(packed.starts)),
      new Int32Array(fromBase64(packed.positions)),
      new Uint16Array(fromBase64(packed.counts)),
    );
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
  keyStarts: string;
  starts: string;
  positions: string;
  counts: string;
}

/** A typed array's bytes as base64, for JSON. */
export function toBase64(array: ArrayBufferView): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString("base64");
}

/** The bytes `toBase64` wrote, in a fresh (aligned) buffer for a typed array to view. */
export function fromBase64(text: string): ArrayBuffer {
  const buffer = Buffer.from(text, "base64");
  const copy = new ArrayBuffer(buffer.byteLength);
  new Uint8Array(copy).set(buffer);
  return copy;
}

const EMPTY = new Int32Array(0);
const EMPTY_COUNTS = new Uint16Array(0);
