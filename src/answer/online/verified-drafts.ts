/**
 * What of a model's growing text may be shown before the model has finished: the longest run of complete
 * sentences that passes `check` — the guard the final answer goes through, applied to that run as if it were
 * the whole answer. A sentence still being written is never shown, nor one that invents, nor anything after it
 * until a longer run passes as a whole.
 *
 * Why verify sentence by sentence instead of drafting the offline answer while the model works: the draft then
 * grows into the message the user finally gets (same words, same [n] numbers), and every word ever drafted has
 * passed the same checks as a final answer. If a later sentence invents, the final message falls back to the
 * offline answer; what the draft showed was still true.
 */
export class VerifiedDrafts {
  private checkedUpTo = 0;
  private shown: string | undefined;

  /** `check` returns the text to show (markers numbered) when the run passes, undefined when it does not. */
  constructor(private readonly check: (text: string) => string | undefined) {}

  /** The newest verified draft when `written` completed a sentence that passes; undefined otherwise. */
  update(written: string): string | undefined {
    let newest: string | undefined;
    for (const end of sentenceEnds(written)) {
      if (end <= this.checkedUpTo) continue;
      this.checkedUpTo = end;
      const verified = this.check(written.slice(0, end));
      if (verified !== undefined && verified !== this.shown) newest = verified;
    }
    if (newest !== undefined) this.shown = newest;
    return newest;
  }
}

/** Sentence ends: 。！？!?; a "." only before white space (170.57 is one number, even if "170." is all so far). */
const TERMINATOR = /[。！？!?]+|\.(?=\s)|\n/g;
/** What still belongs to the sentence after its terminator: closing quotes or brackets, then [S1] markers. */
const TAIL = /^[”’"」』)）]*(?:\s*\[[^\]\n]*\])*/;

/** Offsets just after each complete sentence of `text`, its closing quotes and citation markers included. */
export function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  for (const match of text.matchAll(TERMINATOR)) {
    const end = (match.index ?? 0) + match[0].length;
    ends.push(end + (TAIL.exec(text.slice(end))?.[0].length ?? 0));
  }
  return ends;
}
