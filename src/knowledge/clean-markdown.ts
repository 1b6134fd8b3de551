import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { isCaptionLine } from "./chrome.js";
import { cleanLines, type SourceLine } from "./clean-lines.js";
import type { CleanedPage } from "./cleaned.js";
import { normaliseDate } from "./dates.js";
import { FormatProblem, formatZodIssue } from "./errors.js";
import { splitLines } from "./normalise.js";

/** `---` fenced YAML at the very start of the file. */
const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Required front matter. Other keys (e.g. `synthetic: true` on test data) are allowed and ignored. */
const FrontMatterSchema = z.object({
  title: z.string().trim().min(1),
  // YAML 1.2 (the `yaml` default) reads 2021-03-05 as a string; accept a Date too in case a file opts into 1.1.
  date: z.union([z.string(), z.date()]),
  source: z.string().trim().min(1),
  url: z.string().trim().min(1),
});

/**
 * Cleans a Markdown file with YAML front matter (title, date, source, url). Paragraphs are separated by blank
 * lines; `![alt](…)` images and lines starting 图N become figures (an image directly followed by its 图N
 * caption yields just the caption). Body blocks then go through the shared line cleaner.
 */
export function cleanMarkdown(content: string): CleanedPage {
  const match = FRONT_MATTER.exec(content);
  if (!match) throw new FormatProblem("no YAML front matter (--- … ---) at the start of the file");
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? "");
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    throw new FormatProblem(`unparsable front matter: ${first}`);
  }
  const front = FrontMatterSchema.safeParse(data ?? {});
  if (!front.success) throw new FormatProblem(`front matter ${formatZodIssue(front.error)}`);
  const { title, source, url } = front.data;
  const rawDate = front.data.date;
  const date = rawDate instanceof Date ? rawDate.toISOString().slice(0, 10) : normaliseDate(rawDate);
  if (!date) throw new FormatProblem(`front matter date is not a date: ${String(rawDate)}`);

  const lines = bodyLines(content.slice(match[0].length));
  return cleanLines(lines, { known: { title, date, source, url } });
}

const IMAGE = /!\[([^\]]*)\]\([^)]*\)/g;
const HEADING = /^#{1,6}\s+/;
const BULLET = /^(?:[-*+]|>)\s+/;

interface MdLine extends SourceLine {
  image?: boolean;
}

/** Markdown body → one line per paragraph (soft-wrapped lines joined), heading, list item or image. */
function bodyLines(body: string): SourceLine[] {
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
    if (HEADING.test(rest) || BULLET.test(rest) || isCaptionLine(rest)) {
      // Headings, list items and captions are lines of their own, never part of a wrapped paragraph.
      flush();
      out.push({ text: rest.replace(HEADING, "").replace(BULLET, "") });
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
