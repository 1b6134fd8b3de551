import { readFile } from "node:fs/promises";
import { z } from "zod";

/**
 * One line of the eval question set (`tests/eval/questions.jsonl`).
 *
 * - `answer`: must be answered, every `kw` regex must match the answer text, and some citation must contain a
 *   `gold` substring (a distinctive piece of the supporting sentence).
 * - `meta`: a question about the article itself (date, source, title); must be answered and match every `kw`.
 * - `abstain`: the knowledge base does not answer it; passes only when not answered. `kw` and `gold` are empty.
 *
 * `kw` entries are JavaScript regex sources, matched case-insensitively.
 */
export const EvalItemSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9_-]+$/, "id must be letters, digits, - or _ (e.g. q1)"),
    q: z.string().trim().min(1),
    type: z.enum(["answer", "meta", "abstain"]),
    kw: z.array(z.string().min(1)),
    gold: z.array(z.string().min(1)),
  })
  .superRefine((item, ctx) => {
    if (item.type === "abstain") {
      if (item.kw.length > 0)
        ctx.addIssue({ code: "custom", path: ["kw"], message: "must be empty for abstain" });
      if (item.gold.length > 0)
        ctx.addIssue({ code: "custom", path: ["gold"], message: "must be empty for abstain" });
      return;
    }
    if (item.kw.length === 0)
      ctx.addIssue({ code: "custom", path: ["kw"], message: `needs at least one regex for ${item.type}` });
    if (item.type === "answer" && item.gold.length === 0)
      ctx.addIssue({ code: "custom", path: ["gold"], message: "needs at least one substring for answer" });
    if (item.type === "meta" && item.gold.length > 0)
      ctx.addIssue({
        code: "custom",
        path: ["gold"],
        message: "must be empty for meta (citations are not scored)",
      });
  });

export type EvalItem = z.infer<typeof EvalItemSchema>;
export type EvalType = EvalItem["type"];

/** A question-set problem, located at `file:line` (line is 0 when the whole file is at fault). */
export class QuestionSetError extends Error {
  override readonly name = "QuestionSetError";
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${line > 0 ? `${file}:${line}` : file}: ${oneLine(detail)}`);
  }
}

/** Compiles a `kw` entry the way the scorer uses it: case-insensitive. Throws on an invalid pattern. */
export function compileKw(source: string): RegExp {
  return new RegExp(source, "i");
}

/** Parses JSON Lines text into validated items. Blank lines are skipped; `file` only names the source in errors. */
export function parseQuestionSet(text: string, file: string): EvalItem[] {
  const items: EvalItem[] = [];
  const firstLine = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    if (raw.trim() === "") continue;

    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new QuestionSetError(file, line, `invalid JSON: ${errorMessage(error)}`);
    }

    const parsed = EvalItemSchema.safeParse(value);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => {
        const where = issue.path.map(String).join(".");
        return where ? `${where}: ${issue.message}` : issue.message;
      });
      const id = typeof value === "object" && value !== null && "id" in value ? ` (${String(value.id)})` : "";
      throw new QuestionSetError(file, line, `invalid item${id}: ${issues.join("; ")}`);
    }
    const item = parsed.data;

    for (const [k, source] of item.kw.entries()) {
      try {
        compileKw(source);
      } catch (error) {
        throw new QuestionSetError(
          file,
          line,
          `${item.id} kw[${k}] /${source}/ is not a valid regex: ${errorMessage(error)}`,
        );
      }
    }

    const seen = firstLine.get(item.id);
    if (seen !== undefined)
      throw new QuestionSetError(file, line, `duplicate id ${item.id} (first on line ${seen})`);
    firstLine.set(item.id, line);
    items.push(item);
  }
  if (items.length === 0) throw new QuestionSetError(file, 0, "no questions");
  return items;
}

/** Reads and validates a question set; every error names the file and, where it applies, the line. */
export async function loadQuestionSet(path: string): Promise<EvalItem[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new QuestionSetError(path, 0, `cannot read: ${errorMessage(error)}`);
  }
  return parseQuestionSet(text, path);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}
