import type { Answer } from "../answer/schema.js";
import { toSimplified } from "../text/simplify.js";
import { compileKw, type EvalItem, type EvalType } from "./question-set.js";

/**
 * Scoring of one eval question against the Answer the bot gave, and the summary over a run. Pure: no I/O.
 *
 * Matching is tolerant of form, never of content:
 * - `kw` regexes are tried on the answer text with `[n]` citation markers blanked out (so a marker like `[8]`
 *   can't satisfy `(?<!\d)8(?!\d)`), and pass if they match either that text or its folded form
 *   (NFKC — full-width digits and punctuation become ASCII — then traditional → simplified Chinese). So a
 *   correct answer written in traditional characters passes a simplified `kw`.
 * - `gold` substrings are looked for in each citation's text after the same folding with all whitespace removed,
 *   so a citation from a traditional repost or a cleaner that turned `,` into `，` still counts.
 */

export interface ItemResult {
  id: string;
  type: EvalType;
  q: string;
  pass: boolean;
  /** Short reason, set only when `pass` is false. */
  why?: string;
  answered: boolean;
  /** Whether the first citation contains a gold substring; `null` for items that aren't `answer`. */
  top1Gold: boolean | null;
  /** Citations containing a gold substring (always 0 for items without gold). */
  goldCitations: number;
  citations: number;
  ms: number;
}

/**
 * Rates are fractions in [0, 1]. A rate over an empty group is `null` (not 0 or 1): "no data" must not read as
 * a perfect or a failing score, and the table shows it as `n/a`.
 */
export interface EvalSummary {
  total: number;
  passed: number;
  /** passed / total. */
  overall: number | null;
  /** Pass rate over `answer` and `meta` items. */
  answerAccuracy: number | null;
  /** Pass rate over `abstain` items. */
  refusalAccuracy: number | null;
  /**
   * Over `answer` items that answered, pooled: citations containing a gold substring / all their citations.
   * `null` when those items carry no citations at all.
   */
  citationPrecision: number | null;
  /** Over all `answer` items: share whose first citation contains a gold substring (a refusal counts as a miss). */
  top1CitationAccuracy: number | null;
  /** Nearest-rank percentiles of `ms` over all items; `null` when there are none. */
  latencyP50: number | null;
  latencyP95: number | null;
}

/** NFKC, then traditional → simplified Chinese. */
export function foldText(text: string): string {
  return toSimplified(text.normalize("NFKC"));
}

function foldForContainment(text: string): string {
  return foldText(text).replace(/\s+/g, "");
}

/** Whether `text` (a citation) contains one of the `gold` substrings, ignoring script, width and whitespace. */
export function containsGold(text: string, gold: readonly string[]): boolean {
  if (gold.length === 0) return false;
  const haystack = foldForContainment(text);
  return gold.some((g) => {
    const needle = foldForContainment(g);
    return needle.length > 0 && haystack.includes(needle);
  });
}

/** The `kw` sources that match neither the answer text nor its folded form. */
export function missingKw(kw: readonly string[], answerText: string): string[] {
  const plain = answerText.replace(/\[\d+\]/g, " ");
  const folded = foldText(plain);
  return kw.filter((source) => {
    const re = compileKw(source);
    return !(re.test(plain) || re.test(folded));
  });
}

export function scoreItem(item: EvalItem, answer: Answer): ItemResult {
  const citations = answer.citations;
  const goldCitations = citations.filter((c) => containsGold(c.text, item.gold)).length;
  const first = citations[0];
  const top1Gold = item.type === "answer" ? first !== undefined && containsGold(first.text, item.gold) : null;

  let why: string | undefined;
  if (item.type === "abstain") {
    if (answer.answered) why = "answered but should abstain";
  } else if (!answer.answered) {
    why = "refused";
  } else {
    const reasons: string[] = [];
    const missing = missingKw(item.kw, answer.answer);
    if (missing.length > 0) reasons.push(`kw ${missing.map((s) => `/${s}/`).join(" ")} missing`);
    if (item.type === "answer" && goldCitations === 0)
      reasons.push(citations.length === 0 ? "no citations" : "no gold citation");
    if (reasons.length > 0) why = reasons.join("; ");
  }

  const result: ItemResult = {
    id: item.id,
    type: item.type,
    q: item.q,
    pass: why === undefined,
    answered: answer.answered,
    top1Gold,
    goldCitations,
    citations: citations.length,
    ms: answer.ms,
  };
  if (why !== undefined) result.why = why;
  return result;
}

function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function passRate(results: readonly ItemResult[]): number | null {
  return rate(results.filter((r) => r.pass).length, results.length);
}

