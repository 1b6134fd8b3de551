import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { isCaptionLine, isProvenanceMarker, parseBylineLine } from "./chrome.js";
import { cleanLines, type SourceLine } from "./clean-lines.js";
import type { CleanedPage, PageMeta } from "./cleaned.js";
import { normaliseDate } from "./dates.js";
import { FormatProblem, formatZodIssue } from "./errors.js";
import { parseMetadataLine } from "./metadata-line.js";
import { normaliseLine, splitLines } from "./normalise.js";

/** `---` fenced YAML at the very start of the file. */
const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/**
 * Front matter fields the cleaner reads. All optional: a saved page often has none, and then the title comes from
 * the first `# ` heading and date/source from the lines under it, as for a text scrape. Other keys (e.g.
 * `synthetic: true` on test data) are allowed and ignored.
 */
const FrontMatterSchema = z.object({
  title: z.string().trim().min(1).optional(),
  // YAML 1.2 (the `yaml` default) reads 2021-03-05 as a string; accept a Date too in case a file opts into 1.1.
  date: z.union([z.string(), z.date()]).optional(),
  source: z.string().trim().min(1).optional(),
  url: z.string().trim().min(1).optional(),
  author: z.string().trim().min(1).optional(),
});

/**
 * Cleans a Markdown file, with or without YAML front matter (title, date, source, url, author). Paragraphs are
 * separated by blank lines; `![alt](…)` images and lines starting 图N become figures (an image directly followed
 * by its 图N caption yields just the caption); `##` headings head sections. Body blocks then go through the
 * shared line cleaner.
 */
export function cleanMarkdown(content: string): CleanedPage {
  const match = FRONT_MATTER.exec(content);
  const front = match ? parseFrontMatter(match[1] ?? "") : {};
  const lines = bodyLines(content.slice(match?.[0].length ?? 0));
  const firstTitle = lines.find((l) => l.title)?.text;
  return cleanLines(lines, { known: { ...front, title: front.title ?? firstTitle } });
}

function parseFrontMatter(yaml: string): PageMeta {
  let data: unknown;
  try {
    data = parseYaml(yaml);
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    throw new FormatProblem(`unparsable front matter: ${first}`);
  }
  const front = FrontMatterSchema.safeParse(data ?? {});
  if (!front.success) throw new FormatProblem(`front matter ${formatZodIssue(front.error)}`);
  const { title, source, url, author } = front.data;
  const rawDate = front.data.date;
  let date: string | undefined;
  if (rawDate !== undefined) {
    date = rawDate instanceof Date ? rawDate.toISOString().slice(0, 10) : normaliseDate(rawDate);
    if (!date) throw new FormatProblem(`front matter date is not a date: ${String(rawDate)}`);
  }
  return { title, date, source, url, author };
}

const IMAGE = /!\[([^\]]*)\]\([^)]*\)/g;
const HEADING = /^#{1,6}\s+/;
const TITLE_HEADING = /^#\s+/;
const BULLET = /^(?:[-*+]|>)\s+/;

interface MdLine extends SourceLine {
  image?: boolean;
  /** A level-1 `# ` heading: the page title when front matter gives none. */
  title?: boolean;
}

/**
 * Markdown body → one line per paragraph (soft-wrapped lines joined), heading, list item or image. Lines that
 * are page furniture rather than prose — a date line, 来源/作者 lines, 原创 — stand alone even without blank
 * lines around them, so they are never glued onto the first sentence.
 */
function bodyLines(body: string): MdLine[] {
  const out: MdLine[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) out.push({ text: joinWrapped(paragraph) });
    paragraph = [];
  };
  for (const raw of splitLines(body)) {
    const line = raw.trim();
    if (line.length === 0) {
      flush();
      continue;
    }
    for (const image of line.matchAll(IMAGE)) {
      flush();
      out.push({ text: image[1] ?? "", caption: true, image: true });
    }
    const rest = inline(line.replace(IMAGE, "")).trim();
    if (rest.length === 0) continue;
    if (HEADING.test(rest)) {
      flush();
      const text = rest.replace(HEADING, "");
      out.push(TITLE_HEADING.test(rest) ? { text, title: true } : { text, heading: true });
    } else if (BULLET.test(rest) || isCaptionLine(rest) || isFurniture(rest)) {
      // List items, captions and furniture are lines of their own, never part of a wrapped paragraph.
      flush();
      out.push({ text: rest.replace(BULLET, "") });
    } else paragraph.push(rest);
  }
  flush();
  // An image's alt text is its caption unless the image is directly followed by a 图N caption line.
  return out.filter((line, i) => {
    if (!line.image) return true;
    const next = out[i + 1];
    return line.text.length > 0 && !(next && !next.image && isCaptionLine(next.text));
  });
}

/** A line of page furniture: a metadata or date line, a byline, a provenance marker (原创). */
function isFurniture(line: string): boolean {
  const text = normaliseLine(line);
  return (
    parseMetadataLine(text) !== undefined || parseBylineLine(text) !== undefined || isProvenanceMarker(text)
  );
}

/** Inline Markdown markup that is not published text: links keep their text, bold/strong markers go. */
function inline(text: string): string {
  return text.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/(\*\*|__)(.+?)\1/g, "$2");
}

const CJK_END = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’]$/;
const CJK_START = /^[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’]/;

/** Joins a soft-wrapped paragraph: no space between CJK text (Chinese has none), a space elsewhere. */
function joinWrapped(parts: readonly string[]): string {
  return parts.reduce((acc, part) =>
    CJK_END.test(acc) || CJK_START.test(part) ? `${acc}${part}` : `${acc} ${part}`,
  );
}
