import Parser from "rss-parser";
import { decodePage } from "../knowledge/decode.js";
import type { FetchedPage } from "./fetch-page.js";

/** One article a watched source points to: where it is, and the words that decide whether it is taken. */
export interface SourceItem {
  url: string;
  title: string;
  /** Title and summary (feed) or link text (listing): what keywords are matched against. */
  text: string;
}

const parser = new Parser();

/**
 * The items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, parsed by rss-parser from bytes fetched by fetchPage (so
 * the fetch policy — addresses, redirects, size, deadline — applies; rss-parser's own HTTP client would bypass
 * it). Decoded like any page: BOM, then the XML declaration, then the server's charset, then detection, so GBK
 * feeds read right. Links are resolved against the feed's url; items without an http(s) link are dropped.
 */
export async function readFeedItems(page: FetchedPage): Promise<SourceItem[]> {
  const { text } = decodePage(page.bytes, page.url, "html", page.charset);
  let feed: Awaited<ReturnType<typeof parser.parseString>>;
  try {
    feed = await parser.parseString(text);
  } catch (error) {
    const why = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    throw new Error(`${page.url}: not a feed (${why})`);
  }
  const items: SourceItem[] = [];
  for (const item of feed.items) {
    // RSS 2.0 may give only a permalink guid; Atom's id is usually a tag: URI, which resolveHttp drops.
    const url = resolveHttp(asText(item.link) || asText(item.guid), page.url);
    if (!url) continue;
    const title = asText(item.title);
    const summary = asText(item.contentSnippet) || asText(item.summary);
    items.push({ url, title, text: `${title}\n${summary}` });
  }
  return items;
}

/** An absolute http(s) url without its fragment, or undefined. */
export function resolveHttp(href: string, base: string): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href, base);
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    url.hash = "";
    return url.href;
  } catch {
    return undefined;
  }
}

/** rss-parser passes some fields through as xml2js objects (`{ _: "text", $: { type: "html" } }`). */
function asText(value: unknown): string {
  if (typeof value === "string") return value.trim();
  const inner = (value as { _?: unknown } | null | undefined)?._;
  return typeof inner === "string" ? inner.trim() : "";
}
