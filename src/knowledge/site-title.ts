import { normaliseLine } from "./normalise.js";

/** Site-name suffixes on page titles: `标题 - 站点`, `标题_栏目_站点`, `标题 | 站点`, `标题--站点`. */
const TITLE_SEPARATOR = /\s+[-–—|·]\s+|\s*[_|丨]\s*|\s*(?:--|——|－－)\s*/;

/**
 * A page title without its site suffix: the part before the first separator, if that part is substantial
 * (4+ characters); otherwise the title unchanged. News titles rarely contain these separators themselves.
 */
export function stripSiteSuffix(title: string): string {
  const t = normaliseLine(title);
  const first = t.split(TITLE_SEPARATOR)[0]?.trim() ?? "";
  if (first.length >= 4 && first !== t) return first;
  const glued = GLUED_SUFFIX.exec(t);
  return glued && glued.index >= 4 ? t.slice(0, glued.index) : t;
}

/**
 * A site's name glued on with a bare hyphen ("投资者常见问题解答-示例市人民政府"): only when what follows names a
 * publisher (…政府, …网, …日报, …中心), since titles use hyphens themselves (2021-2025年).
 */
const GLUED_SUFFIX =
  /(?<=\p{Script=Han})[-–—](\p{Script=Han}[^-–—]{0,18}(?:政府|网|报|站|局|委员会|管委会|中心|门户|在线|频道|官网|平台))$/u;

/** The site's own name from a page title (`标题 - 站点` → `站点`), when the title has such a suffix. */
export function siteSuffix(title: string): string | undefined {
  const parts = normaliseLine(title).split(TITLE_SEPARATOR);
  const last = parts.length >= 2 ? parts.at(-1)?.trim() : GLUED_SUFFIX.exec(normaliseLine(title))?.[1];
  return last && last.length >= 2 ? last : undefined;
}

/**
 * The page's own headline when its <title> says less: the title cut at a separator that was the headline's own
 * ("三园协同 各展所长——…发展观察" → "三园协同 各展所长"), left with a column name ("…统计公报-统计信息"), or
 * without the zone's name the headline has ("领导信息" for "某高新区领导信息"). An <h1> that contains the title, or
 * that the title begins with, is that headline; a site's logo heading is neither.
 */
export function headlineFor(title: string, headings: readonly string[]): string {
  const t = normaliseLine(title);
  const fits = headings
    .map(normaliseLine)
    .filter(
      (h) => h.length >= 4 && h.length <= MAX_HEADLINE && h !== t && (h.includes(t) || t.startsWith(h)),
    );
  return fits.sort((a, b) => b.length - a.length)[0] ?? t;
}

/** Longer than this, an <h1> is a lead paragraph set in large type, not a headline. */
const MAX_HEADLINE = 80;
