import { pinyin } from "pinyin-pro";
import type { Lexicon } from "../../search/lexicon.js";
import { fold } from "../../search/normalize.js";
import { tagWords } from "../../search/segment.js";
import type { IndexedSentence } from "../../search/sentence-index.js";
import { parkMentions, type ZoneNames } from "../../search/subjects.js";
import { citeSentences } from "../citations.js";
import type { Citation } from "../schema.js";
import { type ModelOutput, markerHandles, renumberMarkers } from "./model-output.js";
import type { Candidate } from "./prompts.js";

export type Verdict = { ok: true; answer: string; citations: Citation[] } | { ok: false; reason: string };

/** jieba tags of proper names: people, places, organisations, other names. */
const NAME_TAG = /^(?:nr|ns|nt|nz)/;
/** English words that start sentences without being names. */
const SENTENCE_STARTERS = new Set(
  "i the a an it its this that these those there they he she we you according in on at by for from as based yes no about what which when where who how since after before during its located planned covering".split(
    " ",
  ),
);

/**
 * Checks a model's answer before anyone sees it, and turns it into Answer fields:
 * - every cited handle is one of the sentences the model was given, and at least one is cited;
 * - grounding: every number (as a whole token, with the same kind of unit) and every proper name in the answer
 *   occurs in the cited sentences — a model that "knows" a GDP figure or a company name is caught here, and so
 *   is "面积是1992平方公里" citing the sentence where 1992 is a year;
 * - the parks the answer names are the parks its cited sentences speak about (the zone's name is no exception);
 * - citations are built from the knowledge base by id (`citeSentences`); the model's text never becomes a quote.
 */
export function verifyModelAnswer(
  output: ModelOutput,
  candidates: readonly Candidate[],
  lexicon: Lexicon,
  zone: ZoneNames,
): Verdict {
  const text = output.answer.trim();
  if (!output.answered || text === "") return { ok: false, reason: "model declined" };

  const byHandle = new Map(candidates.map((c) => [c.handle, c.sentence]));
  const handles = [...markerHandles(text)];
  for (const h of output.citations.map((c) => c.trim().toUpperCase()))
    if (!handles.includes(h)) handles.push(h);
  const unknown = handles.filter((h) => !byHandle.has(h));
  // Reasons name the kind of fault, never the invented text: the fallback field and the log must not repeat it.
  if (unknown.length > 0) return { ok: false, reason: "invalid citation" };
  if (handles.length === 0) return { ok: false, reason: "no citation" };
  const cited = handles.map((h) => byHandle.get(h) as IndexedSentence);

  // Only the cited sentences count as evidence — not the question, which may carry an injected "fact".
  const problem = groundingProblem(
    text,
    cited.map((s) => s.text),
    lexicon,
  );
  if (problem) return { ok: false, reason: problem };

  // The park an answer names must be what its cited sentences speak about: 衡阳高新区 cited from 湘潭's figure
  // is caught here, whichever park the question named.
  const subjects = new Set(cited.flatMap((s) => s.subjects));
  const named = parkMentions(text, zone).flatMap((m) => (m.subject ? [m.subject] : []));
  if (named.some((park) => !subjects.has(park))) return { ok: false, reason: "subject not in citations" };

  const cites = handles.filter((h) => !markerHandles(text).includes(h));
  const withAllMarkers = cites.length > 0 ? `${text} ${cites.map((h) => `[${h}]`).join("")}` : text;
  const answer = renumberMarkers(withAllMarkers, (h) => handles.indexOf(h) + 1);
  return { ok: true, answer, citations: citeSentences(cited) };
}

/**
 * The grounding guard on its own: "ungrounded number" or "ungrounded name" when the text states a number or a
 * proper name that none of the evidence sentences contains; undefined when it is grounded. [n]-style markers are
 * ignored. Used for answers and for digest points alike.
 */
export function groundingProblem(
  text: string,
  evidenceSentences: readonly string[],
  lexicon: Lexicon,
): string | undefined {
  const prose = text.replace(/\[[^\]]*\]/g, " ");
  const evidence = fold(evidenceSentences.join("\n"));
  const evidenceFigures = figuresIn(evidence);
  for (const figure of figuresIn(fold(prose))) {
    const same = evidenceFigures.filter((e) => e.number === figure.number);
    // 12 is not grounded by 2012: numbers are compared whole.
    if (same.length === 0) return "ungrounded number";
    // A year is not an area: a number the answer gives a unit must have that kind of unit in the evidence.
    if (figure.unit && !same.some((e) => e.unit === figure.unit)) return "number bound to another attribute";
  }
  if (namesNotIn(prose, evidence, lexicon).length > 0) return "ungrounded name";
  return undefined;
}

/** A number as a whole token, with the kind of unit it is stated in (when it has one). */
interface Figure {
  number: string;
  unit?: UnitKind;
}

type UnitKind = "area" | "distance" | "year" | "date" | "percent" | "money" | "people" | "count";

/**
 * Kinds of unit, recognised in Chinese and English after a number. The same quantity written two ways
 * (170.57平方公里 / 170.57 km2) is the same kind; a year (1992年) is not an area.
 */
