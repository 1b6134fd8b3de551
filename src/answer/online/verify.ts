import type { Lexicon } from "../../search/lexicon.js";
import { fold } from "../../search/normalize.js";
import { tagWords } from "../../search/segment.js";
import type { IndexedSentence } from "../../search/sentence-index.js";
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
 * - grounding: every number, and every proper name, in the answer occurs in the cited sentences (or in the
 *   user's own question) — a model that "knows" a GDP figure or a company name is caught here;
 * - citations are built from the knowledge base by id (`citeSentences`); the model's text never becomes a quote.
 */
export function verifyModelAnswer(
  output: ModelOutput,
  candidates: readonly Candidate[],
  lexicon: Lexicon,
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
  // Superscript units (km², m³) are units, not numbers.
  const prose = text.replace(/\[[^\]]*\]/g, " ").replace(/[²³]/g, "");
  const evidence = fold(evidenceSentences.join("\n"));
  if (numbersIn(prose).some((n) => !evidence.includes(n))) return "ungrounded number";
  if (namesNotIn(prose, evidence, lexicon).length > 0) return "ungrounded name";
  return undefined;
}

/** Digit runs, with decimals: 170.57, 2012, 8. Written-out numbers are not checked (the prompt asks for digits). */
function numbersIn(text: string): string[] {
  const units = fold(text).replace(/(?<=\b(?:k?m|sq))[23](?![\d.])/g, "");
  return [...new Set(units.match(/\d+(?:\.\d+)?/g) ?? [])];
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
    if (!englishNameGrounded(word, evidence, lexicon)) missing.push(match[0]);
  }
  return missing;
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
