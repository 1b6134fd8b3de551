import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Article } from "../knowledge/article.js";
import { knowledgeDigest } from "../knowledge/load.js";
import type { Logger } from "../log.js";
import type { Lexicon } from "./lexicon.js";
import { type IndexSnapshot, SentenceIndex } from "./sentence-index.js";
import {
  decodeSnapshotFile,
  encodeSnapshotFile,
  readSnapshotMeta,
  SnapshotFileError,
} from "./snapshot-file.js";

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
const FORMAT = 8;

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

/** What is checked before the rest of the file is parsed. */
interface CacheMeta {
  format: number;
  key: string;
  /**
   * The knowledge files' names, sizes and modification times when the articles were read from them, and the code
   * and lexicon key: when both still hold, the articles are taken from the snapshot and the files are not read.
   */
  files?: string;
  codeKey?: string;
}

interface CacheData {
  snapshot: IndexSnapshot;
  articles?: Article[];
}

type CacheFile = CacheMeta & CacheData;

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

/**
 * The knowledge base and its index. With a snapshot whose files stamp still matches the knowledge directory (no
 * file added, removed, resized or touched since it was saved) and whose code and lexicon key matches, both come
 * from the snapshot and no article file is read — at 100,000 sentences that is a third of the start-up. Otherwise
 * `loadArticles` reads (and validates) the files, and the index is opened for them as usual and saved with them.
 */
export async function openKnowledgeIndex(
  knowledgeDir: string,
  lexicon: Lexicon,
  loadArticles: () => Promise<Article[]>,
  options: IndexCacheOptions,
): Promise<{ articles: Article[]; index: SentenceIndex }> {
  const { dataDir, log } = options;
  const files = dataDir ? filesStamp(knowledgeDir) : undefined;
  if (dataDir && files) {
    const file = join(dataDir, INDEX_CACHE_FILE);
    const codeKey = await codeAndLexiconKey(lexicon);
    const cached = await readCache(file, log, (meta) => meta.files === files && meta.codeKey === codeKey);
    if (cached && Array.isArray(cached.articles)) {
      const articles = cached.articles;
      try {
        const index = options.inSteps
          ? await SentenceIndex.build(articles, lexicon, cached.snapshot)
          : new SentenceIndex(articles, lexicon, cached.snapshot);
        return { articles, index };
      } catch (error) {
        log.warn(`index cache ${file} does not fit its own articles (${describe(error)}); rebuilding`);
      }
    }
  }
  const articles = await loadArticles();
  const index = await openSentenceIndex(articles, lexicon, { ...options, files });
  return { articles, index };
}

/**
 * Names, sizes and modification times of the knowledge directory's article files: what changes when ingest or a
 * person changes one. Undefined when the directory cannot be read (loading then reports why).
 */
function filesStamp(knowledgeDir: string): string | undefined {
  try {
    const names = readdirSync(knowledgeDir)
      .filter((n) => n.endsWith(".json"))
      .sort();
    const hash = createHash("sha256");
    for (const name of names) {
      const stat = statSync(join(knowledgeDir, name));
      if (stat.isFile()) hash.update(`${name}\u0000${stat.size}\u0000${stat.mtimeMs}\u0000`);
    }
    return `${knowledgeDir}\u0000${hash.digest("hex")}`;
  } catch {
    return undefined;
  }
}

/** The sentence index for these articles: from the snapshot in `dataDir` when it fits, else built (and saved). */
export async function openSentenceIndex(
  articles: Article[],
  lexicon: Lexicon,
  options: IndexCacheOptions & { files?: string },
): Promise<SentenceIndex> {
  const { dataDir, log } = options;
  const make = (snapshot?: IndexSnapshot) =>
    options.inSteps
      ? SentenceIndex.build(articles, lexicon, snapshot)
      : Promise.resolve().then(() => new SentenceIndex(articles, lexicon, snapshot));
  if (!dataDir) return make();
  const file = join(dataDir, INDEX_CACHE_FILE);
  const key = await cacheKey(articles, lexicon);
  const cached = await readCache(file, log, (meta) => meta.key === key);
  if (cached) {
    try {
      return await make(cached.snapshot);
    } catch (error) {
      log.warn(`index cache ${file} does not fit the knowledge base (${describe(error)}); rebuilding`);
    }
  }
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
  const withFiles = options.files
    ? { files: options.files, codeKey: await codeAndLexiconKey(lexicon), articles }
    : {};
  await writeCache(file, { format: FORMAT, key, snapshot: index.snapshot(), ...withFiles }, log);
  return index;
}

/**
 * The snapshot, when its meta (read first, without parsing the rest) is of this version and `fits`: a stale
 * snapshot costs a glance, not a parse of tens of megabytes — which a reload in the running bot would pay on the
 * event loop.
 */
async function readCache(
  file: string,
  log: Logger,
  fits: (meta: CacheMeta) => boolean,
): Promise<CacheFile | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return undefined;
  }
  try {
    const meta = readSnapshotMeta(bytes) as Partial<CacheMeta>;
    if (meta.format !== FORMAT || typeof meta.key !== "string") {
      log.debug(`index cache ${file} is from another version; rebuilding`);
      return undefined;
    }
    if (!fits(meta as CacheMeta)) {
      log.debug(`index cache ${file} is out of date; rebuilding`);
      return undefined;
    }
    const data = decodeSnapshotFile(bytes) as Partial<CacheData>;
    if (!data.snapshot) throw new Error("no snapshot in it");
    return { ...(meta as CacheMeta), ...(data as CacheData) };
  } catch (error) {
    if (error instanceof SnapshotFileError && error.otherVersion)
      log.debug(`index cache ${file} is from another version; rebuilding`);
    else log.warn(`index cache ${file} is unreadable (${describe(error)}); rebuilding`);
    return undefined;
  }
}

/** Written to a temporary file and renamed: a crash mid-write leaves the old snapshot or none, never half. */
async function writeCache(file: string, content: CacheFile, log: Logger): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(join(file, ".."), { recursive: true });
    const { snapshot, articles, ...meta } = content;
    await writeFile(temporary, encodeSnapshotFile({ snapshot, articles }, meta));
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
  hash.update(await codeAndLexiconKey(lexicon));
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

/**
 * Hash of the indexing code and the lexicon: the part of the key that does not depend on the articles. Worked
 * out once per lexicon (it reads the code files), however many times a start-up asks.
 */
function codeAndLexiconKey(lexicon: Lexicon): Promise<string> {
  let key = codeKeys.get(lexicon);
  if (!key) {
    key = hashCodeAndLexicon(lexicon);
    codeKeys.set(lexicon, key);
  }
  return key;
}

const codeKeys = new WeakMap<Lexicon, Promise<string>>();

async function hashCodeAndLexicon(lexicon: Lexicon): Promise<string> {
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
  return hash.digest("hex");
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
