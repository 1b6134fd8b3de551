import { type Article, newestFirst } from "../knowledge/article.js";
import type { Lexicon, Zone } from "../search/lexicon.js";

/**
 * The bot's fixed replies (help, refusals) in Chinese and English. They describe what the knowledge base holds
 * from the articles themselves, so they stay true as articles are added.
 */
export type Lang = "zh" | "en";

/**
 * What the knowledge base holds, for replies: all articles, and those about the zone (an article about a
 * neighbouring park is in the knowledge base, but not "about the zone").
 */
export interface Scope {
  zone: Zone;
  articles: readonly Article[];
  aboutZone: readonly Article[];
}

function coverageLine(scope: Scope, lang: Lang): string {
  const { zone, articles, aboutZone } = scope;
  const [latest] = newestFirst([...(aboutZone.length > 0 ? aboutZone : articles)]);
  if (!latest) return lang === "en" ? "The knowledge base is empty." : "知识库目前是空的。";
  const all = articles.length === aboutZone.length;
  return lang === "en"
    ? `The knowledge base holds ${articles.length} article(s)${all ? "" : `, ${aboutZone.length} of them`} about ${zone.englishName}; the latest is “${latest.title}” (${latest.date}).`
    : all
      ? `知识库目前收录 ${articles.length} 篇关于${zone.canonical}的文章，最新一篇是《${latest.title}》(${latest.date})。`
      : `知识库目前收录 ${articles.length} 篇文章，其中 ${aboutZone.length} 篇关于${zone.canonical}，最新一篇是《${latest.title}》(${latest.date})。`;
}

export function helpText(scope: Scope, lexicon: Lexicon, lang: Lang): string {
  const examples = lexicon.examples[lang].map((q) => `• ${q}`).join("\n");
  const { zone } = scope;
  return lang === "en"
    ? `Hello! I answer questions about ${zone.englishName} (${zone.canonical}) from news articles, and quote the sentences each answer rests on. Try:\n${examples}\n${coverageLine(scope, lang)}`
    : `你好！我是${zone.canonical}问答助手：根据知识库里的新闻文章回答问题，并引用答案所依据的原文句子。可以这样问：\n${examples}\n${coverageLine(scope, lang)}`;
}

export function notCoveredText(scope: Scope, lexicon: Lexicon, lang: Lang): string {
  const [example] = lexicon.examples[lang];
  return lang === "en"
    ? `Sorry, the knowledge base does not say. ${coverageLine(scope, lang)} You could ask, for example: ${example}`
    : `抱歉，知识库里没有能回答这个问题的内容。${coverageLine(scope, lang)}可以问问文章里写到的事，例如：${example}`;
}

export function otherPlaceText(places: string[], scope: Scope, lang: Lang): string {
  const named = places.join("、");
  const { zone } = scope;
  return lang === "en"
    ? `Sorry, the knowledge base only covers ${zone.englishName} and says nothing about ${named}. ${coverageLine(scope, lang)}`
    : `抱歉，知识库只收录${zone.canonical}的资料，没有关于「${named}」的内容。${coverageLine(scope, lang)}`;
}
