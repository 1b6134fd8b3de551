import { newestFirst } from "../../knowledge/article.js";
import type { IndexedSentence, SentenceIndex } from "../../search/sentence-index.js";
import { AREA } from "./intents.js";
import type { Support } from "./select.js";

/**
 * What an overview of a park covers, in this order: where it is and how big, when it was founded, what it
 * makes. General facets of any park, recognised by the shape of the fact, not by one article's words.
 */
const OVERVIEW_FACETS: readonly RegExp[] = [
  /位于|地处|坐落/,
  AREA,
  /(?:\d{4}年).{0,20}(?:成立|设立|批准|获批|建立)|(?:成立|设立)于\d{4}/,
  /主导产业|支柱产业|重点发展|产业集群|特色产业/,
];
/** Plans and targets (将, 到2030年, 力争) are not what a park is now: an overview states the present. */
const FUTURE = /将|计划|力争|预计|规划提出|到\d{4}年|目标/;

/**
 * "Tell me about the park": one sentence for each facet of an overview (location and size, founding,
 * industries), each the newest clean statement of it about this park across all articles; the lead of the
 * newest article about the park when no facet is found.
 */
export function overview(index: SentenceIndex, subject: string, maxOverview: number): Support[] {
  const about = index.sentences.filter((s) => s.subjects[0] === subject && s.subjects.length === 1);
  const chosen: IndexedSentence[] = [];
  for (const facet of OVERVIEW_FACETS) {
    if (chosen.length >= maxOverview) break;
    const best = about
      .filter((s) => facet.test(s.folded) && !FUTURE.test(s.folded) && !chosen.includes(s))
      .sort(
        (a, b) =>
          Number(a.doubtful ?? false) - Number(b.doubtful ?? false) ||
          b.article.date.localeCompare(a.article.date) ||
          a.paragraph - b.paragraph ||
          a.sentence - b.sentence,
      )[0];
    if (best) chosen.push(best);
  }
  if (chosen.length > 0)
    return chosen.map((sentence) => ({ sentence, score: 1, excerpt: trimEnd(sentence.text) }));
  const leads = new Set(about.filter((s) => s.paragraph === 0 && s.sentence === 0).map((s) => s.article));
  const [newest] = newestFirst(index.articles.filter((a) => leads.has(a)));
  return index.sentences
    .filter((s) => s.article === newest && s.paragraph === 0 && s.sentence < 2)
    .map((sentence) => ({ sentence, score: 1, excerpt: trimEnd(sentence.text) }));
}

/** A sentence without its final full stop, for quoting inside an answer. */
export function trimEnd(text: string): string {
  return text.replace(/[。!?!?]+([”’」』]?)$/u, "$1");
}
