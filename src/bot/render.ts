import type { Lang } from "../answer/replies.js";
import type { Answer, Citation } from "../answer/schema.js";
import type { DigestItem } from "../digest/digest.js";
import type { Article } from "../knowledge/article.js";
import { stripControlChars } from "../text/control-chars.js";
import { splitMessages, TELEGRAM_MESSAGE_LIMIT } from "./split.js";

/**
 * Renders an Answer (and the 原文 paragraph view) as Telegram HTML (`parse_mode: "HTML"`). Pure and free of grammY,
 * so it is tested with plain calls. Content mirrors `src/render/terminal.ts`: the answer with its `[n]` markers,
 * then each cited sentence verbatim with its article — only the markup differs.
 */

/**
 * Escapes text for Telegram HTML. Telegram wants exactly `<`, `>` and `&` escaped in text; anything else (quotes
 * included) must stay as it is or the user sees the entity.
 *
 * @example
 * escapeHtml("<b>高新区</b> & 园区"); // "&lt;b&gt;高新区&lt;/b&gt; &amp; 园区"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

/**
 * The messages for one Answer, each at most 4096 characters and balanced. An answer is its text, a 来源/Sources
 * heading and one block per citation (`[n]`, the sentence in a blockquote, then `title · source · date` linked to
 * the article); blocks are never split across messages unless one alone is too long, and the heading is kept
 * with the first citation. A refusal or help reply (`answered: false`) is its text alone, line breaks kept.
 *
 * @example
 * renderAnswer(answer, "zh");
 * // ["衡阳高新区规划面积170.57平方公里[1]。\n\n<b>来源</b>\n\n[1]\n<blockquote>高新区位于衡阳市城区的西南部,规划面积170.57平方公里。</blockquote>\n<a href=\"http://www.achie.org/news/gt/202007259845.html\">抢抓“十四五”发展新机遇,衡阳高新区加速产业集群化发展</a> · 中国高新院 (achie.org) · 2020-07-21"]
 */
export function renderAnswer(answer: Answer, lang: Lang): string[] {
  return splitMessages(answerBlocks(answer, lang));
}

/**
 * The 原文 view of one cited sentence: the article's linked title, its source and date, then the whole paragraph
 * the sentence sits in, with that sentence in bold — so the reader can check the quote in its context. An id the
 * knowledge base no longer has (the article was re-ingested since the answer was sent) gets a short apology.
 *
 * @example
 * renderParagraph(article, "achie-2020-07-21#p1s3", "zh");
 * // ["<b><a href=\"http://…\">抢抓“十四五”…</a></b>\n中国高新院 (achie.org) · 2020-07-21\n\n…的西南部。<b>高新区规划面积170.57平方公里。</b>…"]
 */
export function renderParagraph(article: Article, sentenceId: string, lang: Lang): string[] {
  const paragraph = article.paragraphs.find((p) => p.sentences.some((s) => s.id === sentenceId));
  if (!paragraph) return [escapeHtml(NOT_FOUND[lang])];

  const heading = `<b>${titleHtml(article.title, article.url)}</b>\n${metaLine([text(article.source), text(article.date)])}`;
  // Sentences were split out of running Chinese text, which has no spaces between sentences; join them the same way.
  const body = paragraph.sentences
    .map((s) => (s.id === sentenceId ? `<b>${text(s.text)}</b>` : text(s.text)))
    .join("");
  return splitMessages([heading, body]);
}

/**
 * The pieces of an inline-mode result: a title (the question), a description (the answer without its `[n]`
 * markers) and the message sent when the result is chosen. Inline mode sends exactly one message, so `html` is the
 * first message of the answer, ending in `…` when the rest did not fit.
 *
 * @example
 * renderInlineResult(answer, "zh");
 * // { title: "衡阳高新区规划面积有多大?", description: "衡阳高新区规划面积170.57平方公里。", html: "衡阳高新区规划面积170.57平方公里[1]。\n\n<b>来源</b>…" }
 */
export function renderInlineResult(
  answer: Answer,
  lang: Lang,
): { title: string; description: string; html: string } {
  const description = truncate(oneLine(answer.answer.replace(MARKER, "")), DESCRIPTION_MAX);
  // Telegram rejects an inline result without a title; an empty question still needs one.
  const title = truncate(oneLine(answer.question), TITLE_MAX) || description || INLINE_FALLBACK_TITLE[lang];

  const blocks = answerBlocks(answer, lang);
  // Leave room for the "…" that tells the reader the answer goes on (the sources, usually) but was cut here.
  const [first = escapeHtml(INLINE_FALLBACK_TITLE[lang]), ...rest] = splitMessages(
    blocks,
    TELEGRAM_MESSAGE_LIMIT - MORE.length,
  );
  return { title, description, html: rest.length > 0 ? first + MORE : first };
}

