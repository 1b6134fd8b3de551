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

/** The text lines of `root`, in document order; <figcaption> text comes out as one line marked `caption`. */
export function blockLines(root: DomNode): SourceLine[] {
  const lines: SourceLine[] = [];
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
    if (tag === "FIGCAPTION") {
      flush();
      const caption = (node.textContent ?? "").replace(/\s+/g, " ").trim();
      if (caption.length > 0) lines.push({ text: caption, caption: true });
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
  return lines;
}
