import { toSimplifiedAligned } from "./chinese.js";
import { textKey } from "./normalise.js";

/**
 * Recognisers for page chrome that survives text extraction. All word lists are simplified Chinese; lines are
 * folded to simplified before matching, so traditional pages (首頁, 返回頂部, 當前位置) are covered too.
 */

/**
 * Whole lines that are site chrome, not article text: logo/alt leftovers ("Network" in the seed scrape), menu
 * items and toolbar buttons. Matched against the entire line only, so article text containing these words is
 * never touched. Compared by textKey (case, width and spaces ignored).
 */
export const NAVIGATION_LINES: readonly string[] = [
  "network",
  "首页",
  "主页",
  "网站首页",
  "english",
  "登录",
  "登入",
  "注册",
  "退出",
  "搜索",
  "返回",
  "返回顶部",
  "回到顶部",
  "打印",
  "打印本页",
  "关闭",
  "关闭窗口",
  "收藏",
  "分享",
  "网站地图",
  "联系我们",
  "【打印】",
  "【关闭】",
  "【返回顶部】",
  // Q&A sites label the answers
  "最佳答案",
  "推荐答案",
  "满意答案",
  "专业回答",
];

/**
 * Short lines starting with these are toolbar/pager chrome whatever follows ("分享到:微信 微博",
 * "上一篇:…", "字号:大 中 小").
 */
export const NAVIGATION_PREFIXES: readonly string[] = ["上一篇", "下一篇", "字号", "【字体"];
/** Prefix matches only apply to lines at most this long, so a real paragraph is never dropped. */
const MAX_PREFIXED_NAV_LINE = 60;

const NAVIGATION_KEYS = new Set(NAVIGATION_LINES.map(textKey));

/** A row of bracketed buttons: 【打印本页】【关闭窗口】, [打印] [关闭]. */
const BUTTON_ROW = /^(?:[【[][^】\]]{1,8}[】\]]\s*){2,}$/;
/** Words of a post's toolbar with their counts (已赞 36 评论 5 举报, 在看 12 转发). */
const TOOLBAR_WORDS = /已赞|点赞|赞|评论|举报|收藏|分享|转发|在看|阅读原文|阅读|浏览|次|\d+|\s+/g;
/** A news-list entry: a short headline and its date (related news, sidebars, 上一篇/下一篇 lists). */
const LISTED_HEADLINE = /^[^。!?;:]{4,60}?\s*[([]?\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?[)\]]?$/;

/**
 * Whether a line is an entry of a news list (a headline and its date). Checked after metadata lines, which
 * can look the same ("回答于 2021-06-30").
 */
export function isListedHeadline(line: string): boolean {
  return line.length <= MAX_PREFIXED_NAV_LINE && LISTED_HEADLINE.test(toSimplifiedAligned(line));
}

/** Whether a (normalised) line is navigation chrome. */
export function isNavigationLine(line: string): boolean {
  // Every listed line is shorter than the prefix limit; longer lines are never navigation (and skip folding).
  if (line.length > MAX_PREFIXED_NAV_LINE) return false;
  const folded = toSimplifiedAligned(line);
  if (NAVIGATION_KEYS.has(textKey(folded))) return true;
  if (BUTTON_ROW.test(folded)) return true;
  if (folded.length <= 40 && /\D/.test(folded) && folded.replace(TOOLBAR_WORDS, "").length === 0) return true;
  return NAVIGATION_PREFIXES.some((p) => folded.startsWith(p));
}

/** How breadcrumbs start: "当前位置:主页 > …", "您的位置:首页 > …", "主页 > …", "Home > …". */
const BREADCRUMB_START = /^(?:(?:您|你)?(?:当前|现在)?(?:所在)?的?位置|主页|首页|home)/i;
/** Separators between breadcrumb steps. */
const BREADCRUMB_SEPARATOR = /\s*(?:>|>|›|»|→)\s*/;

/** Breadcrumb trails are a few short steps; a longer line is prose that happens to start with 首页. */
const MAX_BREADCRUMB = 120;

