import { join } from "node:path";
import { readSources, SOURCES_FILE } from "../knowledge/sources.js";
import type { Logger } from "../log.js";
import { type AddOutcome, addPages } from "./add.js";
import { checkSource, type RunContext, type SourceFindings } from "./check-source.js";
import type { FetchPolicy } from "./fetch-page.js";
import { PoliteQueue, realSleep } from "./polite-queue.js";
import { RobotsRules } from "./robots.js";
import { readWatchedSources, type WatchedSource } from "./sources-file.js";
import {
  backoffMs,
  MAX_SEEN,
  nextCheckAt,
  readWatchState,
  type SourceState,
  writeWatchState,
} from "./watch-state.js";

export interface WatchOptions {
  knowledgeDir: string;
  dataDir: string;
  policy: FetchPolicy;
  /** Default keywords (the zone's names, see zoneKeywords); a source's own `keywords` replace them. */
  keywords: string[];
  log: Logger;
  now?: () => Date;
  /** How delays are waited out; tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /** Pause between two requests to the same site (default 1000 ms; a longer robots.txt Crawl-delay wins). */
  politeDelayMs?: number;
}

export interface SourceCheck {
  name: string;
  url: string;
  /** new: something was added; unchanged: checked, nothing added; failed: see error; waiting: not checked. */
  status: "new" | "unchanged" | "failed" | "waiting";
  /** What became of each new item: added, a repost, refused, unreachable. */
  added: AddOutcome[];
  error?: string;
}

export interface WatchReport {
  checks: SourceCheck[];
  /** Articles added (status "added" only), across sources. */
  added: AddOutcome[];
}

export interface SourceStatus {
  name: string;
  url: string;
  lastCheckedAt?: string;
  lastNewAt?: string;
  lastNewTitle?: string;
  failures: number;
  failingSince?: string;
  nextCheckAt?: string;
  lastError?: string;
}

export const DEFAULT_POLITE_DELAY_MS = 1000;

/**
 * Checks every source in `knowledge/sources.yaml` once and adds their new articles about the zone: waiting
 * sources (backoff after failures, or `every` not yet up) are skipped without a request; the others are checked
 * side by side, politely (see PoliteQueue, RobotsRules). Everything found goes to ONE addPages call, so ingest
 * runs once and a story reposted on several sites is merged into one article. A failing source is recorded
 * (failures, backoff) and never stops the others. Throws only for what stops every source: a malformed
 * sources.yaml, or adding to the knowledge base failing.
 */
export async function checkSources(options: WatchOptions): Promise<WatchReport> {
  const sources = await readWatchedSources(options.knowledgeDir);
  if (sources.length === 0) return { checks: [], added: [] };
  const now = options.now ?? (() => new Date());
  const state = await readWatchState(options.dataDir, options.log);
  const queue = new PoliteQueue(options.politeDelayMs ?? DEFAULT_POLITE_DELAY_MS, options.sleep ?? realSleep);
  const run: RunContext = {
    policy: options.policy,
    keywords: options.keywords,
    log: options.log,
    now,
    queue,
    robots: new RobotsRules(options.policy, queue),
    known: await knownUrls(options.knowledgeDir),
    claimed: new Set(),
  };

  const findings = await Promise.all(
    sources.map(async (source): Promise<SourceFindings> => {
      const previous = stateFor(source, state.sources[source.name]);
      const next = nextCheckAt(previous, source.everyMs);
      if (next && now() < next) return emptyFindings("waiting");
      try {
        return await checkSource(source, previous, run);
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ");
        options.log.warn(`${source.name}: ${message}`);
        return { ...emptyFindings("failed"), error: message };
      }
    }),
  );

  const pages = findings.flatMap((found) => found.pages);
  const outcomes =
    pages.length === 0
      ? []
      : await addPages(
          pages.map((page) => ({ kind: "page", page })),
          { knowledgeDir: options.knowledgeDir, policy: options.policy, now },
        );

  const checkedAt = now();
  const checks: SourceCheck[] = [];
  let offset = 0;
  sources.forEach((source, i) => {
    const found = findings[i] as SourceFindings;
    const mine = outcomes.slice(offset, offset + found.pages.length);
    offset += found.pages.length;
    const previous = stateFor(source, state.sources[source.name]);
    const next = nextState(previous ?? { url: source.url, seen: [], failures: 0 }, found, mine, checkedAt);
    state.sources[source.name] = next;
    checks.push(describeCheck(source, found, mine));
  });
  // Sources no longer in the file are forgotten.
  for (const name of Object.keys(state.sources))
    if (!sources.some((s) => s.name === name)) delete state.sources[name];
  await writeWatchState(options.dataDir, state);
  return { checks, added: outcomes.filter((o) => o.status === "added") };
}

