import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseHTML } from "linkedom";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { formatZodIssue, KnowledgeError } from "../knowledge/errors.js";

/** A site `parkbot fetch` checks for new articles: a feed, or a listing page and where its article links are. */
export type WatchedSource = {
  name: string;
  /** Only items whose title/summary (feed) or link text (listing) contain one of these; `[]` takes everything. */
  keywords?: string[];
  /** Minimum time between two checks, in ms. */
  everyMs?: number;
} & ({ kind: "feed"; url: string } | { kind: "page"; url: string; links: string });

/**
 * Where the list lives, in the order looked for. JSON is valid YAML, so a sources.yaml may be written as JSON.
 * `knowledge/sources.json` is not read: every `*.json` directly in the knowledge folder is loaded as an article,
 * so a sources list there would stop the bot from starting (see {@link readWatchedSources}).
 */
export const WATCHED_SOURCES_FILES = ["sources.yaml", "sources.yml"] as const;

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** "30m", "2h", "1d", "90s": a number and a unit. */
const EVERY = /^(\d+)\s*(s|m|h|d)$/;

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) url" });

/** A selector linkedom cannot parse would fail every check; it is caught when the file is read instead. */
const cssSelector = z
  .string()
  .trim()
  .min(1)
  .refine(
    (selector) => {
      try {
        parseHTML("<html><body></body></html>").document.querySelectorAll(selector);
        return true;
      } catch {
        return false;
      }
    },
    { error: 'must be a CSS selector, e.g. "ul.news a"' },
  );

const EntrySchema = z
  .object({
    name: z.string().trim().min(1),
    feed: httpUrl.optional(),
    page: httpUrl.optional(),
    links: cssSelector.optional(),
    keywords: z.array(z.string().trim().min(1)).optional(),
    every: z
      .string()
      .trim()
      .regex(EVERY, { error: 'must be a number and a unit (s, m, h or d), e.g. "30m"' })
      .optional(),
  })
  .strict()
  .superRefine((entry, context) => {
    if ((entry.feed === undefined) === (entry.page === undefined))
      context.addIssue({ code: "custom", message: "give either feed: <url> or page: <url>", path: [] });
    if (entry.page !== undefined && entry.links === undefined)
      context.addIssue({
        code: "custom",
        message: 'a page needs links: <CSS selector of its article links>, e.g. "ul.news a"',
        path: ["links"],
      });
    if (entry.feed !== undefined && entry.links !== undefined)
      context.addIssue({ code: "custom", message: "links goes with page, not feed", path: ["links"] });
  });

/** The file is a list of sources, or `{ sources: [...] }` (room for settings next to the list later). */
const FileSchema = z.union([z.array(z.unknown()), z.object({ sources: z.array(z.unknown()) }).strict()], {
  error: "must be a list of sources, or sources: followed by that list",
});

/**
 * Reads `<knowledgeDir>/sources.yaml` (or .yml): the sources `parkbot fetch` watches. A missing file means no
 * sources. A malformed one throws KnowledgeError naming the file and the entry (`sources[2] "示例日报": feed: must
 * be an http(s) url`): a source silently dropped would never be checked, and nobody would notice.
 */
export async function readWatchedSources(knowledgeDir: string): Promise<WatchedSource[]> {
  const misplaced = join(knowledgeDir, "sources.json");
  if ((await readText(misplaced)) !== undefined) {
    throw new KnowledgeError(
      misplaced,
      "the knowledge folder's *.json files are articles, so watched sources cannot live here; rename it sources.yaml (JSON is valid YAML)",
    );
  }
  for (const name of WATCHED_SOURCES_FILES) {
    const file = join(knowledgeDir, name);
    const text = await readText(file);
    if (text !== undefined) return parseWatchedSources(text, file);
  }
  return [];
}

/** Parses and validates the text of a sources file; `file` names it in errors. */
export function parseWatchedSources(text: string, file: string): WatchedSource[] {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new KnowledgeError(file, `invalid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  if (data === null || data === undefined) return []; // an empty file, or only comments
  const parsed = FileSchema.safeParse(data);
  if (!parsed.success) throw new KnowledgeError(file, formatZodIssue(parsed.error));
  const entries = Array.isArray(parsed.data) ? parsed.data : parsed.data.sources;

  const sources: WatchedSource[] = [];
  const firstByName = new Map<string, number>();
  entries.forEach((raw, index) => {
    const entry = EntrySchema.safeParse(raw);
    const where = `sources[${index}]${describeName(raw)}`;
    if (!entry.success) throw new KnowledgeError(file, `${where}: ${formatZodIssue(entry.error)}`);
    const { name, feed, page, links, keywords, every } = entry.data;
    // The name keys the source's state (seen articles, failures), so two sources cannot share one.
    const earlier = firstByName.get(name);
    if (earlier !== undefined)
      throw new KnowledgeError(file, `${where}: name: already used by sources[${earlier}]`);
    firstByName.set(name, index);
    const common = {
      name,
      ...(keywords ? { keywords } : {}),
      ...(every ? { everyMs: parseEvery(every) } : {}),
    };
    sources.push(
      feed !== undefined
        ? { ...common, kind: "feed", url: feed }
        : { ...common, kind: "page", url: page as string, links: links as string },
    );
  });
  return sources;
}

/** "30m" → 1_800_000. */
export function parseEvery(text: string): number {
  const [, amount = "0", unit = "s"] = EVERY.exec(text.trim()) ?? [];
  return Number(amount) * (UNITS[unit] ?? 1000);
}

/** ` "示例日报"` for an entry with a usable name, so the error points at it even in a long list. */
function describeName(raw: unknown): string {
  const name = (raw as { name?: unknown } | null)?.name;
  return typeof name === "string" && name.trim() ? ` ${JSON.stringify(name.trim())}` : "";
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    throw new KnowledgeError(file, `cannot read: ${code ?? (error as Error).message}`);
  }
}