/** Nearest-rank percentile (p in (0, 100]): the smallest value with at least p% of values at or below it. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p * sorted.length) / 100)));
  return sorted[rank - 1] ?? null;
}

export function summarize(results: readonly ItemResult[]): EvalSummary {
  const answerItems = results.filter((r) => r.type === "answer");
  const answerOrMeta = results.filter((r) => r.type !== "abstain");
  const abstain = results.filter((r) => r.type === "abstain");
  const answeredAnswers = answerItems.filter((r) => r.answered);
  const citationCount = answeredAnswers.reduce((n, r) => n + r.citations, 0);
  const goldCount = answeredAnswers.reduce((n, r) => n + r.goldCitations, 0);
  const ms = results.map((r) => r.ms);
  const passed = results.filter((r) => r.pass).length;
  return {
    total: results.length,
    passed,
    overall: rate(passed, results.length),
    answerAccuracy: passRate(answerOrMeta),
    refusalAccuracy: passRate(abstain),
    citationPrecision: rate(goldCount, citationCount),
    top1CitationAccuracy: rate(answerItems.filter((r) => r.top1Gold === true).length, answerItems.length),
    latencyP50: percentile(ms, 50),
    latencyP95: percentile(ms, 95),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Terminal table

/** Terminal columns a code point takes: 2 for East Asian wide/fullwidth, 0 for combining marks and controls. */
function codePointWidth(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || cp === 0xfe0f) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2;
  return 1;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += codePointWidth(ch.codePointAt(0) ?? 0);
  return width;
}

/** Cuts `text` to at most `max` columns (ending in `…` when cut), then pads it with spaces to exactly `max`. */
export function fitColumns(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  let out = flat;
  if (displayWidth(flat) > max) {
    out = "";
    let width = 0;
    for (const ch of flat) {
      const w = codePointWidth(ch.codePointAt(0) ?? 0);
      if (width + w > max - 1) break;
      out += ch;
      width += w;
    }
    out += "…";
  }
  return out + " ".repeat(Math.max(0, max - displayWidth(out)));
}

const QUESTION_COLUMNS = 30;

function pct(value: number | null): string {
  return value === null ? "n/a" : `${(value * 100).toFixed(1)}%`;
}

function msText(value: number | null): string {
  return value === null ? "n/a" : `${Math.round(value)} ms`;
}

/** A plain-text report: one row per question (id, type, result, ms, question, reason), then the metrics. */
export function formatEvalTable(results: readonly ItemResult[], summary: EvalSummary): string {
  const idWidth = Math.max(2, ...results.map((r) => r.id.length));
  const msValues = results.map((r) => String(Math.round(r.ms)));
  const msWidth = Math.max(2, ...msValues.map((s) => s.length));
  const row = (id: string, type: string, result: string, ms: string, q: string, why: string) =>
    `${id.padEnd(idWidth)}  ${type.padEnd(7)}  ${result.padEnd(4)}  ${ms.padStart(msWidth)}  ${fitColumns(q, QUESTION_COLUMNS)}  ${why}`.trimEnd();

  const lines = [row("id", "type", "ok", "ms", "question", "reason")];
  lines.push("-".repeat(displayWidth(lines[0] ?? "")));
  for (const [i, r] of results.entries())
    lines.push(row(r.id, r.type, r.pass ? "PASS" : "FAIL", msValues[i] ?? "", r.q, r.why ?? ""));

  const count = (type: (t: EvalType) => boolean) => {
    const group = results.filter((r) => type(r.type));
    return `${group.filter((r) => r.pass).length}/${group.length}`;
  };
  const answered = results.filter((r) => r.type === "answer" && r.answered);
  const answerItems = results.filter((r) => r.type === "answer");
  const metrics: Array<[string, string]> = [
    ["overall", `${pct(summary.overall)} (${summary.passed}/${summary.total})`],
    ["answer accuracy", `${pct(summary.answerAccuracy)} (${count((t) => t !== "abstain")} answer+meta)`],
    ["refusal accuracy", `${pct(summary.refusalAccuracy)} (${count((t) => t === "abstain")} abstain)`],
    [
      "citation precision",
      `${pct(summary.citationPrecision)} (${answered.reduce((n, r) => n + r.goldCitations, 0)}/${answered.reduce((n, r) => n + r.citations, 0)} citations)`,
    ],
    [
      "top-1 citation",
      `${pct(summary.top1CitationAccuracy)} (${answerItems.filter((r) => r.top1Gold === true).length}/${answerItems.length} answer)`,
    ],
    ["latency p50 / p95", `${msText(summary.latencyP50)} / ${msText(summary.latencyP95)}`],
  ];
  const labelWidth = Math.max(...metrics.map(([label]) => label.length));
  lines.push("");
  for (const [label, value] of metrics) lines.push(`${label.padEnd(labelWidth)}  ${value}`);
  return lines.join("\n");
}
