import type { IndexedSentence, SentenceIndex } from "../../search/sentence-index.js";
import type { QuestionAnalysis } from "./analyze.js";
import type { Support } from "./select.js";

/**
 * "管委会主任这几年换过人没有", "历任书记都有谁": who held an office over time. Each person the park's sentences
 * name with that title, in order of the sources' dates, each cited by the newest sentence that names them —
 * sources from different years name different office holders, and the question asks for all of them.
 */

/** Words asking how an office changed hands. Language data of Chinese questions. */
const HISTORY =
  /换过|换人|换了|换没换|变动|变过|调整过|历任|前任|先后|几任|哪几任|都有谁|有哪些人|谁当过|谁担任过|担任过|当过|换届|who (?:has|have) (?:held|served)|previous|former|changed/;

/** Titles of offices (not their deputies: 副主任 is another office). */
const OFFICE = /^(?:主任|书记|主席|局长|市长|区长|部长|院长|党工委书记|管委会主任)$/;

/** What may follow a name after its title: a verb of the news, or punctuation. */
const AFTER_NAME =
  "(?=出席|表示|介绍|说|指出|强调|代表|主持|讲话|在|作|会见|一行|等|调研|带队|陪同|参加|致辞|宣布|[，,。、）)；;：:]|$)";

/** Most office holders listed. */
const MAX_HOLDERS = 5;

/** The clause of a sentence that names the office holder ("管委会主任宋试点出席会议并讲话"). */
function clauseNaming(text: string, title: string, named: RegExp): string {
  const clauses = text.replace(/[。！？!?]+$/u, "").split(/[,，;；]/);
  return clauses.find((c) => named.test(c) || c.includes(title))?.trim() ?? text;
}

export function officeHistory(analysis: QuestionAnalysis, index: SentenceIndex): Support[] | undefined {
  if (!HISTORY.test(analysis.rewritten.folded)) return undefined;
  const title = analysis.required.map((t) => t.word).find((w) => OFFICE.test(w));
  if (!title) return undefined;
  const named = new RegExp(`(?<!副|常务副)${title}(\\p{Script=Han}{2,3}?)${AFTER_NAME}`, "u");
  const byPerson = new Map<string, IndexedSentence>();
  for (const sentence of index.mentioning(title)) {
    if (!sentence.subjects.includes(analysis.subject)) continue;
    // A sentence about several parks names the office of the park it mentions first; only its own counts.
    if (sentence.subjects.length > 1 && sentence.subjects[0] !== analysis.subject) continue;
    const name = named.exec(sentence.text)?.[1];
    if (!name) continue;
    const known = byPerson.get(name);
    if (!known || sentence.article.date > known.article.date) byPerson.set(name, sentence);
  }
  if (byPerson.size < 2) return undefined;
  return [...byPerson.values()]
    .sort((a, b) => b.article.date.localeCompare(a.article.date))
    .slice(0, MAX_HOLDERS)
    .reverse()
    .map((sentence) => ({
      sentence,
      excerpt: clauseNaming(sentence.text, title, named),
      score: 1,
      series: true as const,
    }));
}
