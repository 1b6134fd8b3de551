import { type Article, articleRef, isCitable, newestFirst } from "../../knowledge/article.js";
import type { Lang } from "../replies.js";
import type { Citation } from "../schema.js";
import type { MetaAsk } from "./intents.js";

/**
 * Questions about the articles themselves are answered from their metadata: one article's date, source (and
 * the other sites that carried it) or title; the list of articles; the latest news. They cite the article by
 * its id with its title as the quoted text, or, for the latest news, its lead sentence.
 */

/** Most articles listed in one reply; the count says how many there are in all. */
const MAX_LISTED = 20;

/** What a meta question is asked about. */
export interface MetaContext {
  asks: MetaAsk[];
  /** Topic words of the question (春风行动, 交通): the article it means is the one they best describe. */
  topics: string[];
  articles: Article[];
  /** The articles about the question's subject, for "this article" when no topic names one. */
  aboutSubject: Article[];
  /** The question asks for an article in this language ("那篇英文文章"). */
  articleLang?: string;
  /** In a chat, the article the previous answer cited: "这篇文章" when no topic names another. */
  lastCited?: string;
  /** The articles whose title, and whose sentences, mention a folded word (see `SentenceIndex.articlesMentioning`). */
  mentions: (word: string) => { titles: ReadonlySet<Article>; bodies: ReadonlySet<Article> };
  lang: Lang;
}

export function answerMeta(context: MetaContext): { answer: string; citations: Citation[] } | undefined {
  const { asks, articles, lang } = context;
  if (asks.includes("sources")) return listSources(articles, lang);
  if (asks.includes("list")) return listArticles(articles, lang);
  if (asks.includes("earliest")) return oldestArticle(articles, lang);
  if (asks.includes("latest"))
    return latestNews(context.aboutSubject.length > 0 ? context.aboutSubject : articles, lang);
  const article = pickArticle(context);
  if (!article) return undefined;
  const answer = lang === "en" ? englishMeta(asks, article) : chineseMeta(asks, article);
  return { answer, citations: [titleCitation(article, 1)] };
}

function titleCitation(article: Article, n: number): Citation {
  return { n, id: article.id, text: article.title, article: articleRef(article) };
}

function listArticles(articles: Article[], lang: Lang): { answer: string; citations: Citation[] } {
  const listed = newestFirst(articles).slice(0, MAX_LISTED);
  const citations = listed.map((a, i) => titleCitation(a, i + 1));
  const lines = listed.map((a, i) =>
    lang === "en"
      ? `${a.date} “${a.title}” (${a.source}) [${i + 1}]`
      : `${a.date}《${a.title}》(${a.source})[${i + 1}]`,
  );
  const more = articles.length - listed.length;
  const head =
    lang === "en"
      ? `The knowledge base holds ${articles.length} article(s)${more > 0 ? `; the newest ${listed.length}` : ""}:`
      : `知识库收录 ${articles.length} 篇文章${more > 0 ? `，最新的 ${listed.length} 篇` : ""}：`;
  return { answer: [head, ...lines].join("\n"), citations };
}

/** The sites and publishers the articles come from, most articles first, each cited by its newest article. */
function listSources(articles: Article[], lang: Lang): { answer: string; citations: Citation[] } | undefined {
  const bySource = new Map<string, Article[]>();
  for (const a of newestFirst(articles)) bySource.set(a.source, [...(bySource.get(a.source) ?? []), a]);
  if (bySource.size === 0) return undefined;
  const listed = [...bySource].sort((a, b) => b[1].length - a[1].length).slice(0, MAX_LISTED);
  const citations = listed.map(([, list], i) => titleCitation(list[0] as Article, i + 1));
  const lines = listed.map(([source, list], i) =>
    lang === "en"
      ? `${source}: ${list.length} article(s) [${i + 1}]`
      : `${source}：${list.length} 篇[${i + 1}]`,
  );
  const head =
    lang === "en"
      ? `The ${articles.length} article(s) come from ${bySource.size} source(s):`
      : `${articles.length} 篇文章来自 ${bySource.size} 个来源：`;
  return { answer: [head, ...lines].join("\n"), citations };
}

