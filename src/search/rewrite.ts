import { pinyin } from "../text/pinyin.js";
import type { Lexicon } from "./lexicon.js";
import { fold, isEnglish, replaceOutside } from "./normalize.js";
import { isDictionaryWord } from "./segment.js";
import type { SentenceIndex } from "./sentence-index.js";

/**
 * Questions longer than this are read only this far. No real question is longer; the cap keeps a pasted
 * 20,000-character message from costing more than a normal question.
 */
export const MAX_QUESTION_CHARS = 1000;

/** A question rewritten into the knowledge base's own words. */
export interface RewrittenQuestion {
  /**
   * Folded original (width, traditional → simplified, lower case; "21年" → "2021年", see `expandShortYears`),
   * before any other rewriting.
   */
  folded: string;
  english: boolean;
  /** Folded, park aliases → canonical name, English → Chinese, sound-alike typos → KB words. */
  text: string;
  /**
   * English words neither in the glossary nor harmless. `names` were capitalised mid-sentence (Tesla,
   * Changsha): things the knowledge base never mentions. `words` are ordinary words it has no entry for.
   */
  unknownEnglish: { names: string[]; words: string[] };
  /** Typo fixes applied, e.g. [["高心区", "高新区"]]. */
  corrections: Array<[string, string]>;
}

