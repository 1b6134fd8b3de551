/**
 * "Which texts contain this fragment?" without reading them all: an inverted index of character bigrams (and of
 * single characters, for one-character fragments) over folded texts. A question asks this dozens of times
 * (is 高心区 a word the knowledge base uses? how many sentences mention 河?), and scanning a joined corpus of
 * 100,000 sentences each time costs tens of milliseconds; here a lookup costs the rarest bigram's postings.
 *
 * Postings are texts' positions in the order they were added; a fragment's candidates are the postings of its
 * rarest bigram, confirmed with `includes`.
 */
export class TextIndex {
  private readonly texts: string[] = [];
  private readonly postings = new Map<string, number[] | Int32Array>();
  private frozen = false;

  /** Adds a text; returns its position. Not after `freeze`. */
  add(text: string): number {
    if (this.frozen) throw new Error("TextIndex: add after freeze");
    const at = this.texts.length;
    this.texts.push(text);
    const seen = new Set<string>();
    for (let i = 0; i < text.length; i++) {
      const one = text[i] as string;
      if (!seen.has(one)) {
        seen.add(one);
        this.post(one, at);
      }
      if (i + 1 < text.length) {
        const two = text.slice(i, i + 2);
        if (!seen.has(two)) {
          seen.add(two);
          this.post(two, at);
        }
      }
    }
    return at;
  }

  get size(): number {
    return this.texts.length;
  }

  text(at: number): string {
    return this.texts[at] ?? "";
  }

  /** Packs the postings into typed arrays (a third of the memory); the index is read-only afterwards. */
  freeze(): void {
    for (const [key, list] of this.postings) this.postings.set(key, Int32Array.from(list));
    this.frozen = true;
  }

  /** How many texts contain `fragment`, at most (exact for one or two characters). */
  frequency(fragment: string): number {
    if (fragment.length <= 2) return this.postings.get(fragment)?.length ?? 0;
    let least = Number.POSITIVE_INFINITY;
    for (let i = 0; i + 1 < fragment.length; i++)
      least = Math.min(least, this.postings.get(fragment.slice(i, i + 2))?.length ?? 0);
    return Number.isFinite(least) ? least : 0;
  }

  /** Positions of the texts that contain `fragment`, in order. */
  containing(fragment: string): readonly number[] {
    if (fragment === "") return [];
    if (fragment.length === 1) return [...(this.postings.get(fragment) ?? [])];
    let rarest: ArrayLike<number> | undefined;
    for (let i = 0; i + 1 < fragment.length; i++) {
      const list = this.postings.get(fragment.slice(i, i + 2));
      if (!list) return [];
      if (!rarest || list.length < rarest.length) rarest = list;
    }
    if (!rarest) return [];
    if (fragment.length === 2) return Array.from(rarest);
    return Array.from(rarest).filter((at) => this.texts[at]?.includes(fragment));
  }

  /** Whether some text that contains `fragment` passes `test` (without listing them all first). */
  someContaining(fragment: string, test: (at: number) => boolean): boolean {
    if (fragment === "") return false;
    let rarest: ArrayLike<number> | undefined;
    if (fragment.length === 1) rarest = this.postings.get(fragment);
    else
      for (let i = 0; i + 1 < fragment.length; i++) {
        const list = this.postings.get(fragment.slice(i, i + 2));
        if (!list) return false;
        if (!rarest || list.length < rarest.length) rarest = list;
      }
    if (!rarest) return false;
    for (let i = 0; i < rarest.length; i++) {
      const at = rarest[i] as number;
      if ((fragment.length <= 2 || this.texts[at]?.includes(fragment)) && test(at)) return true;
    }
    return false;
  }

  /** Whether any text contains `fragment`. */
  has(fragment: string): boolean {
    if (fragment === "") return true;
    if (fragment.length <= 2) return this.postings.has(fragment);
    let rarest: ArrayLike<number> | undefined;
    for (let i = 0; i + 1 < fragment.length; i++) {
      const list = this.postings.get(fragment.slice(i, i + 2));
      if (!list) return false;
      if (!rarest || list.length < rarest.length) rarest = list;
    }
    if (!rarest) return false;
    for (let i = 0; i < rarest.length; i++)
      if (this.texts[rarest[i] as number]?.includes(fragment)) return true;
    return false;
  }

  private post(key: string, at: number): void {
    const list = this.postings.get(key) as number[] | undefined;
    if (list) list.push(at);
    else this.postings.set(key, [at]);
  }
}
