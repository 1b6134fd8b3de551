import { createHash } from "node:crypto";
import { access, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { writeFileAtomically } from "../files/atomic-write.js";
import { ingest } from "../knowledge/ingest.js";
import { readSources, SOURCES_FILE, type SourcesFile } from "../knowledge/sources.js";
import { FetchError, type FetchedPage, type FetchPolicy, fetchPage } from "./fetch-page.js";

/** Something to add: a url to fetch, a local file, or bytes already in hand (a Telegram upload, a feed item). */
export type AddInput =
  | { kind: "url"; url: string }
  | { kind: "file"; path: string; url?: string }
  | { kind: "bytes"; bytes: Uint8Array; name: string; url?: string }
  | { kind: "page"; page: FetchedPage };

/** What became of one input. */
export interface AddOutcome {
  input: string;
  status: "added" | "duplicate" | "already-added" | "rejected" | "unreachable";
  /** The new article (added), or the one it repeats (duplicate, already-added). */
  article?: { id: string; title: string; date: string; source: string; sentences: number };
  /** Why not (rejected, unreachable): one line, safe to show. */
  reason?: string;
  /** The raw file kept in knowledge/raw/ (added, duplicate). */
  raw?: string;
}

export interface AddOptions {
  knowledgeDir: string;
  policy: FetchPolicy;
  now?: () => Date;
}

const EXTENSIONS: Record<string, string> = {
  "text/html": ".html",
  "application/xhtml+xml": ".html",
  "text/plain": ".txt",
  "text/markdown": ".md",
  "text/x-markdown": ".md",
};
const FILE_EXTENSIONS = new Set([".html", ".htm", ".txt", ".md"]);

/**
 * Adds pages to the knowledge base the way a maintainer would by hand: the bytes exactly as received go to
 * `knowledge/raw/` (named by date and a hash of the url or content), the url and fetch time to `raw/sources.json`,
 * and one ingest run cleans them with everything else (encodings, metadata, reposts merged into the article they
 * repeat). A page that ingest rejects (not an article, too little text, no url) is taken out again, so the
 * knowledge directory never keeps a page it cannot use. Idempotent: a url or file added before adds nothing.
 */
export async function addPages(inputs: readonly AddInput[], options: AddOptions): Promise<AddOutcome[]> {
  const rawDir = join(options.knowledgeDir, "raw");
  const sourcesPath = join(rawDir, SOURCES_FILE);
  const sources = await readSources(sourcesPath);
  const outcomes: AddOutcome[] = [];
  const written: Array<{ index: number; name: string }> = [];
  const now = options.now ?? (() => new Date());

  for (const input of inputs) {
    const index = outcomes.length;
    const label = labelOf(input);
    outcomes.push({ input: label, status: "rejected" });
    let received: { bytes: Uint8Array; url?: string; ext: string; fetchedAt?: string; charset?: string };
    try {
      received = await receive(input, options);
    } catch (error) {
      const unreachable = error instanceof FetchError && /unreachable|timeout|http-status/.test(error.reason);
      outcomes[index] = {
        input: label,
        status: unreachable ? "unreachable" : "rejected",
        reason: message(error),
      };
      continue;
    }
    const known = received.url ? findByUrl(sources, received.url) : undefined;
    const day = now().toISOString().slice(0, 10).replaceAll("-", "");
    const key = hash(received.url ?? received.bytes);
    const name = known ?? (await existing(rawDir, key)) ?? `${day}_${key}${received.ext}`;
    if (known || (await exists(join(rawDir, name)))) {
      outcomes[index] = { input: label, status: "already-added", raw: join(rawDir, name) };
      written.push({ index, name }); // reported from ingest like the others, without writing anything
      continue;
    }
    await mkdir(rawDir, { recursive: true });
    await writeFile(join(rawDir, name), received.bytes);
    sources[name] = {
      ...(received.url ? { url: received.url } : {}),
      ...(received.fetchedAt ? { fetchedAt: received.fetchedAt } : {}),
      ...(received.charset ? { charset: received.charset } : {}),
    };
    written.push({ index, name });
    outcomes[index] = { input: label, status: "added", raw: join(rawDir, name) };
  }
  if (written.length === 0) return outcomes;
  await writeSources(sourcesPath, sources);

  const report = await ingest(options.knowledgeDir);
  const articles = new Map(report.articles.map((a) => [a.id, a]));
  const summary = (id: string) => {
    const a = articles.get(id);
    return (
      a && { id: a.id, title: a.title, date: a.date, source: a.meta.source.value, sentences: a.sentences }
    );
  };
  let removedAny = false;
  for (const { index, name } of written) {
    const raw = join(rawDir, name);
    const outcome = outcomes[index] as AddOutcome;
    const article = report.articles.find((a) => a.raw === raw);
    const merged = report.merged.find((m) => m.raw === raw);
    const rejected = report.rejected.find((r) => r.raw === raw);
    if (article) outcome.article = summary(article.id);
    else if (merged) {
      outcome.article = summary(merged.into);
      if (outcome.status === "added") outcome.status = "duplicate";
    } else if (rejected && outcome.status === "added") {
      await rm(raw, { force: true });
      delete sources[name];
      removedAny = true;
      outcomes[index] = { input: outcome.input, status: "rejected", reason: rejected.error };
    }
  }
  if (removedAny) await writeSources(sourcesPath, sources);
  return outcomes;
}

function labelOf(input: AddInput): string {
  switch (input.kind) {
    case "url":
      return input.url;
    case "file":
      return input.path;
    case "bytes":
      return input.name;
    case "page":
      return input.page.url;
  }
}

async function receive(input: AddInput, options: AddOptions) {
  if (input.kind === "page") return fromPage(input.page);
  if (input.kind === "bytes") {
    const ext = extname(input.name).toLowerCase();
    if (!FILE_EXTENSIONS.has(ext))
      throw new Error(`${input.name}: only .html, .htm, .txt and .md files can be added`);
    if (input.bytes.byteLength > options.policy.maxBytes) {
      throw new Error(`${input.name}: larger than ${options.policy.maxBytes} bytes`);
    }
    return {
      bytes: input.bytes,
      ext: ext === ".htm" ? ".html" : ext,
      ...(input.url ? { url: input.url } : {}),
    };
  }
  if (input.kind === "url") {
    const outcome = await fetchPage(input.url, options.policy, { accept: "page", now: options.now });
    if (outcome.kind !== "fetched") throw new FetchError("http-status", `${input.url}: not modified`);
    return fromPage(outcome.page);
  }
  const ext = extname(input.path).toLowerCase();
  if (!FILE_EXTENSIONS.has(ext)) {
    throw new Error(`${basename(input.path)}: only .html, .htm, .txt and .md files can be added`);
  }
  const bytes = await readFile(input.path).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`${input.path}: cannot read (${error.code ?? error.message})`);
  });
  if (bytes.byteLength > options.policy.maxBytes) {
    throw new Error(`${basename(input.path)}: larger than ${options.policy.maxBytes} bytes`);
  }
  return { bytes, ext: ext === ".htm" ? ".html" : ext, ...(input.url ? { url: input.url } : {}) };
}

function fromPage(page: FetchedPage) {
  return {
    bytes: page.bytes,
    url: page.url,
    ext: EXTENSIONS[page.contentType] ?? ".html",
    fetchedAt: page.fetchedAt,
    ...(page.charset ? { charset: page.charset } : {}),
  };
}

/** The raw file already recorded for a url (a fragment does not make another page). */
function findByUrl(sources: SourcesFile, url: string): string | undefined {
  const bare = (u: string) => u.replace(/#.*$/, "");
  return Object.entries(sources).find(([, meta]) => meta.url && bare(meta.url) === bare(url))?.[0];
}

async function existing(rawDir: string, key: string): Promise<string | undefined> {
  const names = await readdir(rawDir).catch(() => [] as string[]);
  return names.find((n) => n.includes(`_${key}.`));
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function hash(value: string | Uint8Array): string {
  return createHash("sha256").update(value).digest("hex").slice(0, 16);
}

async function writeSources(path: string, sources: SourcesFile): Promise<void> {
  const sorted = Object.fromEntries(Object.entries(sources).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  await writeFileAtomically(path, `${JSON.stringify(sorted, null, 2)}\n`);
}

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ");
}
