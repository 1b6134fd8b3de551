import { readdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { AlternateSource, Article } from "./article.js";
import { type CleanResult, cleanRaw, type FieldOrigin, isSupportedRawFile } from "./clean.js";
import type { RemovalReason } from "./cleaned.js";
import { type DecodedPage, decodePage } from "./decode.js";
import { CleanError, KnowledgeError, type MissingFields } from "./errors.js";
import { type DuplicateCandidate, findNearDuplicates } from "./near-duplicates.js";
import { serialiseArticle } from "./serialise.js";
import { readSources, SOURCES_FILE } from "./sources.js";

/** How a raw file was decoded (see `decode.ts`). */
export type EncodingInfo = Pick<DecodedPage, "encoding" | "how" | "declared" | "note">;

/** A metadata value and where it came from. */
export interface SourcedValue {
  value: string;
  origin: FieldOrigin;
}

/** One article produced by ingest. */
export interface IngestedArticle {
  id: string;
  title: string;
  date: string;
  /** Raw file it came from (path as built from the knowledge directory given to `ingest`). */
  raw: string;
  /** The cleaned file, `<knowledgeDir>/<id>.json`. */
  output: string;
  /**
   * `written` if the file was created or changed, `unchanged` if it already had exactly this content; with
   * `check`, `outdated` where a run would write it.
   */
  status: "written" | "unchanged" | "outdated";
  encoding: EncodingInfo;
  meta: { title: SourcedValue; date: SourcedValue; source: SourcedValue; url: SourcedValue };
  author?: string;
  paragraphs: number;
  sentences: number;
  /** Sentences kept but never cited (a page cut off mid-sentence). */
  fragments: number;
  /** Sentences flagged doubtful (junk, leftover annotations, mixed script). */
  doubtful: number;
  figures: number;
  quality: number;
  /** What cleaning took out, counted by kind. */
  removed: Partial<Record<RemovalReason, number>>;
  /** First removed text of each kind, to show in the report. */
  removedExamples: Partial<Record<RemovalReason, string>>;
  /** Raw files merged into this article as reposts or mirrors. */
  alsoAt: string[];
}

/** A raw file recognised as a repost or mirror of another and merged into it. */
export interface MergedFile {
  raw: string;
  /** Article id it was merged into, and that article's raw file. */
  into: string;
  intoRaw: string;
  similarity: number;
  encoding: EncodingInfo;
}

/** A raw file that could not be cleaned; `error` is the one-line CleanError message (it names the file). */
export interface RejectedFile {
  raw: string;
  error: string;
  /** For missing metadata: the fields, and a sources.json entry to fill in and paste. */
  missing?: { fields: MissingFields["fields"]; stanza: string };
}

/** A cleaned file taken out of the knowledge directory, and why. */
export interface RemovedArticle {
  file: string;
  id: string;
  reason: string;
}

/** Everything one ingest run did, for `formatIngestReport` or a caller that wants the data. */
export interface IngestReport {
  knowledgeDir: string;
  /** True for `check` runs: nothing was written or removed; statuses say what a run would do. */
  check: boolean;
  articles: IngestedArticle[];
  merged: MergedFile[];
  rejected: RejectedFile[];
  /** Files in raw/ with an extension no cleaner handles (left alone). */
  ignored: string[];
  /** Cleaned files removed because no raw file produces them any more (or, with `check`, that would be). */
  removed: RemovedArticle[];
  /** Other things worth a look, e.g. sources.json entries for files that do not exist. */
  warnings: string[];
}

/** Raw files read at once: enough to keep the disk busy, few enough to bound memory on 10,000 pages. */
const READ_BATCH = 64;

/** Options for one ingest run. */
export interface IngestOptions {
  /** Compute everything, write nothing: the report says what is out of date (`parkbot ingest --check`). */
  check?: boolean;
}

interface Cleaned {
  name: string;
  raw: string;
  encoding: EncodingInfo;
  result: CleanResult;
  /** The article's cleaned file as it is on disk now, if any. */
  onDisk?: string;
}

/**
 * Cleans every supported file in `<knowledgeDir>/raw/` (sorted by name) into `<knowledgeDir>/<id>.json`, so that
 * the knowledge directory is exactly what raw/ says:
 * - each page is decoded (BOM, declared charset, or detected), cleaned, and checked for quality;
 * - reposts and mirrors of one story become one article whose `alsoAt` lists the others; an article already
 *   in the knowledge directory stays the canonical one, so its sentence ids never change;
 * - a cleaned file whose raw file is gone, rejected or merged is removed;
 * - a file whose content would not change is not rewritten; a file that fails is reported with every reason
 *   at once (all missing metadata fields, with a sources.json entry to paste) and does not affect the others.
 * Raw files are only read. Throws KnowledgeError only when raw/ cannot be listed or raw/sources.json is
 * unreadable or invalid.
 */
export async function ingest(knowledgeDir: string, options: IngestOptions = {}): Promise<IngestReport> {
  const rawDir = join(knowledgeDir, "raw");
  const sources = await readSources(join(rawDir, SOURCES_FILE));
  const entries = await readdir(rawDir, { withFileTypes: true }).catch((error: Error) => {
    throw new KnowledgeError(rawDir, `cannot read directory: ${error.message}`);
  });
  const names = entries
    .filter((entry) => entry.isFile() && entry.name !== SOURCES_FILE && !entry.name.startsWith("."))
    .map((entry) => entry.name)
    .sort(byCodeUnits);
  const report: IngestReport = {
    knowledgeDir,
    check: options.check === true,
    articles: [],
    merged: [],
    rejected: [],
    ignored: [],
    removed: [],
    warnings: [],
  };

  const cleaned: Cleaned[] = [];
  const producedBy = new Map<string, string>();
  const supported = names.filter((name) => isSupportedRawFile(name));
  report.ignored = names.filter((name) => !isSupportedRawFile(name)).map((name) => join(rawDir, name));
  // Files are read a batch at a time, all of a batch at once: reading one after another leaves the CPU idle
  // for half of a large ingest. Cleaning itself is synchronous and stays in file-name order.
  for (let start = 0; start < supported.length; start += READ_BATCH) {
    const batch = supported.slice(start, start + READ_BATCH);
    const bytes = await Promise.all(
      batch.map((name) => readFile(join(rawDir, name)).catch((error: Error) => error)),
    );
    const ok: Array<Omit<Cleaned, "onDisk">> = [];
    batch.forEach((name, i) => {
      const raw = join(rawDir, name);
      try {
        const read = bytes[i];
        if (read === undefined || read instanceof Error)
          throw new CleanError(raw, `cannot read: ${read?.message ?? "no such file"}`);
        const kind = /\.html?$/i.test(name) ? "html" : "text";
        const decoded = decodePage(read, raw, kind, sources[name]?.charset);
        const result = cleanRaw({ fileName: name, content: decoded.text, meta: sources[name], path: raw });
        const earlier = producedBy.get(result.article.id);
        if (earlier)
          throw new CleanError(raw, `article id "${result.article.id}" is already produced by ${earlier}`);
        producedBy.set(result.article.id, raw);
        const { text: _text, ...encoding } = decoded;
        ok.push({ name, raw, encoding, result });
      } catch (error) {
        report.rejected.push(rejection(raw, name, error));
      }
    });
    const onDisk = await Promise.all(
      ok.map((r) =>
        readFile(join(knowledgeDir, `${r.result.article.id}.json`), "utf8").catch(() => undefined),
      ),
    );
    ok.forEach((r, i) => {
      cleaned.push({ ...r, onDisk: onDisk[i] });
    });
  }

  const { canonical, merged } = mergeDuplicates(cleaned);
  report.merged = merged;
  const kept = new Set<string>();
  const pending: Array<() => Promise<IngestedArticle>> = [];
  for (const item of canonical) {
    const article = item.result.article;
    kept.add(article.id);
    const output = join(knowledgeDir, `${article.id}.json`);
    const content = serialiseArticle(article);
    pending.push(async () => {
      let status: IngestedArticle["status"] = "unchanged";
      if (item.onDisk !== content) status = report.check ? "outdated" : await write(output, content);
      return summarise(item, output, status);
    });
  }
  for (let start = 0; start < pending.length; start += READ_BATCH)
    report.articles.push(
      ...(await Promise.all(pending.slice(start, start + READ_BATCH).map((run) => run()))),
    );

  const mergedInto = new Map(merged.map((m) => [m.raw, m.into]));
  const rejected = new Set(report.rejected.map((r) => r.raw));
  for (const { file, article } of await cleanedFiles(knowledgeDir)) {
    if (kept.has(article.id)) continue;
    const raw = join(knowledgeDir, article.raw);
    const reason = mergedInto.has(raw)
      ? `merged into ${mergedInto.get(raw)}`
      : rejected.has(raw)
        ? `its raw file ${article.raw} was rejected`
        : `its raw file ${article.raw} is gone`;
    if (!report.check) await unlink(file);
    report.removed.push({ file, id: article.id, reason });
  }

  const present = new Set(names);
  for (const name of Object.keys(sources).sort(byCodeUnits)) {
    if (!present.has(name))
      report.warnings.push(`${join(rawDir, SOURCES_FILE)}: entry for missing file ${name}`);
  }
  return report;
}

/** Whether a check run found the knowledge directory out of date with raw/. */
export function isOutOfDate(report: IngestReport): boolean {
  return report.articles.some((a) => a.status !== "unchanged") || report.removed.length > 0;
}

/**
 * Groups near-duplicates (`near-duplicates.ts`) and folds each group into its canonical article: the others
 * become `alsoAt` entries, oldest first. Articles not in any group pass through unchanged.
 */
function mergeDuplicates(items: readonly Cleaned[]): { canonical: Cleaned[]; merged: MergedFile[] } {
  const byName = new Map(items.map((item) => [item.name, item]));
  const candidates: DuplicateCandidate[] = items.map((item) => {
    const article = item.result.article;
    return {
      key: item.name,
      text: article.paragraphs.flatMap((p) => p.sentences.map((s) => s.text)).join("\n"),
      date: article.date,
      url: article.url,
      source: article.source,
      // Only a file this raw file produced before keeps its place; a stale file of the same id does not.
      existing: item.onDisk?.includes(`"raw": ${JSON.stringify(article.raw)}`) === true,
      quality: article.quality,
    };
  });
  const merged: MergedFile[] = [];
  const absorbed = new Set<string>();
  for (const group of findNearDuplicates(candidates)) {
    const target = byName.get(group.canonical);
    if (!target) continue;
    const alsoAt: AlternateSource[] = [];
    for (const duplicate of group.duplicates) {
      const item = byName.get(duplicate.key);
      if (!item) continue;
      absorbed.add(item.name);
      const { url, source, date, raw } = item.result.article;
      alsoAt.push({ url, source, date, raw });
      merged.push({
        raw: item.raw,
        into: target.result.article.id,
        intoRaw: target.raw,
        similarity: Math.round(duplicate.similarity * 100) / 100,
        encoding: item.encoding,
      });
    }
    alsoAt.sort((a, b) => a.date.localeCompare(b.date) || byCodeUnits(a.raw, b.raw));
    target.result = { ...target.result, article: withAlsoAt(target.result.article, alsoAt) };
  }
  return { canonical: items.filter((item) => !absorbed.has(item.name)), merged };
}

/** The article with `alsoAt` set, keeping the schema's key order (alsoAt last). */
function withAlsoAt(article: Article, alsoAt: AlternateSource[]): Article {
  const { alsoAt: _old, ...rest } = article;
  return alsoAt.length > 0 ? { ...rest, alsoAt } : rest;
}

function summarise(item: Cleaned, output: string, status: IngestedArticle["status"]): IngestedArticle {
  const { article, origins } = item.result;
  const sentences = article.paragraphs.flatMap((p) => p.sentences);
  const removed: Partial<Record<RemovalReason, number>> = {};
  const removedExamples: Partial<Record<RemovalReason, string>> = {};
  for (const r of item.result.removed) {
    removed[r.reason] = (removed[r.reason] ?? 0) + (r.count ?? 1);
    removedExamples[r.reason] ??= r.text;
  }
  return {
    id: article.id,
    title: article.title,
    date: article.date,
    raw: item.raw,
    output,
    status,
    encoding: item.encoding,
    meta: {
      title: { value: article.title, origin: origins.title },
      date: { value: article.date, origin: origins.date },
      source: { value: article.source, origin: origins.source },
      url: { value: article.url, origin: origins.url },
    },
    ...(article.author ? { author: article.author } : {}),
    paragraphs: article.paragraphs.length,
    sentences: sentences.length,
    fragments: sentences.filter((s) => s.flags?.includes("fragment")).length,
    doubtful: sentences.filter((s) => s.flags?.some((f) => f !== "fragment")).length,
    figures: article.figures.length,
    quality: article.quality ?? 0,
    removed,
    removedExamples,
    alsoAt: (article.alsoAt ?? []).map((a) => a.raw),
  };
}

function rejection(raw: string, name: string, error: unknown): RejectedFile {
  if (!(error instanceof CleanError)) return { raw, error: `${raw}: ${String(error)}` };
  if (!error.missing) return { raw, error: error.message };
  return {
    raw,
    error: error.message,
    missing: { fields: error.missing.fields, stanza: stanza(name, error.missing) },
  };
}

/** Placeholders for what a maintainer must fill in; each fails validation if pasted unfilled. */
const PLACEHOLDERS = { title: "…", date: "YYYY-MM-DD", source: "…", url: "https://…" } as const;

/** A sources.json entry for a file with missing fields: the missing ones as placeholders, one line. */
function stanza(name: string, missing: MissingFields): string {
  const entry: Record<string, string> = {};
  for (const field of missing.fields) entry[field] = PLACEHOLDERS[field];
  return `${JSON.stringify(name)}: ${JSON.stringify(entry).replace(/,"/g, ', "').replace(/":/g, '": ')}`;
}

/** Cleaned article files in the knowledge directory (JSON objects with an id and a raw path). */
async function cleanedFiles(knowledgeDir: string): Promise<Array<{ file: string; article: Article }>> {
  const files = (await readdir(knowledgeDir, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.endsWith(".json"))
    .map((entry) => join(knowledgeDir, entry.name))
    .sort(byCodeUnits);
  const out: Array<{ file: string; article: Article }> = [];
  for (let start = 0; start < files.length; start += READ_BATCH) {
    const batch = files.slice(start, start + READ_BATCH);
    const texts = await Promise.all(batch.map((file) => readFile(file, "utf8").catch(() => "")));
    batch.forEach((file, i) => {
      try {
        const data = JSON.parse(texts[i] ?? "") as Partial<Article>;
        if (typeof data.id === "string" && typeof data.raw === "string")
          out.push({ file, article: data as Article });
      } catch {
        // Not an article file ingest wrote: never touched.
      }
    });
  }
  return out;
}

/** Writes via a temp file so a crash never leaves half a file. */
async function write(path: string, content: string): Promise<"written"> {
  const temp = `${path}.tmp`;
  await writeFile(temp, content, "utf8");
  await rename(temp, path);
  return "written";
}

/** Locale-independent ordering, so every machine processes (and numbers) files the same way. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Longest excerpt of removed text shown in the report. */
const EXCERPT = 32;

/**
 * The report as human-readable lines (no trailing newline): one line per article with its metadata origins,
 * quality and what was removed by kind, then merged, rejected (with sources.json entries to paste), ignored and
 * removed files and warnings, then a totals line.
 */
export function formatIngestReport(report: IngestReport): string {
  const lines: string[] = [];
  for (const a of report.articles) {
    const status = a.status === "outdated" ? "out of date" : a.status;
    lines.push(
      `+ ${a.id} ${a.title} (${a.date}): ${count(a.paragraphs, "paragraph")}, ${count(a.sentences, "sentence")}, ` +
        `${count(a.figures, "figure")}, quality ${a.quality.toFixed(2)} [${status}]`,
    );
    const inferred = (Object.entries(a.meta) as Array<[string, SourcedValue]>)
      .filter(([, v]) => v.origin !== "page")
      .map(([k, v]) => `${k} ${v.origin === "inferred" ? "inferred" : "from sources.json"}: ${v.value}`);
    const encoding =
      a.encoding.encoding === "utf-8" ? [] : [`encoding ${a.encoding.encoding} (${a.encoding.how})`];
    const notes = [...encoding, ...inferred, ...(a.encoding.note ? [a.encoding.note] : [])];
    if (notes.length > 0) lines.push(`    ${notes.join("; ")}`);
    if (a.fragments + a.doubtful > 0)
      lines.push(`    ${count(a.fragments, "fragment")} (never cited), ${a.doubtful} doubtful`);
    for (const [reason, n] of Object.entries(a.removed)) {
      const example = a.removedExamples[reason as RemovalReason] ?? "";
      lines.push(`    removed ${reason} ×${n}: ${excerpt(example)}`);
    }
    for (const raw of a.alsoAt) lines.push(`    also at ${raw}`);
  }
  for (const m of report.merged)
    lines.push(
      `= merged ${m.raw} into ${m.into} (${m.intoRaw}): same story, similarity ${m.similarity.toFixed(2)}`,
    );
  for (const r of report.rejected) {
    lines.push(`! rejected ${r.error}`);
    if (r.missing) lines.push(`    add to ${SOURCES_FILE}: ${r.missing.stanza}`);
  }
  for (const path of report.ignored) lines.push(`? ignored ${path}: unsupported file type`);
  for (const r of report.removed)
    lines.push(`- ${report.check ? "would remove" : "removed"} ${r.file}: ${r.reason}`);
  for (const warning of report.warnings) lines.push(`~ warning ${warning}`);
  const changed = report.articles.filter((a) => a.status !== "unchanged").length;
  lines.push(
    `${count(report.articles.length, "article")} (${changed} ${report.check ? "out of date" : "written"}, ` +
      `${report.articles.length - changed} unchanged), ${report.merged.length} merged, ` +
      `${report.rejected.length} rejected, ${report.ignored.length} ignored, ${report.removed.length} removed`,
  );
  return lines.join("\n");
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function excerpt(text: string): string {
  const chars = Array.from(text);
  return chars.length > EXCERPT ? `${chars.slice(0, EXCERPT).join("")}…` : text;
}
