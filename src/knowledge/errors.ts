import type { z } from "zod";

/**
 * A raw file could not be cleaned into an article. The message is one line, `<file>: <problem>`, so ingest can
 * report it as-is next to the other files' results.
 */
export class CleanError extends Error {
  override name = "CleanError";
  constructor(
    readonly file: string,
    readonly problem: string,
    /** Set when the page lacked required metadata: which fields, and what was found (for a sources.json stanza). */
    readonly missing?: MissingFields,
  ) {
    super(`${file}: ${problem}`);
  }
}

/** Required metadata a page did not state, with what it did state. */
export interface MissingFields {
  fields: ReadonlyArray<"title" | "date" | "source" | "url">;
  found: { title?: string; date?: string; source?: string; url?: string };
}

/**
 * A problem in the knowledge directory itself (a cleaned article that does not load, a malformed sources.json).
 * One line, `<file>: <problem>`.
 */
export class KnowledgeError extends Error {
  override name = "KnowledgeError";
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

/**
 * Thrown by the per-format cleaners, which do not know the file's path; `cleanRaw` turns it into a CleanError
 * naming the file.
 */
export class FormatProblem extends Error {
  override name = "FormatProblem";
  constructor(
    message: string,
    readonly missing?: MissingFields,
  ) {
    super(message);
  }
}

/**
 * The first zod issue as `path.to.field: message` — enough to find the problem, unlike zod's multi-line dump.
 */
export function formatZodIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const where = issue.path.length > 0 ? issue.path.map(String).join(".") : "(root)";
  // zod 4 prefixes most messages with "Invalid input: "; the path already says where, so drop the filler.
  const message = issue.message.replace(/^Invalid input:\s*/i, "");
  return `${where}: ${message}`;
}
