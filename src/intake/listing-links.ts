import { parseHTML } from "linkedom";
import { decodePage } from "../knowledge/decode.js";
import { resolveHttp, type SourceItem } from "./feed-items.js";
import type { FetchedPage } from "./fetch-page.js";

/**
 * The article links of a listing page (a site's news index): the elements `selector` picks — links, or elements
 * holding one — with their text, resolved against the page's `<base href>` or else its url (after redirects).
 * A link listed twice is kept once. The page is only parsed, never run.
 */
export function readListingLinks(page: FetchedPage, selector: string): SourceItem[] {
  const { text } = decodePage(page.bytes, page.url, "html", page.charset);
  const { document } = parseHTML(text);
  const baseHref = document.querySelector("base[href]")?.getAttribute("href");
  const base = (baseHref && resolveHttp(baseHref, page.url)) || page.url;
  const items = new Map<string, SourceItem>();
  for (const element of document.querySelectorAll(selector)) {
    const link = element.matches("a[href]") ? element : element.querySelector("a[href]");
    const url = resolveHttp(link?.getAttribute("href") ?? "", base);
    if (!url || items.has(url)) continue;
    // The link's title attribute often holds the full headline when the visible text is cut short ("…").
    const title = (element.textContent ?? "").replace(/\s+/g, " ").trim();
    const full = link?.getAttribute("title")?.trim() ?? "";
    items.set(url, { url, title, text: `${title}\n${full}` });
  }
  return [...items.values()];
}
