/** Full-width sentence enders: always end a sentence, whatever follows. */
const CJK_ENDERS = new Set(["。", "！", "？", "!", "?"]);
/** ASCII enders: `!`/`?` end a sentence before whitespace, the end, or a CJK character; `.` only before whitespace or the end. */
const ASCII_ENDERS = new Set([".", "!", "?"]);
/** Closing quotes and brackets that belong to the sentence they close (`“……。”` stays one sentence). */
const CLOSERS = new Set(["”", "’", "」", "』", ")", ")", "》", "】", "]", '"', "'"]);

const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]/;

/**
 * Splits one paragraph into sentences on 。!?!? (and on `.!?` that end an English sentence), keeping closing
 * quotes/brackets with the sentence they close. Decimal points (`170.57`) and list numbers (`1.`) never split.
 * The text of each sentence is returned exactly as given apart from trimming, so citations stay verbatim.
 */
export function splitSentences(paragraph: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  let i = 0;
  while (i < paragraph.length) {
    const ch = paragraph.charAt(i);
    if (!CJK_ENDERS.has(ch) && !ASCII_ENDERS.has(ch)) {
      i++;
      continue;
    }
    // A run of enders ("?!", "。。") and then any closers belong to this sentence.
    let end = i + 1;
    let sawCjkEnder = CJK_ENDERS.has(ch);
    while (
      end < paragraph.length &&
      (CJK_ENDERS.has(paragraph.charAt(end)) || ASCII_ENDERS.has(paragraph.charAt(end)))
    ) {
      if (CJK_ENDERS.has(paragraph.charAt(end))) sawCjkEnder = true;
      end++;
    }
    while (end < paragraph.length && CLOSERS.has(paragraph.charAt(end))) end++;
    if (sawCjkEnder || asciiEnds(paragraph, start, i, end)) {
      pushTrimmed(sentences, paragraph.slice(start, end));
      start = end;
    }
    i = end;
  }
  pushTrimmed(sentences, paragraph.slice(start));
  return sentences;
}

/** Whether an ASCII ender at `at` (with its enders/closers running to `end`) really ends a sentence. */
function asciiEnds(text: string, start: number, at: number, end: number): boolean {
  const next = text.charAt(end);
  const atEnd = end >= text.length || /\s/.test(next);
  // A bare list number like "1." at the start of a sentence is a label, not a sentence.
  if (/^\s*\d+\.$/.test(text.slice(start, end))) return false;
  if (text.charAt(at) === ".")
    return atEnd && !isAbbreviation(text, start, at) && !continuesLowercase(text, end);
  return atEnd || CJK.test(next);
}

/**
 * Abbreviations that end in a full stop inside English sentences. Language data of English itself (titles,
 * "number", months, corporate suffixes), not of any article.
 */
const ABBREVIATIONS = new Set(
  "mr mrs ms dr prof st no nos vs approx dept gov govt co jr sr fig figs vol pp e.g i.e al u.s u.k u.n p.r jan feb mar apr jun jul aug sep sept oct nov dec sq ave rd".split(
    " ",
  ),
);

/** Whether the word before the full stop at `at` is an abbreviation or an initial ("J. Smith"). */
function isAbbreviation(text: string, start: number, at: number): boolean {
  const word = /([A-Za-z][A-Za-z.]*)$/.exec(text.slice(start, at))?.[1] ?? "";
  if (word.length === 0) return false;
  if (/^[A-Z]$/.test(word)) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}

/** A sentence starts with a capital, a digit, a quote or CJK; after ". " a lowercase word continues the sentence. */
function continuesLowercase(text: string, end: number): boolean {
  return /^\s+[a-z]/.test(text.slice(end));
}

function pushTrimmed(into: string[], text: string): void {
  const trimmed = text.trim();
  if (trimmed.length > 0) into.push(trimmed);
}
