/**
 * What the per-format cleaners (txt, html, md) produce before it becomes an Article: text blocks in reading
 * order plus whatever metadata the page itself carried, and a record of everything dropped.
 */

/** Why a piece of the raw page was dropped (shown, counted, in the ingest report). */
export type RemovalReason =
  | "navigation"
  | "breadcrumb"
  | "view counter"
  | "metadata line"
  | "repeated title"
  | "duplicate copy";

/** One dropped piece of the raw page: why, and its text (normalised whitespace). */
export interface RemovedItem {
  reason: RemovalReason;
  text: string;
}

/** Metadata a page states about itself. */
export interface PageMeta {
  title?: string;
  /** ISO `YYYY-MM-DD`. */
  date?: string;
  source?: string;
  url?: string;
}

/** A cleaned page: metadata found, body paragraphs and figure captions in order, and what was removed. */
export interface CleanedPage {
  meta: PageMeta;
  paragraphs: string[];
  figures: string[];
  removed: RemovedItem[];
}
