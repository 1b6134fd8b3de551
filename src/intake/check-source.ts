import type { Logger } from "../log.js";
import type { AddOutcome } from "./add.js";
import { readFeedItems, type SourceItem } from "./feed-items.js";
import { FetchError, type FetchedPage, type FetchPolicy, fetchPage } from "./fetch-page.js";
import { mentionsAny } from "./keywords.js";
import { readListingLinks } from "./listing-links.js";
import type { PoliteQueue } from "./polite-queue.js";
import { type RobotsRules, RobotsUnavailable } from "./robots.js";
import type { WatchedSource } from "./sources-file.js";
import type { SourceState } from "./watch-state.js";

/** What one run shares between its sources. */
export interface RunContext {
  policy: FetchPolicy;
  keywords: readonly string[];
  log: Logger;
  now: () => Date;
  queue: PoliteQueue;
  robots: RobotsRules;
  /** Urls in knowledge/raw/sources.json: added before, by hand or by an earlier run. */
  known: ReadonlySet<string>;
  /** Item urls a source has taken this run, so two sources listing one article fetch it once. */
  claimed: Set<string>;
}

/** What checking one source found, before anything is added. */
export interface SourceFindings {
  status: "waiting" | "not-modified" | "fetched" | "failed";
  error?: string;
  /** New article pages, fetched, for the run's single addPages call. */
  pages: FetchedPage[];
  /** Items whose page could not be fetched, as add outcomes (unreachable, or rejected for good). */
  failedItems: AddOutcome[];
  /** Item urls not to look at again: refused for good (too large, not a page, 404). */
  settled: string[];
  /**
   * Every matching item was dealt with. When one failed for now (timeout, 5xx, robots.txt unreadable), the feed's
   * validators are not kept, so the next check gets the whole feed again instead of a 304 and retries it.
   */
  complete: boolean;
  /** The fetched feed's or listing's validators. */
  etag?: string;
  lastModified?: string;
}

/**
 * Checks one source: its feed or listing page, asked conditionally with the validators from last time; the items
 * that mention a keyword and were not seen before; each of their pages fetched (robots.txt permitting, one
 * request at a time per site). Throws only for the source itself (unreachable, not a feed, robots.txt); a
 * failing item is reported in `failedItems` and the others go on.
 */
export async function checkSource(
  source: WatchedSource,
  previous: SourceState | undefined,
  run: RunContext,
): Promise<SourceFindings> {
  const findings: SourceFindings = {
    status: "not-modified",
    pages: [],
    failedItems: [],
    settled: [],
    complete: true,
  };
  if (!(await run.robots.allows(source.url))) throw new Error(`robots.txt disallows ${source.url}`);
  const outcome = await run.queue.run(source.url, () =>
    fetchPage(source.url, run.policy, {
      accept: source.kind === "feed" ? "feed" : "page",
      etag: previous?.etag,
      lastModified: previous?.lastModified,
      now: run.now,
    }),
  );
  if (outcome.kind === "not-modified") return findings;
  const { page } = outcome;
  findings.status = "fetched";
  if (page.etag) findings.etag = page.etag;
  if (page.lastModified) findings.lastModified = page.lastModified;

  const items = source.kind === "feed" ? await readFeedItems(page) : readListingLinks(page, source.links);
  const keywords = source.keywords ?? run.keywords;
  const matching = items.filter((item) => mentionsAny(item.text, keywords));
  const seen = new Set(previous?.seen ?? []);
  // Claimed as they are picked: an article listed twice, here or by another source this run, is fetched once.
  const fresh: SourceItem[] = [];
  for (const item of matching) {
    if (seen.has(item.url) || run.known.has(item.url) || run.claimed.has(item.url)) continue;
    run.claimed.add(item.url);
    fresh.push(item);
  }
  run.log.debug(
    `${source.name}: ${items.length} items, ${matching.length} matching the keywords, ${fresh.length} new`,
  );

  // In the feed's order, whatever order the sites answer in.
  const fetched = await Promise.all(fresh.map((item) => fetchItem(source, item, run)));
  for (const result of fetched) {
    if (result.kind === "page") findings.pages.push(result.page);
    if (result.kind === "failed") findings.failedItems.push(result.outcome);
    if (result.kind === "failed" && result.retry) findings.complete = false;
    if (result.kind === "failed" && !result.retry) findings.settled.push(result.outcome.input);
    if (result.kind === "site-unavailable") findings.complete = false;
  }
  return findings;
}

type ItemResult =
  | { kind: "page"; page: FetchedPage }
  | { kind: "failed"; outcome: AddOutcome; retry: boolean }
  | { kind: "disallowed" }
  | { kind: "site-unavailable" };

async function fetchItem(source: WatchedSource, item: SourceItem, run: RunContext): Promise<ItemResult> {
  try {
    if (!(await run.robots.allows(item.url))) {
      run.log.info(`${source.name}: robots.txt disallows ${item.url}; not fetched`);
      return { kind: "disallowed" };
    }
    const outcome = await run.queue.run(item.url, () =>
      fetchPage(item.url, run.policy, { accept: "page", now: run.now }),
    );
    if (outcome.kind === "fetched") return { kind: "page", page: outcome.page };
    throw new FetchError("http-status", `${item.url}: not modified`); // never asked conditionally
  } catch (error) {
    if (error instanceof RobotsUnavailable) {
      run.log.warn(`${source.name}: ${item.url} not fetched, ${error.message}`);
      return { kind: "site-unavailable" };
    }
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ");
    const retry = isTemporary(error);
    run.log.warn(`${source.name}: ${reason}${retry ? "; will try again next check" : ""}`);
    return {
      kind: "failed",
      outcome: { input: item.url, status: retry ? "unreachable" : "rejected", reason },
      retry,
    };
  }
}

/** Failures worth another try later: the site down or slow, or busy (5xx, 429). A 404 or a PDF stays so. */
function isTemporary(error: unknown): boolean {
  if (!(error instanceof FetchError)) return false;
  if (error.reason === "timeout" || error.reason === "unreachable") return true;
  return (
    error.reason === "http-status" &&
    (error.status === undefined || error.status >= 500 || error.status === 429)
  );
}
