import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DEFAULT_LEXICON_DIR, ZoneSchema } from "../search/lexicon.js";
import { fold } from "../search/normalize.js";

/**
 * The words a watched item must contain by default: the zone's canonical name, its Chinese aliases and English
 * names, from the zone file (`zoneFile`, else `lexicon/zone.json`). Read directly rather than through
 * loadLexicon, which also loads the search lexicon and teaches the segmenter words: a fetch needs neither.
 */
export async function zoneKeywords(zoneFile?: string): Promise<string[]> {
  const file = zoneFile ?? join(DEFAULT_LEXICON_DIR, "zone.json");
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(`${file}: cannot read the zone file (${why})`);
  }
  const zone = ZoneSchema.safeParse(data);
  if (!zone.success) {
    const issue = zone.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
  }
  return [...new Set([zone.data.canonical, ...zone.data.aliases, ...zone.data.english])];
}

/**
 * Whether `text` mentions one of the keywords, compared folded (case, full-width forms, traditional characters:
 * 示例高新區 matches 示例高新区). No keywords means everything matches.
 */
export function mentionsAny(text: string, keywords: readonly string[]): boolean {
  if (keywords.length === 0) return true;
  const folded = fold(text);
  return keywords.some((keyword) => folded.includes(fold(keyword)));
}
