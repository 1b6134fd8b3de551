/** A date found in text: the ISO form and where it was (so callers can cut it out of a field value). */
export interface FoundDate {
  iso: string;
  index: number;
  length: number;
}

/**
 * Date shapes pages print: `2020-07-21`, `2020/7/21`, `2020.07.21` (optionally followed by a time), and
 * `2021年3月5日` (日/号/號), and English `15 July 2015` / `July 15, 2015`. Digit lookarounds keep it from matching inside longer numbers.
 */
const MONTH =
  "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const ORDINAL = "(?:st|nd|rd|th)?";

/** Each shape with how its groups map to year, month and day. English month names are read by `monthNumber`. */
const DATE_PATTERNS: ReadonlyArray<{
  pattern: RegExp;
  ymd: (m: RegExpExecArray) => [number, number, number];
}> = [
  {
    pattern: /(?<!\d)(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)/,
    ymd: (m) => [Number(m[1]), Number(m[2]), Number(m[3])],
  },
  {
    pattern: /(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]/,
    ymd: (m) => [Number(m[1]), Number(m[2]), Number(m[3])],
  },
  // 15 July 2015, 15th Jul. 2015
  {
    pattern: new RegExp(`(?<![\\d\\w])(\\d{1,2})${ORDINAL}\\s+${MONTH}\\.?,?\\s+(\\d{4})(?!\\d)`, "i"),
    ymd: (m) => [Number(m[3]), monthNumber(m[2] ?? ""), Number(m[1])],
  },
  // July 15, 2015, Jul. 15 2015
  {
    pattern: new RegExp(`(?<![\\w])${MONTH}\\.?\\s+(\\d{1,2})${ORDINAL},?\\s+(\\d{4})(?!\\d)`, "i"),
    ymd: (m) => [Number(m[3]), monthNumber(m[1] ?? ""), Number(m[2])],
  },
];

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

function monthNumber(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

/** The first valid calendar date in `text`, if any. */
export function findDate(text: string): FoundDate | undefined {
  let best: FoundDate | undefined;
  for (const { pattern, ymd } of DATE_PATTERNS) {
    const m = pattern.exec(text);
    if (!m || (best && best.index <= m.index)) continue;
    const iso = isoDate(...ymd(m));
    if (iso) best = { iso, index: m.index, length: m[0].length };
  }
  return best;
}

/** The first date in `text` as `YYYY-MM-DD`, or undefined when there is none (or it is not a real day). */
export function normaliseDate(text: string): string | undefined {
  return findDate(text)?.iso;
}

function isoDate(year: number, month: number, day: number): string | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2021-02-30 over into March; a date that does not round-trip is not a real day.
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day)
    return undefined;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
