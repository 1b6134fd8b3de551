import { type Article, newestFirst } from "../knowledge/article.js";
import type { Lexicon } from "../search/lexicon.js";

/**
 * The bot's fixed replies (help, refusals) in Chinese and English. They describe what the knowledge base holds
 * from the articles themselves, so they stay true as articles are added.
 */
export type Lang = "zh" | "en";

function coverageLine(articles: Article[], lang: Lang): string {
  const [latest] = newestFirst(articles);
  if (!latest) return lang === "en" ? "The knowledge base is empty." : "知识库目前是空的。";
  return lang === "en"
    ? `The knowledge base holds ${articles.length} article(s) about Hengyang High-tech Zone; the latest is “${latest.title}” (${latest.date}).`
    : `知识库目前收录 ${articles.length} 篇关于衡阳高新区的文章，最新一篇是《${latest.title}》(${latest.date})。`;
}

export function helpText(articles: Article[], lexicon: Lexicon, lang: Lang): string {
  const examples = lexicon.examples[lang].map((q) => `• ${q}`).join("\n");
  return lang === "en"
    ? `Hello! I answer questions about Hengyang National High-tech Zone (衡阳高新区) from news articles, and quote the sentences each answer rests on. Try:\n${examples}\n${coverageLine(articles, lang)}`
    : `你好！我是衡阳高新区问答助手：根据知识库里的新闻文章回答问题，并引用答案所依据的原文句子。可以这样问：\n${examples}\n${coverageLine(articles, lang)}`;
}

export function notCoveredText(articles: Article[], lexicon: Lexicon, lang: Lang): string {
  const [example] = lexicon.examples[lang];
  return lang === "en"
    ? `Sorry, the knowledge base does not say. ${coverageLine(articles, lang)} You could ask, for example: ${example}`
    : `抱歉，知识库里没有能回答这个问题的内容。${coverageLine(articles, lang)}可以问问文章里写到的事，例如：${example}`;
}

export function otherPlaceText(places: string[], articles: Article[], lang: Lang): string {
  const named = places.join("、");
  return lang === "en"
    ? `Sorry, the knowledge base only covers Hengyang High-tech Zone and says nothing about ${named}. ${coverageLine(articles, lang)}`
    : `抱歉，知识库只收录衡阳高新区的资料，没有关于「${named}」的内容。${coverageLine(articles, lang)}`;
}
