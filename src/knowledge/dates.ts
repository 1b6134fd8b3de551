/** A date found in text: the ISO form and where it was (so callers can cut it out of a field value). */
export interface FoundDate {
  iso: string;
  index: number;
  length: number;
}

/**
 * Date shapes pages print: `2020-07-21`, `2020/7/21`, `2020.07.21` (optionally followed by a time), and
 * `2021年3月5日` (日/号/號). Digit lookarounds keep it from matching inside longer numbers.
 */
const DATE_PATTERNS = [
  /(?<!\d)(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)/,
  /(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]/,
];

/** The first valid calendar date in `text`, if any. */
export function findDate(text: string): FoundDate | undefined {
  let best: FoundDate | undefined;
  for (const pattern of DATE_PATTERNS) {
    const m = pattern.exec(text);
    if (!m || (best && best.index <= m.index)) continue;
    const iso = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
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
