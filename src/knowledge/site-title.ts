import { normaliseLine } from "./normalise.js";

/** Site-name suffixes on page titles: `标题 - 站点`, `标题_栏目_站点`, `标题 | 站点`. */
const TITLE_SEPARATOR = /\s+[-–—|·]\s+|\s*[_|丨]\s*/;

/**
 * A page title without its site suffix: the part before the first separator, if that part is substantial
 * (4+ characters); otherwise the title unchanged. News titles rarely contain these separators themselves.
 */
export function stripSiteSuffix(title: string): string {
  const t = normaliseLine(title);
  const first = t.split(TITLE_SEPARATOR)[0]?.trim() ?? "";
  return first.length >= 4 ? first : t;
}

/** The site's own name from a page title (`标题 - 站点` → `站点`), when the title has such a suffix. */
export function siteSuffix(title: string): string | undefined {
  const parts = normaliseLine(title).split(TITLE_SEPARATOR);
  const last = parts.length >= 2 ? parts.at(-1)?.trim() : undefined;
  return last && last.length >= 2 ? last : undefined;
}
