import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Article } from "../knowledge/article.js";
import { knowledgeDigest } from "../knowledge/load.js";
import type { Logger } from "../log.js";
import type { Lexicon } from "./lexicon.js";
import { type IndexSnapshot, SentenceIndex } from "./sentence-index.js";
import { decodeSnapshotFile, encodeSnapshotFile } from "./snapshot-file.js";

/**
 * The built sentence index, kept under DATA_DIR between runs: building it reads every sentence (subjects, folding,
 * BM25 terms), which at 100,000 sentences takes seconds; loading a snapshot takes a fraction of that.
 *
 * The snapshot is trusted only when its key matches: a hash of the articles' sentences, the lexicon, and the
 * code that builds the index. Anything else — another knowledge base, an edited lexicon, a new version, a
 * truncated or corrupt file — is rebuilt with one log line, never used.
 */
export const INDEX_CACHE_FILE = "sentence-index.bin";

/** A knowledge base this large has its build announced before it starts. */
const ANNOUNCE_SENTENCES = 20_000;

/** A build that took this long is reported at info level. */
const SLOW_BUILD_MS = 1000;

/** Bumped when the snapshot's shape changes. */
const FORMAT = 6;

/** The modules whose code decides what the index holds: a change in any of them invalidates snapshots. */
const INDEX_CODE = [
  "sentence-index.js",
  "subjects.js",
  "segment.js",
  "normalize.js",
  "text-index.js",
  "bm25.js",
  "postings.js",
  "snapshot-file.js",
];

interface CacheFile {
  format: number;
  key: string;
  snapshot: IndexSnapshot;
}

export interface IndexCacheOptions {
  /** Where the snapshot lives; no caching without one. */
  dataDir?: string;
  log: Logger;
  /**
   * Build (or load) in small steps between which other work runs (`SentenceIndex.build`): for a reload in the
   * running bot, which keeps answering meanwhile. At start-up, all at once is faster.
   */
  inSteps?: boolean;
}

/** The sentence index for these articles: from the snapshot in `dataDir` when it fits, else built (and saved). */
export async function openSentenceIndex(
  articles: Article[],
  lexicon: Lexicon,
  options: IndexCacheOptions,
): Promise<SentenceIndex> {
  const { dataDir, log } = options;
  const make = (snapshot?: IndexSnapshot) =>
    options.inSteps
      ? SentenceIndex.build(articles, lexicon, snapshot)
      : Promise.resolve().then(() => new SentenceIndex(articles, lexicon, snapshot));
  if (!dataDir) return make();
  const file = join(dataDir, INDEX_CACHE_FILE);
  const key = await cacheKey(articles, lexicon);
  const cached = await readCache(file, log);
  if (cached && cached.key === key) {
    try {
      return await make(cached.snapshot);
    } catch (error) {
      log.warn(`index cache ${file} does not fit the knowledge base (${describe(error)}); rebuilding`);
    }
  } else if (cached) log.debug(`index cache ${file} is out of date; rebuilding`);
  const sentences = articles.reduce(
    (n, a) => n + a.paragraphs.reduce((m, p) => m + p.sentences.length, 0),
    0,
  );
  // A large knowledge base takes seconds: say so before, not only after.
  if (sentences >= ANNOUNCE_SENTENCES)
    log.info(
      `building the index of ${sentences} sentences (once; it is saved to ${file} for the next start)…`,
    );
  const started = performance.now();
  const index = await make();
  const ms = Math.round(performance.now() - started);
  // Worth a line only when it made someone wait: a small knowledge base builds in milliseconds.
  const line = `built the index of ${index.sentences.length} sentences in ${ms} ms; saving it to ${file}`;
  if (ms >= SLOW_BUILD_MS) log.info(line);
  else log.debug(line);
  await writeCache(file, { format: FORMAT, key, snapshot: index.snapshot() }, log);
  return index;
}

async function readCache(file: string, log: Logger): Promise<CacheFile | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return undefined;
  }
  try {
    const parsed = decodeSnapshotFile(bytes) as Partial<CacheFile>;
    if (parsed.format !== FORMAT || typeof parsed.key !== "string" || !parsed.snapshot) {
      log.debug(`index cache ${file} is from another version; rebuilding`);
      return undefined;
    }
    return parsed as CacheFile;
  } catch (error) {
    log.warn(`index cache ${file} is unreadable (${describe(error)}); rebuilding`);
    return undefined;
  }
}

/** Written to a temporary file and renamed: a crash mid-write leaves the old snapshot or none, never half. */
async function writeCache(file: string, content: CacheFile, log: Logger): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(join(file, ".."), { recursive: true });
    await writeFile(temporary, encodeSnapshotFile(content));
    await rename(temporary, file);
    // The JSON snapshot of earlier versions is never read again: tens of megabytes for nothing.
    await rm(join(file, "..", "sentence-index.json"), { force: true });
  } catch (error) {
    log.warn(
      `could not save the index cache to ${file} (${describe(error)}); the next start builds it again`,
    );
  }
}

/** Hash of everything the index is built from: sentences, lexicon, and the indexing code. */
export async function cacheKey(articles: readonly Article[], lexicon: Lexicon): Promise<string> {
  const hash = createHash("sha256");
  hash.update(`format ${FORMAT}\n`);
  for (const name of INDEX_CODE) {
    const path = fileURLToPath(new URL(`./${name}`, import.meta.url));
    hash.update(await readFile(path).catch(() => Buffer.from(`missing ${name}`)));
  }
  hash.update(
    JSON.stringify({
      zone: lexicon.zone,
      generic: [...lexicon.generic],
      synonyms: lexicon.synonyms,
      parkAliases: lexicon.parkAliases,
    }),
  );
  // Loaded from files: their hash stands for the sentences (any change to a file rebuilds).
  const files = knowledgeDigest(articles);
  if (files) {
    hash.update(`files ${files}`);
    return hash.digest("hex");
  }
  // One update per article: 100,000 small updates cost more than hashing the text itself.
  for (const article of articles) {
    let text = `\u0000${article.id}\u0000${article.date}\u0000${article.title}`;
    for (const paragraph of article.paragraphs)
      for (const s of paragraph.sentences)
        text += `\u0001${s.id}\u0001${s.text}\u0001${s.flags?.join(",") ?? ""}`;
    hash.update(text);
  }
  return hash.digest("hex");
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
