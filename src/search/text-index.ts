import { type PackedPostings, Postings } from "./postings.js";

/**
 * "Which texts contain this fragment?" without reading them all: an inverted index of character bigrams (and of
 * single characters, for one-character fragments) over folded texts. A question asks this dozens of times
 * (is 高心区 a word the knowledge base uses? how many sentences mention 河?), and scanning a joined corpus of
 * 100,000 sentences each time costs tens of milliseconds; here a lookup costs the rarest bigram's postings.
 *
 * Postings are texts' positions in the order they were added; a fragment's candidates are the postings of its
 * rarest bigram, confirmed with `includes`. Texts are added, then `freeze` packs the postings (`Postings`),
 * which `toParts`/`restore` save and load.
 */
export class TextIndex {
  private readonly texts: string[] = [];
  private building: Map<string, number[]> | undefined = new Map();
  private packed: Postings | undefined;

  /** An index over `texts` from postings packed earlier over the same texts (see `toParts`). */
  static restore(texts: readonly string[], packed: PackedPostings): TextIndex {
    const index = new TextIndex();
    index.texts.push(...texts);
    index.building = undefined;
    index.packed = Postings.fromParts(packed);
    return index;
  }

  /** Adds a text; returns its position. Not after `freeze`. */
  add(text: string): number {
    const building = this.building;
    if (!building) throw new Error("TextIndex: add after freeze");
    const at = this.texts.length;
    this.texts.push(text);
    const seen = new Set<string>();
    const post = (key: string) => {
      if (seen.has(key)) return;
      seen.add(key);
      const list = building.get(key);
      if (list) list.push(at);
      else building.set(key, [at]);
    };
    for (let i = 0; i < text.length; i++) {
      post(text[i] as string);
      if (i + 1 < text.length) post(text.slice(i, i + 2));
    }
    return at;
  }

  /** Packs the postings into typed arrays (a fraction of the memory); the index is read-only afterwards. */
  freeze(): void {
    if (!this.building) return;
    this.packed = Postings.pack(this.building);
    this.building = undefined;
  }

  /** The packed postings, to save beside the texts (see `restore`). Freezes the index. */
  toParts(): PackedPostings {
    this.freeze();
    return (this.packed as Postings).toParts();
  }

  get size(): number {
    return this.texts.length;
  }

  text(at: number): string {
    return this.texts[at] ?? "";
  }

  /** How many texts contain `fragment`, at most (exact for one or two characters). */
  frequency(fragment: string): number {
    if (fragment.length <= 2) return this.list(fragment).length;
    let least = Number.POSITIVE_INFINITY;
    for (let i = 0; i + 1 < fragment.length; i++)
      least = Math.min(least, this.list(fragment.slice(i, i + 2)).length);
    return Number.isFinite(least) ? least : 0;
  }

  /** Positions of the texts that contain `fragment`, in order. */
  containing(fragment: string): readonly number[] {
    const out: number[] = [];
    this.each(fragment, (at) => {
      out.push(at);
      return false;
    });
    return out;
  }

  /** Whether some text that contains `fragment` passes `test` (without listing them all first). */
  someContaining(fragment: string, test: (at: number) => boolean): boolean {
    return this.each(fragment, test);
  }

  /** Whether any text contains `fragment`. */
  has(fragment: string): boolean {
    if (fragment === "") return true;
    if (fragment.length <= 2) return this.list(fragment).length > 0;
    return this.each(fragment, () => true);
  }

  /** Calls `visit` for each text containing `fragment`, in order, until it returns true; returns whether it did. */
  private each(fragment: string, visit: (at: number) => boolean): boolean {
    if (fragment === "") return false;
    let rarest: ArrayLike<number> | undefined;
    if (fragment.length === 1) rarest = this.list(fragment);
    else
      for (let i = 0; i + 1 < fragment.length; i++) {
        const list = this.list(fragment.slice(i, i + 2));
        if (list.length === 0) return false;
        if (!rarest || list.length < rarest.length) rarest = list;
      }
    if (!rarest) return false;
    for (let i = 0; i < rarest.length; i++) {
      const at = rarest[i] as number;
      if ((fragment.length <= 2 || this.texts[at]?.includes(fragment)) && visit(at)) return true;
    }
    return false;
  }

  private list(key: string): ArrayLike<number> {
    return this.packed ? this.packed.get(key) : (this.building?.get(key) ?? []);
  }
}
