import { pinyin } from "pinyin-pro";

/**
 * Text that SEO copies and anti-scraping tools add inside sentences, found per page so that the evidence of
 * the whole page decides what is an annotation (`高(gao)新(xin)区(qu)`) and what is real text (`GDP(国内生产总值)`).
 */

/** One romanisation in brackets: ASCII or tone-marked letters, an optional tone digit. */
const SYLLABLE = "[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]{1,7}[1-5]?";
/** A Han character followed by one or more bracketed romanisations: 衡(heng)(heng). */
const ANNOTATED = new RegExp(`(\\p{Script=Han})((?:[(（]${SYLLABLE}[)）])+)`, "gu");
const ONE_ANNOTATION = new RegExp(`[(（](${SYLLABLE})[)）]`, "gu");
/** A run of Han characters followed by the reading of its last characters in one bracket: 高新区(gāo xīn qū). */
const WORD_ANNOTATED = new RegExp(
  `(\\p{Script=Han}+)[(（](${SYLLABLE}(?:[\\s'’·-]+${SYLLABLE})*)[)）]`,
  "gu",
);

/**
 * The shape of a toneless pinyin syllable (initial + final). Used only on pages already shown to be annotated,
 * to remove annotations whose reading disagrees with the dictionary (spam pages are careless).
 */
const PINYIN_SHAPE =
  /^(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?(?:a|o|e|i|u|v|ai|ei|ao|ou|an|en|ang|eng|ong|er|ia|ie|iao|iu|ian|in|iang|ing|iong|ua|uo|uai|ui|uan|un|uang|ueng|ve|van|vn|ue)$/;

/**
 * How many annotations whose reading matches the character they follow make a page "annotated". One match can
 * be chance (a brand written 华(hua)); three cannot.
 */
const ANNOTATED_PAGE_MIN = 3;

/** What was taken out of one line. */
export interface Stripped {
  text: string;
  /** The removed annotations, in order (for the ingest report). */
  removed: string[];
}

/** `shì` → `shi`, `lǜ` → `lv`, `Gao` → `gao`: the form pinyin-pro's toneless readings use. */
function toneless(syllable: string): string {
  return syllable
    .toLowerCase()
    .replace(/[üǖǘǚǜ]/g, "v")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[1-5]$/, "");
}

function readings(han: string): string[] {
  return pinyin(han, { toneType: "none", multiple: true, type: "array", v: true });
}

function readsAs(han: string, syllable: string): boolean {
  const s = toneless(syllable);
  return readings(han).some((r) => r === s || r.replace("v", "u") === s);
}

/**
 * Removes pinyin annotations after characters from every line of a page: `示(shi)例(li)` → `示例`. An
 * annotation is removed when it is the dictionary reading of the character before it, or, once the page has
 * shown itself annotated, when it has the shape of a pinyin syllable at all.
 */
export function stripPinyinAnnotations(lines: readonly string[]): Stripped[] {
  let confirmed = 0;
  for (const line of lines) {
    for (const m of line.matchAll(ANNOTATED)) {
      const first = [...(m[2] ?? "").matchAll(ONE_ANNOTATION)][0]?.[1];
      if (first && readsAs(m[1] ?? "", first)) confirmed++;
      if (confirmed >= ANNOTATED_PAGE_MIN) break;
    }
    for (const m of line.matchAll(WORD_ANNOTATED)) {
      if (wordReading(m[1] ?? "", m[2] ?? "", false)) confirmed++;
      if (confirmed >= ANNOTATED_PAGE_MIN) break;
    }
    if (confirmed >= ANNOTATED_PAGE_MIN) break;
  }
  const annotatedPage = confirmed >= ANNOTATED_PAGE_MIN;
  return lines.map((line) => {
    const removed: string[] = [];
    const text = line
      .replace(ANNOTATED, (whole, han: string, run: string) => {
        const syllables = [...run.matchAll(ONE_ANNOTATION)].map((m) => m[1] ?? "");
        const first = syllables[0] ?? "";
        const isAnnotation =
          readsAs(han, first) || (annotatedPage && syllables.every((s) => PINYIN_SHAPE.test(toneless(s))));
        if (!isAnnotation) return whole;
        removed.push(run);
        return han;
      })
      .replace(WORD_ANNOTATED, (whole, han: string, run: string) => {
        if (!wordReading(han, run, annotatedPage)) return whole;
        removed.push(`(${run})`);
        return han;
      });
    return { text, removed };
  });
}

/**
 * Whether `run` ("gāo xīn qū") is the reading of the last characters of `han` (…高新区), one syllable per
 * character: every syllable the dictionary reading of its character, or, on a page already shown annotated,
 * of the shape of a pinyin syllable with most of them matching.
 */
function wordReading(han: string, run: string, annotatedPage: boolean): boolean {
  const syllables = run.split(/[\s'’·-]+/).filter(Boolean);
  const chars = [...han];
  if (syllables.length < 2 || syllables.length > chars.length) return false;
  const read = chars.slice(-syllables.length);
  const matches = syllables.filter((s, i) => readsAs(read[i] ?? "", s)).length;
  if (matches === syllables.length) return true;
  return (
    annotatedPage &&
    syllables.every((s) => PINYIN_SHAPE.test(toneless(s))) &&
    matches >= Math.ceil(syllables.length / 2)
  );
}

/**
 * Private-use code points: anti-scraping web fonts draw real characters from them, so the text holds
 * placeholders instead of words. U+FFFD marks bytes that did not decode. Neither is published text.
 */
const JUNK_CODE_POINTS = /[\ue000-\uf8ff\ufffd]/g;

/** Removes private-use and replacement characters; `removed` lists them (for the report). */
export function stripJunkCharacters(line: string): Stripped {
  const removed = line.match(JUNK_CODE_POINTS) ?? [];
  return { text: removed.length > 0 ? line.replace(JUNK_CODE_POINTS, "") : line, removed };
}

/**
 * Citation markers that encyclopedias print after a claim (`137.35平方公里[1]。`, `[2-4]`, `[注 1]`) and the
 * `[编辑]` links after their section headings: navigation of the page, not words of the text.
 */
const REFERENCE_MARKER = /\[(?:\d{1,3}(?:\s*[-–,，、]\s*\d{1,3})*|注\s*\d{1,3}|編輯|编辑|edit|修改)\]/gi;

/** Removes encyclopedia reference markers and `[编辑]` links; `removed` lists them. */
export function stripReferenceMarkers(line: string): Stripped {
  const removed = line.match(REFERENCE_MARKER) ?? [];
  return { text: removed.length > 0 ? line.replace(REFERENCE_MARKER, "") : line, removed };
}