// ── blocks ───────────────────────────────────────────────────────────────────────────────────────────────────

/** Above this many characters a lone quote is folded too: a long sentence should not push the rest off screen. */
/**
 * One article's digest for a channel: linked title, source and date, the headline, then each point with the
 * sentence(s) it rests on in an expandable blockquote. Split between points, never inside one.
 *
 * @example
 * for (const html of renderDigest(item, "zh")) await api.sendMessage(chatId, html, { parse_mode: "HTML" });
 */
export function renderDigest(item: DigestItem, lang: Lang): string[] {
  const { title, source, date, url } = item.article;
  const head = [`<b>${titleHtml(title, url)}</b>`, metaLine([text(source), text(date)])];
  if (item.headline.trim() !== title.trim()) head.push(`<b>${text(item.headline)}</b>`);
  const points = item.points.map((point, i) => {
    const quotes = point.citations
      .map((c) => `<blockquote expandable>${text(c.text)}</blockquote>`)
      .join("\n");
    return `${i + 1}. ${text(point.text)}\n${quotes}`;
  });
  const [first = "", ...rest] = points;
  // The heading travels with the first point so a message never ends on a bare title.
  return splitMessages([`${head.join("\n")}${JOIN}${first}`, ...rest]).map((m) => m || DIGEST_EMPTY[lang]);
}

const DIGEST_EMPTY: Record<Lang, string> = {
  zh: "（这篇文章没有可摘要的内容）",
  en: "(nothing to summarise)",
};

const EXPAND_OVER = 150;
/**
 * Longest `href` we link. Real article urls are far shorter; a freak one is shown as a plain title instead, because
 * the splitter has to repeat an open `<a>` tag in every piece and a huge one could leave no room for text.
 */
const MAX_URL = 1024;
const TITLE_MAX = 60;
const DESCRIPTION_MAX = 120;
const MORE = "\n…";
/** A `[n]` marker and the space before it, so "area [1]." reads "area." once the marker is gone. */
const MARKER = /\s*\[\d+\]/g;
/** What splitMessages puts between blocks; used to glue blocks that must stay together. */
const JOIN = "\n\n";

const HEADING: Record<Lang, string> = { zh: "来源", en: "Sources" };
const NOT_FOUND: Record<Lang, string> = {
  zh: "抱歉，找不到这句话的原文，知识库可能已经更新。请重新提问。",
  en: "Sorry, I can no longer find that sentence — the knowledge base may have been updated. Please ask again.",
};
const INLINE_FALLBACK_TITLE: Record<Lang, string> = {
  zh: "衡阳高新区问答",
  en: "Hengyang High-tech Zone Q&A",
};

function answerBlocks(answer: Answer, lang: Lang): string[] {
  const body = text(answer.answer);
  // As in the terminal: a refusal, help text or an answer with nothing to cite is just its text.
  if (!answer.answered || answer.citations.length === 0) return [body];

  const citations = [...answer.citations].sort((a, b) => a.n - b.n);
  // Several quotes unfolded would bury the answer; fold them all when there is more than one.
  const fold = citations.length >= 2;
  const [first = "", ...others] = citations.map((c) => citationBlock(c, fold));
  // The heading travels with the first source so it is never left alone at the foot of a message.
  return [body, `<b>${HEADING[lang]}</b>${JOIN}${first}`, ...others];
}

function citationBlock(citation: Citation, fold: boolean): string {
  const { title, source, date, url } = citation.article;
  const expandable = fold || [...citation.text].length > EXPAND_OVER;
  const open = expandable ? "<blockquote expandable>" : "<blockquote>";
  return `[${citation.n}]\n${open}${text(citation.text)}</blockquote>\n${metaLine([titleHtml(title, url), text(source), text(date)])}`;
}

/** The title, linked when the url is one Telegram will open; a javascript: or relative url is never made a link. */
function titleHtml(title: string, url: string): string {
  const label = text(title);
  if (!isWebUrl(url)) return label;
  return `<a href="${escapeAttribute(url)}">${label}</a>`;
}

function metaLine(parts: string[]): string {
  return parts.filter((part) => part !== "").join(" · ");
}

function isWebUrl(url: string): boolean {
  if (url.length > MAX_URL || !/^https?:\/\//i.test(url)) return false;
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

function escapeAttribute(value: string): string {
  return escapeHtml(value).replace(/"/g, "&quot;");
}

/** Escaped text with control characters dropped, as the terminal does: scraped text may carry them. */
function text(value: string): string {
  return escapeHtml(stripControlChars(value));
}

function oneLine(value: string): string {
  return value.replace(/\s+/g, " ").trim();
}

/** Cuts by code point so an emoji or rare Han character is never halved; the ellipsis counts towards `max`. */
function truncate(value: string, max: number): string {
  const chars = [...value];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : value;
}
