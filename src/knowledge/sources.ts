import { readFile } from "node:fs/promises";
import { z } from "zod";
import { formatZodIssue, KnowledgeError } from "./errors.js";

/**
 * `knowledge/raw/sources.json`: what a scrape does not say about itself (txt scrapes carry no url), keyed by raw
 * file name. Fields given here override what the cleaner extracted.
 */
export const RawSourceMetaSchema = z
  .object({
    url: z.string().trim().min(1).optional(),
    source: z.string().trim().min(1).optional(),
    title: z.string().trim().min(1).optional(),
    date: z.string().trim().min(1).optional(),
    /** When `parkbot add` fetched the page (ISO time), and the charset its server declared, if any. */
    fetchedAt: z.string().trim().min(1).optional(),
    charset: z.string().trim().min(1).optional(),
  })
  .strict();

/** The whole file: raw file name → its metadata. */
export const SourcesFileSchema = z.record(z.string(), RawSourceMetaSchema);

/** One raw file's entry in sources.json. */
export type RawSourceMeta = z.infer<typeof RawSourceMetaSchema>;
/** Parsed sources.json. */
export type SourcesFile = z.infer<typeof SourcesFileSchema>;

/** Name of the metadata file inside the raw directory. */
export const SOURCES_FILE = "sources.json";

/**
 * Reads and validates a sources.json. A missing file is an empty map; an unreadable or invalid one throws
 * KnowledgeError naming the file (every article's metadata depends on it, so ingest must not guess).
 */
export async function readSources(path: string): Promise<SourcesFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new KnowledgeError(path, `cannot read: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new KnowledgeError(path, `invalid JSON: ${(error as Error).message}`);
  }
  const parsed = SourcesFileSchema.safeParse(data);
  if (!parsed.success) throw new KnowledgeError(path, formatZodIssue(parsed.error));
  return parsed.data;
}
