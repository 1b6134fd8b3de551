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
  | "duplicate copy"
  | "pinyin annotation"
  | "reference marker"
  | "table of contents"
  | "byline"
  | "footer"
  | "language menu"
  | "share widget"
  | "reference tail"
  | "junk characters";

/** One dropped piece of the raw page: why, and its text (normalised whitespace). */
export interface RemovedItem {
  reason: RemovalReason;
  text: string;
  /** How many pieces this item stands for when one line held several (annotations, junk characters); default 1. */
  count?: number;
}

/** Metadata a page states about itself. */
export interface PageMeta {
  title?: string;
  /** ISO `YYYY-MM-DD`. */
  date?: string;
  source?: string;
  url?: string;
  /** Author or reporter, from a byline. */
  author?: string;
}

/** One body paragraph and the section heading it sits under, if the page has sections. */
export interface CleanedParagraph {
  text: string;
  heading?: string;
  /** A table's data row: a statement without a full stop, which says nothing of the page's quality. */
  row?: boolean;
}

/** A cleaned page: metadata found, body paragraphs and figure captions in order, and what was removed. */
export interface CleanedPage {
  meta: PageMeta;
  paragraphs: CleanedParagraph[];
  figures: string[];
  removed: RemovedItem[];
}
