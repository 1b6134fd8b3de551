import type { SourceLine } from "./clean-lines.js";

/**
 * Turns a DOM subtree into text lines, one per block element (p, h1, li, div …) and per <br>, the way a
 * browser would lay it out. This keeps paragraph boundaries that `textContent` throws away.
 * Typed structurally: the project compiles without the DOM lib, and linkedom's nodes satisfy this shape.
 */

/** The part of a DOM node this module reads. */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

const BLOCK_TAGS = new Set([
  "ADDRESS",
  "ARTICLE",
  "ASIDE",
  "BLOCKQUOTE",
  "BR",
  "CENTER",
  "DD",
  "DIV",
  "DL",
  "DT",
  "FIGURE",
  "FOOTER",
  "FORM",
  "H1",
  "H2",
  "H3",
  "H4",
  "H5",
  "H6",
  "HEADER",
  "HR",
  "LI",
  "MAIN",
  "NAV",
  "OL",
  "P",
  "PRE",
  "SECTION",
  "TABLE",
  "TBODY",
  "TD",
  "TH",
  "THEAD",
  "TR",
  "UL",
]);
/** Elements whose text is never page text. */
const SKIP_TAGS = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "SVG", "IFRAME", "BUTTON", "SELECT"]);

/** Section headings below the title (h1 is the title's tag, and pages use it for the site logo too). */
const HEADING_TAGS = new Set(["H2", "H3", "H4", "H5", "H6"]);

/**
 * Whether an element is hidden from readers. Anti-scraping markup hides junk inside sentences
 * (`高新<span style="display:none">x7Kq</span>区`); a reader never sees it, so it is not page text.
 */
export function isHidden(node: DomNode): boolean {
  if (!node.getAttribute) return false;
  if (node.getAttribute("hidden") !== null) return true;
  const style = (node.getAttribute("style") ?? "").toLowerCase().replace(/\s+/g, "");
  return /display:none|visibility:hidden|font-size:0(?:px)?(?:;|$)/.test(style);
}

/** What `blockLines` passed over, for the ingest report. */
export interface BlockLinesResult {
  lines: SourceLine[];
  /** Text of hidden elements dropped from inside the page text. */
  hidden: string[];
}

function collapse(text: string | null): string {
  return (text ?? "").replace(/\s+/g, " ").trim();
}

/**
 * The text lines of `root`, in document order. <figcaption> text comes out as one line marked `caption`,
 * h2–h6 as lines marked `heading`; a definition (<dt>/<dd>) or a two-cell table row becomes one `label:value`
 * line, so an infobox fact stays one statement instead of a label and a stray number.
 */
export function blockLines(root: DomNode): SourceLine[] {
  return blockLinesWithHidden(root).lines;
}

/** `blockLines` plus the hidden text it dropped. */
export function blockLinesWithHidden(root: DomNode): BlockLinesResult {
  const lines: SourceLine[] = [];
  const hidden: string[] = [];
  let current = "";
  const flush = () => {
    if (current.trim().length > 0) lines.push({ text: current });
    current = "";
  };
  const walk = (node: DomNode) => {
    if (node.nodeType === TEXT_NODE) {
      // HTML collapses source whitespace (newlines, indentation) to single spaces; NBSP is kept for normaliseLine.
      current += (node.textContent ?? "").replace(/[ \t\r\n\f]+/g, " ");
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const tag = node.nodeName.toUpperCase();
    if (SKIP_TAGS.has(tag)) return;
    if (isHidden(node)) {
      const text = collapse(node.textContent);
      if (text.length > 0) hidden.push(text);
      return;
    }
    if (tag === "FIGCAPTION" || HEADING_TAGS.has(tag)) {
      flush();
      const text = collapse(node.textContent);
      if (text.length > 0)
        lines.push(tag === "FIGCAPTION" ? { text, caption: true } : { text, heading: true });
      return;
    }
    if ((tag === "TR" || tag === "DL") && !hasBlockInside(node)) {
      flush();
      // (A row with a data cell is data, whatever its cells look like: 邬某 党工委书记 主持全面工作.)
      const data =
        tag === "TR" && elementChildren(node, TABLE_CELLS).some((c) => c.nodeName.toUpperCase() === "TD");
      for (const line of labelledLines(node)) lines.push(data ? { text: line, row: true } : { text: line });
      return;
    }
    const block = BLOCK_TAGS.has(tag);
    if (block) flush();
    for (let i = 0; i < node.childNodes.length; i++) {
      const child = node.childNodes[i];
      if (child) walk(child);
    }
    if (block) flush();
  };
  walk(root);
  flush();
  return { lines, hidden };
}

/** Whether a row or list holds paragraphs of its own (layout tables put whole articles in one cell). */
function hasBlockInside(node: DomNode): boolean {
  return Array.from(node.childNodes).some(
    (c) =>
      c.nodeType === ELEMENT_NODE &&
      ((BLOCK_TAGS.has(c.nodeName.toUpperCase()) && !LABELLED_PARTS.has(c.nodeName.toUpperCase())) ||
        hasBlockInside(c)),
  );
}

/** The parts of a table row or definition list that `labelledLines` reads. */
const LABELLED_PARTS = new Set(["TD", "TH", "DT", "DD", "DIV"]);

function elementChildren(node: DomNode, tags: ReadonlySet<string>): DomNode[] {
  return Array.from(node.childNodes).filter(
    (c) => c.nodeType === ELEMENT_NODE && tags.has(c.nodeName.toUpperCase()) && !isHidden(c),
  );
}

/** `label:value` in the page's own script: full-width colon after Chinese, ASCII after anything else. */
function joinLabel(label: string, value: string): string {
  return /\p{Script=Han}$/u.test(label) ? `${label}：${value}` : `${label}: ${value}`;
}

/** A table row or a definition list as lines: two cells or a dt+dd pair → `label:value`, else cells with spaces. */
function labelledLines(node: DomNode): string[] {
  const tag = node.nodeName.toUpperCase();
  if (tag === "TR") {
    const cells = elementChildren(node, TABLE_CELLS).map((c) => collapse(c.textContent));
    const filled = cells.filter((c) => c.length > 0);
    if (filled.length === 2 && cells.length === 2) return [joinLabel(filled[0] ?? "", filled[1] ?? "")];
    return filled.length > 0 ? [filled.join(" ")] : [];
  }
  return definitionLines(node);
}

/** <dt>/<dd> pairs (HTML allows them wrapped in <div>s inside the <dl>) as `label:value` lines. */
function definitionLines(node: DomNode): string[] {
  const out: string[] = [];
  let label: string | undefined;
  for (const child of elementChildren(node, DEFINITION_PARTS)) {
    const tag = child.nodeName.toUpperCase();
    if (tag === "DIV") {
      if (label) out.push(label);
      label = undefined;
      out.push(...definitionLines(child));
      continue;
    }
    const text = collapse(child.textContent);
    if (tag === "DT") {
      if (label) out.push(label);
      label = text;
    } else if (text.length > 0) {
      // A question and its answer (问：…？ / 答：…) are two sentences, not a label and its value.
      if (label && SENTENCE_END.test(label)) out.push(label, text);
      else out.push(label ? joinLabel(label, text) : text);
      label = undefined;
    }
  }
  if (label) out.push(label);
  return out.filter((l) => l.length > 0);
}

const DEFINITION_PARTS = new Set(["DT", "DD", "DIV"]);
/** A term that is a whole sentence (a question in an FAQ): it ends like one. */
const SENTENCE_END = /[。？?！!]["”’」』]?$/u;
const TABLE_CELLS = new Set(["TD", "TH"]);