const LATIN_WORD = /[A-Za-z][A-Za-z'-]*/g;

/** A park named in English: its place name (one or two capitalised words) and its kind. */
const ENGLISH_PARK =
  /\b([A-Z][a-z]+(?: (?!Comprehensive|National|Economic|High|Hi)[A-Z][a-z]+)?) ((?:National )?(?:High[- ]?[Tt]ech|Hi-[Tt]ech|Economic(?: and| &)?(?: Technological)? Development|Economic|Industrial|Science(?: and Technology)?|(?:Comprehensive )?Bonded|Free Trade|Logistics)(?: Industrial)?(?: Development)? (?:Zone|Park|Area))\b/g;
/** A station named by a place and a direction: "Hengyang East Railway Station", "Changsha South station". */
const ENGLISH_STATION =
  /\b([A-Z][a-z]+) (East|West|South|North)(?: [Hh]igh-?[Ss]peed)?(?: [Rr]ailway| [Tt]rain| [Rr]ail)? [Ss]tation\b/g;
const COMPASS: Record<string, string> = { east: "东", west: "西", south: "南", north: "北" };
/** English kinds of park and the Chinese short kind (see subjects.ts KINDS). */
const ENGLISH_KINDS: ReadonlyArray<[RegExp, string]> = [
  [/^(?:National )?(?:High[- ]?tech|Hi-tech)/i, "高新区"],
  [/^Economic/i, "经开区"],
  [/^Industrial (?:Park|Zone)/i, "工业园"],
  [/^Science/i, "科技园"],
  [/Bonded/i, "综保区"],
  [/^Logistics/i, "物流园"],
];

export function rewriteQuestion(question: string, lexicon: Lexicon, index: SentenceIndex): RewrittenQuestion {
  // Markup pasted into a question (<b>高新区</b>) is formatting, not words to look for.
  const original = question.slice(0, MAX_QUESTION_CHARS).replace(/<\/?[a-z][^<>]*>/gi, " ");
  const folded = expandShortYears(fold(original));
  const english = isEnglish(folded);
  const corrections: Array<[string, string]> = [];

  // The zone's names first: a window one sound away from both is the zone.
  let text = fixParkNameTypos(fixSoundAlikes(folded, index, corrections), index, corrections);
  for (const alias of lexicon.parkAliases) text = replaceAlias(text, alias, lexicon.park);
  // Multi-word synonyms (湖南省政府) are phrases; single words are mapped after segmentation (see analyze).
  for (const [from, to] of lexicon.synonyms) {
    if (from.length > 2 && !index.corpusHas(from)) text = replaceOutside(text, from, to);
  }

  // "the Jiashe Economic and Technological Development Zone": a park named in pinyin is the park the knowledge
  // base names in Chinese, when its place name reads so (假设 + 经开区).
  for (const m of original.normalize("NFKC").matchAll(ENGLISH_PARK)) {
    const kind = ENGLISH_KINDS.find(([re]) => re.test(m[2] ?? ""))?.[1];
    const words = index.wordsReading(m[1] ?? "");
    if (kind && words.length === 1)
      text = text.replace(phrasePattern(m[0].toLowerCase()), ` ${words[0]}${kind} `);
  }
  // "Hengyang East (high-speed) railway station": a station named by its city and a direction (衡阳东站).
  for (const m of original.normalize("NFKC").matchAll(ENGLISH_STATION)) {
    const words = index.wordsReading(m[1] ?? "");
    const side = COMPASS[(m[2] ?? "").toLowerCase()];
    if (words.length === 1 && side)
      text = text.replace(phrasePattern(m[0].toLowerCase()), ` ${words[0]}${side}站 `);
  }
  const unknownEnglish = { names: [] as string[], words: [] as string[] };
  // Chinese names written in pinyin ("Xiao Bing", "Zhengshui River"'s "Zhengshui") are the knowledge base's
  // words when exactly one of them reads so: no glossary entry per name is needed.
  for (const run of original.normalize("NFKC").match(/[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}/g) ?? []) {
    const words = index.wordsReading(run);
    if (words.length === 1) text = text.replace(phrasePattern(run.toLowerCase()), ` ${words[0]} `);
  }
  if (/[a-z]/.test(text)) {
    for (const [phrase, chinese] of lexicon.glossary)
      text = text.replace(phrasePattern(phrase), ` ${chinese} `);
    const capitalised = new Set(
      (original.normalize("NFKC").match(/(?<=\S\s+)[A-Z][a-z]+/g) ?? []).map((w) => w.toLowerCase()),
    );
    const words = new Map(lexicon.glossary.filter(([phrase]) => !phrase.includes(" ")));
    text = text.replace(LATIN_WORD, (word) => {
      const bare = word.replace(/'s$/, "");
      const chinese = englishStems(bare)
        .map((stem) => words.get(stem))
        .find((hit) => hit !== undefined);
      if (chinese !== undefined) return ` ${chinese} `;
      if (bare.length > 1 && !index.corpusHas(bare)) {
        (capitalised.has(bare) ? unknownEnglish.names : unknownEnglish.words).push(bare);
      }
      return word;
    });
  }
  text = text.replace(/\s+/g, " ").trim();
  return { folded, english, text, unknownEnglish, corrections };
}

/**
 * "21年园区GDP多少", "15年那一年": people write a year with two digits. Read as 2000–2049 or 1950–1999 — unless it
 * is a length of time ("成立了15年", "近10年", "15年来", "30年前").
 */
export function expandShortYears(folded: string): string {
  return folded.replace(
    /(?<![\d.]|了|近|过去|这|多|几|满|第|约|共|达|逾|超|用|花|历时|经过|每|前|后|头|最近|不到|将近)(\d{2})年(?!代|来|前|后|间|多|以来|左右|以上|以内|内|里|时间|半|整|期)/gu,
    (_, yy: string) => `${Number(yy) < 50 ? "20" : "19"}${yy}年`,
  );
}

/** Toneless pinyin of one character. */
function reading(ch: string): string {
  return pinyin(ch, { toneType: "none" });
}

/**
 * Two characters a pinyin input method confuses: the same reading, or readings that differ only at the end
 * (li/lie, xin/xing, gao/gang).
 */
function typedAlike(a: string, b: string): boolean {
  const [ra, rb] = [reading(a), reading(b)];
  if (ra === rb) return true;
  const [short, long] = ra.length <= rb.length ? [ra, rb] : [rb, ra];
  return short.length >= 2 && long.startsWith(short) && long.length - short.length <= 2;
}

/** Park names by each way of blanking one character (假设经开* → 假设经开区), per index, built on first use. */
interface BlankedNames {
  byBlank: Map<string, string[]>;
  lengths: number[];
  /**
   * Each name's first two and last two characters: with one character wrong in five or more, a window still
   * shares one of these ends with the name, which rules most windows out before any lookup.
   */
  ends: Set<string>;
}
const blankedNames = new WeakMap<SentenceIndex, BlankedNames>();

/**
 * The zone's Chinese names first, then every other park the knowledge base has sentences about; names shorter than
 * five characters are too easily another park's.
 */
function parksBlanked(index: SentenceIndex): BlankedNames {
  let blanked = blankedNames.get(index);
  if (!blanked) {
    const byBlank = new Map<string, string[]>();
    const names = [...index.zone.names, ...index.subjectCounts.keys()].filter(
      (name) => name.length >= 5 && /^\p{Script=Han}+$/u.test(name),
    );
    for (const name of new Set(names)) {
      for (let i = 0; i < name.length; i++) {
        const key = `${name.slice(0, i)}*${name.slice(i + 1)}`;
        byBlank.set(key, [...(byBlank.get(key) ?? []), name]);
      }
    }
    const ends = new Set(names.flatMap((n) => [`^${n.slice(0, 2)}`, `${n.slice(-2)}$${n.length}`]));
    blanked = { byBlank, lengths: [...new Set(names.map((n) => n.length))], ends };
    blankedNames.set(index, blanked);
  }
  return blanked;
}

/**
 * A park's name typed with one wrong character that sounds alike (示列高新区 → 示例高新区, 假设经开去 → 假设经开区):
 * the name the asker meant — the zone's, or that of a park the knowledge base has sentences about; the zone's
 * when both fit. A park whose name differs otherwise (样本高新区, 长阳高新区) is another park, not a typo. Looked up
 * by blanking each character of each window, so the cost does not grow with the number of parks.
 */
function fixParkNameTypos(text: string, index: SentenceIndex, corrections: Array<[string, string]>): string {
  const { byBlank, lengths, ends } = parksBlanked(index);
  if (byBlank.size === 0) return text;
  const known = (window: string) => index.zone.names.includes(window) || index.subjectCounts.has(window);
  let out = text;
  for (const length of lengths) {
    for (let at = 0; at + length <= out.length; at++) {
      const window = out.slice(at, at + length);
      if (!ends.has(`^${window.slice(0, 2)}`) && !ends.has(`${window.slice(-2)}$${length}`)) continue;
      if (!/^\p{Script=Han}+$/u.test(window) || known(window)) continue;
      for (let i = 0; i < length; i++) {
        const name = byBlank
          .get(`${window.slice(0, i)}*${window.slice(i + 1)}`)
          ?.find((n) => typedAlike(window[i] ?? "", n[i] ?? ""));
        if (!name) continue;
        corrections.push([window, name]);
        out = out.slice(0, at) + name + out.slice(at + length);
        break;
      }
    }
  }
  return out;
}

/**
 * The word and the forms it may be an inflection of (founding → found, founde; advantages → advantage;
 * recognised → recognis, recognise), so the glossary needs only base forms.
 */
function englishStems(word: string): string[] {
  const stems = [word];
  const strip = (suffix: string, ...replacements: string[]) => {
    if (word.length > suffix.length + 2 && word.endsWith(suffix)) {
      for (const r of replacements) stems.push(word.slice(0, -suffix.length) + r);
    }
  };
  strip("ies", "y");
  strip("es", "", "e");
  strip("s", "");
  strip("ing", "", "e");
  strip("ed", "", "e");
  strip("ly", "");
  return stems;
}

const COUNTED = /(?:几|多少|哪些|各|每)个?$/;

const patternCache = new Map<string, RegExp>();
function phrasePattern(phrase: string): RegExp {
  let pattern = patternCache.get(phrase);
  if (!pattern) {
    const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    pattern = new RegExp(`(?<![a-z0-9])${escaped}(?![a-z0-9])`, "g");
    patternCache.set(phrase, pattern);
  }
  return pattern;
}

/**
 * Latin aliases match whole words only ("the park" must not match inside "the parking"). A short Chinese alias
 * is left alone where it ends a longer dictionary word (园区 in 科技园区, 开发区 in 高新技术开发区), and inside
 * the canonical name itself.
 */
function replaceAlias(text: string, alias: string, canonical: string): string {
  if (!/^[\p{Script=Han}]+$/u.test(alias)) return text.replace(phrasePattern(alias), ` ${canonical} `);
  const canonicalAt: Array<[number, number]> = [];
  for (let at = text.indexOf(canonical); at !== -1; at = text.indexOf(canonical, at + 1)) {
    canonicalAt.push([at, at + canonical.length]);
  }
  let out = "";
  let last = 0;
  for (let at = text.indexOf(alias); at !== -1; at = text.indexOf(alias, at + alias.length)) {
    const end = at + alias.length;
    const insideCanonical = canonicalAt.some(([s, e]) => s <= at && end <= e);
    // A dictionary word, not "anything some article happens to print": 从园区 occurs in any large corpus.
    const endsLongerWord =
      alias.length <= 3 && [1, 2].some((k) => at >= k && isDictionaryWord(text.slice(at - k, end)));
    // "有几个园区": a counted 园区 is a kind of thing, not the park's name.
    const counted = COUNTED.test(text.slice(Math.max(0, at - 3), at));
    if (insideCanonical || endsLongerWord || counted) continue;
    out += text.slice(last, at) + canonical;
    last = end;
  }
  return out + text.slice(last);
}

/**
 * Pinyin input makes typos that sound right and look wrong (高心区 for 高新区, 衡杨 for 衡阳, 成力 for 成立). A run
 * of 2–4 Chinese characters that is no dictionary word and occurs nowhere in the knowledge base, but sounds
 * exactly like a word that does, is replaced by that word — when the evidence says it is a typo:
 * - none of its characters is part of anything the knowledge base says (成力: neither 成 nor 力 joins a neighbour
 *   in any knowledge-base text), or
 * - some are, but the fix joins its neighbours into longer knowledge-base text than the word alone
 *   (横阳高新区 → 衡阳高新区, 管委会副主人 → 管委会副主任).
 * Text that already reads as the knowledge base does is left alone: in 高新区未来, 区未 sounds like 区位, but 区
 * belongs to 高新区 and 未 to 未来; in 肖冰在, 冰在 sounds like 并在, but 肖冰 is how the article spells him.
 * Longer runs are tried first (南岳鸡场 → 南岳机场). Only the start of a question is checked.
 */
function fixSoundAlikes(text: string, index: SentenceIndex, corrections: Array<[string, string]>): string {
  const head = text.slice(0, TYPO_SCAN_CHARS);
  return fixRuns(head, index, corrections) + text.slice(TYPO_SCAN_CHARS);
}

const TYPO_SCAN_CHARS = 200;
/** A character that completes a verb (到, 过, 了…): two characters ending in one are a verb phrase. */
const VERB_COMPLEMENT = /^\p{Script=Han}[到过了着去来完好上下出进起回]$/u;

function fixRuns(text: string, index: SentenceIndex, corrections: Array<[string, string]>): string {
  return text.replace(/\p{Script=Han}{2,}/gu, (original) => {
    let run = original;
    const covered = coveredByCorpus(run, index);
    for (let i = 0; i < run.length; i++) {
      for (let len = Math.min(4, run.length - i); len >= 2; len--) {
        const window = run.slice(i, i + len);
        if (index.corpusHas(window) || isDictionaryWord(window)) continue;
        // A verb with its complement (通到, 搬过, 坐上) is how Chinese is spoken, not a misspelt word.
        if (len === 2 && VERB_COMPLEMENT.test(window)) continue;
        const best = index
          .soundAlikes(window)
          .find((w) => w.length === len && differingChars(w, window) <= Math.ceil(len / 2));
        if (!best) continue;
        // A character changed at the window's edge must not be half of a word with its neighbour outside it
        // (时候高新区: 候高 → 后高 would break 时候).
        if (breaksWordAtEdge(run, i, len, best)) continue;
        const fixed = run.slice(0, i) + best + run.slice(i + len);
        const inside = covered.slice(i, i + len).map((spans) => spans.some(([s, e]) => s < i || e > i + len));
        if (inside.every(Boolean)) continue; // every character already reads as knowledge-base text
        if (inside.some(Boolean) && longestCorpusMatchAround(fixed, i, i + len, index) <= len) continue;
        corrections.push([window, best]);
        run = fixed;
        i += len - 1;
        break;
      }
    }
    return run;
  });
}

/** Whether replacing run[i, i+len) by `best` changes a character that forms a dictionary word with the one outside. */
function breaksWordAtEdge(run: string, i: number, len: number, best: string): boolean {
  const end = i + len - 1;
  if (best[0] !== run[i] && i > 0 && isDictionaryWord(`${run[i - 1]}${run[i]}`)) return true;
  return best[len - 1] !== run[end] && end + 1 < run.length && isDictionaryWord(`${run[end]}${run[end + 1]}`);
}

/**
 * For each character, the stretches of the run (2+ characters) around it that the knowledge base contains —
 * ignoring stretches held together only by a particle (力的, 在此): those prove nothing about spelling.
 */
function coveredByCorpus(run: string, index: SentenceIndex): Array<Array<[number, number]>> {
  const covered = Array.from({ length: run.length }, () => [] as Array<[number, number]>);
  for (let i = 0; i < run.length; i++) {
    for (let len = 2; len <= 8 && i + len <= run.length; len++) {
      const stretch = run.slice(i, i + len);
      if (!index.corpusHas(stretch)) break;
      if (len === 2 && PARTICLE.test(stretch)) continue;
      for (let k = i; k < i + len; k++) covered[k]?.push([i, i + len]);
    }
  }
  return covered;
}

const PARTICLE = /[的了是在和与及也都而并着过吗呢吧啊之其]/;

/** Length of the longest knowledge-base text within `run` that contains [start, end). */
function longestCorpusMatchAround(run: string, start: number, end: number, index: SentenceIndex): number {
  let best = 0;
  for (let s = Math.max(0, start - 6); s <= start; s++) {
    for (let e = Math.min(run.length, end + 6); e >= end; e--) {
      if (e - s > best && index.corpusHas(run.slice(s, e))) best = e - s;
    }
  }
  return best;
}

function differingChars(a: string, b: string): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}