/** The earliest article, cited by its title. */
function oldestArticle(
  articles: Article[],
  lang: Lang,
): { answer: string; citations: Citation[] } | undefined {
  const oldest = newestFirst(articles).at(-1);
  if (!oldest) return undefined;
  const answer =
    lang === "en"
      ? `The earliest article is “${oldest.title}” (${oldest.source}, ${oldest.date}). [1]`
      : `最早的一篇是${oldest.date}《${oldest.title}》(${oldest.source})。[1]`;
  return { answer, citations: [titleCitation(oldest, 1)] };
}

function latestNews(articles: Article[], lang: Lang): { answer: string; citations: Citation[] } | undefined {
  const [newest] = newestFirst(articles);
  if (!newest) return undefined;
  const lead = newest.paragraphs.flatMap((p) => p.sentences).find(isCitable);
  const citations: Citation[] = lead
    ? [{ n: 1, id: lead.id, text: lead.text, article: articleRef(newest) }]
    : [titleCitation(newest, 1)];
  const answer =
    lang === "en"
      ? `The latest article is “${newest.title}” (${newest.source}, ${newest.date}). [1]`
      : `最新的一篇是${newest.date}《${newest.title}》(${newest.source})。[1]`;
  return { answer, citations };
}

/**
 * The article the question means: the one its topic words describe best (title counts double), else the newest
 * article about the question's subject, else the newest of all.
 */
function pickArticle({
  topics,
  articles,
  aboutSubject,
  articleLang,
  lastCited,
  mentions,
}: MetaContext): Article | undefined {
  let best: Article | undefined;
  let bestScore = 0;
  const inLang = articleLang ? articles.filter((a) => a.lang === articleLang) : [];
  const pool = inLang.length > 0 ? inLang : articles;
  // Only the articles that mention a topic word can score: looked up, not read one by one.
  const scores = new Map<Article, number>();
  const allowed = new Set(pool);
  for (const t of topics) {
    const { titles, bodies } = mentions(t);
    for (const a of new Set([...titles, ...bodies]))
      if (allowed.has(a)) scores.set(a, (scores.get(a) ?? 0) + (titles.has(a) ? 2 : 1));
  }
  for (const article of newestFirst([...scores.keys()])) {
    const score = scores.get(article) ?? 0;
    if (score > bestScore) {
      best = article;
      bestScore = score;
    }
  }
  const cited = articles.find((a) => a.id === lastCited);
  return best ?? newestFirst(inLang)[0] ?? cited ?? newestFirst(aboutSubject)[0] ?? newestFirst(articles)[0];
}

/** The article's own source, then the other sites that carried it (merged reposts). */
function sources(article: Article): string[] {
  return [...new Set([article.source, ...(article.alsoAt ?? []).map((a) => a.source)])];
}

function chineseMeta(asks: MetaAsk[], article: Article): string {
  if (asks.length === 1 && asks[0] === "title") return `这篇文章的标题是《${article.title}》。[1]`;
  const parts = asks.flatMap((ask) => {
    if (ask === "date") return [`发布于${article.date}`];
    if (ask !== "source") return [];
    const [own, ...others] = sources(article);
    return [`来源是${own}${others.length > 0 ? `，${others.join("、")}也转载了` : ""}`];
  });
  return `这篇文章《${article.title}》${parts.join("，")}。[1]`;
}

function englishMeta(asks: MetaAsk[], article: Article): string {
  if (asks.length === 1 && asks[0] === "title") return `The article is titled “${article.title}”. [1]`;
  const parts = asks.flatMap((ask) => {
    if (ask === "date") return [`was published on ${article.date}`];
    if (ask !== "source") return [];
    const [own, ...others] = sources(article);
    return [`comes from ${own}${others.length > 0 ? ` (also carried by ${others.join(", ")})` : ""}`];
  });
  return `The article “${article.title}” ${parts.join(" and ")}. [1]`;
}
