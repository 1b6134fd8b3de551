import { type Article, newestFirst } from "../knowledge/article.js";
import type { Lexicon } from "../search/lexicon.js";

/** The bot's own words (not answers), in Chinese and English. Plain text: the caller escapes. */
export type UiLang = "zh" | "en";

/** English for users whose Telegram language starts with "en"; Chinese for everyone else. */
export function uiLang(languageCode: string | undefined): UiLang {
  return languageCode?.toLowerCase().startsWith("en") ? "en" : "zh";
}

export const texts = {
  welcome: {
    zh: "你好！我是衡阳高新区问答助手。我只根据知识库里的新闻文章回答，并引用原文句子和出处。直接发问题给我，或点下面的例子：",
    en: "Hello! I answer questions about Hengyang National High-tech Zone (衡阳高新区) from news articles, quoting the sentences each answer rests on. Send me a question, or tap an example:",
  },
  help: {
    zh: "直接发送问题即可（中文、繁体或英文都行）。\n/ask 问题 — 提问（群聊里用这个，或 @我，或回复我的消息）\n/about — 知识库收录了哪些文章\n/help — 本帮助\n每个回答都附有原文引用；知识库里没有的内容，我会直接告诉你。",
    en: "Just send a question (Chinese or English).\n/ask question — ask (in groups use this, mention me, or reply to my message)\n/about — which articles the knowledge base holds\n/help — this help\nEvery answer quotes its sources; when the knowledge base does not say, I tell you so.",
  },
  aboutHeading: { zh: "知识库收录的文章：", en: "Articles in the knowledge base:" },
  emptyAsk: {
    zh: "请在 /ask 后面写上问题，例如：/ask 衡阳高新区规划面积有多大?",
    en: "Please put your question after /ask, e.g. /ask How big is Hengyang High-tech Zone?",
  },
  tooLong: {
    zh: (n: number, max: number) => `问题太长了（${n} 字）。请把问题控制在 ${max} 字以内，一次问一件事。`,
    en: (n: number, max: number) =>
      `That question is too long (${n} characters). Please keep it under ${max} characters.`,
  },
  rateLimited: {
    zh: (seconds: number) => `提问有点快了，请 ${seconds} 秒后再问。`,
    en: (seconds: number) => `You are asking a bit fast — please try again in ${seconds} seconds.`,
  },
  notText: {
    zh: "我只能读文字问题，请用文字提问，例如：衡阳高新区规划面积有多大?",
    en: "I can only read text questions — please type your question.",
  },
  notAllowed: {
    zh: "抱歉，这个机器人只对指定的群组和用户开放。",
    en: "Sorry, this bot is only available to specific chats and users.",
  },
  adminOnly: { zh: "这个命令只有管理员可以使用。", en: "This command is for admins only." },
  feedbackThanks: { zh: "谢谢反馈！", en: "Thanks for the feedback!" },
  feedbackFailed: {
    zh: "抱歉，反馈暂时没能保存，请稍后再试。",
    en: "Sorry, your feedback could not be saved just now; please try again later.",
  },
  addAdminOnly: {
    zh: "只有管理员可以往知识库里添加文章。想提问的话，请用文字描述你的问题。",
    en: "Only admins can add articles to the knowledge base. To ask something, please type your question.",
  },
  addFileKinds: {
    zh: "只能添加 .html、.txt 或 .md 文件。",
    en: "Only .html, .txt and .md files can be added.",
  },
  addFileTooLarge: {
    zh: (max: number) => `文件太大了（上限 ${Math.round(max / 1024 / 1024)} MB）。`,
    en: (max: number) => `That file is too large (the limit is ${Math.round(max / 1024 / 1024)} MB).`,
  },
  noSources: {
    zh: "还没有设置关注的新闻来源（knowledge/sources.yaml）。",
    en: "No news sources are watched yet (knowledge/sources.yaml).",
  },
  notSetUp: { zh: "这个进程里没有启用这项功能。", en: "This is not set up in this process." },
  actionFailed: {
    zh: (why: string) => `没有完成：${why}`,
    en: (why: string) => `Not done: ${why}`,
  },
  reloadFailed: {
    zh: (why: string) => `重新加载失败，继续使用原来的知识库：${why}`,
    en: (why: string) => `Reload failed; still answering from the previous knowledge base: ${why}`,
  },
  sourceButton: { zh: "原文", en: "Source" },
  staleButton: { zh: "这条消息太旧了，请重新提问。", en: "This message is too old; please ask again." },
  summaryUsage: {
    zh: "请在 /summary 后面写上文章编号或标题里的词，例如：/summary 十四五。文章列表见 /about。",
    en: "Put an article id or words from its title after /summary, e.g. /summary 十四五. See /about for the list.",
  },
  summaryNotFound: {
    zh: "没有找到这篇文章。文章列表见 /about。",
    en: "No such article. See /about for the list.",
  },
  reloaded: {
    zh: (before: number, after: number) => `知识库已重新加载：${before} → ${after} 篇文章。`,
    en: (before: number, after: number) => `Knowledge base reloaded: ${before} → ${after} articles.`,
  },
} as const;

/** One line per article, newest first: title (source, date). */
export function aboutLines(articles: readonly Article[]): string[] {
  return newestFirst(articles).map((a) => `• ${a.title}（${a.source}，${a.date}）`);
}

export function examples(lexicon: Lexicon, lang: UiLang): string[] {
  return lexicon.examples[lang];
}