/** Whether a line is a breadcrumb trail: a known start and at least one `>`-style separator. */
export function isBreadcrumbLine(line: string): boolean {
  if (line.length > MAX_BREADCRUMB) return false;
  const folded = toSimplifiedAligned(line);
  if (folded.includes("。")) return false;
  if (BREADCRUMB_START.test(folded) && BREADCRUMB_SEPARATOR.test(folded)) return true;
  // Without a known start: three or more short steps ("站点 > 栏目 > 子栏目").
  const steps = folded.split(BREADCRUMB_SEPARATOR).filter((step) => step.length > 0);
  return steps.length >= 3 && steps.every((step) => step.length <= 12 && !/[,;!?]/.test(step));
}

/** Figure captions: "图1 …", "图 1:…", "圖2 …", "Figure 1. …", "Fig. 3 …". */
const CAPTION = /^(?:图\s*\d+|figure\s*\d+|fig\.\s*\d+)/i;
/** Captions are short; a long line starting with 图1 is prose that mentions a figure. */
const MAX_CAPTION = 120;

/** Whether a line is a figure caption. */
export function isCaptionLine(line: string): boolean {
  return line.length <= MAX_CAPTION && CAPTION.test(toSimplifiedAligned(line));
}

/** Share widgets: "分享到:微信 微博", "扫一扫在手机打开", "Share: …". */
const SHARE_START =
  /^(?:分享到|分享至|分享:|扫一扫|扫码|扫描二维码|长按(?:识别)?二维码|关注我们|点击关注|(?:微信号|公众号|视频号|抖音号|微博)\s*:|share\b|share:|follow us)/i;
/** A WeChat account's calls to action. */
const CALL_TO_ACTION =
  /^(?:点击下方|点击(?:上方)?蓝字|点击阅读原文|阅读原文|长按识别|长按二维码|点亮“?在看|点个“?在看|分享给更多|欢迎转发|转发给|戳这里|戳原文|↓|▼)/;
/** Share targets; a line made only of these (and separators) is the widget's button row. */
const SHARE_TARGETS = new Set(
  [
    "微信",
    "微博",
    "新浪微博",
    "腾讯微博",
    "qq",
    "qq空间",
    "qq好友",
    "豆瓣",
    "人人网",
    "朋友圈",
    "facebook",
    "twitter",
    "linkedin",
    "微信好友",
    "复制链接",
  ].map(textKey),
);

/** Whether a (normalised) line is a share widget. */
export function isShareWidgetLine(line: string): boolean {
  if (line.length > MAX_PREFIXED_NAV_LINE) return false;
  const folded = toSimplifiedAligned(line);
  if (SHARE_START.test(folded)) return true;
  // "👇 点击下方“阅读原文”…", "点亮在看": a WeChat account's calls to action, after any emoji.
  if (CALL_TO_ACTION.test(folded.replace(/^(?:\p{Extended_Pictographic}|\s|\uFE0F)+/u, ""))) return true;
  const parts = splitMenu(folded);
  return parts.length >= 2 && parts.every((p) => SHARE_TARGETS.has(textKey(p)));
}

/** Language names as site menus print them. */
const LANGUAGES = new Set(
  [
    "中文",
    "简体",
    "简体中文",
    "繁体",
    "繁体中文",
    "繁體",
    "繁體中文",
    "english",
    "en",
    "cn",
    "zh",
    "日本语",
    "日本語",
    "한국어",
    "русский",
    "français",
    "deutsch",
    "español",
    "español",
    "português",
    "العربية",
    "tiếng việt",
  ].map(textKey),
);

/** Whether a line is a language menu: two or more language names and nothing else (`中文 | English`). */
export function isLanguageMenuLine(line: string): boolean {
  if (line.length > MAX_LANGUAGE_MENU_LINE || line.includes("。")) return false;
  const parts = splitMenu(line);
  if (parts.length >= 2 && parts.every((p) => LANGUAGES.has(textKey(p)))) return true;
  // A top bar often runs the menu together with a greeting or tools: two language names side by side, split by
  // a bar or slash, are the menu wherever they stand in a short line.
  const tokens = line.split(/\s*([|｜/])\s*|\s+/).filter((t) => t !== undefined && t.length > 0);
  return tokens.some(
    (t, i) =>
      LANGUAGES.has(textKey(t)) &&
      /^[|｜/]$/.test(tokens[i + 1] ?? "") &&
      LANGUAGES.has(textKey(tokens[i + 2] ?? "")),
  );
}

