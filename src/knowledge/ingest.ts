import { readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { cleanRaw, isSupportedRawFile } from "./clean.js";
import type { RemovedItem } from "./cleaned.js";
import { CleanError, KnowledgeError } from "./errors.js";
import { serialiseArticle } from "./serialise.js";
import { readSources, SOURCES_FILE } from "./sources.js";

/** One article produced by ingest. */
export interface IngestedArticle {
  id: string;
  title: string;
  date: string;
  /** Raw file it came from (path as built from the knowledge directory given to `ingest`). */
  raw: string;
  /** The cleaned file, `<knowledgeDir>/<id>.json`. */
  output: string;
  /** `written` if the file was created or changed, `unchanged` if it already had exactly this content. */
  status: "written" | "unchanged";
  paragraphs: number;
  sentences: number;
  figures: number;
  removed: RemovedItem[];
}

/** A raw file that could not be cleaned; `error` is the one-line CleanError message (it names the file). */
export interface RejectedFile {
  raw: string;
  error: string;
}

/** Everything one ingest run did, for `formatIngestReport` or a caller that wants the data. */
export interface IngestReport {
  knowledgeDir: string;
  articles: IngestedArticle[];
  rejected: RejectedFile[];
  /** Files in raw/ with an extension no cleaner handles (left alone). */
  ignored: string[];
  /** `*.json` in the knowledge directory that no raw file produced this time (left alone, maybe out of date). */
  stale: string[];
  /** Other things worth a look, e.g. sources.json entries for files that do not exist. */
  warnings: string[];
}

/**
 * Cleans every supported file in `<knowledgeDir>/raw/` (sorted by name) into `<knowledgeDir>/<id>.json`.
 * A file whose content would not change is not rewritten. A file that fails to clean, or whose id another file
 * already produced, is reported as rejected and does not affect the others. Raw files are only read.
 * Throws KnowledgeError only when raw/ cannot be listed or raw/sources.json is unreadable or invalid.
 */
export async function ingest(knowledgeDir: string): Promise<IngestReport> {
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
    articles: [],
    rejected: [],
    ignored: [],
    stale: [],
    warnings: [],
  };
  const producedBy = new Map<string, string>();
  for (const name of names) {
    const raw = join(rawDir, name);
    if (!isSupportedRawFile(name)) {
      report.ignored.push(raw);
      continue;
    }
    let result: ReturnType<typeof cleanRaw>;
    try {
      result = cleanRaw({
        fileName: name,
        content: decodeUtf8(await readFile(raw), raw),
        meta: sources[name],
        path: raw,
      });
      const earlier = producedBy.get(result.article.id);
      if (earlier)
        throw new CleanError(raw, `article id "${result.article.id}" is already produced by ${earlier}`);
    } catch (error) {
      report.rejected.push({
        raw,
        error: error instanceof CleanError ? error.message : `${raw}: ${String(error)}`,
      });
      continue;
    }
    const { article, removed } = result;
    producedBy.set(article.id, raw);
    const output = join(knowledgeDir, `${article.id}.json`);
    const status = await writeIfChanged(output, serialiseArticle(article));
    report.articles.push({
      id: article.id,
      title: article.title,
      date: article.date,
      raw,
      output,
      status,
      paragraphs: article.paragraphs.length,
      sentences: article.paragraphs.reduce((n, p) => n + p.sentences.length, 0),
      figures: article.figures.length,
      removed,
    });
  }

  const present = new Set(names);
  for (const name of Object.keys(sources).sort(byCodeUnits)) {
    if (!present.has(name))
      report.warnings.push(`${join(rawDir, SOURCES_FILE)}: entry for missing file ${name}`);
  }
  for (const entry of await readdir(knowledgeDir, { withFileTypes: true })) {
    if (
      entry.isFile() &&
      entry.name.endsWith(".json") &&
      !producedBy.has(entry.name.slice(0, -".json".length))
    ) {
      report.stale.push(join(knowledgeDir, entry.name));
    }
  }
  report.stale.sort(byCodeUnits);
  return report;
}

/** Writes `content` unless the file already holds exactly it; via a temp file so a crash never leaves half a file. */
async function writeIfChanged(path: string, content: string): Promise<"written" | "unchanged"> {
  const existing = await readFile(path, "utf8").catch(() => undefined);
  if (existing === content) return "unchanged";
  const temp = `${path}.tmp`;
  await writeFile(temp, content, "utf8");
  await rename(temp, path);
  return "written";
}

/** Raw scrapes must be UTF-8; a GBK page decoded as UTF-8 would silently become mojibake in citations. */
function decodeUtf8(bytes: Uint8Array, path: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new CleanError(path, "not valid UTF-8 (convert the scrape to UTF-8 first)");
  }
}

/** Locale-independent ordering, so every machine processes (and numbers) files the same way. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Longest excerpt of removed text shown in the report. */
const EXCERPT = 32;

/**
 * The report as human-readable lines (no trailing newline): one line per article with what was removed
 * summarised by reason, then rejected/ignored/stale files and warnings, then a totals line.
 */
export function formatIngestReport(report: IngestReport): string {
  const lines: string[] = [];
  for (const a of report.articles) {
    lines.push(
      `+ ${a.id} ${a.title} (${a.date}): ${count(a.paragraphs, "paragraph")}, ${count(a.sentences, "sentence")}, ` +
        `${count(a.figures, "figure")} [${a.status}]`,
    );
    const byReason = new Map<string, RemovedItem[]>();
    for (const item of a.removed) byReason.set(item.reason, [...(byReason.get(item.reason) ?? []), item]);
    for (const [reason, items] of byReason) {
      lines.push(`    removed ${reason} ×${items.length}: ${excerpt(items[0]?.text ?? "")}`);
    }
  }
  for (const r of report.rejected) lines.push(`! rejected ${r.error}`);
  for (const path of report.ignored) lines.push(`? ignored ${path}: unsupported file type`);
  for (const path of report.stale) lines.push(`~ stale ${path}: no raw file produced it in this run`);
  for (const warning of report.warnings) lines.push(`~ warning ${warning}`);
  const written = report.articles.filter((a) => a.status === "written").length;
  lines.push(
    `${count(report.articles.length, "article")} (${written} written, ${report.articles.length - written} unchanged), ` +
      `${report.rejected.length} rejected, ${report.ignored.length} ignored, ${report.stale.length} stale`,
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
