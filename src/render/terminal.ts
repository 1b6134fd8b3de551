import type { Answer } from "../answer/schema.js";
import type { DigestItem } from "../digest/digest.js";
import { stripControlChars } from "../text/control-chars.js";

/**
 * Renders an Answer as plain terminal text: the answer with its `[n]` markers, then the sources it cites.
 * A refusal is just its text. Pure; no colour, so the output is the same on a TTY, in a pipe and in tests.
 *
 * @example
 * console.log(renderAnswerText(answer));
 * // 衡阳高新区规划面积170.57平方公里。[1]
 * //
 * // 来源:
 * // [1] 「高新区位于衡阳市城区的西南部,规划面积170.57平方公里。」
 * //     抢抓“十四五”发展新机遇,衡阳高新区加速产业集群化发展 — 中国高新院 (achie.org), 2020-07-21
 * //     http://www.achie.org/news/gt/202007259845.html
 */
export function renderAnswerText(answer: Answer): string {
  const text = clean(answer.answer);
  if (!answer.answered || answer.citations.length === 0) return text;

  // Label in the asker's language: an English answer still quotes Chinese sources.
  const lines = [text, "", HAN.test(answer.question) ? "来源:" : "Sources:"];
  for (const citation of [...answer.citations].sort((a, b) => a.n - b.n)) {
    const { title, source, date, url } = citation.article;
    lines.push(`[${citation.n}] 「${clean(citation.text)}」`);
    lines.push(`    ${clean(title)} — ${clean(source)}, ${clean(date)}`);
    if (url) lines.push(`    ${clean(url)}`);
  }
  return lines.join("\n");
}

/**
 * One article's digest as terminal text (`parkbot digest --dry-run`): title, source and date, headline, then
 * the numbered points, each followed by the sentence(s) it cites.
 */
export function renderDigestText(item: DigestItem): string {
  const { title, source, date, url } = item.article;
  const lines = [`# ${clean(title)}`, `  ${clean(source)}, ${clean(date)}${url ? ` — ${clean(url)}` : ""}`];
  if (item.headline.trim() !== title.trim()) lines.push(`  ${clean(item.headline)}`);
  item.points.forEach((point, i) => {
    lines.push(`${i + 1}. ${clean(point.text)}`);
    for (const c of point.citations) lines.push(`   「${clean(c.text)}」 (${c.id})`);
  });
  if (item.fallback) lines.push(`  (offline digest: the model's was not used — ${clean(item.fallback)})`);
  return lines.join("\n");
}

const HAN = /\p{Script=Han}/u;

const clean = stripControlChars;