const UNITS: ReadonlyArray<[RegExp, UnitKind]> = [
  [/^\s*(?:平方公里|平方千米|公顷|hectare|亩|平方米|square met)/, "area"],
  [/^\s*(?:公里|千米|km|kilomet)/, "distance"],
  [/^\s*年(?!代)/, "year"],
  [/^\s*(?:月|日|号)/, "date"],
  [/^\s*(?:%|percent|个百分点)/, "percent"],
  [/^\s*(?:多|余)?\s*(?:万|亿)?\s*(?:元|美元|yuan|dollar)|^\s*(?:billion|million) (?:yuan|dollar)/, "money"],
  [/^\s*(?:多|余)?\s*万?\s*(?:人|名|people|residents)/, "people"],
  [/^\s*(?:多|余)?\s*(?:家|个|项|座|条|所|批|次|件|类|块|companies|firms|enterprises|projects)/, "count"],
];

/** Whole-token numbers of a folded text with their unit kinds: "2012" is never found inside "12" or "120". */
function figuresIn(folded: string): Figure[] {
  const out: Figure[] = [];
  // Superscript units (km², m³; NFKC makes them km2, m3) are units, not numbers.
  const text = folded
    .replace(/km\s*2(?![\d.])|sq\.?\s*km|square kilomet\w*/g, "平方公里")
    .replace(/(?<![a-z])m\s*2(?![\d.])/g, "平方米")
    .replace(/(?<![a-z])m\s*3(?![\d.])/g, "立方米");
  for (const m of text.matchAll(/(?<![\d.])\d+(?:\.\d+)?(?!\d)/g)) {
    const end = (m.index ?? 0) + m[0].length;
    const unit = UNITS.find(([pattern]) => pattern.test(text.slice(end, end + 16)))?.[1];
    // English writes a year alone ("in 1992"): a bare number from 1900 to 2099 counts as a year.
    const kind = unit ?? (/^(?:19|20)\d{2}$/.test(m[0]) ? "year" : undefined);
    out.push(kind ? { number: m[0], unit: kind } : { number: m[0] });
  }
  return out;
}

function namesNotIn(prose: string, evidence: string, lexicon: Lexicon): string[] {
  const missing: string[] = [];
  const chinese = prose.match(/\p{Script=Han}+/gu)?.join(" ") ?? "";
  for (const { word, tag } of tagWords(chinese)) {
    if (!NAME_TAG.test(tag) || word.length < 2) continue;
    const folded = fold(word);
    if (!evidence.includes(folded) && !lexicon.generic.has(folded) && folded !== fold(lexicon.park))
      missing.push(word);
  }
  // English: a capitalised word is a name (unless it just starts a sentence and is an ordinary word); a name must
  // be a glossary name whose Chinese is in the cited sentences (Nanyue → 南岳机场).
  for (const match of prose.matchAll(/[A-Z][A-Za-z-]+/g)) {
    const word = match[0].toLowerCase();
    const before = prose.slice(0, match.index).trimEnd();
    const startsSentence = before === "" || /[.!?:。!?:「(“"]$/.test(before);
    if (evidence.includes(word)) continue;
    if (startsSentence && (SENTENCE_STARTERS.has(word) || isGlossaryWord(word, lexicon))) continue;
    // A Chinese name written in pinyin (Xiao Bing for 肖冰) is grounded when the evidence reads so.
    if (readsAsPinyin(word, evidence)) continue;
    if (!englishNameGrounded(word, evidence, lexicon)) missing.push(match[0]);
  }
  return missing;
}

let pinyinCache: { evidence: string; readings: Set<string> } | undefined;

/**
 * Whether a romanised word ("xiao", "zhengshui") is the toneless pinyin of one character of the evidence or of
 * two adjacent ones — how Chinese names are written in English.
 */
function readsAsPinyin(word: string, evidence: string): boolean {
  if (pinyinCache?.evidence !== evidence) {
    const readings = new Set<string>();
    for (const run of evidence.match(/\p{Script=Han}+/gu) ?? []) {
      const syllables = pinyin(run, { toneType: "none", type: "array" });
      syllables.forEach((syllable, i) => {
        readings.add(syllable);
        const next = syllables[i + 1];
        if (next) readings.add(syllable + next);
      });
    }
    pinyinCache = { evidence, readings };
  }
  return pinyinCache.readings.has(word);
}

function isGlossaryWord(word: string, lexicon: Lexicon): boolean {
  return lexicon.glossary.some(([phrase]) => phrase === word);
}

/** "Nanyue" is grounded when a glossary entry with that word maps to Chinese the evidence contains (南岳机场). */
function englishNameGrounded(word: string, evidence: string, lexicon: Lexicon): boolean {
  const asWord = new RegExp(`(?:^|[^a-z])${word}(?:$|[^a-z])`);
  if (lexicon.parkAliases.some((alias) => asWord.test(alias))) return true;
  return lexicon.glossary.some(
    ([phrase, chinese]) => asWord.test(phrase) && (chinese === "" || evidence.includes(fold(chinese))),
  );
}
