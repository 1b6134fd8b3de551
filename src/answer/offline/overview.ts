import { newestFirst } from "../../knowledge/article.js";
import type { IndexedSentence, SentenceIndex } from "../../search/sentence-index.js";
import { AREA } from "./intents.js";
import type { Support } from "./select.js";

/**
 * What an overview of a park covers, in this order: where it is and how big, when it was founded, what it
 * makes. General facets of any park, recognised by the shape of the fact, not by one article's words.
 */
const LOCATION = /位于|地处|坐落/;
const DISTANCE_TO =
  /距.{0,12}\d+(?:\.\d+)?\s*(?:公里|千米|km)|\d+(?:\.\d+)?\s*(?:公里|千米|km).{0,6}(?:车程|路程)/;
const LINKS = /高速|铁路|高铁|地铁|轨道交通|航道|港口|码头|公交|机场|出入口/;
/** What links the park, besides the distances (which are a facet of their own). */
const TRANSPORT_LINKS: Facet = { test: (text) => LINKS.test(text) && !DISTANCE_TO.test(text) };

/** A facet of an overview: the kind of fact a sentence must state to stand for it. */
export interface Facet {
  test(folded: string): boolean;
}
export const OVERVIEW_FACETS: readonly Facet[] = [
  LOCATION,
  AREA,
  /(?:\d{4}年).{0,20}(?:成立|设立|批准|获批|建立)|(?:成立|设立)于\d{4}/,
  /主导产业|支柱产业|重点发展|产业集群|特色产业/,
];

/**
 * Overviews of one side of a park, asked for by topic rather than by a fact: 区位优势 (where it is and what it
 * is near), 交通条件 (how far the stations are, what links it). Each with the words that ask for it.
 */
export const TOPIC_OVERVIEWS: ReadonlyArray<{ topic: RegExp; also: RegExp; facets: readonly Facet[] }> = [
  { topic: /^(?:区位|地理位置|位置)$/, also: /^(?:优势|条件|特点|特色)$/, facets: [LOCATION, DISTANCE_TO] },
  {
    topic: /^(?:交通|出行)$/,
    also: /^(?:条件|情况|状况|便利|方便|优势|网络)$/,
    facets: [DISTANCE_TO, TRANSPORT_LINKS],
  },
];

/** An infobox row ("面 积：21.7平方公里"): a sentence says the same with its subject, so it is chosen first. */
const LABEL_ROW = /^[^,，。;；]{1,8}[:：]\s*[^,，。;；]{1,24}$/u;
/** Plans and targets (将, 到2030年, 力争) are not what a park is now: an overview states the present. */
const FUTURE = /将|计划|力争|预计|规划提出|到\d{4}年|目标/;

/**
 * "Tell me about the park": one sentence for each facet of an overview (location and size, founding,
 * industries), each the newest clean statement of it about this park across all articles; the lead of the
 * newest article about the park when no facet is found.
 */
export function overview(
  index: SentenceIndex,
  subject: string,
  maxOverview: number,
  facets: readonly Facet[] = OVERVIEW_FACETS,
): Support[] {
  const about = index.about(subject);
  const chosen: IndexedSentence[] = [];
  for (const facet of facets) {
    if (chosen.length >= maxOverview) break;
    const best = about
      .filter((s) => facet.test(s.folded) && !FUTURE.test(s.folded) && !chosen.includes(s))
      .sort(
        (a, b) =>
          Number(a.doubtful ?? false) - Number(b.doubtful ?? false) ||
          Number(LABEL_ROW.test(a.text)) - Number(LABEL_ROW.test(b.text)) ||
          b.article.date.localeCompare(a.article.date) ||
          a.paragraph - b.paragraph ||
          a.sentence - b.sentence,
      )[0];
    if (best) chosen.push(best);
  }
  if (chosen.length > 0)
    return chosen.map((sentence) => ({ sentence, score: 1, excerpt: trimEnd(sentence.text) }));
  if (facets !== OVERVIEW_FACETS) return [];
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
