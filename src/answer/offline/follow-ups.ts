import { fold } from "../../search/normalize.js";
import type { SentenceIndex } from "../../search/sentence-index.js";
import { parkMentions } from "../../search/subjects.js";

/** "X呢?", "那X呢", "what about X?": a park and nothing else to ask. */
const ELLIPSIS =
  /^(?:那|那么|那要是|那如果是)?\s*(.{2,20}?)\s*(?:呢|怎么样呢|又如何)\s*[?？!！。.]*$|^(?:and |what about |how about )(.{3,60}?)\s*[?？.]*$/i;

/**
 * An elliptical follow-up made whole: the previous question with its park replaced by the one now named
 * ("示例高新区规划面积多大?" then "样本经开区呢?" → "样本经开区规划面积多大?"). Undefined when the question is
 * not such an ellipsis.
 */
export function ellipsis(question: string, previous: string, index: SentenceIndex): string | undefined {
  const m = ELLIPSIS.exec(question.trim());
  const named = m?.[1] ?? m?.[2];
  if (!named || !parkMentions(fold(named), index.zone, { loose: true }).some((p) => p.subject))
    return undefined;
  // The previous question without the parks it named: the zone's names, and "place + kind" for others.
  let rest = fold(previous);
  for (const name of index.zone.names) rest = rest.split(name).join("");
  for (const p of parkMentions(rest, index.zone, { loose: true })) {
    const place = p.subject?.replace(PARK_KIND, "");
    if (place) rest = rest.replace(new RegExp(`${place}[市县]?(?:${PARK_KIND.source})`, "u"), "");
  }
  return `${named}${rest}`;
}

/** Kinds of park as written after a place name, longest first. */
const PARK_KIND =
  /国家高新技术产业开发区|高新技术产业开发区|高新技术开发区|经济技术开发区|经济开发区|高新区|经开区|开发区|工业园区|工业园|产业园|科技园|科技城|zone/u;
