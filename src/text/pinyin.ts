import { createRequire } from "node:module";

type Pinyin = typeof import("pinyin-pro").pinyin;

/**
 * pinyin-pro, loaded on first use. Its dictionary costs tens of milliseconds to load, and most questions never
 * need a reading (only words the knowledge base lacks are checked for sound-alikes), so start-up does not pay for
 * it. Loaded synchronously (its CommonJS build) because the callers are synchronous.
 */
let loaded: Pinyin | undefined;

export const pinyin: Pinyin = ((...args: Parameters<Pinyin>) => {
  loaded ??= (createRequire(import.meta.url)("pinyin-pro") as typeof import("pinyin-pro")).pinyin;
  return (loaded as (...a: Parameters<Pinyin>) => unknown)(...args);
}) as Pinyin;

/** Every toneless pinyin syllable of the common CJK block, worked out on first use from pinyin-pro's readings. */
let syllables: Set<string> | undefined;

function allSyllables(): Set<string> {
  if (!syllables) {
    let block = "";
    for (let code = 0x4e00; code <= 0x9fa5; code++) block += String.fromCharCode(code);
    syllables = new Set(
      (pinyin(block, { toneType: "none", type: "array" }) as string[]).filter((s) => /^[a-z]+$/.test(s)),
    );
  }
  return syllables;
}

/**
 * The ways a romanised name written as one word splits into pinyin syllables ("Xugou" → "xu gou", "Xian" → "xian"
 * and "xi an"), at most `limit` of them, fewest syllables first. Empty when it is no pinyin at all.
 */
export function splitPinyin(word: string, limit = 4): string[] {
  const text = word.toLowerCase();
  if (!/^[a-z]{2,30}$/.test(text)) return [];
  const known = allSyllables();
  const out: string[][] = [];
  const walk = (at: number, parts: string[]) => {
    if (out.length >= limit) return;
    if (at === text.length) {
      out.push(parts);
      return;
    }
    // Longest syllables first: "xian" before "xi" + "an".
    for (let end = Math.min(text.length, at + 6); end > at; end--) {
      const piece = text.slice(at, end);
      if (known.has(piece)) walk(end, [...parts, piece]);
    }
  };
  walk(0, []);
  return out.sort((a, b) => a.length - b.length).map((parts) => parts.join(" "));
}
