import { toSimplifiedAligned } from "./chinese.js";
import { findDate } from "./dates.js";

/**
 * The "来源:… 日期:… 点击:" line under an article title: what it says, and whether a line is one.
 *
 * Labels are matched on the simplified fold of the line (so 來源/發佈時間/點擊 work too) while values are cut
 * from the original text, which the aligned fold makes possible.
 */

type FieldKind = "source" | "date" | "author" | "byline" | "counter";

/** Field labels, simplified only. Longer labels first so 发布时间 wins over 时间. */
const LABELS: ReadonlyArray<[RegExp, FieldKind]> = [
  [/(?:文章|信息|新闻)?来源|source/iy, "source"],
  [
    /(?:发布|更新|发表|上传|录入)(?:时间|日期|于)?|日期|时间|(?:date )?(?:published|updated|posted)(?: on)?|release date|date/iy,
    "date",
  ],
  [/作者|记者|供稿|author|reporter/iy, "author"],
  [/(?:责任)?编辑|字号|editor/iy, "byline"],
  [/(?:点击|阅读|浏览)(?:次数|数|量)?|views?/iy, "counter"],
];
const COLON = /\s*[::]/y;

/** What a metadata line yields. `counter` is the view-counter fragment, e.g. `点击:` or `阅读:1024`. */
export interface MetadataFields {
  date?: string;
  source?: string;
  /** The author or reporter named on the line (作者:…, 记者 …). */
  author?: string;
  counter?: string;
  /** The line was nothing but a date (no `label:` fields) — weaker evidence, e.g. in a sidebar news list. */
  dateOnly?: true;
}

interface Field {
  kind: FieldKind;
  start: number;
  valueStart: number;
}

/** Finds `label:` occurrences in the folded line. */
function findFields(folded: string): Field[] {
  const fields: Field[] = [];
  for (let i = 0; i < folded.length; i++) {
    for (const [label, kind] of LABELS) {
      label.lastIndex = i;
      if (!label.test(folded)) continue;
      // An English label is a word of its own ("Updated:"), never the tail of one ("candidate:").
      if (/[a-z]/i.test(folded.charAt(i)) && /[a-z]/i.test(folded.charAt(i - 1))) continue;
      COLON.lastIndex = label.lastIndex;
      if (!COLON.test(folded)) continue;
      fields.push({ kind, start: i, valueStart: COLON.lastIndex });
      i = COLON.lastIndex - 1;
      break;
    }
  }
  return fields;
}

/** A page's metadata lines are short; body text is not parsed for fields. */
const MAX_METADATA_LINE = 160;

/**
 * Parses a source/date line: it must start with a field label or a bare date and hold at least one
 * `label:` field (or be nothing but a date), and must not read like prose (no 。). Returns undefined for any
 * other line.
 */
export function parseMetadataLine(line: string): MetadataFields | undefined {
  if (line.length > MAX_METADATA_LINE || line.includes("。")) return undefined;
  // "(来源:示例日报)" closing an article: the same line in brackets.
  const bracketed = /^[(（【[]\s*(.+?)\s*[)）】\]]$/.exec(line);
  if (bracketed?.[1]) return parseMetadataLine(bracketed[1]);
  const folded = toSimplifiedAligned(line);
  const fields = findFields(folded);
  const first = fields[0];
  if (!first) {
    // A line that is only a date ("2021-03-05 10:30"), or a date after a verb of posting ("回答于 2021-06-30",
    // "发表于 …"), is the date line of layouts without labels.
    const rest = folded.replace(/^\p{Script=Han}{1,3}于\s*/u, "");
    const date = findDate(rest);
    return date && isDateOnly(rest) ? { date: date.iso, dateOnly: true } : undefined;
  }
  // Only a bare date (and time) may precede the first label ("2020-07-21 来源:…"), or a short qualifier of a
  // date label (回答时间, 上传日期); any other lead-in is prose.
  const leadIn = folded.slice(0, first.start).trim();
  const qualifiesDate = first.kind === "date" && /^\p{Script=Han}{1,4}$/u.test(leadIn);
  if (!isDateOnly(leadIn) && !qualifiesDate) return undefined;
  const result: MetadataFields = {};
  let unreadDate = false;
  fields.forEach((field, n) => {
    const valueEnd = fields[n + 1]?.start ?? line.length;
    const value = line.slice(field.valueStart, valueEnd).trim();
    if (field.kind === "date") {
      const date = findDate(folded.slice(field.valueStart, valueEnd))?.iso;
      result.date ??= date;
      if (!date && value.length > 0) unreadDate = true;
    } else if (field.kind === "source") result.source ??= sourceValue(value);
    else if (field.kind === "author" && value.length > 0) result.author ??= value;
    else if (field.kind === "counter") result.counter ??= line.slice(field.start, valueEnd).trim();
  });
  // A date printed without a label (mobile layouts: "2020-07-21 来源:…") counts when no field gave one.
  result.date ??= findDate(folded)?.iso;
  // "成立时间:1998年" is a fact in an infobox, not the page's date line.
  if (unreadDate && !result.date) return undefined;
  return result;
}

/** Empty, or a date optionally followed by a clock time. */
function isDateOnly(text: string): boolean {
  if (text.length === 0) return true;
  const date = findDate(text);
  if (date?.index !== 0) return false;
  return /^\s*(?:\d{1,2}[::]\d{2}(?:[::]\d{2})?)?$/.test(text.slice(date.length));
}

/**
 * Cleans a 来源 value: drops a date that ran into it and separator leftovers, and writes `name domain` as
 * `name (domain)` (`中国高新院 achie.org` → `中国高新院 (achie.org)`).
 */
export function sourceValue(value: string): string | undefined {
  // Widgets that share the line ("来源:示例报 【字体:大 中 小】") are not part of the name.
  let v = value.replace(/[【[][^】\]]*[】\]]/g, " ");
  const date = findDate(v);
  if (date) v = v.slice(0, date.index) + v.slice(date.index + date.length);
  // "示例晚报 记者 张三", "示例网 作者：李四": the reporter shares the line; the source is the outlet.
  v = v.replace(
    /\s*(?:记者|作者|编辑|责任编辑|责编|通讯员|摄影|撰稿|文\s*[/／]|文\s*[:：]|图\s*[/／])[\s:：]*\S.*$/u,
    "",
  );
  v = v
    .replace(/^[\s|丨/·-]+|[\s|丨/·-]+$/g, "")
    .replace(/\s{2,}/g, " ")
    .trim();
  if (v.length === 0) return undefined;
  const withDomain = /^(.*\S)\s+((?:[a-z0-9-]+\.)+[a-z]{2,})\/?$/i.exec(v);
  if (withDomain) return `${withDomain[1]} (${withDomain[2]})`;
  return v;
}

/** Whether a whole line is nothing but a view counter: `点击:`, `阅读:1024`, `浏览次数:56次`. */
export function isViewCounterLine(line: string): boolean {
  if (line.length > 20) return false;
  return /^(?:点击|阅读|浏览)(?:次数|数|量)?\s*[::]?\s*\d*\s*次?$/.test(toSimplifiedAligned(line));
}
