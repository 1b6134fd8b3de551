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
];

/**
 * Short lines starting with these are toolbar/pager chrome whatever follows ("分享到:微信 微博",
 * "上一篇:…", "字号:大 中 小").
 */
export const NAVIGATION_PREFIXES: readonly string[] = [
  "分享到",
  "上一篇",
  "下一篇",
  "字号",
  "【字体",
  "扫一扫",
];
/** Prefix matches only apply to lines at most this long, so a real paragraph is never dropped. */
const MAX_PREFIXED_NAV_LINE = 60;

const NAVIGATION_KEYS = new Set(NAVIGATION_LINES.map(textKey));

/** Whether a (normalised) line is navigation chrome. */
export function isNavigationLine(line: string): boolean {
  // Every listed line is shorter than the prefix limit; longer lines are never navigation (and skip folding).
  if (line.length > MAX_PREFIXED_NAV_LINE) return false;
  const folded = toSimplifiedAligned(line);
  if (NAVIGATION_KEYS.has(textKey(folded))) return true;
  return NAVIGATION_PREFIXES.some((p) => folded.startsWith(p));
}

/** How breadcrumbs start: "当前位置:主页 > …", "您的位置:首页 > …", "主页 > …", "Home > …". */
const BREADCRUMB_START = /^(?:(?:当前|您的|您所在的|你的|你所在的)?位置|主页|首页|home)/i;
/** Separators between breadcrumb steps. */
const BREADCRUMB_SEPARATOR = /\s*(?:>|>|›|»|→)\s*/;

/** Breadcrumb trails are a few short steps; a longer line is prose that happens to start with 首页. */
const MAX_BREADCRUMB = 120;

/** Whether a line is a breadcrumb trail: a known start and at least one `>`-style separator. */
export function isBreadcrumbLine(line: string): boolean {
  if (line.length > MAX_BREADCRUMB) return false;
  const folded = toSimplifiedAligned(line);
  return BREADCRUMB_START.test(folded) && BREADCRUMB_SEPARATOR.test(folded) && !folded.includes("。");
}

/** Figure captions: "图1 …", "图 1:…", "圖2 …", "Figure 1. …", "Fig. 3 …". */
const CAPTION = /^(?:图\s*\d+|figure\s*\d+|fig\.\s*\d+)/i;
/** Captions are short; a long line starting with 图1 is prose that mentions a figure. */
const MAX_CAPTION = 120;

/** Whether a line is a figure caption. */
export function isCaptionLine(line: string): boolean {
  return line.length <= MAX_CAPTION && CAPTION.test(toSimplifiedAligned(line));
}