/** Top bars with a language menu are short; a longer line is prose that names languages. */
const MAX_LANGUAGE_MENU_LINE = 80;

function splitMenu(line: string): string[] {
  return line.split(/\s*[|｜/·•,,、]\s*|\s+/).filter((p) => p.length > 0);
}

/** Footer lines: copyright, ICP licence, police record, site identifier, sponsor and tech-support credits. */
/** Contact lines of a site footer: an address together with a phone number or postcode. */
const CONTACT = /地址[:：].{1,60}(?:电话|邮编|传真)[:：]/;
const FOOTER =
  /版权所有|copyright|©|ICP[备证]|icp\s*[备证]|公网安备|网站标识码|网站识别码|主办单位|主办:|主办:|承办单位|承办:|技术支持|建议使用.{0,20}浏览器|分辨率|all rights reserved/i;
/** A footer line is short; a long line mentioning 技术支持 is prose. */
const MAX_FOOTER_LINE = 200;

/** Whether a (normalised) line is a site footer line. */
export function isFooterLine(line: string): boolean {
  if (line.length > MAX_FOOTER_LINE || line.includes("。")) return false;
  const folded = toSimplifiedAligned(line);
  return FOOTER.test(folded) || CONTACT.test(folded);
}

/**
 * Byline and editor lines: "记者 王某", "通讯员:李某", "作者:…", "(责任编辑:…)", "文/图 张某", "Editor: …".
 * Single-character labels (文, 图, 摄) need a separator, so a heading like 文化产业 never matches.
 */
const BYLINE =
  /^[(（[【]?\s*(?:(?:责任编辑|编辑|作者|记者|本报记者|特约记者|见习记者|实习生|通讯员|撰稿|审核|审校|校对|监制|摄影|责编|值班编辑|来源编辑|文字|提问者|回答者|答主|楼主|editor|author|reporter|written by|by)(?:\s*[::]\s*|\s+)|(?:文|图|摄|文\/图|图\/文|文图)\s*[::/]\s*)(\S[^。!?]{0,40}?)\s*[)）\]】]?$/i;