/** Each watched source with what the last checks left (for /sources and a failing-source alert). */
export async function sourceStatuses(
  options: Pick<WatchOptions, "knowledgeDir" | "dataDir">,
): Promise<SourceStatus[]> {
  const sources = await readWatchedSources(options.knowledgeDir);
  const state = await readWatchState(options.dataDir);
  return sources.map((source) => {
    const s = stateFor(source, state.sources[source.name]);
    const next = nextCheckAt(s, source.everyMs);
    return {
      name: source.name,
      url: source.url,
      ...(s?.lastCheckedAt ? { lastCheckedAt: s.lastCheckedAt } : {}),
      ...(s?.lastNewAt ? { lastNewAt: s.lastNewAt } : {}),
      ...(s?.lastNewTitle ? { lastNewTitle: s.lastNewTitle } : {}),
      failures: s?.failures ?? 0,
      ...(s?.failingSince ? { failingSince: s.failingSince } : {}),
      ...(next ? { nextCheckAt: next.toISOString() } : {}),
      ...(s?.lastError ? { lastError: s.lastError } : {}),
    };
  });
}

/** The stored state, unless the source now points elsewhere: then only the seen urls carry over. */
function stateFor(source: WatchedSource, stored: SourceState | undefined): SourceState | undefined {
  if (!stored || stored.url === source.url) return stored;
  return { url: source.url, seen: stored.seen, failures: 0 };
}

function emptyFindings(status: "waiting" | "failed"): SourceFindings {
  return { status, pages: [], failedItems: [], settled: [], complete: true };
}

/** Item urls of the raw pages already in the knowledge base (fragments do not make another page). */
async function knownUrls(knowledgeDir: string): Promise<Set<string>> {
  const sources = await readSources(join(knowledgeDir, "raw", SOURCES_FILE));
  return new Set(Object.values(sources).flatMap((meta) => (meta.url ? [meta.url.replace(/#.*$/, "")] : [])));
}

/** The state after this run's check: failures counted and backed off, or validators, seen urls, last new. */
function nextState(
  base: SourceState,
  found: SourceFindings,
  outcomes: AddOutcome[],
  checkedAt: Date,
): SourceState {
  if (found.status === "waiting") return base;
  const at = checkedAt.toISOString();
  if (found.status === "failed") {
    const failures = base.failures + 1;
    return {
      ...base,
      lastCheckedAt: at,
      failures,
      failingSince: base.failingSince ?? at,
      ...(found.error ? { lastError: found.error } : {}),
      backoffUntil: new Date(checkedAt.getTime() + backoffMs(failures)).toISOString(),
    };
  }
  const { failingSince: _since, lastError: _error, backoffUntil: _until, ...rest } = base;
  const next: SourceState = { ...rest, lastCheckedAt: at, failures: 0 };
  if (found.status === "fetched") {
    // Kept only when every item was dealt with; otherwise a 304 next time would hide the ones still to retry.
    delete next.etag;
    delete next.lastModified;
    if (found.complete && found.etag) next.etag = found.etag;
    if (found.complete && found.lastModified) next.lastModified = found.lastModified;
  }
  // Every page that reached addPages is settled, whatever became of it; so is the url it redirected to.
  const handled = [...found.pages.flatMap((page) => [page.requestedUrl, page.url]), ...found.settled];
  next.seen = [...new Set([...handled, ...base.seen])].slice(0, MAX_SEEN);
  const newest = outcomes.filter((o) => o.status === "added" && o.article).at(-1)?.article;
  if (newest) {
    next.lastNewAt = at;
    next.lastNewTitle = newest.title;
  }
  return next;
}

function describeCheck(source: WatchedSource, found: SourceFindings, outcomes: AddOutcome[]): SourceCheck {
  const base = { name: source.name, url: source.url };
  if (found.status === "waiting") return { ...base, status: "waiting", added: [] };
  const added = [...outcomes, ...found.failedItems];
  if (found.status === "failed")
    return { ...base, status: "failed", added, ...(found.error ? { error: found.error } : {}) };
  return { ...base, status: outcomes.some((o) => o.status === "added") ? "new" : "unchanged", added };
}
