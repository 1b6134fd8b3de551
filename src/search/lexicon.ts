import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { addWords } from "./segment.js";

const AliasesSchema = z.object({
  references: z.array(z.string().min(1)),
  generic: z.array(z.string().min(1)),
  synonyms: z.record(z.string(), z.string()),
});

/**
 * The zone the bot is about, as data (`lexicon/zone.json`), so the whole pipeline runs as well on a fictional
 * zone in tests: its canonical name, every Chinese and English name it goes by, and its city.
 */
export const ZoneSchema = z.object({
  canonical: z.string().min(1),
  /** How replies name the zone in English; default: the first English name. */
  englishName: z.string().min(1).optional(),
  aliases: z.array(z.string().min(1)),
  english: z.array(z.string().min(1)),
  city: z.string().min(1),
  /** Its province (湖南省): "省级荣誉" is found where the sentences name the province. */
  province: z.string().min(1).optional(),
  cityAliases: z.array(z.string().min(1)).default([]),
  /**
   * Other parks named in the articles whose place names segmentation may not tag as places (a gazetteer; names
   * with a place jieba knows, 株洲高新区, are recognised without it).
   */
  otherParks: z.array(z.string().min(1)).default([]),
});
export type Zone = z.infer<typeof ZoneSchema> & { englishName: string };
const GlossarySchema = z.record(z.string(), z.string());
const FillersSchema = z.object({ fillers: z.array(z.string().min(1)) });
const ExamplesSchema = z.object({ zh: z.array(z.string()).min(1), en: z.array(z.string()).min(1) });

/** Language data for search, loaded from `lexicon/` (see its README). */
export interface Lexicon {
  /** The zone the bot is about (`zone.json`). */
  zone: Zone;
  /** The park's canonical name; every alias is rewritten to it. */
  park: string;
  /**
   * The zone's names and the words that refer to "the park" in a question (园区, the zone), longest first, folded
   * (lower case) — the order matters when one alias contains another.
   */
  parkAliases: string[];
  /** Words that name the park or its city, or the kind of park: they say nothing about *what* is asked, so they never decide a match. */
  generic: Set<string>;
  /** User word → knowledge-base word, longest key first. */
  synonyms: Array<[string, string]>;
  /** English phrase → Chinese words ("" = harmless, ignore), longest phrase first. */
  glossary: Array<[string, string]>;
  /** Words that carry no topic: fillers, politeness, who is asking (请问, 一下, 投资者…). */
  fillers: Set<string>;
  /** Example questions shown in help and refusal texts (and as buttons by the bot). */
  examples: { zh: string[]; en: string[] };
}

/** `lexicon/` at the package root, whether running from src/ (tests) or dist/. */
export const DEFAULT_LEXICON_DIR = fileURLToPath(new URL("../../lexicon/", import.meta.url));

async function readJson<T>(file: string, schema: z.ZodType<T>): Promise<T> {
  let raw: string;
  try {
    raw = await readFile(file, "utf8");
  } catch (error) {
    throw new Error(`${file}: cannot read lexicon file (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (error) {
    throw new Error(`${file}: invalid JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
  }
  return parsed.data;
}

/** An example question with the zone's names put in for `{zone}` and `{zoneEn}`. */
function fillZone(question: string, zone: Zone): string {
  return question.replaceAll("{zone}", zone.canonical).replaceAll("{zoneEn}", zone.englishName);
}

const byLengthDesc = <T extends [string, string]>(a: T, b: T) => b[0].length - a[0].length;

/**
 * Loads `lexicon/` (aliases, glossary, examples, fillers) and the zone (`zone.json` there, or `zoneFile`).
 */
export async function loadLexicon(dir: string = DEFAULT_LEXICON_DIR, zoneFile?: string): Promise<Lexicon> {
  const [aliases, glossary, examples, fillers, zoneData] = await Promise.all([
    readJson(join(dir, "aliases.json"), AliasesSchema),
    readJson(join(dir, "glossary-en.json"), GlossarySchema),
    readJson(join(dir, "examples.json"), ExamplesSchema),
    readJson(join(dir, "fillers.json"), FillersSchema),
    readJson(zoneFile ?? join(dir, "zone.json"), ZoneSchema),
  ]);
  const zone: Zone = {
    ...zoneData,
    englishName: zoneData.englishName ?? zoneData.english[0] ?? zoneData.canonical,
  };
  const names = [...zone.aliases, zone.canonical, ...zone.english, ...aliases.references];
  // Segmentation keeps the zone's and its city's names, and the lexicon's own words, whole.
  addWords([
    ...zone.aliases,
    zone.canonical,
    zone.city,
    ...zone.cityAliases,
    ...zone.otherParks,
    ...Object.keys(aliases.synonyms),
  ]);
  return {
    zone,
    park: zone.canonical,
    parkAliases: [...new Set(names.map((a) => a.toLowerCase()))].sort((a, b) => b.length - a.length),
    // The city's bare name (衡阳 for 衡阳市) names the zone's place as much as the city does.
    generic: new Set([
      ...aliases.generic,
      zone.canonical,
      zone.city,
      zone.city.replace(/[市县]$/, ""),
      ...zone.cityAliases,
    ]),
    synonyms: Object.entries(aliases.synonyms).sort(byLengthDesc),
    glossary: Object.entries(glossary)
      .map(([k, v]): [string, string] => [k.toLowerCase(), v])
      .sort(byLengthDesc),
    // Examples name the zone through placeholders, so a zone file for another park gets its own.
    examples: {
      zh: examples.zh.map((q) => fillZone(q, zone)),
      en: examples.en.map((q) => fillZone(q, zone)),
    },
    fillers: new Set(fillers.fillers),
  };
}