/** Labels whose value is the article's author (editors are not). */
const AUTHOR_LABEL =
  /^[(（[【]?\s*(?:作者|记者|本报记者|特约记者|撰稿|文|文\/图|图\/文|author|written by|by)\b/i;
/** Byline lines are short; a longer line starting with 记者 is prose ("记者从…获悉"). */
const MAX_BYLINE = 48;

/** The name on a byline line, or undefined when the line is not one; `author` says whether it names the author. */
export function parseBylineLine(line: string): { name: string; author: boolean } | undefined {
  if (line.length > MAX_BYLINE || /[。!?]/.test(line)) return undefined;
  const folded = toSimplifiedAligned(line);
  const m = BYLINE.exec(folded);
  const value = m?.[1];
  if (!m || !value) return undefined;
  // The fold keeps positions, so the name is cut from the line as printed (traditional stays traditional).
  const start = m[0].lastIndexOf(value);
  return { name: line.slice(start, start + value.length).trim(), author: AUTHOR_LABEL.test(folded) };
}

/**
 * An inline byline opening a paragraph: "本报讯(记者 王某 通讯员 李某)", "(记者 王某)". Only the bracketed
 * reporter credit (and the 讯 before it) goes; the sentence after it is the article's.
 */
const INLINE_BYLINE =
  /^(?:[^,,。(（]{0,12}讯\s*)?[(（](?:本报)?(?:记者|通讯员|特约记者|见习记者|实习生)[^)）]{1,50}[)）]\s*/;

/** Splits a paragraph's leading reporter credit from its text; `byline` is undefined when there is none. */
export function splitInlineByline(paragraph: string): { byline?: string; text: string } {
  const m = INLINE_BYLINE.exec(toSimplifiedAligned(paragraph));
  if (!m || m[0].length >= paragraph.length) return { text: paragraph };
  return { byline: paragraph.slice(0, m[0].length).trim(), text: paragraph.slice(m[0].length) };
}

/** Provenance markers under a title: 原创, 转载, 独家. */
export function isProvenanceMarker(line: string): boolean {
  return /^[【[(（]?(?:原创|转载|独家|首发)[】\])）]?$/.test(toSimplifiedAligned(line));
}

/** Where a Q&A or wiki page's reference tail begins: everything from here on is sources, not article. */
const REFERENCE_TAIL =
  /^(?:扩展资料|拓展资料|参考资料(?:来源)?|参考文献|资料来源|references?|sources?)\s*[::]?/i;
/**
 * Where the rest of a page is other content: related links and news lists, a Q&A page's other answers,
 * comments. Everything from such a label on is not the article.
 */
const RELATED_TAIL =
  /^(?:相关(?:链接|新闻|阅读|文章|问题|推荐|资讯)|延伸阅读|推荐阅读|更多阅读|热点新闻|热门推荐|猜你喜欢|其他(?:\d+条)?回答|更多回答|网友评论|精彩评论|related (?:news|articles|links))\s*[::]?/i;

/**
 * The kind of tail a line starts, if it is a tail's label ("扩展资料:", "参考资料来源:百科-…", "References",
 * "相关链接:", "其他回答"): alone on its line or followed by a colon, never the start of a sentence.
 */
export function tailStart(line: string): "reference tail" | "navigation" | undefined {
  const folded = toSimplifiedAligned(line);
  for (const [pattern, kind] of [
    [REFERENCE_TAIL, "reference tail"],
    [RELATED_TAIL, "navigation"],
  ] as const) {
    const m = pattern.exec(folded);
    // "Sources say the zone…" is prose; a label is alone or followed by a colon.
    if (m && (m[0].length === folded.length || /[:：]/.test(m[0]))) return kind;
  }
  return undefined;
}

/** Whether a line starts the reference tail (see `tailStart`). */
export function isReferenceTailStart(line: string): boolean {
  return tailStart(line) === "reference tail";
}

/** A table of contents heading line: 目录, Contents. */
const TOC_LABEL = /^(?:目录|contents|table of contents)$/i;
/** A number followed by a unit of measure, in English or Chinese. */
const FIGURE_WITH_UNIT =
  /\d\s*(?:km|kilomet|miles?|minutes?|mins?|hours?|hectares?|sq\b|square|yuan|rmb|%|公里|千米|平方|公顷|亩|分钟|小时|亿|万|元|家|个|人)/i;
/** Section numbers in numbered contents ("1 基本介绍 2 园区组成", "1.2"). */
const SECTION_NUMBER = /(?:^|\s)\d+(?:\.\d+)*(?=\s|$)/g;

/**
 * Whether a line is a table of contents: the word 目录 alone, or a list of three or more section names
 * ("基本介绍,园区组成,发展历程,…" or "1 基本介绍 2 园区组成 3 …"). Section names are short and carry no
 * sentence punctuation, numbers or labels, which keeps lists of industries inside prose out.
 */
export function isTableOfContentsLine(line: string): boolean {
  const folded = toSimplifiedAligned(line).trim();
  if (TOC_LABEL.test(folded)) return true;
  // (An English sentence ends in a full stop after a word: "Downtown Shili is 15 km away.")
  if (folded.length > 200 || /[。!?:;:;]/.test(folded) || /[a-z]\.$/i.test(folded)) return false;
  // (A figure with its unit is no section number: a table row "Ruijiang Port Area 24 km 30 minutes".)
  if (FIGURE_WITH_UNIT.test(folded)) return false;
  const items = folded
    .replace(SECTION_NUMBER, " ")
    .replace(/[…]+|\.{3,}$/g, "")
    .split(/\s*[,,、|｜·•]\s*|\s+/)
    .filter((p) => p.length > 0);
  return items.length >= 3 && items.every((p) => p.length >= 2 && p.length <= 8 && !/\d/.test(p));
}
