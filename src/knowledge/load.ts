import { createHash, type Hash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { type Article, ArticleSchema, newestFirst } from "./article.js";
import { formatZodIssue, KnowledgeError } from "./errors.js";

/**
 * Loads every cleaned article (`*.json` directly in `knowledgeDir`; raw/ and other folders are not read),
 * validated against ArticleSchema, with unique ids and sentence ids that belong to their article.
 * Sorted newest first (date descending, then id). Throws KnowledgeError (`<file>: <problem>`, one line) on the
 * first unreadable, malformed or conflicting file.
 */
export async function loadKnowledge(knowledgeDir: string): Promise<Article[]> {
  let names: string[];
  try {
    names = jsonNames(await readdir(knowledgeDir, { withFileTypes: true }));
  } catch (error) {
    throw new KnowledgeError(knowledgeDir, `cannot read directory: ${(error as Error).message}`);
  }
  // Read many files at once (one at a time, a large knowledge base spends most of its start-up waiting on the
  // disk), parsed in name order so the first bad file is the one reported.
  const reads = new Array<Promise<Uint8Array | Error>>(names.length);
  const files: ArticleFile[] = [];
  const digest = createHash("sha256");
  for (let i = 0; i < names.length; i += READS_AT_ONCE) {
    for (let j = i; j < Math.min(names.length, i + READS_AT_ONCE * 2); j++)
      reads[j] ??= readFile(join(knowledgeDir, names[j] as string)).catch((error: Error) => error);
    for (let j = i; j < Math.min(names.length, i + READS_AT_ONCE); j++) {
      const path = join(knowledgeDir, names[j] as string);
      const bytes = await reads[j];
      if (bytes instanceof Error) throw new KnowledgeError(path, `cannot read: ${bytes.message}`);
      addToDigest(digest, names[j] as string, bytes as Uint8Array);
      files.push({ path, article: parseArticleJson(path, decodeUtf8(path, bytes as Uint8Array)) });
    }
  }
  return withDigest(checkAndSort(files), digest);
}

/** Files read concurrently while loading (a window ahead of the one being parsed). */
const READS_AT_ONCE = 64;

/** Synchronous `loadKnowledge`, for start-up code that cannot await. Same checks, same errors, same order. */
export function loadKnowledgeSync(knowledgeDir: string): Article[] {
  let names: string[];
  try {
    names = jsonNames(readdirSync(knowledgeDir, { withFileTypes: true }));
  } catch (error) {
    throw new KnowledgeError(knowledgeDir, `cannot read directory: ${(error as Error).message}`);
  }
  const digest = createHash("sha256");
  const files = names.map((name) => {
    const path = join(knowledgeDir, name);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      throw new KnowledgeError(path, `cannot read: ${(error as Error).message}`);
    }
    addToDigest(digest, name, bytes);
    return { path, article: parseArticleJson(path, decodeUtf8(path, bytes)) };
  });
  return withDigest(checkAndSort(files), digest);
}

/**
 * A hash of the files a loaded knowledge base came from (names and bytes), for caches keyed by it (the sentence
 * index snapshot): hashing the bytes already read costs a fraction of hashing 100,000 sentences again. Undefined
 * for articles that were not loaded from files.
 */
export function knowledgeDigest(articles: readonly Article[]): string | undefined {
  return digests.get(articles);
}

const digests = new WeakMap<readonly Article[], string>();

function addToDigest(digest: Hash, name: string, bytes: Uint8Array): void {
  digest.update(`\u0000${name}\u0000${bytes.byteLength}\u0000`);
  digest.update(bytes);
}

function withDigest(articles: Article[], digest: Hash): Article[] {
  digests.set(articles, digest.digest("hex"));
  return articles;
}

/**
 * Cleaned files are UTF-8, always (ingest writes them so). Reading one that was re-saved in another encoding
 * as UTF-8 would put mojibake into titles and citations, so it is an error naming the file instead.
 */
function decodeUtf8(path: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new KnowledgeError(
      path,
      "not valid UTF-8 (cleaned files are UTF-8; run `npm run ingest` to rewrite it)",
    );
  }
}

/**
 * Parses and validates one cleaned article; `path` is only used in the error message. Also checks that every
 * sentence id starts with the article's id.
 */
export function parseArticleJson(path: string, text: string): Article {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new KnowledgeError(path, `invalid JSON: ${(error as Error).message}`);
  }
  const parsed = ArticleSchema.safeParse(data);
  if (!parsed.success) throw new KnowledgeError(path, formatZodIssue(parsed.error));
  const article = parsed.data;
  article.paragraphs.forEach((paragraph, p) => {
    paragraph.sentences.forEach((sentence, s) => {
      if (!sentence.id.startsWith(`${article.id}#`)) {
        throw new KnowledgeError(
          path,
          `paragraphs.${p}.sentences.${s}.id: "${sentence.id}" does not belong to article "${article.id}"`,
        );
      }
    });
  });
  return article;
}

interface ArticleFile {
  path: string;
  article: Article;
}

function jsonNames(entries: ReadonlyArray<{ name: string; isFile(): boolean }>): string[] {
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".json"))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function checkAndSort(files: readonly ArticleFile[]): Article[] {
  const seen = new Map<string, string>();
  for (const { path, article } of files) {
    const earlier = seen.get(article.id);
    if (earlier) throw new KnowledgeError(path, `duplicate article id "${article.id}" (also in ${earlier})`);
    seen.set(article.id, path);
  }
  return newestFirst(files.map((f) => f.article));
}
