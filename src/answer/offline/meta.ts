import { type Article, articleRef, newestFirst } from "../../knowledge/article.js";
import { fold, sharedBigrams } from "../../search/normalize.js";
import type { Lang } from "../replies.js";
import type { Citation } from "../schema.js";
import type { MetaAsk } from "./intents.js";

/**
 * Questions about the article itself (when published, by whom, its title) are answered from its metadata, and
 * cite the article by its id with its title as the quoted text.
 */
export function answerMeta(
  asks: MetaAsk[],
  foldedQuestion: string,
  articles: Article[],
  aboutSubject: Article[],
  lang: Lang,
): { answer: string; citations: Citation[] } | undefined {
  const article = pickArticle(foldedQuestion, articles, aboutSubject);
  if (!article) return undefined;
  const answer = lang === "en" ? englishMeta(asks, article) : chineseMeta(asks, article);
  return { answer, citations: [{ n: 1, id: article.id, text: article.title, article: articleRef(article) }] };
}

/**
 * The article the question names by title words, or else the newest article about the question's subject (or
 * the newest of all when none is about it).
 */
function pickArticle(
  foldedQuestion: string,
  articles: Article[],
  aboutSubject: Article[],
): Article | undefined {
  let best: Article | undefined;
  let bestOverlap = 0;
  for (const article of articles) {
    const overlap = sharedBigrams(fold(article.title), foldedQuestion);
    if (overlap > bestOverlap + 2) {
      best = article;
      bestOverlap = overlap;
    }
  }
  return best ?? newestFirst(aboutSubject)[0] ?? newestFirst(articles)[0];
}

function chineseMeta(asks: MetaAsk[], article: Article): string {
  if (asks.length === 1 && asks[0] === "title") return `这篇文章的标题是《${article.title}》。[1]`;
  const parts = asks.flatMap((ask) =>
    ask === "date" ? [`发布于${article.date}`] : ask === "source" ? [`来源是${article.source}`] : [],
  );
  return `这篇文章《${article.title}》${parts.join("，")}。[1]`;
}

function englishMeta(asks: MetaAsk[], article: Article): string {
  if (asks.length === 1 && asks[0] === "title") return `The article is titled “${article.title}”. [1]`;
  const parts = asks.flatMap((ask) =>
    ask === "date"
      ? [`was published on ${article.date}`]
      : ask === "source"
        ? [`comes from ${article.source}`]
        : [],
  );
  return `The article “${article.title}” ${parts.join(" and ")}. [1]`;
}
